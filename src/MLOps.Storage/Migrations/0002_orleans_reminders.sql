-- 0002_orleans_reminders.sql
--
-- Durable reminders for Orleans (Microsoft.Orleans.Reminders.AdoNet 10.4.2, invariant "Npgsql").
--
-- Written for this project against the provider contract (query keys, bound parameters, result
-- columns), not taken from the Orleans repository's scripts. Needs the orleansquery table from 0001.
--
-- Contract notes that shaped this file:
--  * Reminders are partitioned across silos by a 32-bit grain hash. The provider binds the hash and the
--    range bounds as signed integers (the unsigned value reinterpreted), so the column is a plain
--    integer and all comparisons happen in signed order; see the range queries below.
--  * The period arrives in milliseconds, as integer or bigint depending on its size, hence bigint.
--  * The etag is the row's version number; it only has to change on every upsert.

-- A reminder is identified by service, grain and name. The grain id is Orleans' text form
-- ("type/key"), which the provider parses back when it reads the row.
CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id     text        NOT NULL,
    grain_id       text        NOT NULL,
    reminder_name  text        NOT NULL,
    grain_hash     integer     NOT NULL,
    start_time     timestamptz NOT NULL,
    period_ms      bigint      NOT NULL,
    version        integer     NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_reminder_pkey PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo periodically loads the reminders of the hash range it owns.
CREATE INDEX IF NOT EXISTS orleans_reminder_service_hash_idx
    ON orleans_reminder (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES

('ReadReminderRowsKey', $q$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder AS r
WHERE r.service_id = @ServiceId
  AND r.grain_id   = @GrainId;
$q$),

('ReadReminderRowKey', $q$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder AS r
WHERE r.service_id    = @ServiceId
  AND r.grain_id      = @GrainId
  AND r.reminder_name = @ReminderName;
$q$),

-- Ring ranges are (begin, end]. The provider picks this key when begin < end in signed order, i.e.
-- when the range does not wrap around the signed integer boundary.
('ReadRangeRows1Key', $q$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder AS r
WHERE r.service_id = @ServiceId
  AND r.grain_hash > @BeginHash
  AND r.grain_hash <= @EndHash;
$q$),

-- The wrapping case (begin >= end in signed order): everything above begin plus everything up to end.
-- begin = end means the whole ring, which this form also yields.
('ReadRangeRows2Key', $q$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder AS r
WHERE r.service_id = @ServiceId
  AND (r.grain_hash > @BeginHash OR r.grain_hash <= @EndHash);
$q$),

-- Insert or replace, returning the new etag as "Version". Upserts are last-writer-wins by design of the
-- reminder service, so no etag is checked here. The version wraps instead of overflowing so that a
-- reminder re-registered two billion times still works; only inequality with the old etag matters.
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminder
    (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 1)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET grain_hash = EXCLUDED.grain_hash,
    start_time = EXCLUDED.start_time,
    period_ms  = EXCLUDED.period_ms,
    version    = CASE WHEN orleans_reminder.version = 2147483647 THEN 1
                      ELSE orleans_reminder.version + 1 END,
    updated_at = now()
RETURNING version AS "Version";
$q$),

-- Removal is conditional on the caller's etag, so a reminder re-registered meanwhile is not lost.
-- Returns one boolean: was a row removed.
('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM orleans_reminder
    WHERE service_id    = @ServiceId
      AND grain_id      = @GrainId
      AND reminder_name = @ReminderName
      AND version       = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM removed) AS "Removed";
$q$),

-- Only reached through the provider's test hook that wipes a service's reminders.
('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminder
WHERE service_id = @ServiceId;
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
