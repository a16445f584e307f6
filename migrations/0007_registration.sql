-- 0007: registration of citizens and organisations (issue 7 item 1, docs/accounts.md).

-- Who registered: a person (citizen ID number) or an organisation (tax code). Accounts made
-- by `motcua user add` (staff, demo citizens) are persons without an ID number.
ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'person'
	CHECK (kind IN ('person', 'organisation'));
ALTER TABLE users ADD COLUMN id_number TEXT;		-- CCCD, 12 digits; persons only
ALTER TABLE users ADD COLUMN tax_code TEXT;		-- NNNNNNNNNC or NNNNNNNNNC-BBB
ALTER TABLE users ADD COLUMN email_confirmed_at INTEGER;	-- NULL until the link is used
CREATE UNIQUE INDEX users_id_number ON users(id_number) WHERE id_number IS NOT NULL;
CREATE UNIQUE INDEX users_tax_code ON users(tax_code) WHERE tax_code IS NOT NULL;
-- Registration stores addresses in lower case; older rows may share an address (or none).
CREATE INDEX users_email ON users(email) WHERE email <> '';

-- Email confirmation links: the token is 32 random bytes sent as 64 hex digits, stored as
-- its BLAKE2b-256 hash; one use, before expires_at, and only for the address it was sent to.
CREATE TABLE email_confirmations (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	token_hash BLOB NOT NULL UNIQUE,
	email TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
);
CREATE INDEX email_confirmations_user ON email_confirmations(user_id);

-- The outbox gains messages that are about an account, not a dossier (the confirmation
-- link): dossier_id and event_id become optional, kind says which, user_id whose account.
-- SQLite cannot relax NOT NULL in place: the table is rebuilt (nothing references it).
CREATE TABLE outbox_new (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL DEFAULT 'dossier' CHECK (kind = 'dossier' OR kind = 'confirm_email'),
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
INSERT INTO outbox_new (id, dossier_id, event_id, channel, recipient, lang, subject, body,
			state, attempts, next_at, created_at, sent_at, last_error)
	SELECT id, dossier_id, event_id, channel, recipient, lang, subject, body, state,
	       attempts, next_at, created_at, sent_at, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(next_at, id) WHERE state = 'queued';
CREATE INDEX outbox_dossier ON outbox(dossier_id, id);

-- The sign-in audit table gains the outcomes of registration (its kind CHECK cannot be
-- altered in place either).
CREATE TABLE signin_audit_new (
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
INSERT INTO signin_audit_new SELECT id, at, kind, username, user_id, client, user_agent
	FROM signin_audit;
DROP TABLE signin_audit;
ALTER TABLE signin_audit_new RENAME TO signin_audit;
CREATE INDEX signin_audit_username ON signin_audit(username, at);
CREATE INDEX signin_audit_client ON signin_audit(client, at);
