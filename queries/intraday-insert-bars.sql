-- Stores intraday bars given as parallel lists (e.g. parsed from a Yahoo chart response), replacing
-- bars with the same (symbol, interval, time). `session` is pre/regular/post by the bar's clock
-- time in $timezone (pre < 09:30 <= regular < 16:00 <= post), as the CSV import does.
-- Binds: $symbol, $interval, $timezone (VARCHAR); $ms (DOUBLE list: bar start, epoch ms);
--        $open, $high, $low, $close, $volume (DOUBLE lists, NULL allowed except close)
INSERT OR REPLACE INTO intraday_bars (symbol, interval, ts, open, high, low, close, volume, session)
WITH b AS (
  SELECT make_timestamptz((unnest($ms::DOUBLE[]) * 1000)::BIGINT) AS ts,
    unnest($open::DOUBLE[]) AS open, unnest($high::DOUBLE[]) AS high, unnest($low::DOUBLE[]) AS low,
    unnest($close::DOUBLE[]) AS close, unnest($volume::DOUBLE[]) AS volume
)
SELECT $symbol, $interval, ts, open, high, low, close, volume,
  CASE
    WHEN strftime(timezone($timezone, ts), '%H:%M') < '09:30' THEN 'pre'
    WHEN strftime(timezone($timezone, ts), '%H:%M') < '16:00' THEN 'regular'
    ELSE 'post'
  END
FROM b WHERE close IS NOT NULL;
