-- Judges each staged factor row (a date and all its factor values) into the temp table
-- `staged_rows`, like the price files: the first failing rule is the row's reason.
-- Binds: $overlong (INTEGER list as text: positions of rows with more fields than the header)
CREATE OR REPLACE TEMP TABLE staged_rows AS
WITH rows AS (
  SELECT row_index, any_value(date_text) AS date_text,
    bool_or(coalesce(value_text, '') = '') AS missing,
    bool_or(NOT coalesce(isfinite(value), false)) AS unparsable
  FROM staged_factor_values GROUP BY row_index
), judged AS (
  SELECT *,
    CASE WHEN regexp_full_match(date_text, '\d{4}-\d{2}-\d{2}') THEN try_strptime(date_text, '%Y-%m-%d')::DATE END AS date
  FROM rows
), reasons AS (
  SELECT row_index, date_text, date,
    CASE
      WHEN list_contains($overlong::VARCHAR::INTEGER[], row_index::INTEGER) THEN 'too many fields'
      WHEN date IS NULL THEN 'bad date'
      WHEN missing THEN 'missing value'
      WHEN unparsable THEN 'unparsable number'
    END AS first_reason
  FROM judged
)
SELECT row_index, date_text AS key_text, date,
  coalesce(first_reason, CASE
    WHEN row_number() OVER (PARTITION BY date, first_reason IS NULL ORDER BY row_index) > 1 THEN 'duplicate date'
  END) AS reason
FROM reasons;
