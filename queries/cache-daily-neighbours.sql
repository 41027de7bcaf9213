-- The stored daily dates of $symbol just before $from and just after $to (NULL when none): a
-- fetch widened to one of them shows whether the provider's adjustments changed since.
-- Binds: $symbol, $from, $to (ISO dates)
SELECT
  strftime(max(date) FILTER (WHERE date < $from::DATE), '%Y-%m-%d') AS before,
  strftime(min(date) FILTER (WHERE date > $to::DATE), '%Y-%m-%d') AS after
FROM daily_prices WHERE symbol = $symbol;
