-- The parts of [$from, $to) not yet settled for $symbol at $interval, as epoch milliseconds
-- (start_ms inclusive, end_ms exclusive), in order. Settled: a range in fetched_ranges, or, for
-- '1d', the span of a daily series imported from a file that no provider has extended yet.
-- Binds: $symbol, $interval, $from, $to (ISO 8601 instants with offset)
WITH covered AS (
  SELECT range_start AS s, range_end AS e
  FROM fetched_ranges WHERE symbol = $symbol AND interval = $interval
  UNION ALL
  SELECT min(p.date)::TIMESTAMP AT TIME ZONE 'UTC', (max(p.date) + 1)::TIMESTAMP AT TIME ZONE 'UTC'
  FROM daily_prices p JOIN securities s ON s.symbol = p.symbol
  WHERE $interval = '1d' AND p.symbol = $symbol AND s.source LIKE 'file:%'
  HAVING count(*) > 0
), bounds AS (
  SELECT greatest(s, $from::TIMESTAMPTZ) AS s, least(e, $to::TIMESTAMPTZ) AS e
  FROM covered WHERE s < $to::TIMESTAMPTZ AND e > $from::TIMESTAMPTZ
  UNION ALL SELECT $from::TIMESTAMPTZ, $from::TIMESTAMPTZ
  UNION ALL SELECT $to::TIMESTAMPTZ, $to::TIMESTAMPTZ
), reach AS (
  -- how far the ranges sorted before each one reach: a gap is where the next one starts later
  SELECT s, max(e) OVER (ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reached
  FROM bounds
)
SELECT epoch_ms(reached)::DOUBLE AS start_ms, epoch_ms(s)::DOUBLE AS end_ms
FROM reach WHERE s > reached ORDER BY s;
