-- 0006: online payment of a dossier's fees (issue 7, item 4): one row per attempt at a
-- payment gateway, and the nonces of the gateway callbacks already accepted (replay guard).

-- A payment attempt. reference: ours, sent to the gateway and signed back in its callback
-- (unique, so one attempt is paid at most once). state: pending until the gateway's signed
-- callback says paid or cancelled; failed when the gateway said paid but the dossier could no
-- longer take the payment (withdrawn meanwhile: refund by hand, logged).
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
CREATE INDEX payments_dossier ON payments(dossier_id, id);

-- Nonces of accepted gateway callbacks: a callback whose nonce is here is a replay. Kept as
-- history; a callback older than the time window is refused anyway.
CREATE TABLE payment_nonces (
	nonce TEXT PRIMARY KEY,
	payment_id INTEGER NOT NULL REFERENCES payments(id),
	at INTEGER NOT NULL
) WITHOUT ROWID;
