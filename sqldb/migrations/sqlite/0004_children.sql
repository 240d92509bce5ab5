-- Children and posyandu measurements with their WHO z-scores (issue 4).
-- Types differ from the PostgreSQL migration; tables and columns do not.

CREATE TABLE children (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL,
	sex          TEXT NOT NULL CHECK (sex IN ('l', 'p')),
	birth_date   DATE NOT NULL,
	mother_name  TEXT NOT NULL DEFAULT '',
	village_code TEXT NOT NULL REFERENCES regions(code),
	kampung_id   INTEGER REFERENCES kampung(id),
	family_id    TEXT,
	member_no    INTEGER,
	archived     INTEGER NOT NULL DEFAULT 0,
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL,
	created_by   TEXT NOT NULL,
	updated_by   TEXT NOT NULL
);
CREATE INDEX children_village ON children(village_code);
CREATE INDEX children_kampung ON children(kampung_id);

CREATE TABLE measurements (
	id         INTEGER PRIMARY KEY,
	child_id   INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
	date       DATE NOT NULL,
	age_days   INTEGER NOT NULL,
	weight_kg  REAL,
	lenhei_cm  REAL,
	measure    TEXT NOT NULL DEFAULT '',
	oedema     INTEGER NOT NULL DEFAULT 0,
	headc_cm   REAL,
	armc_cm    REAL,
	posyandu   TEXT NOT NULL DEFAULT '',
	clenhei    REAL,
	cbmi       REAL,
	zlen       REAL,
	zwei       REAL,
	zwfl       REAL,
	zbmi       REAL,
	zhc        REAL,
	zac        REAL,
	flen       INTEGER NOT NULL DEFAULT 0,
	fwei       INTEGER NOT NULL DEFAULT 0,
	fwfl       INTEGER NOT NULL DEFAULT 0,
	fbmi       INTEGER NOT NULL DEFAULT 0,
	fhc        INTEGER NOT NULL DEFAULT 0,
	fac        INTEGER NOT NULL DEFAULT 0,
	created_at TIMESTAMP NOT NULL,
	created_by TEXT NOT NULL
);
CREATE INDEX measurements_child ON measurements(child_id, date);
CREATE INDEX measurements_date ON measurements(date);
