-- 8 (SQLite 18): the web console's sign-ins. A session is known by the SHA-256 of its
-- random token (the browser's cookie holds the token, the store never does), carries its
-- own CSRF token and the language chosen, and ends at expires_ms, after idle_ms without
-- use, or at sign-out. A disabled account's sessions stop working at once (the check
-- joins the account).
CREATE TABLE console_session (
    token_sha256 BYTEA PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES account(id),
    csrf TEXT COLLATE "C" NOT NULL,
    lang TEXT COLLATE "C" NOT NULL DEFAULT 'en',
    created_ms BIGINT NOT NULL,
    last_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
);
CREATE INDEX console_session_expiry ON console_session(expires_ms);
