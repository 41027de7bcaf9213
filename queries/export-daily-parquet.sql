-- Writes every stored daily price as Parquet under $dir, one folder per symbol
-- ($dir/symbol=<SYMBOL>/data_0.parquet, the symbol also kept as a column), rows in date order.
-- Binds: $dir
COPY (
  SELECT symbol, date, open, high, low, close, adj_close, volume
  FROM daily_prices ORDER BY symbol, date
) TO $dir (FORMAT parquet, PARTITION_BY (symbol), WRITE_PARTITION_COLUMNS true);
