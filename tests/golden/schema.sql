CREATE INDEX admin_audit_action ON admin_audit(action, at);
CREATE INDEX admin_audit_actor ON admin_audit(actor_id, at);
CREATE INDEX admin_audit_at ON admin_audit(at);
CREATE INDEX api_tokens_unit ON api_tokens(unit_id);
CREATE INDEX attachments_file ON attachments(file_hash);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id, id);
CREATE INDEX dossier_events_at ON dossier_events(at);
CREATE INDEX dossiers_applicant_id ON dossiers(json_extract(applicant, '$.id_number'))
	WHERE code IS NOT NULL;
CREATE INDEX dossiers_applicant_phone ON dossiers(json_extract(applicant, '$.phone'))
	WHERE code IS NOT NULL;
CREATE INDEX dossiers_assignee_due ON dossiers(assignee_id, step_due_at)
	WHERE assignee_id IS NOT NULL;
CREATE INDEX dossiers_department_due ON dossiers(department_id, step_due_at)
	WHERE department_id IS NOT NULL;
CREATE INDEX dossiers_dept_open_due ON dossiers(department_id, due_at)
	WHERE status = 'received' OR status = 'processing';
CREATE INDEX dossiers_dept_supplement ON dossiers(department_id, supplement_deadline)
	WHERE status = 'supplement';
CREATE UNIQUE INDEX dossiers_draft_token ON dossiers(owner_id, draft_token)
	WHERE draft_token IS NOT NULL;
CREATE INDEX dossiers_name_key ON dossiers(name_key, unit_id, department_id, assignee_id)
	WHERE name_key IS NOT NULL;
CREATE INDEX dossiers_name_todo ON dossiers(id) WHERE name_key IS NULL AND code IS NOT NULL;
CREATE INDEX dossiers_open_due ON dossiers(unit_id, due_at)
	WHERE status = 'received' OR status = 'processing';
CREATE INDEX dossiers_owner_updated ON dossiers(owner_id, updated_at);
CREATE INDEX dossiers_queue ON dossiers(status, unit_id, submitted_at);
CREATE INDEX dossiers_status ON dossiers(status, unit_id);
CREATE INDEX dossiers_unit_received ON dossiers(unit_id, received_at);
CREATE INDEX dossiers_unit_supplement ON dossiers(unit_id, supplement_deadline)
	WHERE status = 'supplement';
CREATE INDEX dossiers_waiting ON dossiers(status, supplement_deadline) WHERE status = 'supplement';
CREATE INDEX email_confirmations_user ON email_confirmations(user_id);
CREATE INDEX feedback_dossier ON feedback(dossier_id, id);
CREATE INDEX feedback_open ON feedback(unit_id, due_at) WHERE answered_at IS NULL;
CREATE INDEX import_jobs_user ON import_jobs(user_id, id);
CREATE INDEX outbox_digest ON outbox(user_id, created_at) WHERE kind = 'digest';
CREATE INDEX outbox_dossier ON outbox(dossier_id, id);
CREATE INDEX outbox_due ON outbox(next_at, id) WHERE state = 'queued';
CREATE INDEX password_links_user ON password_links(user_id);
CREATE INDEX payments_dossier ON payments(dossier_id, id);
CREATE UNIQUE INDEX procedure_versions_draft ON procedure_versions(procedure_id)
	WHERE state = 'draft';
CREATE INDEX procedures_admin_list ON procedures(name_fold, code, name, field_id, published,
	version);
