-- Stored bars of $symbol at $interval starting in [$from, $to), oldest first, `ts` as ISO 8601 UTC (like Date.toISOString()).
-- Binds: $symbol, $interval, $from, $to (ISO 8601 instants)
SELECT strftime(timezone('UTC', ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS ts, open, high, low, close, volume, session
FROM intraday_bars
WHERE symbol = $symbol AND interval = $interval AND ts >= $from::TIMESTAMPTZ AND ts < $to::TIMESTAMPTZ
ORDER BY ts;
