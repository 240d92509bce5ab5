-- Partition the big tables by province (docs/scaling.md): families,
-- members, children and measurements become tables PARTITIONED BY LIST
-- on province_code (migration 0009), one partition for province 52 (NTB)
-- and a default partition for the rest; their rows move over. Run it once
-- on a database migrated to 0009 or later, in one transaction, with the
-- application stopped:
--
--	psql --single-transaction -f sqldb/partition/postgres_partition.sql "$DSN"
--
-- A national installation adds one partition per province the same way
-- (CREATE TABLE families_p53 PARTITION OF families FOR VALUES IN ('53');
-- rows of that province in the default partition must move first).
-- TestPartitionedPostgres runs this script and the application on the
-- result.
--
-- What partitioning changes, because a partitioned table's unique keys
-- must include the partition key:
--   * primary keys become (province_code, id);
--   * families.family_id and members (family_id, member_no) are no longer
--     unique by themselves, only together with the province; plain
--     indexes keep the lookups by family_id, and by id, fast. The
--     application checks family_id before inserting (CreateFamily, the
--     imports look up each family), but two concurrent writers could now
--     store the same family_id in two provinces: a national installation
--     that wants the database to refuse it keeps a small unpartitioned
--     table family_keys(family_id PRIMARY KEY, province_code) written
--     alongside;
--   * SQLite's import upserts (ON CONFLICT (family_id)) are not used on
--     PostgreSQL (imports COPY, see import_copy.go), so nothing else in
--     the application names a single-column key.

CREATE TABLE families_new (LIKE families INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS)
	PARTITION BY LIST (province_code);
CREATE TABLE families_p52 PARTITION OF families_new FOR VALUES IN ('52');
CREATE TABLE families_other PARTITION OF families_new DEFAULT;
INSERT INTO families_new SELECT * FROM families;

CREATE TABLE members_new (LIKE members INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS)
	PARTITION BY LIST (province_code);
CREATE TABLE members_p52 PARTITION OF members_new FOR VALUES IN ('52');
CREATE TABLE members_other PARTITION OF members_new DEFAULT;
INSERT INTO members_new SELECT * FROM members;

CREATE TABLE children_new (LIKE children INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS)
	PARTITION BY LIST (province_code);
CREATE TABLE children_p52 PARTITION OF children_new FOR VALUES IN ('52');
CREATE TABLE children_other PARTITION OF children_new DEFAULT;
INSERT INTO children_new SELECT * FROM children;

CREATE TABLE measurements_new (LIKE measurements INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS)
	PARTITION BY LIST (province_code);
CREATE TABLE measurements_p52 PARTITION OF measurements_new FOR VALUES IN ('52');
CREATE TABLE measurements_other PARTITION OF measurements_new DEFAULT;
INSERT INTO measurements_new SELECT * FROM measurements;

DROP TABLE measurements, members, children, families;
ALTER TABLE families_new RENAME TO families;
ALTER TABLE members_new RENAME TO members;
ALTER TABLE children_new RENAME TO children;
ALTER TABLE measurements_new RENAME TO measurements;

-- Keys: the migrations' composite keys become the primary and foreign
-- keys; the single-column ones become plain indexes.
ALTER TABLE families ADD PRIMARY KEY (province_code, id),
	ADD CONSTRAINT families_province_family UNIQUE (province_code, village_code, family_id),
	ADD FOREIGN KEY (village_code) REFERENCES regions(code);
CREATE INDEX families_family_id ON families(family_id);
CREATE INDEX families_id ON families(id);
CREATE INDEX families_village ON families(village_code, dusun, rw, rt);
CREATE INDEX families_no_kk ON families(no_kk);

ALTER TABLE members ADD PRIMARY KEY (province_code, id),
	ADD CONSTRAINT members_province_member UNIQUE (province_code, village_code, family_id, member_no),
	ADD CONSTRAINT members_family FOREIGN KEY (province_code, village_code, family_id)
		REFERENCES families (province_code, village_code, family_id) ON UPDATE CASCADE ON DELETE CASCADE;
CREATE INDEX members_family_member ON members(family_id, member_no);
CREATE INDEX members_nik ON members(nik);

ALTER TABLE children ADD PRIMARY KEY (province_code, id),
	ADD CONSTRAINT children_province_id UNIQUE (province_code, village_code, id),
	ADD FOREIGN KEY (village_code) REFERENCES regions(code),
	ADD FOREIGN KEY (kampung_id) REFERENCES kampung(id);
CREATE INDEX children_id ON children(id);
CREATE INDEX children_village ON children(village_code);
CREATE INDEX children_kampung ON children(kampung_id);
CREATE INDEX children_member ON children(family_id, member_no);

ALTER TABLE measurements ADD PRIMARY KEY (province_code, id),
	ADD CONSTRAINT measurements_child FOREIGN KEY (province_code, village_code, child_id)
		REFERENCES children (province_code, village_code, id) ON UPDATE CASCADE ON DELETE CASCADE;
CREATE INDEX measurements_id ON measurements(id);
CREATE INDEX measurements_child ON measurements(child_id, date);
CREATE INDEX measurements_date ON measurements(date);
CREATE INDEX measurements_village ON measurements(village_code, child_id, date);

-- The identities go on from the largest id copied.
SELECT setval(pg_get_serial_sequence('families', 'id'), COALESCE(max(id), 0) + 1, false) FROM families;
SELECT setval(pg_get_serial_sequence('members', 'id'), COALESCE(max(id), 0) + 1, false) FROM members;
SELECT setval(pg_get_serial_sequence('children', 'id'), COALESCE(max(id), 0) + 1, false) FROM children;
SELECT setval(pg_get_serial_sequence('measurements', 'id'), COALESCE(max(id), 0) + 1, false) FROM measurements;

ANALYZE families, members, children, measurements;
