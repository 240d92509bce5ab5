-- Accounts, sessions, personal access tokens, failed logins and the audit
-- trail (issue 3). Types differ from the PostgreSQL migration; tables and
-- columns do not.

CREATE TABLE users (
	id                   INTEGER PRIMARY KEY,
	username             TEXT NOT NULL,
	name                 TEXT NOT NULL DEFAULT '',
	role                 TEXT NOT NULL,
	region_code          TEXT REFERENCES regions(code),
	partner_id           INTEGER REFERENCES partners(id),
	password_hash        TEXT NOT NULL DEFAULT '',
	must_change_password INTEGER NOT NULL DEFAULT 0,
	disabled             INTEGER NOT NULL DEFAULT 0,
	last_login_at        TIMESTAMP,
	version              INTEGER NOT NULL DEFAULT 1,
	created_at           TIMESTAMP NOT NULL,
	updated_at           TIMESTAMP NOT NULL,
	created_by           TEXT NOT NULL,
	updated_by           TEXT NOT NULL
);
CREATE UNIQUE INDEX users_username ON users(lower(username));
CREATE INDEX users_region ON users(region_code);

CREATE TABLE user_capture (
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	region_code TEXT NOT NULL REFERENCES regions(code),
	PRIMARY KEY (user_id, region_code)
);

CREATE TABLE sessions (
	token_hash  TEXT PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at  TIMESTAMP NOT NULL,
	last_seen   TIMESTAMP NOT NULL,
	expires_at  TIMESTAMP NOT NULL,
	ip          TEXT NOT NULL DEFAULT '',
	user_agent  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE tokens (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name        TEXT NOT NULL,
	token_hash  TEXT NOT NULL,
	created_at  TIMESTAMP NOT NULL,
	expires_at  TIMESTAMP NOT NULL,
	last_used   TIMESTAMP,
	revoked_at  TIMESTAMP
);
CREATE UNIQUE INDEX tokens_hash ON tokens(token_hash);
CREATE INDEX tokens_user ON tokens(user_id);

CREATE TABLE login_failures (
	id       INTEGER PRIMARY KEY,
	username TEXT NOT NULL,
	ip       TEXT NOT NULL,
	at       TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at        TIMESTAMP NOT NULL,
	username  TEXT NOT NULL,
	user_id   INTEGER,
	ip        TEXT NOT NULL DEFAULT '',
	action    TEXT NOT NULL,
	entity    TEXT NOT NULL DEFAULT '',
	entity_id TEXT NOT NULL DEFAULT '',
	summary   TEXT NOT NULL DEFAULT '',
	before    TEXT,
	after     TEXT
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_user ON audit(username, at);
CREATE INDEX audit_action ON audit(action, at);

-- The audit trail is append-only: the product never changes or deletes it.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
