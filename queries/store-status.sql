-- What the store holds: symbols with daily prices, daily rows, their date span, intraday bars.
-- Binds: none.
SELECT
  (SELECT count(DISTINCT symbol) FROM daily_prices)::INTEGER AS symbols,
  (SELECT count(*) FROM daily_prices)::INTEGER AS daily_rows,
  (SELECT strftime(min(date), '%Y-%m-%d') FROM daily_prices) AS first_date,
  (SELECT strftime(max(date), '%Y-%m-%d') FROM daily_prices) AS last_date,
  (SELECT count(*) FROM intraday_bars)::INTEGER AS intraday_bars;
