-- Deployments: named endpoints whose routes point at model versions or aliases. The row holds the current
-- spec; every change is kept as a numbered revision (the route history), written in the same transaction.
CREATE TABLE IF NOT EXISTS deployments (
    id          uuid         PRIMARY KEY,
    name        text         NOT NULL CHECK (name ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    spec        jsonb        NOT NULL,
    revision    integer      NOT NULL,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL,
    created_by  text         NOT NULL,
    deleted_at  timestamptz  NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS deployments_live_name ON deployments (name) WHERE deleted_at IS NULL;

CREATE TABLE IF NOT EXISTS deployment_revisions (
    deployment_id  uuid         NOT NULL REFERENCES deployments (id),
    revision       integer      NOT NULL,
    spec           jsonb        NOT NULL,
    changed_at     timestamptz  NOT NULL,
    changed_by     text         NOT NULL,
    PRIMARY KEY (deployment_id, revision)
);
