-- Families and members, PK-style (formats.md "Family data", domain.md §5.2).
-- Types differ from the PostgreSQL migration; tables and columns do not.
-- Members refer to their family by the source's family_id (the import key),
-- so that a members file imports without looking ids up.

CREATE TABLE families (
	id             INTEGER PRIMARY KEY,
	family_id      TEXT NOT NULL UNIQUE,
	no_kk          TEXT NOT NULL DEFAULT '',
	village_code   TEXT NOT NULL REFERENCES regions(code),
	dusun          TEXT NOT NULL DEFAULT '',
	rw             TEXT NOT NULL DEFAULT '',
	rt             TEXT NOT NULL DEFAULT '',
	address        TEXT NOT NULL DEFAULT '',
	water_source   TEXT NOT NULL DEFAULT '',
	toilet         TEXT NOT NULL DEFAULT '',
	welfare_decile INTEGER CHECK (welfare_decile BETWEEN 1 AND 10),
	version        INTEGER NOT NULL DEFAULT 1,
	created_at     TIMESTAMP NOT NULL,
	updated_at     TIMESTAMP NOT NULL,
	created_by     TEXT NOT NULL,
	updated_by     TEXT NOT NULL
);
CREATE INDEX families_village ON families(village_code, dusun, rw, rt);
CREATE INDEX families_no_kk ON families(no_kk);

CREATE TABLE members (
	id              INTEGER PRIMARY KEY,
	family_id       TEXT NOT NULL REFERENCES families(family_id) ON DELETE CASCADE,
	member_no       INTEGER NOT NULL,
	nik             TEXT NOT NULL DEFAULT '',
	name            TEXT NOT NULL,
	sex             TEXT NOT NULL CHECK (sex IN ('l', 'p')),
	birth_date      DATE NOT NULL,
	relation        TEXT NOT NULL DEFAULT '',
	marital_status  TEXT NOT NULL DEFAULT '',
	marriage_age    INTEGER,
	pregnant        INTEGER,
	children_born   INTEGER,
	last_birth_date DATE,
	kb_method       TEXT NOT NULL DEFAULT '',
	kb_reason       TEXT NOT NULL DEFAULT '',
	UNIQUE (family_id, member_no)
);
CREATE INDEX members_nik ON members(nik);

CREATE INDEX children_member ON children(family_id, member_no);
