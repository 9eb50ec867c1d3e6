-- 0001_orleans_clustering.sql
--
-- Cluster membership for Orleans (Microsoft.Orleans.Clustering.AdoNet 10.4.2, invariant "Npgsql"),
-- plus the OrleansQuery table that every Orleans ADO.NET provider reads its SQL from at start-up.
--
-- Written for this project against the provider contract (the query keys it looks up, the parameters it
-- binds and the result columns it reads), not taken from the Orleans repository's scripts. The provider
-- ships no SQL: whatever text sits under a key in OrleansQuery is what it runs.
--
-- Contract notes that shaped this file:
--  * Parameters arrive typed: strings as text, ints as integer, DateTime (always Kind=Utc) as
--    timestamptz. Every time column is therefore timestamptz, so neither the server's nor the
--    session's TimeZone setting can shift a value on its way in or out.
--  * Result columns are read by name; aliases are double-quoted so they keep the exact spelling the
--    provider asks for instead of relying on a case-insensitive fallback.
--  * The membership table version is an optimistic-concurrency token for the whole cluster: a row
--    insert or update only lands if the caller's version still matches, and landing bumps it.
--
-- Runs once inside the migration runner's transaction; every statement is still idempotent so a
-- manual re-run is harmless.

-- The providers issue "SELECT QueryKey, QueryText FROM OrleansQuery" unquoted, which PostgreSQL folds
-- to lower case, so the table and its columns must be lower case to be found.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pkey PRIMARY KEY (querykey)
);

-- One row per cluster (ClusterId, which the provider still calls DeploymentId). Its version is the
-- etag Orleans compares before it changes membership, so that two silos never both act on a stale
-- view of the cluster.
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    cluster_id  text        NOT NULL,
    version     integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pkey PRIMARY KEY (cluster_id)
);

-- One row per silo incarnation: address + port + generation identify it, so a restarted silo on the
-- same endpoint gets a fresh row and the old one stays behind as Dead until cleanup.
-- Deleting a cluster's version row takes its silos with it (DeleteMembershipTableEntriesKey).
-- i_am_alive_time is rewritten by every silo every few seconds; the lower fill factor leaves room for
-- those updates to stay on the same page (HOT) instead of bloating the primary key.
CREATE TABLE IF NOT EXISTS orleans_membership_entry
(
    cluster_id      text        NOT NULL,
    address         varchar(45) NOT NULL,   -- textual IPv4/IPv6, as the provider sends it
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,   -- Orleans SiloStatus: 3 = Active, 6 = Dead
    proxy_port      integer     NOT NULL,   -- gateway port; 0 when the silo is not a gateway
    suspect_times   text        NULL,       -- "silo,date|silo,date", opaque to the database
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT orleans_membership_entry_pkey PRIMARY KEY (cluster_id, address, port, generation),
    CONSTRAINT orleans_membership_entry_cluster_fkey FOREIGN KEY (cluster_id)
        REFERENCES orleans_membership_version (cluster_id) ON DELETE CASCADE
) WITH (fillfactor = 80);

-- The queries below are stored with ON CONFLICT DO UPDATE so that a corrected text replaces an older
-- one when the script is re-applied; the providers read them once, when they initialise.
INSERT INTO orleansquery (querykey, querytext) VALUES

-- Called once by each silo at start-up. Must return exactly one row with one boolean column: whether
-- this call created the version row (a second silo finding it already there is the normal case).
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (cluster_id, version)
    VALUES (@DeploymentId, 0)
    ON CONFLICT (cluster_id) DO NOTHING
    RETURNING cluster_id
)
SELECT EXISTS (SELECT 1 FROM created) AS "Created";
$q$),

-- Returns one row per silo joined to the cluster version; when the cluster has no silo yet the single
-- row carries only "Version" and NULL silo columns, which the provider reads as "table exists, empty".
('MembershipReadAllKey', $q$
SELECT v.version           AS "Version",
       m.address           AS "Address",
       m.port              AS "Port",
       m.generation        AS "Generation",
       m.silo_name         AS "SiloName",
       m.host_name         AS "HostName",
       m.status            AS "Status",
       m.proxy_port        AS "ProxyPort",
       m.suspect_times     AS "SuspectTimes",
       m.start_time        AS "StartTime",
       m.i_am_alive_time   AS "IAmAliveTime"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership_entry AS m
       ON m.cluster_id = v.cluster_id
WHERE v.cluster_id = @DeploymentId;
$q$),

-- Same shape as MembershipReadAllKey, narrowed to one silo; the version row is still returned when the
-- silo is unknown because the provider always needs the table version.
('MembershipReadRowKey', $q$
SELECT v.version           AS "Version",
       m.address           AS "Address",
       m.port              AS "Port",
       m.generation        AS "Generation",
       m.silo_name         AS "SiloName",
       m.host_name         AS "HostName",
       m.status            AS "Status",
       m.proxy_port        AS "ProxyPort",
       m.suspect_times     AS "SuspectTimes",
       m.start_time        AS "StartTime",
       m.i_am_alive_time   AS "IAmAliveTime"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership_entry AS m
       ON m.cluster_id = v.cluster_id
      AND m.address    = @Address
      AND m.port       = @Port
      AND m.generation = @Generation
WHERE v.cluster_id = @DeploymentId;
$q$),

