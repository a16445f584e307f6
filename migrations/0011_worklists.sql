-- 0011: staff work lists and search (issue 8, docs/worklists.md).
-- Work lists read open dossiers of a unit by due time; the partial indexes below hold only
-- the open rows, so a unit's list and its count are index ranges, never a scan. The WHERE
-- clauses are spelled as ORs (dossiers is an engine hot table, docs/engine.md) and the
-- queries in src/store/worklist_store.c repeat them exactly so the planner may use them.
CREATE INDEX dossiers_open_due ON dossiers(unit_id, due_at)
	WHERE status = 'received' OR status = 'processing';
CREATE INDEX dossiers_unit_supplement ON dossiers(unit_id, supplement_deadline)
	WHERE status = 'supplement';
-- The same for dossiers handed to a department of the subtree (desk's scope, docs/desk.md:
-- a department's staff see what was handed to them although the dossier's unit is above).
-- "My inbox" reads 0009's dossiers_assignee_due (assignee_id, step_due_at).
CREATE INDEX dossiers_dept_open_due ON dossiers(department_id, due_at)
	WHERE status = 'received' OR status = 'processing';
CREATE INDEX dossiers_dept_supplement ON dossiers(department_id, supplement_deadline)
	WHERE status = 'supplement';

-- Search. name_key is text_fold(applicant_name) ("nguyen van an"), or NULL when not folded
-- yet: search_fold_pending() (src/domain/search.c) folds the NULL rows of dossiers that have
-- a code, through dossiers_name_todo, before each search and when the server starts. A change
-- of applicant_name resets the key (the trigger), so a key is never stale; the engine's own
-- UPDATE does not write applicant_name and does not fire it.
ALTER TABLE dossiers ADD COLUMN name_key TEXT;
-- The scope columns ride in the index so that rows of other units are skipped without
-- reading the table.
CREATE INDEX dossiers_name_key ON dossiers(name_key, unit_id, department_id, assignee_id)
	WHERE name_key IS NOT NULL;
CREATE INDEX dossiers_name_todo ON dossiers(id) WHERE name_key IS NULL AND code IS NOT NULL;
CREATE TRIGGER dossiers_name_key_reset AFTER UPDATE OF applicant_name ON dossiers
	WHEN NEW.name_key IS NOT NULL BEGIN
	UPDATE dossiers SET name_key = NULL WHERE id = NEW.id;
END;
-- ID number and phone as the applicant JSON holds them (exact match).
CREATE INDEX dossiers_applicant_id ON dossiers(json_extract(applicant, '$.id_number'))
	WHERE code IS NOT NULL;
CREATE INDEX dossiers_applicant_phone ON dossiers(json_extract(applicant, '$.phone'))
	WHERE code IS NOT NULL;

-- The daily digest of a staff member's work lists is an outbox message about an account
-- (kind 'digest', user_id set, no dossier). SQLite cannot change a CHECK in place: the table
-- is rebuilt as 0007 did (nothing references it).
CREATE TABLE outbox_new (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL DEFAULT 'dossier' CHECK (kind = 'dossier' OR kind = 'confirm_email' OR
		kind = 'digest'),
	dossier_id INTEGER REFERENCES dossiers(id),
	event_id INTEGER REFERENCES dossier_events(id),
	user_id INTEGER REFERENCES users(id),
	channel TEXT NOT NULL CHECK (channel = 'email' OR channel = 'sms'),
	recipient TEXT NOT NULL,		-- email address or phone number
	lang TEXT NOT NULL CHECK (lang = 'vi' OR lang = 'en'),
	subject TEXT NOT NULL DEFAULT '',	-- email only
	body TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'queued' CHECK (state = 'queued' OR state = 'sent' OR
		state = 'failed'),
	attempts INTEGER NOT NULL DEFAULT 0,	-- sending attempts that failed
	next_at INTEGER NOT NULL,		-- queued: not before this instant (backoff, lease)
	created_at INTEGER NOT NULL,
	sent_at INTEGER,
	last_error TEXT NOT NULL DEFAULT '',	-- for operators; never shown to citizens
	CHECK ((kind = 'dossier') = (dossier_id IS NOT NULL AND event_id IS NOT NULL))
);
INSERT INTO outbox_new SELECT id, kind, dossier_id, event_id, user_id, channel, recipient, lang,
	subject, body, state, attempts, next_at, created_at, sent_at, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(next_at, id) WHERE state = 'queued';
CREATE INDEX outbox_dossier ON outbox(dossier_id, id);
-- "Has this account had its digest today?": one probe per staff member.
CREATE INDEX outbox_digest ON outbox(user_id, created_at) WHERE kind = 'digest';
