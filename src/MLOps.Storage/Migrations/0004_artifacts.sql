-- Content-addressed artifacts. The blob named by the hash holds the bytes; this row records what was
-- verified when the blob was committed, so listings and registry checks never need a blob round trip.
CREATE TABLE IF NOT EXISTS artifacts (
    sha256        char(64)     PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes    bigint       NOT NULL CHECK (size_bytes >= 0),
    content_type  text         NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now()
);
