-- Summarises the staged file: rows read and accepted. Binds: none (reads temp table staged_rows).
SELECT
  count(*)::INTEGER AS rows_read,
  count(*) FILTER (WHERE reason IS NULL)::INTEGER AS rows_accepted
FROM staged_rows;
