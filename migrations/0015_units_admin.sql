-- 0015: administration of units (issue 10 §2, docs/admin-units.md).
-- A unit with dossiers is never deleted, only closed to new dossiers: closed_at is the instant
-- it stopped taking submissions and counter intake (NULL: open), replaced_by the unit that
-- took its open dossiers over (NULL when none was named).
ALTER TABLE units ADD COLUMN closed_at INTEGER;
ALTER TABLE units ADD COLUMN replaced_by INTEGER REFERENCES units(id);
