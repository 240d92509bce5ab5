-- SQLite has no TRUNCATE (DELETE without WHERE fires the row trigger of
-- 0002). This migration keeps the versions of both engines in step.
SELECT 1;
