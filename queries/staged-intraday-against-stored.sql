-- Stored bars of $symbol and $interval inside the staged file's time range that the file lacks
-- (importing it would remove them): how many, and the first of them. Binds: $symbol, $interval
WITH file AS (SELECT ts FROM staged_rows WHERE reason IS NULL)
SELECT count(*)::INTEGER AS lost, strftime(min(b.ts), '%Y-%m-%dT%H:%M:%SZ') AS first_lost
FROM intraday_bars b
WHERE b.symbol = $symbol AND b.interval = $interval
  AND b.ts BETWEEN (SELECT min(ts) FROM file) AND (SELECT max(ts) FROM file)
  AND b.ts NOT IN (SELECT ts FROM file);
