-- Partition keys (issue "national scale", docs/scaling.md): every big
-- table carries village_code, and every key and foreign key between them
-- includes it, so that partitioning by province (RANGE on village_code,
-- sqldb/partition/postgres_partition.sql) or distributing with Citus is
-- configuration, not a rewrite. Members live in their family's village,
-- measurements in their child's; the write paths keep them so and the
-- composite foreign keys below (ON UPDATE CASCADE) hold them to it.
-- Types differ from the SQLite migration; columns do not.

ALTER TABLE members ADD COLUMN village_code TEXT COLLATE "C";
UPDATE members m SET village_code = f.village_code FROM families f WHERE f.family_id = m.family_id;
ALTER TABLE members ALTER COLUMN village_code SET NOT NULL;

ALTER TABLE measurements ADD COLUMN village_code TEXT COLLATE "C";
UPDATE measurements m SET village_code = c.village_code FROM children c WHERE c.id = m.child_id;
ALTER TABLE measurements ALTER COLUMN village_code SET NOT NULL;

-- Keys that include the partition key. The single-column keys stay
-- (family_id, (family_id, member_no), id): today's queries and the
-- imports' upserts use them; a partitioned table cannot keep them (see
-- the partition script).
ALTER TABLE families ADD CONSTRAINT families_village_family UNIQUE (village_code, family_id);
ALTER TABLE members ADD CONSTRAINT members_village_member UNIQUE (village_code, family_id, member_no);
ALTER TABLE children ADD CONSTRAINT children_village_id UNIQUE (village_code, id);

-- The foreign keys between the big tables include the key: a family's
-- or child's move carries its members and measurements along (and, on a
-- partitioned table, into the other partition).
ALTER TABLE members DROP CONSTRAINT members_family_id_fkey;
ALTER TABLE members ADD CONSTRAINT members_family FOREIGN KEY (village_code, family_id)
	REFERENCES families (village_code, family_id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE measurements DROP CONSTRAINT measurements_child_id_fkey;
ALTER TABLE measurements ADD CONSTRAINT measurements_child FOREIGN KEY (village_code, child_id)
	REFERENCES children (village_code, id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE INDEX measurements_village ON measurements(village_code, child_id, date);
