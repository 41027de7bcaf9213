-- Reads one daily CSV as text into the connection's temp table `daily_csv`, one row per
-- non-empty data line with its position (`row_index`); the columns are the file's own.
-- Binds: $path
CREATE OR REPLACE TEMP TABLE daily_csv AS
SELECT row_number() OVER () AS row_index, *
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"', comment = '', null_padding = true);
