-- 0014: user administration and staff two-factor sign-in (issue 10 items 1 and 7;
-- docs/admin-users.md, docs/two-factor.md).

-- One-time links to set a password (a new staff account) or to reset it: 32 random bytes
-- sent as 64 hex digits, stored as their BLAKE2b-256 hash; one use, before expires_at.
-- A newer link of the same account makes the older ones unusable (used_at set).
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
CREATE INDEX password_links_user ON password_links(user_id);

-- The TOTP secret of an account (RFC 6238), encrypted with a key derived from the server key
-- (crypto_secretbox: nonce || ciphertext). enabled_at NULL: enrolment started, not confirmed.
-- last_step: the last time step accepted (a code is never accepted twice).
CREATE TABLE user_totp (
	user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	secret_box BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	enabled_at INTEGER,
	last_step INTEGER NOT NULL DEFAULT 0
);

-- Recovery codes: BLAKE2b-256 of the normalised code; used once.
CREATE TABLE recovery_codes (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash BLOB NOT NULL,
	used_at INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- A password was right but the second step is still to come: 'verify' (a code is asked) or
-- 'enrol' (the role requires two-factor and the account has none yet). Not a session: it
-- opens only the code page or the enrolment page, for a few minutes.
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
CREATE INDEX signin_pending_expiry ON signin_pending(expires_at);

-- The password link's email is an outbox message about an account (kind 'password_link',
-- user_id set, no dossier). SQLite cannot change a CHECK in place: the table is rebuilt as
-- 0007 and 0011 did (nothing references it).
CREATE TABLE outbox_new (
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
INSERT INTO outbox_new SELECT id, kind, dossier_id, event_id, user_id, channel, recipient, lang,
	subject, body, state, attempts, next_at, created_at, sent_at, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(next_at, id) WHERE state = 'queued';
CREATE INDEX outbox_dossier ON outbox(dossier_id, id);
CREATE INDEX outbox_digest ON outbox(user_id, created_at) WHERE kind = 'digest';
