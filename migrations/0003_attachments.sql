-- 0003: the file store and attachments (issue 6, uploads stream to disk).

-- One row per distinct file content. The bytes live at <files dir>/<hash[0..2]>/<hash>,
-- never in the database; the kind was recognised from the content, not the name.
CREATE TABLE stored_files (
	hash TEXT PRIMARY KEY CHECK (length(hash) = 64),	-- BLAKE2b-256, lowercase hex
	kind TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png')),
	size INTEGER NOT NULL CHECK (size >= 0),
	first_seen INTEGER NOT NULL
) WITHOUT ROWID;

-- A stored file attached to an owner: a user's personal document ("Giấy tờ của tôi") now,
-- a dossier in the next issue. The same file may be attached many times.
CREATE TABLE attachments (
	id INTEGER PRIMARY KEY,
	owner_kind TEXT NOT NULL CHECK (owner_kind IN ('user', 'dossier')),
	owner_id INTEGER NOT NULL,
	file_hash TEXT NOT NULL REFERENCES stored_files(hash),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 120),	-- sanitised
	uploaded_by INTEGER REFERENCES users(id),
	uploaded_at INTEGER NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id, id);
CREATE INDEX attachments_file ON attachments(file_hash);
