-- 18: the web console's sign-ins. A session is known by the SHA-256 of its random token
-- (the browser's cookie holds the token, the store never does), carries its own CSRF
-- token and the language chosen, and ends at expires_ms, after idle_ms without use, or
-- at sign-out. A disabled account's sessions stop working at once (the check joins the
-- account).
CREATE TABLE console_session (
    token_sha256 BLOB PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id),
    csrf TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'en',
    created_ms INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL
);
CREATE INDEX console_session_expiry ON console_session(expires_ms);
