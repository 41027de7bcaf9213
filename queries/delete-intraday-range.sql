-- Removes a symbol's stored bars of one interval inside [$from, $to] before the staged file's
-- bars replace them. Bars outside the file's range are kept. Binds: $symbol, $interval, $from, $to
DELETE FROM intraday_bars
WHERE symbol = $symbol AND interval = $interval AND ts BETWEEN $from::TIMESTAMPTZ AND $to::TIMESTAMPTZ;
