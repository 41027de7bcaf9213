-- Daily bars of $symbol in [$from, $to] with simple and log returns from the adjusted close.
-- Returns are taken over the whole stored series first, so the first bar in range has one.
-- Binds: $symbol, $from, $to (ISO dates)
WITH series AS (
  SELECT date, open, high, low, close, adj_close,
    adj_close / lag(adj_close) OVER (ORDER BY date) AS ratio
  FROM daily_prices WHERE symbol = $symbol
)
SELECT strftime(date, '%Y-%m-%d') AS date, open, high, low, close, adj_close,
  ratio - 1 AS simple_return, ln(ratio) AS log_return
FROM series
WHERE date BETWEEN $from::DATE AND $to::DATE
ORDER BY date;
