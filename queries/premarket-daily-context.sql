-- Lane: heavy (its cost grows with the request; see src/store/duckdb-store.ts)
-- Each of $symbols' stored daily row on $date and its previous stored row: the prices a day's
-- intraday figures are measured against. `raw_close` as in premarket-daily-coverage.sql (then
-- prev_close is the traded previous close). Symbols without a row on $date are absent.
-- Binds: $symbols (VARCHAR list), $date (YYYY-MM-DD)
WITH rows AS (
  SELECT p.symbol, p.date, p.open, p.high, p.low, p.close, p.adj_close,
    lag(p.date) OVER w AS prev_date, lag(p.close) OVER w AS prev_close, lag(p.adj_close) OVER w AS prev_adj_close
  FROM daily_prices p
  WHERE p.symbol IN (SELECT unnest($symbols::VARCHAR[])) AND p.date <= $date::DATE
  WINDOW w AS (PARTITION BY p.symbol ORDER BY p.date)
), raw AS (
  SELECT p.symbol, (bool_or(p.close <> p.adj_close) OR coalesce(NOT any_value(s.adjusted), false)) AS raw_close
  FROM daily_prices p LEFT JOIN securities s ON s.symbol = p.symbol
  WHERE p.symbol IN (SELECT unnest($symbols::VARCHAR[]))
  GROUP BY p.symbol
)
SELECT r.symbol, strftime(r.date, '%Y-%m-%d') AS date, r.open, r.high, r.low, r.close, r.adj_close,
  strftime(r.prev_date, '%Y-%m-%d') AS prev_date, r.prev_close, r.prev_adj_close, w.raw_close
FROM rows r JOIN raw w USING (symbol)
WHERE r.date = $date::DATE
ORDER BY r.symbol;
