-- Lane: heavy (its cost grows with the request; see src/store/duckdb-store.ts)
-- BENCHMARK FLOOR (bench/run.ts only): the bare DuckDB work of a market-model study, written by
-- hand as one query — returns, alignment on common dates with the same previous date, day 0, OLS
-- fit over the estimation window and the event-window ARs — without the engine's ordered
-- aggregates or any inference. One row per security-event with its fit and its event-window CAR.
-- Columns: k (INTEGER, index into $symbols), n (INTEGER), alpha, beta, s2, car (DOUBLE).
-- Binds: $symbols, $benchmarks, $day0s (parallel VARCHAR lists, day0 as YYYY-MM-DD),
--        $est_start, $est_end, $win_start, $win_end (INTEGER)
WITH req AS (
  SELECT (generate_subscripts($symbols::VARCHAR[], 1) - 1)::INTEGER AS k, unnest($symbols::VARCHAR[]) AS symbol,
         unnest($benchmarks::VARCHAR[]) AS benchmark, unnest($day0s::VARCHAR[])::DATE AS day0
), wanted AS (
  SELECT symbol FROM req UNION SELECT benchmark FROM req
), returns AS (
  SELECT p.symbol, p.date, lag(p.date) OVER w AS prev_date, p.adj_close / lag(p.adj_close) OVER w - 1 AS r
  FROM daily_prices p SEMI JOIN wanted x ON p.symbol = x.symbol
  WINDOW w AS (PARTITION BY p.symbol ORDER BY p.date)
), pairs AS (
  SELECT DISTINCT symbol, benchmark FROM req
), aligned AS (
  SELECT p.symbol, p.benchmark, s.date, s.r AS ri, m.r AS rm,
         row_number() OVER (PARTITION BY p.symbol, p.benchmark ORDER BY s.date) AS pos
  FROM pairs p
  JOIN returns s ON s.symbol = p.symbol AND s.r IS NOT NULL
  JOIN returns m ON m.symbol = p.benchmark AND m.date = s.date AND m.prev_date = s.prev_date AND m.r IS NOT NULL
), zero AS (
  SELECT q.k, q.symbol, q.benchmark, a.pos AS pos0
  FROM req q ASOF JOIN aligned a ON a.symbol = q.symbol AND a.benchmark = q.benchmark AND a.date >= q.day0
), timed AS (
  SELECT z.k, (a.pos - z.pos0)::INTEGER AS t, a.ri, a.rm
  FROM zero z JOIN aligned a ON a.symbol = z.symbol AND a.benchmark = z.benchmark
   AND a.pos BETWEEN z.pos0 + $est_start AND z.pos0 + $win_end
), fit AS (
  SELECT k, count(*)::INTEGER AS n, regr_intercept(ri, rm) AS alpha, regr_slope(ri, rm) AS beta,
         (regr_syy(ri, rm) - regr_sxy(ri, rm) ^ 2 / regr_sxx(ri, rm)) / (count(*) - 2) AS s2
  FROM timed WHERE t BETWEEN $est_start AND $est_end GROUP BY k
)
SELECT f.k, f.n, f.alpha, f.beta, f.s2, sum(x.ri - (f.alpha + f.beta * x.rm)) AS car
FROM fit f JOIN timed x ON x.k = f.k AND x.t BETWEEN $win_start AND $win_end
GROUP BY f.k, f.n, f.alpha, f.beta, f.s2
ORDER BY f.k;
