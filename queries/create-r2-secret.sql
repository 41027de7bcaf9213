-- Credentials for r2:// Parquet prices (Cloudflare R2 through DuckDB httpfs).
-- Binds: $key_id, $secret, $account_id
CREATE OR REPLACE SECRET prices_r2 (TYPE r2, KEY_ID $key_id, SECRET $secret, ACCOUNT_ID $account_id);
