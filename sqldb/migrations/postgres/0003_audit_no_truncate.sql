-- TRUNCATE does not fire row triggers: refuse it too, so that the audit
-- trail stays append-only.
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
