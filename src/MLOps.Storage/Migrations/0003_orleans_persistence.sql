-- 0003_orleans_persistence.sql
--
-- Grain state storage for Orleans (Microsoft.Orleans.Persistence.AdoNet 10.4.2, invariant "Npgsql",
-- registered with AddAdoNetGrainStorage).
--
-- Written for this project against the provider contract (query keys, bound parameters, result
-- columns), not taken from the Orleans repository's scripts. Needs the orleansquery table from 0001.
--
-- Contract notes that shaped this file:
--  * A row is identified by service id, GrainTypeString (the state name, see the last note) and the
--    grain key, which arrives split up:
--    GrainIdN0/GrainIdN1 (bigint halves of a Guid key, or 0/long for an integer key, 0/0 for a string
--    key) plus GrainIdExtensionString (the key extension of a compound key, the whole key of a
--    string-keyed grain, NULL otherwise). GrainIdHash/GrainTypeHash are hashes the provider computes.
--  * The etag is the row's version. A write carrying no etag must create the row; a write or clear
--    carrying an etag must match the stored version. On a mismatch the query returns no row, which the
--    provider turns into InconsistentStateException.
--  * Clearing keeps the row with a NULL payload and a new version, so a later write (which then
--    carries that version) cannot be confused with a first write. DeleteStorageKey is the optional
--    variant used when the storage is configured with DeleteStateOnClear = true.
--  * Two limits of the 10.4.2 provider that no schema can undo, because the information never reaches
--    the database: GrainTypeString is the state name (e.g. "state"), not the grain class, so two grain
--    classes with the same key and the same state name share one row; and a string key that parses as
--    a hexadecimal number arrives as an integer key ("20235" becomes 0x20235), so "20235" and "020235"
--    share one row too. Give each grain class its own state name and avoid purely hex string keys.

-- The identity of a row in one value. Keys and type names are arbitrary-length text, too long to put
-- in a B-tree key safely and awkward to compare NULL-safely in a unique constraint, so the identity
-- is hashed into a uuid-sized digest. Each part is length-prefixed so that no two different identities
-- concatenate to the same text, and a NULL extension is encoded apart from an empty one.
-- IMMUTABLE is true (md5 and integer-to-text are) and required for the generated column below.
CREATE OR REPLACE FUNCTION orleans_grain_state_key(
    service_id    text,
    grain_type    text,
    grain_id_n0   bigint,
    grain_id_n1   bigint,
    grain_id_ext  text)
RETURNS uuid
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $fn$
    SELECT md5(
               length(service_id)::text || ':' || service_id || '|' ||
               length(grain_type)::text || ':' || grain_type || '|' ||
               grain_id_n0::text || '|' || grain_id_n1::text || '|' ||
               COALESCE(length(grain_id_ext)::text || ':' || grain_id_ext, '-')
           )::uuid;
$fn$;

-- The hashes the provider sends are kept for operators (they are stable per grain and suit bucketing
-- or partitioning later) but lookups go through grain_key. The key columns are kept in clear so the
-- queries can re-check them and so the table stays readable.
-- State rows are rewritten in place on every grain write; the lower fill factor keeps those updates on
-- the same page (HOT) where the payload size allows.
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    grain_key        uuid GENERATED ALWAYS AS
                         (orleans_grain_state_key(service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext))
                         STORED,
    service_id       text        NOT NULL,
    grain_type       text        NOT NULL,
    grain_id_n0      bigint      NOT NULL,
    grain_id_n1      bigint      NOT NULL,
    grain_id_ext     text        NULL,
    grain_type_hash  integer     NOT NULL,
    grain_id_hash    integer     NOT NULL,
    payload          bytea       NULL,       -- NULL after ClearStateAsync
    version          integer     NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_grain_state_pkey PRIMARY KEY (grain_key)
) WITH (fillfactor = 90);

INSERT INTO orleansquery (querykey, querytext) VALUES

-- At most one row. A row with a NULL payload is a cleared state: the provider reports "no record" but
-- keeps the version as the etag for the next write.
('ReadFromStorageKey', $q$
SELECT s.payload AS "PayloadBinary",
       s.version AS "Version"
FROM orleans_grain_state AS s
WHERE s.grain_key = orleans_grain_state_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
  AND s.service_id  = @ServiceId
  AND s.grain_type  = @GrainTypeString
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),

-- Exactly one of the two branches can produce a row: with an etag, the conditional update; without
-- one, the insert, which yields nothing if the row already exists (someone else wrote first). The
-- result is the new etag as "NewGrainStateVersion", or no row on a conflict. The version wraps
-- instead of overflowing because hot grains can write billions of times; only inequality with the
-- previous etag matters.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_grain_state AS s
    SET payload         = @PayloadBinary,
        version         = CASE WHEN s.version = 2147483647 THEN 1 ELSE s.version + 1 END,
        grain_type_hash = @GrainTypeHash,
        grain_id_hash   = @GrainIdHash,
        updated_at      = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND s.grain_key = orleans_grain_state_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
      AND s.service_id  = @ServiceId
      AND s.grain_type  = @GrainTypeString
      AND s.grain_id_n0 = @GrainIdN0
      AND s.grain_id_n1 = @GrainIdN1
      AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
      AND s.version = @GrainStateVersion
    RETURNING s.version
), inserted AS (
    INSERT INTO orleans_grain_state
        (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext,
         grain_type_hash, grain_id_hash, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
           @GrainTypeHash, @GrainIdHash, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT (grain_key) DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
$q$),

-- Keeps the row as a tombstone (NULL payload, new version) so the etag chain continues. Returns the
-- new etag in the first column, or no row when the caller's etag is stale.
('ClearStorageKey', $q$
UPDATE orleans_grain_state AS s
SET payload    = NULL,
    version    = CASE WHEN s.version = 2147483647 THEN 1 ELSE s.version + 1 END,
    updated_at = now()
WHERE s.grain_key = orleans_grain_state_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
  AND s.service_id  = @ServiceId
  AND s.grain_type  = @GrainTypeString
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.version = @GrainStateVersion
RETURNING s.version AS "Version";
$q$),

-- DeleteStateOnClear = true: the row goes away. The provider still insists on a returned value that
-- differs from the etag it sent (and then forgets the etag), so the successor version is returned.
('DeleteStorageKey', $q$
DELETE FROM orleans_grain_state AS s
WHERE s.grain_key = orleans_grain_state_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
  AND s.service_id  = @ServiceId
  AND s.grain_type  = @GrainTypeString
  AND s.grain_id_n0 = @GrainIdN0
  AND s.grain_id_n1 = @GrainIdN1
  AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
  AND s.version = @GrainStateVersion
RETURNING CASE WHEN s.version = 2147483647 THEN 1 ELSE s.version + 1 END AS "Version";
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
