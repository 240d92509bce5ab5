-- Partition keys (issue "national scale", docs/scaling.md): members carry
-- their family's village and measurements their child's, as on
-- PostgreSQL, where the column is the partition key. SQLite adds a NOT
-- NULL column only with a default: '' here, filled in below and by every
-- write path (a contract test checks them all). Rebuilding the tables
-- instead would copy NTB's 5.7 million members on a district laptop to
-- gain only a composite foreign key that SQLite does not need: it is one
-- file, never partitioned.
-- Types differ from the PostgreSQL migration; columns do not.

ALTER TABLE members ADD COLUMN village_code TEXT NOT NULL DEFAULT '';
UPDATE members SET village_code = (SELECT f.village_code FROM families f WHERE f.family_id = members.family_id);

ALTER TABLE measurements ADD COLUMN village_code TEXT NOT NULL DEFAULT '';
UPDATE measurements SET village_code = (SELECT c.village_code FROM children c WHERE c.id = measurements.child_id);

CREATE INDEX members_village ON members(village_code, family_id, member_no);
CREATE INDEX measurements_village ON measurements(village_code, child_id, date);
