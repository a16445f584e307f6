-- 0008: the citizen portal (issue 7 items 2, 3, 6; docs/citizen.md): what a draft holds
-- besides the engine's columns, the attachment slots of a dossier, and feedback.

-- The result delivery the applicant chose in the wizard (NULL until chosen). The existing
-- `delivery` column is the channel the result was actually returned through (return event).
-- Spelled as ORs: dossiers is an engine hot table (docs/engine.md).
ALTER TABLE dossiers ADD COLUMN result_channel TEXT
	CHECK (result_channel = 'counter' OR result_channel = 'post' OR result_channel = 'online');
ALTER TABLE dossiers ADD COLUMN delivery_address TEXT;	-- post: where to send the result
ALTER TABLE dossiers ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0;	-- for someone else
-- 0 while a draft has no receiving unit: unit_id (NOT NULL) then holds a placeholder unit.
ALTER TABLE dossiers ADD COLUMN unit_chosen INTEGER NOT NULL DEFAULT 1;
-- The last change: draft saves, and every engine event (its time). "My dossiers" is ordered
-- by it through dossiers_owner_updated.
ALTER TABLE dossiers ADD COLUMN updated_at INTEGER;
-- Idempotency token of the blank wizard form a draft was created from (a form sent twice
-- makes one draft); NULL for dossiers not created by the portal.
ALTER TABLE dossiers ADD COLUMN draft_token TEXT;
UPDATE dossiers SET updated_at = (SELECT max(at) FROM dossier_events e
	WHERE e.dossier_id = dossiers.id);
CREATE INDEX dossiers_owner_updated ON dossiers(owner_id, updated_at);
CREATE UNIQUE INDEX dossiers_draft_token ON dossiers(owner_id, draft_token)
	WHERE draft_token IS NOT NULL;

-- Which part of its dossier an attachment is: a component's index in the procedure's
-- `components` (0, 1, ...), -1 authorisation, -2 supplement, -3 electronic result; NULL for a
-- user's personal document (owner_kind 'user').
ALTER TABLE attachments ADD COLUMN slot INTEGER;

-- Feedback (phản ánh, kiến nghị) of a dossier's owner about it (domain.md §10); due_at is 15
-- working days after created_at; staff of the dossier's unit (or above) answer once.
CREATE TABLE feedback (
	id INTEGER PRIMARY KEY,
	dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),	-- the dossier's unit when sent
	owner_id INTEGER NOT NULL REFERENCES users(id),
	body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
	created_at INTEGER NOT NULL,
	due_at INTEGER NOT NULL,
	answer TEXT,				-- NULL until answered
	answered_by INTEGER REFERENCES users(id),
	answered_at INTEGER
);
CREATE INDEX feedback_dossier ON feedback(dossier_id, id);
CREATE INDEX feedback_open ON feedback(unit_id, due_at) WHERE answered_at IS NULL;
