-- 0002_accounts.sql - sessions with idle and absolute expiry, and the sign-in audit table
-- (docs/accounts.md). The sessions table of 0001 was never used: replaced.
DROP TABLE sessions;

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
CREATE INDEX sessions_user ON sessions(user_id);

-- Every sign-in, failure, sign-out and password change. Throttling counts failures through
-- the two indexes.
CREATE TABLE signin_audit (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('success', 'unknown_user', 'wrong_password',
		'throttled', 'inactive', 'sign_out', 'password_change')),
	username TEXT NOT NULL,			-- as typed, at most 64 bytes
	user_id INTEGER REFERENCES users(id),
	client TEXT NOT NULL,
	user_agent TEXT NOT NULL		-- at most 120 bytes
);
CREATE INDEX signin_audit_username ON signin_audit(username, at);
CREATE INDEX signin_audit_client ON signin_audit(client, at);
