-- Monitoring: reference profiles linked to model versions, drift windows, the prediction log with label
-- feedback, alert rules and alerts.

-- A model version's reference profile: the profiled reference dataset, stored as a content-addressed artifact.
CREATE TABLE IF NOT EXISTS reference_profiles (
    model_id         uuid         NOT NULL,
    version          integer      NOT NULL,
    artifact_sha256  char(64)     NOT NULL REFERENCES artifacts (sha256),
    source_format    text         NOT NULL CHECK (source_format IN ('csv', 'parquet', 'json')),
    row_count        bigint       NOT NULL,
    feature_count    integer      NOT NULL,
    created_at       timestamptz  NOT NULL,
    created_by       text         NOT NULL,
    PRIMARY KEY (model_id, version),
    FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version)
);

-- One tumbling window of one deployment and model version. The merged profile is checkpointed while the
-- window is open and written for good when it closes; the report is the evaluation at close.
CREATE TABLE IF NOT EXISTS monitoring_windows (
    deployment     text              NOT NULL,
    model_name     text              NOT NULL,
    version        integer           NOT NULL,
    window_start   timestamptz       NOT NULL,
    window_end     timestamptz       NOT NULL,
    row_count      bigint            NOT NULL DEFAULT 0,
    request_count  bigint            NOT NULL DEFAULT 0,
    profile        bytea             NULL,
    closed_at      timestamptz       NULL,
    drift_share    double precision  NULL,
    dataset_drift  boolean           NOT NULL DEFAULT false,
    report         jsonb             NULL,
    PRIMARY KEY (deployment, model_name, version, window_start)
);
CREATE INDEX IF NOT EXISTS monitoring_windows_by_time ON monitoring_windows (deployment, window_start);

-- Sampled predictions, one row per predicted row, joined to ground truth that arrives later by the response id
-- (and the row's index within a batched request).
CREATE TABLE IF NOT EXISTS prediction_log (
    deployment      text              NOT NULL,
    prediction_id   text              NOT NULL,
    row_index       integer           NOT NULL,
    model_name      text              NOT NULL,
    version         integer           NOT NULL,
    predicted_at    timestamptz       NOT NULL,
    window_start    timestamptz       NOT NULL,
    inputs          jsonb             NOT NULL,
    predicted       text              NULL,
    predicted_value double precision  NULL,
    scores          real[]            NULL,
    label           text              NULL,
    label_value     double precision  NULL,
    labelled_at     timestamptz       NULL,
    PRIMARY KEY (deployment, prediction_id, row_index)
);
CREATE INDEX IF NOT EXISTS prediction_log_window ON prediction_log (deployment, window_start) WHERE labelled_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS prediction_log_age ON prediction_log (predicted_at);

CREATE TABLE IF NOT EXISTS alert_rules (
    id           uuid              PRIMARY KEY,
    deployment   text              NOT NULL,
    name         text              NOT NULL,
    metric       text              NOT NULL,
    feature      text              NULL,
    comparator   text              NOT NULL CHECK (comparator IN ('ABOVE', 'BELOW')),
    threshold    double precision  NOT NULL,
    min_samples  bigint            NOT NULL CHECK (min_samples >= 0),
    created_at   timestamptz       NOT NULL,
    created_by   text              NOT NULL,
    deleted_at   timestamptz       NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS alert_rules_live_name ON alert_rules (deployment, name) WHERE deleted_at IS NULL;

-- Rules evaluate each model version's windows separately (a canary's versions are judged apart). An alert
-- stays FIRING across consecutive windows while its condition holds and is RESOLVED by the first window where
-- it clears; (rule, version, window) is unique, so a rule raises at most one alert per window.
CREATE TABLE IF NOT EXISTS alerts (
    id             bigserial         PRIMARY KEY,
    rule_id        uuid              NOT NULL REFERENCES alert_rules (id),
    deployment     text              NOT NULL,
    model_name     text              NOT NULL,
    version        integer           NOT NULL,
    state          text              NOT NULL CHECK (state IN ('FIRING', 'RESOLVED')),
    value          double precision  NOT NULL,
    threshold      double precision  NOT NULL,
    window_start   timestamptz       NOT NULL,
    window_end     timestamptz       NOT NULL,
    last_window    timestamptz       NOT NULL,
    message        text              NOT NULL,
    raised_at      timestamptz       NOT NULL,
    resolved_at    timestamptz       NULL,
    resolved_value double precision  NULL,
    UNIQUE (rule_id, model_name, version, window_start)
);
CREATE UNIQUE INDEX IF NOT EXISTS alerts_one_firing ON alerts (rule_id, model_name, version) WHERE state = 'FIRING';
CREATE INDEX IF NOT EXISTS alerts_by_deployment ON alerts (deployment, raised_at DESC);
