-- Experiment tracking: experiments, runs and what runs log. Limits at least MLflow's; the run grain owns a
-- run's writes, so metric points carry no foreign key (bulk COPY speed) and params are checked in the grain.
CREATE TABLE IF NOT EXISTS experiments (
    id          uuid         PRIMARY KEY,
    name        text         NOT NULL CHECK (char_length(name) BETWEEN 1 AND 500),
    lifecycle   text         NOT NULL DEFAULT 'ACTIVE' CHECK (lifecycle IN ('ACTIVE', 'DELETED')),
    created_by  text         NOT NULL,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL,
    deleted_at  timestamptz  NULL
);
-- Names stay reserved while an experiment is soft-deleted (it can be restored), as in MLflow.
CREATE UNIQUE INDEX IF NOT EXISTS experiments_name ON experiments (name);

CREATE TABLE IF NOT EXISTS experiment_tags (
    experiment_id  uuid  NOT NULL REFERENCES experiments (id),
    key            text  NOT NULL CHECK (char_length(key) BETWEEN 1 AND 250),
    value          text  NOT NULL CHECK (char_length(value) <= 8000),
    PRIMARY KEY (experiment_id, key)
);

CREATE TABLE IF NOT EXISTS runs (
    id             uuid         PRIMARY KEY,
    experiment_id  uuid         NOT NULL REFERENCES experiments (id),
    name           text         NOT NULL CHECK (char_length(name) BETWEEN 1 AND 250),
    status         text         NOT NULL CHECK (status IN ('RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED')),
    start_time     timestamptz  NOT NULL,
    end_time       timestamptz  NULL,
    lifecycle      text         NOT NULL DEFAULT 'ACTIVE' CHECK (lifecycle IN ('ACTIVE', 'DELETED')),
    created_by     text         NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_experiment_start ON runs (experiment_id, start_time DESC, id);

CREATE TABLE IF NOT EXISTS run_params (
    run_id  uuid  NOT NULL REFERENCES runs (id),
    key     text  NOT NULL CHECK (char_length(key) BETWEEN 1 AND 250),
    value   text  NOT NULL CHECK (char_length(value) <= 6000),
    PRIMARY KEY (run_id, key)
);
CREATE INDEX IF NOT EXISTS run_params_key_value ON run_params (key, value);

CREATE TABLE IF NOT EXISTS run_tags (
    run_id  uuid  NOT NULL REFERENCES runs (id),
    key     text  NOT NULL CHECK (char_length(key) BETWEEN 1 AND 250),
    value   text  NOT NULL CHECK (char_length(value) <= 8000),
    PRIMARY KEY (run_id, key)
);
CREATE INDEX IF NOT EXISTS run_tags_key_value ON run_tags (key, value);

-- Every metric point, append-only, in chunks: one row per run, key and logged batch, holding that batch's points
-- of the key as three parallel arrays. Written by binary COPY, group-committed across concurrent batches. A row
-- (and an index entry) per point costs PostgreSQL several times more per point; reads unnest the arrays.
CREATE TABLE IF NOT EXISTS run_metric_chunks (
    run_id       uuid                NOT NULL,
    key          text                NOT NULL,
    point_count  integer             NOT NULL,
    steps        bigint[]            NOT NULL,
    timestamps   timestamptz[]       NOT NULL,
    vals         double precision[]  NOT NULL,
    CHECK (cardinality(steps) = point_count AND cardinality(timestamps) = point_count AND cardinality(vals) = point_count)
);
CREATE INDEX IF NOT EXISTS run_metric_chunks_series ON run_metric_chunks (run_id, key);

-- The latest point per run and key (highest step, then latest timestamp), for search and ordering.
CREATE TABLE IF NOT EXISTS run_latest_metrics (
    run_id  uuid              NOT NULL REFERENCES runs (id),
    key     text              NOT NULL,
    step    bigint            NOT NULL,
    ts      timestamptz       NOT NULL,
    value   double precision  NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE INDEX IF NOT EXISTS run_latest_metrics_key_value ON run_latest_metrics (key, value);

CREATE TABLE IF NOT EXISTS run_inputs (
    run_id   uuid  NOT NULL REFERENCES runs (id),
    name     text  NOT NULL CHECK (char_length(name) BETWEEN 1 AND 500),
    digest   text  NOT NULL CHECK (char_length(digest) BETWEEN 1 AND 64),
    source   text  NOT NULL,
    schema   text  NULL,
    context  text  NOT NULL CHECK (context IN ('training', 'validation', 'test')),
    PRIMARY KEY (run_id, name, digest, context)
);

-- Client batch ids already applied to a run: a retried batch is acknowledged, never applied twice.
CREATE TABLE IF NOT EXISTS run_batches (
    run_id      uuid         NOT NULL REFERENCES runs (id),
    batch_id    text         NOT NULL CHECK (char_length(batch_id) BETWEEN 1 AND 128),
    applied_at  timestamptz  NOT NULL,
    PRIMARY KEY (run_id, batch_id)
);

-- Files under a run's artifact path; content lives in the content-addressed artifact store.
CREATE TABLE IF NOT EXISTS run_artifacts (
    run_id      uuid         NOT NULL REFERENCES runs (id),
    path        text         NOT NULL CHECK (char_length(path) BETWEEN 1 AND 1000),
    sha256      text         NOT NULL,
    size_bytes  bigint       NOT NULL,
    created_at  timestamptz  NOT NULL,
    PRIMARY KEY (run_id, path)
);

-- Min/max summaries of every metric series over blocks of steps, at six resolutions (level l covers
-- 2^(6+4l) steps per block), maintained with each commit. Downsampling a long series for a chart reads a few
-- thousand block rows instead of every point, and stays exact: a chart bucket is a union of whole blocks, so
-- its min and max are the blocks' min and max.
CREATE TABLE IF NOT EXISTS run_metric_blocks (
    run_id       uuid              NOT NULL,
    key          text              NOT NULL,
    level        smallint          NOT NULL,
    block        bigint            NOT NULL,
    point_count  bigint            NOT NULL,
    first_step   bigint            NOT NULL,
    last_step    bigint            NOT NULL,
    min_value    double precision  NOT NULL,
    min_step     bigint            NOT NULL,
    min_ts       timestamptz       NOT NULL,
    max_value    double precision  NOT NULL,
    max_step     bigint            NOT NULL,
    max_ts       timestamptz       NOT NULL,
    PRIMARY KEY (run_id, key, level, block)
);