CREATE INDEX procedures_field ON procedures(field_id);
CREATE INDEX procedures_field_published ON procedures(field_id, published);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX signin_audit_client ON signin_audit(client, at);
CREATE INDEX signin_audit_username ON signin_audit(username, at);
CREATE INDEX signin_pending_expiry ON signin_pending(expires_at);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_path ON units(path);
CREATE INDEX users_email ON users(email) WHERE email <> '';
CREATE UNIQUE INDEX users_id_number ON users(id_number) WHERE id_number IS NOT NULL;
CREATE UNIQUE INDEX users_tax_code ON users(tax_code) WHERE tax_code IS NOT NULL;
CREATE INDEX view_log_dossier ON view_log(dossier_id, at);
CREATE INDEX view_log_viewer ON view_log(viewer_id, dossier_id, at);
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
CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,			-- what it is for, at most 80 characters
	unit_id INTEGER NOT NULL REFERENCES units(id),	-- scope: this unit's subtree
	token_hash BLOB NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES users(id),	-- NULL: issued from the command line
	revoked_at INTEGER,
	last_used_at INTEGER			-- written at most once a minute
);
CREATE TABLE attachments (
	id INTEGER PRIMARY KEY,
	owner_kind TEXT NOT NULL CHECK (owner_kind IN ('user', 'dossier')),
	owner_id INTEGER NOT NULL,
	file_hash TEXT NOT NULL REFERENCES stored_files(hash),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 120),	-- sanitised
	uploaded_by INTEGER REFERENCES users(id),
	uploaded_at INTEGER NOT NULL
