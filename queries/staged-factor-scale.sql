-- Size of the accepted factor values: decimals have daily |x| well below 1, percent do not.
-- Binds: none.
SELECT max(abs(v.value)) AS max_abs, median(abs(v.value)) AS median_abs
FROM staged_factor_values v JOIN staged_rows r USING (row_index) WHERE r.reason IS NULL;
