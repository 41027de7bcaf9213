-- Reads one intraday CSV (time,open,high,low,close,volume; `time` ISO 8601 with offset) into the
-- connection's temp table `staged_rows`, judged like daily rows; `session` is pre/regular/post by
-- the bar's clock time in $timezone (pre < 09:30 <= regular < 16:00 <= post for US listings;
-- the regular session ends at 13:00 on the dates of $early_closes).
-- Binds: $path, $overlong (INTEGER list: positions of rows with more fields than the header), $timezone,
--        $early_closes (VARCHAR list as JSON text: YYYY-MM-DD dates with a 13:00 close)
CREATE OR REPLACE TEMP TABLE staged_rows AS
WITH raw AS (
  SELECT
    row_number() OVER () AS row_index,
    trim("time") AS time_text, trim("open") AS o_t, trim("high") AS h_t, trim("low") AS l_t,
    trim("close") AS c_t, trim("volume") AS v_t
  FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"', comment = '', null_padding = true)
), parsed AS (
  SELECT *,
    CASE WHEN regexp_matches(time_text, '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}') THEN try_cast(time_text AS TIMESTAMPTZ) END AS ts,
    try_cast(o_t AS DOUBLE) AS open, try_cast(h_t AS DOUBLE) AS high,
    try_cast(l_t AS DOUBLE) AS low, try_cast(c_t AS DOUBLE) AS close, try_cast(v_t AS DOUBLE) AS volume
  FROM raw
), judged AS (
  SELECT *,
    CASE
      -- An offset is required: a bare local time is ambiguous across time zones.
      WHEN list_contains($overlong::VARCHAR::INTEGER[], row_index::INTEGER) THEN 'too many fields'
      WHEN ts IS NULL OR NOT regexp_matches(time_text, '([+-]\d\d:?\d\d|Z)$') THEN 'bad time'
      WHEN coalesce(c_t, '') = '' THEN 'missing close'
      WHEN NOT coalesce(isfinite(close), false)
        OR (coalesce(o_t, '') <> '' AND NOT coalesce(isfinite(open), false))
        OR (coalesce(h_t, '') <> '' AND NOT coalesce(isfinite(high), false))
        OR (coalesce(l_t, '') <> '' AND NOT coalesce(isfinite(low), false))
        OR (coalesce(v_t, '') <> '' AND NOT coalesce(isfinite(volume), false)) THEN 'unparsable number'
      WHEN close <= 0 OR open <= 0 OR high <= 0 OR low <= 0 THEN 'non-positive price'
      WHEN volume < 0 THEN 'negative volume'
    END AS first_reason
  FROM parsed
)
SELECT row_index, time_text AS key_text, ts, open, high, low, close, volume,
  CASE
    WHEN strftime(timezone($timezone, ts), '%H:%M') < '09:30' THEN 'pre'
    WHEN strftime(timezone($timezone, ts), '%H:%M')
       < CASE WHEN list_contains(from_json($early_closes::VARCHAR, '["VARCHAR"]'), strftime(timezone($timezone, ts), '%Y-%m-%d'))
              THEN '13:00' ELSE '16:00' END THEN 'regular'
    ELSE 'post'
  END AS session,
  coalesce(first_reason, CASE
    WHEN row_number() OVER (PARTITION BY ts, first_reason IS NULL ORDER BY row_index) > 1 THEN 'duplicate time'
  END) AS reason
FROM judged;
