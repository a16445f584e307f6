-- 0012_api_tokens.sql - API tokens for the reports API (issue 9 §9, issue 10 §6; docs/api.md).
-- Only a hash of the token is stored (BLAKE2b-256 of its 32 random bytes, like sessions);
-- the token itself is shown once when issued. A revoked token is kept (revoked_at) so the
-- list shows what existed and the administrative record can name it.
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
CREATE INDEX api_tokens_unit ON api_tokens(unit_id);
