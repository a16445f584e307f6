-- 0016: versioned catalogue (issue 10 §3, docs/admin-catalog.md).
-- procedure_versions keeps every version of a procedure as the catalogue JSON of formats.md
-- (one object, every field of domain.md §2). At most one draft per procedure; the published
-- version's fields are also copied into the procedures row, which every reader keeps using.
-- state: draft, published (the live one), superseded (published before, replaced since).
CREATE TABLE procedure_versions (
	id INTEGER PRIMARY KEY,
	procedure_id INTEGER NOT NULL REFERENCES procedures(id),
	version INTEGER NOT NULL CHECK (version > 0),
	data TEXT NOT NULL,
	state TEXT NOT NULL,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	published_at INTEGER,
	UNIQUE (procedure_id, version)
);
CREATE UNIQUE INDEX procedure_versions_draft ON procedure_versions(procedure_id)
	WHERE state = 'draft';

-- The live version's number, and whether the procedure is offered to the public (0: hidden
-- from the catalogue and from new dossiers; dossiers in flight continue).
ALTER TABLE procedures ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE procedures ADD COLUMN published INTEGER NOT NULL DEFAULT 1;

-- The version a dossier was created under; NULL = version 1 (rows before this migration are
-- never rewritten).
ALTER TABLE dossiers ADD COLUMN procedure_version INTEGER;

-- Every existing procedure becomes version 1, published.
INSERT INTO procedure_versions (procedure_id, version, data, state, created_at, published_at)
SELECT p.id, 1, json_object(
	'code', p.code, 'name', p.name, 'field', f.name,
	'department', (SELECT u.code FROM units u WHERE u.id = p.department_id),
	'levels', json(p.levels), 'online_level', p.online_level,
	'duration', json_object('value', p.duration_value, 'unit', p.duration_unit),
	'duration_online', json(CASE WHEN p.duration_online_value IS NOT NULL THEN
		json_object('value', p.duration_online_value, 'unit', p.duration_unit) END),
	'cutoff', CASE WHEN p.cutoff_minute IS NOT NULL THEN
		printf('%02d:%02d', p.cutoff_minute / 60, p.cutoff_minute % 60) END,
	'supplement_policy', p.supplement_policy,
	'supplement_window_days', p.supplement_window_days,
	'fees', json(p.fees), 'components', json(p.components), 'form', json(p.form),
	'result', json_object('name', p.result_name,
		'is_document', json(CASE WHEN p.result_is_document THEN 'true' ELSE 'false' END)),
	'delivery', json(p.delivery), 'steps', json(p.steps), 'applicants', json(p.applicants),
	'steps_text', p.steps_text, 'legal_basis', p.legal_basis,
	'sample', json(CASE WHEN p.sample THEN 'true' ELSE 'false' END)),
	'published', CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER)
FROM procedures p JOIN fields f ON f.id = p.field_id;

-- The administrator's list (docs/admin-catalog.md) reads only these columns, in this order:
-- a covering index keeps it off the wide catalogue rows (2,000 procedures: 3 ms -> 0.3 ms).
CREATE INDEX procedures_admin_list ON procedures(name_fold, code, name, field_id, published,
	version);
-- Fields with their number of published procedures (catalog_fields) counted from the index.
CREATE INDEX procedures_field_published ON procedures(field_id, published);
