-- Before a provider first extends a daily series imported from a file, records the file's span
-- as settled (origin 'import'), since the series' source stops being the file. No-op otherwise.
-- Binds: $symbol
INSERT OR REPLACE INTO fetched_ranges (symbol, interval, range_start, range_end, origin, fetched_at)
SELECT p.symbol, '1d', min(p.date)::TIMESTAMP AT TIME ZONE 'UTC', (max(p.date) + 1)::TIMESTAMP AT TIME ZONE 'UTC', 'import', now()
FROM daily_prices p JOIN securities s ON s.symbol = p.symbol
WHERE p.symbol = $symbol AND s.source LIKE 'file:%'
GROUP BY p.symbol;
