-- Where the Parquet prices are: a local glob or an s3:// r2:// https:// URL, read by the
-- daily_prices view (daily-prices-from-parquet). Binds: $glob
SET VARIABLE prices_parquet = $glob;
