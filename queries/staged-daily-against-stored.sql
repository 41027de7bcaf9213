-- The accepted staged daily rows beside $symbol's stored series: each one's row count and first
-- and last date (NULL dates when nothing is stored), to tell whether the file would remove
-- stored history. Binds: $symbol
WITH file AS (
  SELECT count(*)::INTEGER AS n, min(date) AS first, max(date) AS last FROM staged_rows WHERE reason IS NULL
), stored AS (
  SELECT count(*)::INTEGER AS n, min(date) AS first, max(date) AS last FROM daily_prices WHERE symbol = $symbol
)
SELECT
  file.n AS file_rows, strftime(file.first, '%Y-%m-%d') AS file_first, strftime(file.last, '%Y-%m-%d') AS file_last,
  stored.n AS stored_rows, strftime(stored.first, '%Y-%m-%d') AS stored_first, strftime(stored.last, '%Y-%m-%d') AS stored_last
FROM file, stored;
