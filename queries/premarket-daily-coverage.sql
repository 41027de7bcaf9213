-- Which of $symbols have stored daily opens: per symbol with daily prices, the row count, how many
-- rows have an open, and whether the stored close is the raw (traded) close: true when the source
-- is marked unadjusted (securities.adjusted = false) or any stored close differs from adj_close.
-- Unknown symbols are absent.
-- Binds: $symbols (VARCHAR list)
SELECT p.symbol, count(*)::INTEGER AS rows, count(p.open)::INTEGER AS rows_with_open,
  (bool_or(p.close <> p.adj_close) OR coalesce(NOT any_value(s.adjusted), false)) AS raw_close
FROM daily_prices p LEFT JOIN securities s ON s.symbol = p.symbol
WHERE p.symbol IN (SELECT unnest($symbols::VARCHAR[]))
GROUP BY p.symbol
ORDER BY p.symbol;
