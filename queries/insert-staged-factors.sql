-- Stores the accepted staged factor values. Binds: $name
INSERT INTO factor_values (factor_set, date, factor, value)
SELECT $name, r.date, CASE WHEN lower(v.factor) = 'rf' THEN 'rf' ELSE v.factor END, v.value
FROM staged_factor_values v JOIN staged_rows r USING (row_index) WHERE r.reason IS NULL;
