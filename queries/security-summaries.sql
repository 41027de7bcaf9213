-- Stored daily span and row count of each of $symbols that has prices (unknown ones are absent).
-- Binds: $symbols (VARCHAR list)
SELECT symbol, count(*)::INTEGER AS rows,
  strftime(min(date), '%Y-%m-%d') AS first_date, strftime(max(date), '%Y-%m-%d') AS last_date
FROM daily_prices WHERE symbol IN (SELECT unnest($symbols::VARCHAR[])) GROUP BY symbol;
