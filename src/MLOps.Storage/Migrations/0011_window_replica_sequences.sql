-- The last partial sequence merged from each replica, checkpointed with the window's profile: a window grain
-- reactivated from its checkpoint then still recognises a retried partial whose data the checkpoint already holds.
ALTER TABLE monitoring_windows ADD COLUMN IF NOT EXISTS replica_sequences jsonb NOT NULL DEFAULT '{}'::jsonb;
