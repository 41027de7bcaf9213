-- Judges the rows of `daily_csv` (read-daily-csv: date,open,high,low,close[,volume]; close-only
-- rows allowed; extra columns ignored) into the connection's temp table `staged_rows`: every row
-- with its position among the file's non-empty lines (the import maps it to a file line number),
-- parsed values and, for a row that must not be stored, the reason (the first failing rule wins).
-- Binds: $overlong (INTEGER list: positions of rows with more fields than the header)
CREATE OR REPLACE TEMP TABLE staged_rows AS
WITH raw AS (
  SELECT
    row_index,
    trim("date") AS date_text, trim("open") AS o_t, trim("high") AS h_t, trim("low") AS l_t, trim("close") AS c_t,
    trim("volume") AS v_t
  FROM daily_csv
), parsed AS (
  SELECT *,
    CASE WHEN regexp_full_match(date_text, '\d{4}-\d{2}-\d{2}') THEN try_strptime(date_text, '%Y-%m-%d')::DATE END AS date,
    try_cast(o_t AS DOUBLE) AS open, try_cast(h_t AS DOUBLE) AS high,
    try_cast(l_t AS DOUBLE) AS low, try_cast(c_t AS DOUBLE) AS close, try_cast(v_t AS DOUBLE) AS volume
  FROM raw
), judged AS (
  SELECT *,
    CASE
      WHEN list_contains($overlong::VARCHAR::INTEGER[], row_index::INTEGER) THEN 'too many fields'
      WHEN date IS NULL THEN 'bad date'
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
SELECT row_index, date_text AS key_text, date, open, high, low, close, volume,
  coalesce(first_reason, CASE
    -- Of several valid rows with one date the first is kept; the others are duplicates.
    WHEN row_number() OVER (PARTITION BY date, first_reason IS NULL ORDER BY row_index) > 1 THEN 'duplicate date'
  END) AS reason
FROM judged;
