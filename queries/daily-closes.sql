-- Lane: heavy (its cost grows with the request; see src/store/duckdb-store.ts)
-- Stored adjusted closes of the given symbols, ordered by symbol (its index in $symbols) and
-- date, so each symbol is one contiguous run; read as typed arrays by the study engine
-- (src/study/aligned-series.ts), which forms returns and aligns pairs in process.
-- Columns: sym (INTEGER, index into $symbols), date (DATE), adj_close (DOUBLE).
-- Binds: $symbols (VARCHAR list)
WITH req AS (
  SELECT unnest($symbols::VARCHAR[]) AS symbol, (generate_subscripts($symbols::VARCHAR[], 1) - 1)::INTEGER AS sym
)
SELECT q.sym, p.date, p.adj_close
FROM daily_prices p JOIN req q ON p.symbol = q.symbol
ORDER BY q.sym, p.date;
