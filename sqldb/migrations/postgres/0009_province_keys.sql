-- Province keys (issue "scale", docs/scaling.md): the big tables carry
-- the province (the first two digits of the Kemendagri code, "52" for
-- NTB) as a column of their own and every key and foreign key between
-- them starts with it. The province is what they are partitioned by
-- (sqldb/partition/postgres_partition.sql: LIST on province_code) and
-- what Citus distributes them by, which needs the column in every unique
-- and foreign key. The application writes it wherever it writes
-- village_code; the CHECK constraints refuse a row where the two disagree.
-- Types differ from the SQLite migration; columns do not.

ALTER TABLE families ADD COLUMN province_code TEXT COLLATE "C";
UPDATE families SET province_code = substr(village_code, 1, 2);
ALTER TABLE families ALTER COLUMN province_code SET NOT NULL,
	ADD CONSTRAINT families_province CHECK (province_code = substr(village_code, 1, 2));

ALTER TABLE members ADD COLUMN province_code TEXT COLLATE "C";
UPDATE members SET province_code = substr(village_code, 1, 2);
ALTER TABLE members ALTER COLUMN province_code SET NOT NULL,
	ADD CONSTRAINT members_province CHECK (province_code = substr(village_code, 1, 2));

ALTER TABLE children ADD COLUMN province_code TEXT COLLATE "C";
UPDATE children SET province_code = substr(village_code, 1, 2);
ALTER TABLE children ALTER COLUMN province_code SET NOT NULL,
	ADD CONSTRAINT children_province CHECK (province_code = substr(village_code, 1, 2));

ALTER TABLE measurements ADD COLUMN province_code TEXT COLLATE "C";
UPDATE measurements SET province_code = substr(village_code, 1, 2);
ALTER TABLE measurements ALTER COLUMN province_code SET NOT NULL,
	ADD CONSTRAINT measurements_province CHECK (province_code = substr(village_code, 1, 2));

-- The keys of 0008 gain the province in front: a family's move within
-- its province or to another one cascades to its members and
-- measurements as before. Members keep no unique key of their own on
-- these columns: (family_id, member_no) is unique already and finds a
-- moving family's members; the partition script, which must drop that
-- key, makes (province_code, village_code, family_id, member_no) the
-- unique key instead: an unpartitioned table keeps one index fewer up
-- to date for every member it stores.
ALTER TABLE members DROP CONSTRAINT members_family;
ALTER TABLE measurements DROP CONSTRAINT measurements_child;
ALTER TABLE families DROP CONSTRAINT families_village_family;
ALTER TABLE members DROP CONSTRAINT members_village_member;
ALTER TABLE children DROP CONSTRAINT children_village_id;

ALTER TABLE families ADD CONSTRAINT families_province_family UNIQUE (province_code, village_code, family_id);
ALTER TABLE children ADD CONSTRAINT children_province_id UNIQUE (province_code, village_code, id);
ALTER TABLE members ADD CONSTRAINT members_family FOREIGN KEY (province_code, village_code, family_id)
	REFERENCES families (province_code, village_code, family_id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE measurements ADD CONSTRAINT measurements_child FOREIGN KEY (province_code, village_code, child_id)
	REFERENCES children (province_code, village_code, id) ON UPDATE CASCADE ON DELETE CASCADE;
