-- 0010: the one-stop shop's intake (issue 8 items 2, 3, 5; docs/intake.md).

-- The intake queue (submitted) and the results-ready queue (resolved, stopped) of a unit
-- subtree, oldest first: one index range per unit of the subtree, already in time order.
CREATE INDEX dossiers_queue ON dossiers(status, unit_id, submitted_at);

-- Idempotency of the counter intake form: the token of a blank form is claimed before the
-- engine's receive and then names the dossier it made, so a form sent twice makes one dossier.
CREATE TABLE intake_tokens (
	token TEXT PRIMARY KEY,
	clerk_id INTEGER NOT NULL REFERENCES users(id),
	dossier_id INTEGER REFERENCES dossiers(id),	-- NULL while the receive is under way
	created_at INTEGER NOT NULL
);
