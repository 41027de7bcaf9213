-- Lane: heavy (its cost grows with the request; see src/store/duckdb-store.ts)
-- The stored daily volume of each requested (symbol, from, to), where volume is stored (imported
-- files with a volume column, fetched bars). One row per item and date, ordered by item and date.
-- The reference for the in-process read (src/study/stored-window.ts rangeVolumes).
-- Columns: item (INTEGER), date (DATE), volume (DOUBLE).
-- Binds: $symbols (VARCHAR list), $froms, $tos (parallel lists of YYYY-MM-DD)
WITH req AS (
  SELECT unnest($symbols::VARCHAR[]) AS symbol, unnest($froms::VARCHAR[])::DATE AS date_from,
         unnest($tos::VARCHAR[])::DATE AS date_to, (generate_subscripts($symbols::VARCHAR[], 1) - 1)::INTEGER AS item
)
SELECT q.item, p.date, p.volume::DOUBLE AS volume
FROM req q JOIN daily_prices p ON p.symbol = q.symbol AND p.date BETWEEN q.date_from AND q.date_to
WHERE p.volume IS NOT NULL
ORDER BY q.item, p.date;
