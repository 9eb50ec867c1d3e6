-- API keys. Only a SHA-256 of each key is kept: keys are 32 random bytes, so a fast hash is enough to make
-- a leaked table useless, and it lets a request be authenticated with one indexed lookup.
CREATE TABLE IF NOT EXISTS api_keys (
    id            uuid         PRIMARY KEY,
    key_hash      char(64)     NOT NULL UNIQUE,
    display_prefix text        NOT NULL,
    owner         text         NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
    role          text         NOT NULL CHECK (role IN ('reader', 'contributor', 'approver', 'admin')),
    description   text         NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    created_by    text         NOT NULL,
    expires_at    timestamptz  NULL,
    revoked_at    timestamptz  NULL,
    revoked_by    text         NULL
);