-- Adds a silo only if the caller's table version is still current and the silo is not already there;
-- on success the version moves on. Locking the version row first serialises competing writers, and
-- the bump depends on the insert having happened, so a duplicate silo leaves the version untouched.
-- Returns one boolean: did the row land.
('InsertMembershipKey', $q$
WITH expected AS (
    SELECT v.cluster_id
    FROM orleans_membership_version AS v
    WHERE v.cluster_id = @DeploymentId
      AND v.version    = @Version
    FOR UPDATE
), inserted AS (
    INSERT INTO orleans_membership_entry
        (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port,
         suspect_times, start_time, i_am_alive_time)
    SELECT e.cluster_id, @Address, @Port, @Generation,
           COALESCE(@SiloName, ''), COALESCE(@HostName, ''), @Status, @ProxyPort,
           NULL, @StartTime, @IAmAliveTime
    FROM expected AS e
    ON CONFLICT (cluster_id, address, port, generation) DO NOTHING
    RETURNING cluster_id
), bumped AS (
    UPDATE orleans_membership_version AS v
    SET version = v.version + 1,
        updated_at = now()
    FROM inserted AS i
    WHERE v.cluster_id = i.cluster_id
    RETURNING v.version
)
SELECT EXISTS (SELECT 1 FROM bumped) AS "Applied";
$q$),

-- Status / suspicion changes go through the same version check as inserts, because they are the votes
-- and verdicts of the membership protocol. Returns one boolean: did the update land.
('UpdateMembershipKey', $q$
WITH expected AS (
    SELECT v.cluster_id
    FROM orleans_membership_version AS v
    WHERE v.cluster_id = @DeploymentId
      AND v.version    = @Version
    FOR UPDATE
), updated AS (
    UPDATE orleans_membership_entry AS m
    SET status          = @Status,
        suspect_times   = @SuspectTimes,
        i_am_alive_time = @IAmAliveTime
    FROM expected AS e
    WHERE m.cluster_id = e.cluster_id
      AND m.address    = @Address
      AND m.port       = @Port
      AND m.generation = @Generation
    RETURNING m.cluster_id
), bumped AS (
    UPDATE orleans_membership_version AS v
    SET version = v.version + 1,
        updated_at = now()
    FROM updated AS u
    WHERE v.cluster_id = u.cluster_id
    RETURNING v.version
)
SELECT EXISTS (SELECT 1 FROM bumped) AS "Applied";
$q$),

-- The heartbeat. Deliberately outside the version protocol: bumping the version every few seconds
-- per silo would make every real membership change lose its optimistic race.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership_entry
SET i_am_alive_time = @IAmAliveTime
WHERE cluster_id = @DeploymentId
  AND address    = @Address
  AND port       = @Port
  AND generation = @Generation;
$q$),

-- Read by clients (and silos) to find gateways. @Status is the Active status code; a silo without a
-- gateway endpoint reports proxy port 0 and is no use to a client.
('GatewaysQueryKey', $q$
SELECT m.address    AS "Address",
       m.proxy_port AS "ProxyPort",
       m.generation AS "Generation"
FROM orleans_membership_entry AS m
WHERE m.cluster_id = @DeploymentId
  AND m.status     = @Status
  AND m.proxy_port > 0;
$q$),

-- Drops a whole cluster; the foreign key cascades to its silos.
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version
WHERE cluster_id = @DeploymentId;
$q$),

-- Bulk fallback: 10.4.2 only runs this when CleanupDefunctSiloEntryKey is absent. It removes Dead silos
-- that have been silent since before the cut-off (@IAmAliveTime). It cannot see suspect-vote times
-- inside the opaque suspect_times text, which is why the per-row key below is preferred.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership_entry
WHERE cluster_id      = @DeploymentId
  AND status          = 6
  AND start_time      < @IAmAliveTime
  AND i_am_alive_time < @IAmAliveTime;
$q$),

-- Per-row cleanup, used by 10.4.2 when present: the provider reads the table, decides in code which
-- Dead rows are old enough, then deletes each one passing back the values it saw. The delete only
-- happens if the row still holds exactly those values, so a row that changed in between (a new vote,
-- a late heartbeat) survives. NULL and '' suspect lists are treated alike: the provider stores an
-- emptied vote list as '', reads '' back as "no list" and then passes NULL here.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership_entry
WHERE cluster_id      = @DeploymentId
  AND address         = @Address
  AND port            = @Port
  AND generation      = @Generation
  AND status          = 6
  AND start_time      = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND NULLIF(btrim(suspect_times), '') IS NOT DISTINCT FROM NULLIF(btrim(@SuspectTimes), '');
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
