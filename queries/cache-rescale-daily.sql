-- Puts the stored daily rows of $symbol that the staged fetch (fetched_daily) does not replace
-- on the fetch's adjustment basis: adj_close by $adj_factor, prices by $close_factor (a split),
-- volume by its inverse. Returns computed across old and new rows then stay right.
-- Binds: $symbol, $adj_factor, $close_factor
UPDATE daily_prices SET
  adj_close = adj_close * $adj_factor,
  close = close * $close_factor,
  open = open * $close_factor,
  high = high * $close_factor,
  low = low * $close_factor,
  volume = volume / $close_factor
WHERE symbol = $symbol AND date NOT IN (SELECT date FROM fetched_daily);
