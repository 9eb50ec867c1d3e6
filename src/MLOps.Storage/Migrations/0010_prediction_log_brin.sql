-- The prediction log is appended in time order and only retention reads it by age: a BRIN index on
-- predicted_at serves that range delete at a fraction of a B-tree's cost per inserted row.
DROP INDEX IF EXISTS prediction_log_age;
CREATE INDEX IF NOT EXISTS prediction_log_age_brin ON prediction_log USING brin (predicted_at);
