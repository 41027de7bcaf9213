-- Creates the migration ledger if it is missing. Binds: none.
CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL);
