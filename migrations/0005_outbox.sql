-- 0005: the notification outbox (issue 7 item 7, docs/notifications.md).

-- Where an account wants its notifications: contact address, phone and language. Empty until
-- registration (issue 7 item 1) fills them; the dossier's applicant JSON is the fallback.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'vi' CHECK (lang = 'vi' OR lang = 'en');

-- One message to send: queued by the engine in the transaction of the event it reports,
-- then sent by the delivery thread (motcua serve) or `motcua outbox deliver`.
-- CHECKs are spelled as ORs: rows are inserted on the engine's live path (docs/engine.md).
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
	event_id INTEGER NOT NULL REFERENCES dossier_events(id),
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
	last_error TEXT NOT NULL DEFAULT ''	-- for operators; never shown to citizens
);
CREATE INDEX outbox_due ON outbox(next_at, id) WHERE state = 'queued';
CREATE INDEX outbox_dossier ON outbox(dossier_id, id);
