-- One security's stored daily span and row count (no row when the symbol is unknown).
-- Binds: $symbol
SELECT symbol, count(*)::INTEGER AS rows,
  strftime(min(date), '%Y-%m-%d') AS first_date, strftime(max(date), '%Y-%m-%d') AS last_date
FROM daily_prices WHERE symbol = $symbol GROUP BY symbol;
