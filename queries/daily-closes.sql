-- Lane: heavy (its cost grows with the request; see src/store/duckdb-store.ts)
-- Stored adjusted closes (and volumes) of the given symbols, ordered by symbol (its index in
-- $symbols) and date, so each symbol is one contiguous run; read as typed arrays by the study
-- engine (src/study/aligned-series.ts), which forms returns, aligns pairs and computes the
-- estimation-window diagnostics and volumes in process.
-- Columns: sym (INTEGER, index into $symbols), date (DATE), adj_close (DOUBLE), volume (DOUBLE, NULL if not stored).
-- Binds: $symbols (VARCHAR list)
WITH req AS (
  SELECT unnest($symbols::VARCHAR[]) AS symbol, (generate_subscripts($symbols::VARCHAR[], 1) - 1)::INTEGER AS sym
)
SELECT q.sym, p.date, p.adj_close, p.volume::DOUBLE AS volume
FROM daily_prices p JOIN req q ON p.symbol = q.symbol
ORDER BY q.sym, p.date;
