-- Foundation schema: regions, files, Kampung KB with versioned profiles,
-- partners, agreements, activities and contributions.
-- Types differ from the PostgreSQL migration; tables and columns do not
-- (a test checks it). Dates are DATE (text YYYY-MM-DD), timestamps TIMESTAMP
-- (text, UTC), booleans INTEGER 0/1.

CREATE TABLE regions (
	code        TEXT PRIMARY KEY,
	parent_code TEXT REFERENCES regions(code),
	level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
	name        TEXT NOT NULL,
	updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX regions_parent ON regions(parent_code, code);

CREATE TABLE files (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL CHECK (size >= 0),
	sha256       TEXT NOT NULL,
	data         BLOB NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	created_by   TEXT NOT NULL
);

CREATE TABLE kampung (
	id              INTEGER PRIMARY KEY,
	name            TEXT NOT NULL,
	village_code    TEXT NOT NULL REFERENCES regions(code),
	coverage        TEXT NOT NULL,
	coverage_detail TEXT NOT NULL DEFAULT '',
	launch_date     DATE NOT NULL,
	criteria_other  TEXT NOT NULL DEFAULT '',
	description     TEXT NOT NULL DEFAULT '',
	latitude        REAL,
	longitude       REAL,
	photo_file_id   INTEGER REFERENCES files(id),
	archived        INTEGER NOT NULL DEFAULT 0,
	version         INTEGER NOT NULL DEFAULT 1,
	created_at      TIMESTAMP NOT NULL,
	updated_at      TIMESTAMP NOT NULL,
	created_by      TEXT NOT NULL,
	updated_by      TEXT NOT NULL
);
CREATE INDEX kampung_village ON kampung(village_code);

CREATE TABLE kampung_codes (
	kampung_id INTEGER NOT NULL REFERENCES kampung(id) ON DELETE CASCADE,
	list       TEXT NOT NULL,
	code       TEXT NOT NULL,
	PRIMARY KEY (kampung_id, list, code)
);

CREATE TABLE kampung_profiles (
	id                  INTEGER PRIMARY KEY,
	kampung_id          INTEGER NOT NULL REFERENCES kampung(id) ON DELETE CASCADE,
	as_of               DATE NOT NULL,
	is_current          INTEGER NOT NULL DEFAULT 0,
	pokja_exists        INTEGER NOT NULL DEFAULT 0,
	pokja_sk            INTEGER NOT NULL DEFAULT 0,
	pokja_sk_number     TEXT NOT NULL DEFAULT '',
	pokja_members       INTEGER NOT NULL DEFAULT 0 CHECK (pokja_members >= 0),
	pokja_trained       INTEGER NOT NULL DEFAULT 0 CHECK (pokja_trained >= 0),
	pokja_training_note TEXT NOT NULL DEFAULT '',
	pkb_assigned        INTEGER NOT NULL DEFAULT 0,
	pkb_name            TEXT NOT NULL DEFAULT '',
	pkb_nip             TEXT NOT NULL DEFAULT '',
	pkb_contact         TEXT NOT NULL DEFAULT '',
	guide               TEXT NOT NULL DEFAULT '',
	guide_other         TEXT NOT NULL DEFAULT '',
	rkm                 INTEGER NOT NULL DEFAULT 0,
	note                TEXT NOT NULL DEFAULT '',
	created_at          TIMESTAMP NOT NULL,
	created_by          TEXT NOT NULL
);
CREATE INDEX kampung_profiles_kampung ON kampung_profiles(kampung_id, id);
CREATE UNIQUE INDEX kampung_profiles_one_current ON kampung_profiles(kampung_id) WHERE is_current;

CREATE TABLE profile_items (
	profile_id      INTEGER NOT NULL REFERENCES kampung_profiles(id) ON DELETE CASCADE,
	list            TEXT NOT NULL,
	code            TEXT NOT NULL,
	frequency       TEXT NOT NULL DEFAULT '',
	frequency_other TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (profile_id, list, code)
);

CREATE TABLE partners (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	category    TEXT NOT NULL,
	parent_id   INTEGER REFERENCES partners(id),
	institution TEXT NOT NULL DEFAULT '',
	address     TEXT NOT NULL DEFAULT '',
	phone       TEXT NOT NULL DEFAULT '',
	email       TEXT NOT NULL DEFAULT '',
	website     TEXT NOT NULL DEFAULT '',
	notes       TEXT NOT NULL DEFAULT '',
	archived    INTEGER NOT NULL DEFAULT 0,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL,
	created_by  TEXT NOT NULL,
	updated_by  TEXT NOT NULL
);
CREATE INDEX partners_parent ON partners(parent_id);

CREATE TABLE partner_regions (
	partner_id  INTEGER NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
	region_code TEXT NOT NULL REFERENCES regions(code),
	PRIMARY KEY (partner_id, region_code)
);
CREATE INDEX partner_regions_code ON partner_regions(region_code);

CREATE TABLE partner_contacts (
	id         INTEGER PRIMARY KEY,
	partner_id INTEGER NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	name       TEXT NOT NULL,
	role       TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	email      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX partner_contacts_partner ON partner_contacts(partner_id, position);

CREATE TABLE agreements (
	id          INTEGER PRIMARY KEY,
	type        TEXT NOT NULL,
	number      TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL,
	signed_on   DATE NOT NULL,
	valid_from  DATE NOT NULL,
	valid_to    DATE,
	parent_id   INTEGER REFERENCES agreements(id),
	description TEXT NOT NULL DEFAULT '',
	archived    INTEGER NOT NULL DEFAULT 0,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL,
	created_by  TEXT NOT NULL,
	updated_by  TEXT NOT NULL,
	CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX agreements_valid_to ON agreements(valid_to);
CREATE INDEX agreements_parent ON agreements(parent_id);

CREATE TABLE agreement_parties (
	id           INTEGER PRIMARY KEY,
	agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
	position     INTEGER NOT NULL,
	kind         TEXT NOT NULL,
	partner_id   INTEGER REFERENCES partners(id),
	kampung_id   INTEGER REFERENCES kampung(id),
	region_code  TEXT REFERENCES regions(code),
	name         TEXT NOT NULL DEFAULT '',
	signatory    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agreement_parties_agreement ON agreement_parties(agreement_id, position);
CREATE INDEX agreement_parties_partner ON agreement_parties(partner_id);
CREATE INDEX agreement_parties_kampung ON agreement_parties(kampung_id);

CREATE TABLE agreement_codes (
	agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
	list         TEXT NOT NULL,
	code         TEXT NOT NULL,
	PRIMARY KEY (agreement_id, list, code)
);

CREATE TABLE agreement_documents (
	id           INTEGER PRIMARY KEY,
	agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
	file_id      INTEGER NOT NULL REFERENCES files(id),
	title        TEXT NOT NULL DEFAULT '',
	created_at   TIMESTAMP NOT NULL,
	created_by   TEXT NOT NULL
);
CREATE INDEX agreement_documents_agreement ON agreement_documents(agreement_id);

CREATE TABLE activities (
	id                  INTEGER PRIMARY KEY,
	title               TEXT NOT NULL,
	date                DATE NOT NULL,
	start_time          TEXT NOT NULL DEFAULT '',
	end_time            TEXT NOT NULL DEFAULT '',
	place               TEXT NOT NULL DEFAULT '',
	category            TEXT NOT NULL,
	type                TEXT NOT NULL,
	agreement_id        INTEGER REFERENCES agreements(id),
	other_institutions  TEXT NOT NULL DEFAULT '',
	participants_male   INTEGER NOT NULL DEFAULT 0 CHECK (participants_male >= 0),
	participants_female INTEGER NOT NULL DEFAULT 0 CHECK (participants_female >= 0),
	description         TEXT NOT NULL DEFAULT '',
	outcome             TEXT NOT NULL DEFAULT '',
	version             INTEGER NOT NULL DEFAULT 1,
	created_at          TIMESTAMP NOT NULL,
	updated_at          TIMESTAMP NOT NULL,
	created_by          TEXT NOT NULL,
	updated_by          TEXT NOT NULL
);
CREATE INDEX activities_date ON activities(date, id);
CREATE INDEX activities_agreement ON activities(agreement_id);
CREATE INDEX activities_category ON activities(category, date);

CREATE TABLE activity_kampung (
	activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
	kampung_id  INTEGER NOT NULL REFERENCES kampung(id),
	PRIMARY KEY (activity_id, kampung_id)
);
CREATE INDEX activity_kampung_kampung ON activity_kampung(kampung_id, activity_id);

CREATE TABLE activity_partners (
	activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
	partner_id  INTEGER NOT NULL REFERENCES partners(id),
	PRIMARY KEY (activity_id, partner_id)
);
CREATE INDEX activity_partners_partner ON activity_partners(partner_id, activity_id);

CREATE TABLE activity_codes (
	activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
	list        TEXT NOT NULL,
	code        TEXT NOT NULL,
	PRIMARY KEY (activity_id, list, code)
);

CREATE TABLE activity_attendees (
	id          INTEGER PRIMARY KEY,
	activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	name        TEXT NOT NULL,
	sex         TEXT NOT NULL DEFAULT '',
	role        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activity_attendees_activity ON activity_attendees(activity_id, position);

CREATE TABLE activity_photos (
	id          INTEGER PRIMARY KEY,
	activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
	file_id     INTEGER NOT NULL REFERENCES files(id),
	tag         TEXT NOT NULL,
	caption     TEXT NOT NULL DEFAULT '',
	created_at  TIMESTAMP NOT NULL,
	created_by  TEXT NOT NULL
);
CREATE INDEX activity_photos_activity ON activity_photos(activity_id);

CREATE TABLE contributions (
	id            INTEGER PRIMARY KEY,
	partner_id    INTEGER NOT NULL REFERENCES partners(id),
	kampung_id    INTEGER REFERENCES kampung(id),
	activity_id   INTEGER REFERENCES activities(id),
	agreement_id  INTEGER REFERENCES agreements(id),
	kind          TEXT NOT NULL,
	amount        INTEGER NOT NULL CHECK (amount >= 0),
	date          DATE NOT NULL,
	description   TEXT NOT NULL DEFAULT '',
	beneficiaries INTEGER NOT NULL DEFAULT 0 CHECK (beneficiaries >= 0),
	version       INTEGER NOT NULL DEFAULT 1,
	created_at    TIMESTAMP NOT NULL,
	updated_at    TIMESTAMP NOT NULL,
	created_by    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	CHECK (kampung_id IS NOT NULL OR activity_id IS NOT NULL)
);
CREATE INDEX contributions_partner ON contributions(partner_id, date);
CREATE INDEX contributions_kampung ON contributions(kampung_id);
CREATE INDEX contributions_activity ON contributions(activity_id);
CREATE INDEX contributions_agreement ON contributions(agreement_id);
CREATE INDEX contributions_date ON contributions(date);
