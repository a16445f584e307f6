-- 0017: accountability (issue 10 §8, docs/accountability.md): the administrative record and
-- the record of staff views of a dossier's personal data. Both are append-only (the triggers
-- refuse UPDATE and DELETE, like dossier_events) and hash-chained in id order:
-- hash = BLAKE2b-256(prev_hash || canonical content), prev_hash of the first row = 32 zero
-- bytes (src/domain/admin_audit.c).
CREATE TABLE admin_audit (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor_id INTEGER,			-- users.id; NULL = the command line / system
	action TEXT NOT NULL,			-- "user.create", "calendar.add", "import.units", ...
	target TEXT NOT NULL,			-- "user:motcua.xa01", "day:2027-01-02", ...
	before TEXT,				-- compact JSON with sorted keys; NULL = none
	after TEXT,
	prev_hash BLOB NOT NULL,
	hash BLOB NOT NULL
);
CREATE INDEX admin_audit_at ON admin_audit(at);
CREATE INDEX admin_audit_actor ON admin_audit(actor_id, at);
CREATE INDEX admin_audit_action ON admin_audit(action, at);
CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit
BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit
BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;

-- One row per staff view of a dossier's personal data; unit_id is the viewer's unit at the
-- time of the view (what the citizen is shown even if the account moves later).
CREATE TABLE view_log (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	viewer_id INTEGER NOT NULL REFERENCES users(id),
	unit_id INTEGER REFERENCES units(id),
	dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
	what TEXT NOT NULL,			-- "dossier", "file", "slip", "search-export"
	prev_hash BLOB NOT NULL,
	hash BLOB NOT NULL
);
CREATE INDEX view_log_dossier ON view_log(dossier_id, at);
CREATE INDEX view_log_viewer ON view_log(viewer_id, dossier_id, at);
CREATE TRIGGER view_log_no_update BEFORE UPDATE ON view_log
BEGIN SELECT RAISE(ABORT, 'view_log is append-only'); END;
CREATE TRIGGER view_log_no_delete BEFORE DELETE ON view_log
BEGIN SELECT RAISE(ABORT, 'view_log is append-only'); END;

-- Notification template overrides edited on /quan-tri/cai-dat/thong-bao (docs/notifications.md):
-- name is the template's file name under templates/notify without extension; the file's text
-- is used when no row exists.
CREATE TABLE notify_overrides (
	name TEXT PRIMARY KEY,
	body TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by INTEGER REFERENCES users(id)
) WITHOUT ROWID;

-- Upload imports run on /quan-tri/nhap (docs/admin-imports.md): kept for the admin who ran it.
CREATE TABLE import_jobs (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	kind TEXT NOT NULL,			-- units | calendar | catalog | dossiers (admin_import.c)
	file_name TEXT NOT NULL,
	state TEXT NOT NULL,			-- running | done | failed
	done_lines INTEGER NOT NULL DEFAULT 0,
	total_lines INTEGER NOT NULL DEFAULT 0,
	result TEXT NOT NULL DEFAULT '{}',	-- JSON summary or errors
	created_at INTEGER NOT NULL,
	finished_at INTEGER
);
CREATE INDEX import_jobs_user ON import_jobs(user_id, id);
