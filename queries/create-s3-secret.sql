-- Credentials for s3:// Parquet prices (DuckDB httpfs). Binds: $key_id, $secret, $region
CREATE OR REPLACE SECRET prices_s3 (TYPE s3, KEY_ID $key_id, SECRET $secret, REGION $region);
