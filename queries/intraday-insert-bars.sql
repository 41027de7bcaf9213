-- Stores intraday bars given as parallel lists (e.g. parsed from a Yahoo chart response), replacing
-- bars with the same (symbol, interval, time). `session` is pre/regular/post by the bar's clock
-- time in $timezone (pre < 09:30 <= regular < 16:00 <= post), as the CSV import does. Bars
-- without a close (Yahoo's null rows) are skipped.
-- Numbers come as VARCHAR lists (decimal text, '' for a missing value) because a bound list takes
-- the type of its first item.
-- Binds: $symbol, $interval, $timezone (VARCHAR); $ms (bar start, epoch ms), $open, $high, $low,
--        $close, $volume (parallel VARCHAR lists)
INSERT OR REPLACE INTO intraday_bars (symbol, interval, ts, open, high, low, close, volume, session)
WITH b AS (
  SELECT make_timestamptz((nullif(unnest($ms::VARCHAR[]), '')::DOUBLE * 1000)::BIGINT) AS ts,
    nullif(unnest($open::VARCHAR[]), '')::DOUBLE AS open, nullif(unnest($high::VARCHAR[]), '')::DOUBLE AS high,
    nullif(unnest($low::VARCHAR[]), '')::DOUBLE AS low, nullif(unnest($close::VARCHAR[]), '')::DOUBLE AS close,
    nullif(unnest($volume::VARCHAR[]), '')::DOUBLE AS volume
)
SELECT $symbol, $interval, ts, open, high, low, close, volume,
  CASE
    WHEN strftime(timezone($timezone, ts), '%H:%M') < '09:30' THEN 'pre'
    WHEN strftime(timezone($timezone, ts), '%H:%M') < '16:00' THEN 'regular'
    ELSE 'post'
  END
FROM b WHERE close IS NOT NULL AND ts IS NOT NULL;
