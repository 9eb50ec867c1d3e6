-- The model registry. Grains are the single writers; these rows are the durable truth, and every change is
-- written together with its audit entry and its registry event in one transaction.

CREATE TABLE IF NOT EXISTS registered_models (
    id           uuid         PRIMARY KEY,
    name         text         NOT NULL CHECK (name ~ '^[A-Za-z0-9._-]{1,250}$'),
    description  text         NOT NULL DEFAULT '',
    tags         jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL,
    created_by   text         NOT NULL,
    deleted_at   timestamptz  NULL,
    -- Versions handed out so far: the next registration takes last_version + 1 under the grain's single
    -- writer, so numbers have no gaps or duplicates.
    last_version integer      NOT NULL DEFAULT 0
);
-- A name is unique among live models; a deleted model's name can be registered again.
CREATE UNIQUE INDEX IF NOT EXISTS registered_models_live_name ON registered_models (name) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS registered_models_tags ON registered_models USING gin (tags);

CREATE TABLE IF NOT EXISTS model_versions (
    model_id         uuid         NOT NULL REFERENCES registered_models (id),
    version          integer      NOT NULL CHECK (version > 0),
    status           text         NOT NULL CHECK (status IN ('PENDING_REGISTRATION', 'READY', 'FAILED_REGISTRATION')),
    status_message   text         NULL,
    stage            text         NOT NULL DEFAULT 'None' CHECK (stage IN ('None', 'Staging', 'Production', 'Archived')),
    description      text         NOT NULL DEFAULT '',
    artifact_sha256  char(64)     NOT NULL REFERENCES artifacts (sha256),
    artifact_size    bigint       NOT NULL,
    format           text         NOT NULL DEFAULT 'onnx',
    signature        jsonb        NULL,
    onnx_metadata    jsonb        NULL,
    lineage          jsonb        NOT NULL DEFAULT '{}'::jsonb,
    metrics          jsonb        NOT NULL DEFAULT '{}'::jsonb,
    tags             jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL,
    created_by       text         NOT NULL,
    PRIMARY KEY (model_id, version)
);
CREATE INDEX IF NOT EXISTS model_versions_stage ON model_versions (stage, model_id);

CREATE TABLE IF NOT EXISTS model_aliases (
    model_id    uuid         NOT NULL REFERENCES registered_models (id),
    alias       text         NOT NULL CHECK (alias ~ '^[A-Za-z0-9_-]{1,255}$'),
    version     integer      NOT NULL,
    updated_at  timestamptz  NOT NULL,
    updated_by  text         NOT NULL,
    PRIMARY KEY (model_id, alias),
    FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version)
);

CREATE TABLE IF NOT EXISTS stage_transition_requests (
    id                uuid         PRIMARY KEY,
    model_id          uuid         NOT NULL REFERENCES registered_models (id),
    version           integer      NOT NULL,
    from_stage        text         NOT NULL,
    to_stage          text         NOT NULL CHECK (to_stage IN ('None', 'Staging', 'Production', 'Archived')),
    archive_existing  boolean      NOT NULL,
    status            text         NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED')),
    requested_by      text         NOT NULL,
    requested_at      timestamptz  NOT NULL,
    comment           text         NOT NULL DEFAULT '',
    decided_by        text         NULL,
    decided_at        timestamptz  NULL,
    decision_comment  text         NULL,
    FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version)
);
CREATE INDEX IF NOT EXISTS stage_transition_requests_model ON stage_transition_requests (model_id, version);

-- Who did what, when, with the state before and after. Newest first by id.
CREATE TABLE IF NOT EXISTS audit_log (
    id           bigserial    PRIMARY KEY,
    occurred_at  timestamptz  NOT NULL DEFAULT now(),
    actor        text         NOT NULL,
    action       text         NOT NULL,
    model_id     uuid         NULL,
    model_name   text         NULL,
    version      integer      NULL,
    before       jsonb        NULL,
    after        jsonb        NULL
);
CREATE INDEX IF NOT EXISTS audit_log_model ON audit_log (model_id, id DESC);

-- The transactional outbox of registry events: written with the change, read by webhook delivery and by
-- in-cluster subscribers catching up after a restart.
CREATE TABLE IF NOT EXISTS registry_events (
    id           bigserial    PRIMARY KEY,
    occurred_at  timestamptz  NOT NULL DEFAULT now(),
    event_type   text         NOT NULL,
    model_name   text         NULL,
    version      integer      NULL,
    actor        text         NOT NULL,
    payload      jsonb        NOT NULL
);

CREATE TABLE IF NOT EXISTS webhooks (
    id           uuid         PRIMARY KEY,
    url          text         NOT NULL,
    -- Event types delivered; empty means every event.
    event_types  text[]       NOT NULL DEFAULT '{}',
    -- Model names delivered; empty means every model.
    model_names  text[]       NOT NULL DEFAULT '{}',
    -- Signing secret: needed in clear to compute HMACs; shown once at creation, never logged.
    secret       text         NOT NULL,
    description  text         NOT NULL DEFAULT '',
    created_at   timestamptz  NOT NULL DEFAULT now(),
    created_by   text         NOT NULL,
    deleted_at   timestamptz  NULL
);

-- One row per (webhook, event), created in the event's own transaction, so a delivery survives restarts.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id               bigserial    PRIMARY KEY,
    webhook_id       uuid         NOT NULL REFERENCES webhooks (id),
    event_id         bigint       NOT NULL REFERENCES registry_events (id),
    state            text         NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL DEFAULT now(),
    last_status_code integer      NULL,
    last_error       text         NULL,
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'PENDING';

-- Every attempt, with its outcome: the delivery log.
CREATE TABLE IF NOT EXISTS webhook_attempts (
    id            bigserial    PRIMARY KEY,
    delivery_id   bigint       NOT NULL REFERENCES webhook_deliveries (id),
    attempt       integer      NOT NULL,
    attempted_at  timestamptz  NOT NULL DEFAULT now(),
    status_code   integer      NULL,
    error         text         NULL,
    duration_ms   double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
