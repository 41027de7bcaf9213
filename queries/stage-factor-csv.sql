-- Reads one factor CSV (date,<factor>,...[,rf]; decimals) into the temp table
-- `staged_factor_values`: one row per (data row, factor) with the parsed value.
-- Binds: $path
CREATE OR REPLACE TEMP TABLE staged_factor_values AS
WITH raw AS (
  SELECT row_number() OVER () AS row_index, *
  FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"', comment = '', null_padding = true)
), filled AS (
  -- UNPIVOT drops NULL cells; an empty cell must stay visible to be judged 'missing value'.
  SELECT row_index, "date", coalesce(COLUMNS(* EXCLUDE (row_index, "date")), '') FROM raw
), long AS (
  UNPIVOT filled ON COLUMNS(* EXCLUDE (row_index, "date")) INTO NAME factor VALUE value_text
)
SELECT row_index, trim("date") AS date_text, factor, trim(value_text) AS value_text,
  try_cast(trim(value_text) AS DOUBLE) AS value
FROM long;
