-- 0004: old session rows are swept (issue 6, crash and load trials): at start-up and at most
-- hourly on sign-in, rows whose absolute expiry is more than 7 days past are deleted
-- (session_sweep). This index keeps the sweep from reading the whole table.
CREATE INDEX sessions_expiry ON sessions(expires_at);