, slot INTEGER);
CREATE TABLE calendar (
	day INTEGER PRIMARY KEY,		-- local day number
	date TEXT NOT NULL,			-- YYYY-MM-DD, for people reading the table
	working INTEGER NOT NULL CHECK (working IN (0, 1)),
	name TEXT NOT NULL,
	source TEXT NOT NULL DEFAULT ''
);
CREATE TABLE dossier_events (
	id INTEGER PRIMARY KEY,
	dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
	seq INTEGER NOT NULL,
	at INTEGER NOT NULL,
	actor_id INTEGER,
	actor_role TEXT NOT NULL,
	kind TEXT NOT NULL,
	from_status TEXT,
	to_status TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	data TEXT NOT NULL DEFAULT '{}',
	prev_hash BLOB NOT NULL,
	hash BLOB NOT NULL,
	UNIQUE (dossier_id, seq)
);
CREATE TABLE dossier_seq (
	unit_id INTEGER NOT NULL REFERENCES units(id),
	day INTEGER NOT NULL,
	last INTEGER NOT NULL,
	PRIMARY KEY (unit_id, day)
) WITHOUT ROWID;
CREATE TABLE dossiers (
	id INTEGER PRIMARY KEY,
	code TEXT UNIQUE,			-- NULL while a draft
	procedure_id INTEGER NOT NULL REFERENCES procedures(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	-- CHECKs on the engine's hot tables spell IN lists as ORs: SQLite 3.40 builds a temporary
	-- b-tree for every IN list of 3+ items on each INSERT/UPDATE (docs/engine.md, speed).
	channel TEXT NOT NULL CHECK (channel = 'online' OR channel = 'counter' OR channel = 'post'),
	applicant TEXT NOT NULL DEFAULT '{}',	-- JSON {"name","id_number","phone","address","email"}
	applicant_name TEXT NOT NULL DEFAULT '',
	owner_id INTEGER REFERENCES users(id),
	status TEXT NOT NULL,
	submitted_at INTEGER,
	received_at INTEGER,
	clock_start INTEGER,
	due_at INTEGER,
	finished_at INTEGER,
	returned_at INTEGER,
	outcome TEXT CHECK (outcome = 'early' OR outcome = 'on_time' OR outcome = 'late'),
	supplement_count INTEGER NOT NULL DEFAULT 0,	-- requests after receipt
	waiting_since INTEGER,			-- when the current supplement/payment wait began
	waiting_from TEXT,			-- state a supplement or payment returns to
	waiting_seconds INTEGER NOT NULL DEFAULT 0,	-- working seconds spent waiting since clock_start
	supplement_deadline INTEGER,
	apology_at INTEGER,
	promised_at INTEGER,
	fee_amount INTEGER NOT NULL DEFAULT 0,
	paid_online INTEGER NOT NULL DEFAULT 0,
	digitised INTEGER NOT NULL DEFAULT 0,
	result_file TEXT,
	delivery TEXT,
	postal_tracking TEXT,
	rating TEXT CHECK (rating = 'very_satisfied' OR rating = 'satisfied' OR
		rating = 'dissatisfied'),
	department_id INTEGER REFERENCES units(id),
	step INTEGER NOT NULL DEFAULT 0,
	assignee_id INTEGER REFERENCES users(id),
	lookup_hash BLOB,			-- keyed BLAKE2b of the lookup secret
	form_data TEXT NOT NULL DEFAULT '{}',
	running_since INTEGER,			-- start of the current running interval (received/processing)
	version INTEGER NOT NULL DEFAULT 0	-- number of events so far = seq of the last event
, result_channel TEXT
	CHECK (result_channel = 'counter' OR result_channel = 'post' OR result_channel = 'online'), delivery_address TEXT, on_behalf INTEGER NOT NULL DEFAULT 0, unit_chosen INTEGER NOT NULL DEFAULT 1, updated_at INTEGER, draft_token TEXT, step_due_at INTEGER, fee_paid INTEGER NOT NULL DEFAULT 0, name_key TEXT, procedure_version INTEGER);
CREATE TABLE email_confirmations (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	token_hash BLOB NOT NULL UNIQUE,
	email TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
);
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
CREATE TABLE fields (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	name_fold TEXT NOT NULL
);
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
CREATE TABLE index766_entries (
	unit_id INTEGER NOT NULL REFERENCES units(id),
	period TEXT NOT NULL,
	indicator TEXT NOT NULL,
	value REAL NOT NULL,			-- ratio 0..1
	note TEXT NOT NULL DEFAULT '',		-- evidence link or note
	by_user INTEGER REFERENCES users(id),
	at INTEGER NOT NULL,
	PRIMARY KEY (unit_id, period, indicator)
) WITHOUT ROWID;
CREATE TABLE index_config (
	id TEXT PRIMARY KEY,			-- '2.1', '3.1', ...
	name TEXT NOT NULL,
	max_points REAL NOT NULL,
	threshold REAL NOT NULL DEFAULT 1,
	available INTEGER NOT NULL DEFAULT 1	-- 0: depends on a national system
, grp TEXT NOT NULL DEFAULT '', name_en TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL DEFAULT 'computed', sort INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE index_groups (
	id TEXT PRIMARY KEY,			-- 'transparency', 'progress', ...
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	max_points REAL NOT NULL,
	sort INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE intake_tokens (
	token TEXT PRIMARY KEY,
	clerk_id INTEGER NOT NULL REFERENCES users(id),
	dossier_id INTEGER REFERENCES dossiers(id),	-- NULL while the receive is under way
	created_at INTEGER NOT NULL
);
CREATE TABLE notify_overrides (
	name TEXT PRIMARY KEY,
	body TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by INTEGER REFERENCES users(id)
) WITHOUT ROWID;
CREATE TABLE "outbox" (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL DEFAULT 'dossier' CHECK (kind = 'dossier' OR kind = 'confirm_email' OR
		kind = 'digest' OR kind = 'password_link'),
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
CREATE TABLE par_areas (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	max_points REAL NOT NULL,
	sort INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE par_criteria (
	id TEXT PRIMARY KEY,
	area TEXT NOT NULL REFERENCES par_areas(id),
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	max_points REAL NOT NULL,
	threshold REAL NOT NULL DEFAULT 1,
	source TEXT NOT NULL DEFAULT 'entered',
	sort INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE par_scores (
	unit_id INTEGER NOT NULL REFERENCES units(id),
	year INTEGER NOT NULL,
	criterion TEXT NOT NULL,
	points REAL NOT NULL,
	evidence TEXT NOT NULL DEFAULT '',	-- http(s) URL
	note TEXT NOT NULL DEFAULT '',
	by_user INTEGER REFERENCES users(id),
	at INTEGER NOT NULL,
	PRIMARY KEY (unit_id, year, criterion)
) WITHOUT ROWID;
CREATE TABLE password_links (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	token_hash BLOB NOT NULL UNIQUE,
	purpose TEXT NOT NULL CHECK (purpose = 'set' OR purpose = 'reset'),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
);
CREATE TABLE payment_nonces (
	nonce TEXT PRIMARY KEY,
	payment_id INTEGER NOT NULL REFERENCES payments(id),
	at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE payments (
	id INTEGER PRIMARY KEY,
	dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
	owner_id INTEGER NOT NULL REFERENCES users(id),	-- the citizen who started it
	amount INTEGER NOT NULL CHECK (amount > 0),	-- VND
	reference TEXT NOT NULL UNIQUE CHECK (length(reference) BETWEEN 8 AND 40),
	provider TEXT NOT NULL CHECK (provider IN ('sandbox')),
	state TEXT NOT NULL DEFAULT 'pending'
		CHECK (state IN ('pending', 'paid', 'cancelled', 'failed')),
	created_at INTEGER NOT NULL,
	finished_at INTEGER,			-- when the callback settled it
	paid_at INTEGER,			-- the gateway's time of payment (its callback)
	receipt_no TEXT UNIQUE			-- issued when paid
);
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
CREATE TABLE procedures (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	name_fold TEXT NOT NULL,		-- text_fold(name) for diacritic-free search
	field_id INTEGER NOT NULL REFERENCES fields(id),
	department_id INTEGER REFERENCES units(id),
	levels TEXT NOT NULL DEFAULT '[]',	-- JSON array of unit levels
	online_level TEXT NOT NULL CHECK (online_level IN ('info', 'partial', 'full')),
	duration_value INTEGER NOT NULL CHECK (duration_value > 0),
	duration_unit TEXT NOT NULL CHECK (duration_unit IN ('working_days', 'working_hours', 'calendar_days')),
	duration_online_value INTEGER,		-- NULL = same as duration_value
	cutoff_minute INTEGER,			-- minutes after local midnight, NULL = none
	supplement_policy TEXT NOT NULL DEFAULT 'restart' CHECK (supplement_policy IN ('restart', 'pause')),
	supplement_window_days INTEGER NOT NULL DEFAULT 15,
	fees TEXT NOT NULL DEFAULT '[]',	-- JSON [{"name","amount","kind"}]
	fee_total INTEGER NOT NULL DEFAULT 0,
	components TEXT NOT NULL DEFAULT '[]',	-- JSON [{"name","required","template"}]
	form TEXT NOT NULL DEFAULT '[]',	-- JSON form fields (formats.md)
	result_name TEXT NOT NULL DEFAULT '',
	result_is_document INTEGER NOT NULL DEFAULT 1,
	delivery TEXT NOT NULL DEFAULT '["counter"]',
	steps TEXT NOT NULL DEFAULT '[]',	-- JSON [{"name","role","hours"}]
	applicants TEXT NOT NULL DEFAULT '[]',	-- JSON ["citizen","organisation"]
	steps_text TEXT NOT NULL DEFAULT '',
	legal_basis TEXT NOT NULL DEFAULT '',
	sample INTEGER NOT NULL DEFAULT 0
, version INTEGER NOT NULL DEFAULT 1, published INTEGER NOT NULL DEFAULT 1);
CREATE TABLE recovery_codes (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash BLOB NOT NULL,
	used_at INTEGER
);
CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,	-- BLAKE2b-256 of the 32-byte random cookie token
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,		-- written at most once a minute
	expires_at INTEGER NOT NULL,		-- absolute expiry
	revoked_at INTEGER,			-- sign-out, new sign-in, password change
	client TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE "signin_audit" (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('success', 'unknown_user', 'wrong_password',
		'throttled', 'inactive', 'sign_out', 'password_change', 'register',
		'register_refused')),
	username TEXT NOT NULL,			-- as typed, at most 64 bytes
	user_id INTEGER REFERENCES users(id),
	client TEXT NOT NULL,
	user_agent TEXT NOT NULL		-- at most 120 bytes
);
CREATE TABLE signin_pending (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	purpose TEXT NOT NULL CHECK (purpose = 'verify' OR purpose = 'enrol'),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	failures INTEGER NOT NULL DEFAULT 0,
	used_at INTEGER
);
CREATE TABLE stat_counters (
	level INTEGER NOT NULL CHECK (level = 0 OR level = 1 OR level = 2),	-- 0 day, 1 month, 2 year
	bucket INTEGER NOT NULL,
	unit_id INTEGER NOT NULL,
	procedure_id INTEGER NOT NULL,
	received INTEGER NOT NULL DEFAULT 0,
	received_online INTEGER NOT NULL DEFAULT 0,
	received_post INTEGER NOT NULL DEFAULT 0,
	received_counter INTEGER NOT NULL DEFAULT 0,
	received_fee INTEGER NOT NULL DEFAULT 0,
	received_digitised INTEGER NOT NULL DEFAULT 0,
	paid_online INTEGER NOT NULL DEFAULT 0,
	fin_early INTEGER NOT NULL DEFAULT 0,
	fin_on_time INTEGER NOT NULL DEFAULT 0,
	fin_late INTEGER NOT NULL DEFAULT 0,
	fin_doc INTEGER NOT NULL DEFAULT 0,
	fin_efile INTEGER NOT NULL DEFAULT 0,
	proc_mdays INTEGER NOT NULL DEFAULT 0,
	apologies INTEGER NOT NULL DEFAULT 0,
	supplement_requests INTEGER NOT NULL DEFAULT 0,
	rating_very INTEGER NOT NULL DEFAULT 0,
	rating_satisfied INTEGER NOT NULL DEFAULT 0,
	rating_dissatisfied INTEGER NOT NULL DEFAULT 0,
	open_delta INTEGER NOT NULL DEFAULT 0,
	waiting_delta INTEGER NOT NULL DEFAULT 0,
	overdue_delta INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (level, bucket, unit_id, procedure_id)
) WITHOUT ROWID;
CREATE TABLE stored_files (
	hash TEXT PRIMARY KEY CHECK (length(hash) = 64),	-- BLAKE2b-256, lowercase hex
	kind TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png')),
	size INTEGER NOT NULL CHECK (size >= 0),
	first_seen INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE units (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune', 'department')),
	parent_id INTEGER REFERENCES units(id),
	path TEXT NOT NULL,			-- '/1/4/9/': ids from the root, for subtree queries
	address TEXT NOT NULL DEFAULT '',
	hours TEXT,				-- JSON [["07:00","11:30"],["13:30","17:00"]]; NULL = inherit
	sample INTEGER NOT NULL DEFAULT 0	-- 1 for demo data
, closed_at INTEGER, replaced_by INTEGER REFERENCES units(id));
CREATE TABLE user_totp (
	user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	secret_box BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	enabled_at INTEGER,
	last_step INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('citizen', 'clerk', 'specialist', 'leader', 'admin')),
	unit_id INTEGER REFERENCES units(id),
	password_hash TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
, email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', lang TEXT NOT NULL DEFAULT 'vi' CHECK (lang = 'vi' OR lang = 'en'), kind TEXT NOT NULL DEFAULT 'person'
	CHECK (kind IN ('person', 'organisation')), id_number TEXT, tax_code TEXT, email_confirmed_at INTEGER);
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
CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit
BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit
BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;
CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;
CREATE TRIGGER dossiers_name_key_reset AFTER UPDATE OF applicant_name ON dossiers
	WHEN NEW.name_key IS NOT NULL BEGIN
	UPDATE dossiers SET name_key = NULL WHERE id = NEW.id;
END;
CREATE TRIGGER view_log_no_delete BEFORE DELETE ON view_log
BEGIN SELECT RAISE(ABORT, 'view_log is append-only'); END;
CREATE TRIGGER view_log_no_update BEFORE UPDATE ON view_log
BEGIN SELECT RAISE(ABORT, 'view_log is append-only'); END;
