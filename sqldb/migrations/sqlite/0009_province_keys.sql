-- Province keys (issue "scale", docs/scaling.md): the big tables carry
-- the province (the first two digits of the Kemendagri code, "52" for
-- NTB) as a column of their own, as on PostgreSQL, where it is what the
-- tables are partitioned and distributed by. As in 0008, SQLite adds a
-- NOT NULL column only with a default: '' here, filled in below and by
-- every write path (TestVillageKeysFollow checks them all).
-- Types differ from the PostgreSQL migration; columns do not.

ALTER TABLE families ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
UPDATE families SET province_code = substr(village_code, 1, 2);

ALTER TABLE members ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
UPDATE members SET province_code = substr(village_code, 1, 2);

ALTER TABLE children ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
UPDATE children SET province_code = substr(village_code, 1, 2);

ALTER TABLE measurements ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
UPDATE measurements SET province_code = substr(village_code, 1, 2);

-- 0008's indexes on village_code served no SQLite query: the per-village
-- reads go through families and children, and moves find members by
-- family and measurements by child. They only slowed imports down.
DROP INDEX members_village;
DROP INDEX measurements_village;
