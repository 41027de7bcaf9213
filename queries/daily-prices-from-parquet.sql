-- Puts a read-only daily_prices view over Parquet files in front of the stored table, for this
-- connection: every query that reads daily_prices then reads the Parquet files instead. Columns
-- and types as in the table. Binds: none (the location is the prices_parquet variable).
CREATE OR REPLACE TEMP VIEW daily_prices AS
SELECT symbol::VARCHAR AS symbol, date::DATE AS date, open::DOUBLE AS open, high::DOUBLE AS high,
  low::DOUBLE AS low, close::DOUBLE AS close, adj_close::DOUBLE AS adj_close, volume::DOUBLE AS volume
FROM read_parquet(getvariable('prices_parquet'), hive_partitioning = false);
