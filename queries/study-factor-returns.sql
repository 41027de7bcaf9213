-- Lane: heavy (its cost grows with the request; see src/store/duckdb-store.ts)
-- Returns of every requested security-event aligned with a factor set, over the estimation and
-- event windows, for the multi-factor model (estimated in src/stats/ols.ts).
-- One row per (key, t), ordered by key and t: `ri` the security's return (minus rf when the set
-- has one), `x` the factor values in the set's order. Event time t counts the dates on which
-- the security has a return and the set has every factor; day 0 = the first such date >= day0.
-- Binds: $keys, $symbols, $day0s (parallel VARCHAR lists), $factor_set, $log (BOOLEAN),
--        $est_start, $est_end, $win_start, $win_end (INTEGER)
WITH req AS (
  SELECT unnest($keys::VARCHAR[]) AS key, unnest($symbols::VARCHAR[]) AS symbol,
         unnest($day0s::VARCHAR[])::DATE AS day0
), fset AS (
  SELECT unnest(factors) AS factor, generate_subscripts(factors, 1) AS position, has_rf
  FROM factor_sets WHERE name = $factor_set
), frows AS (
  -- A date counts only when every factor of the set has a value on it.
  SELECT v.date, list(v.value ORDER BY f.position) AS x, count(*) AS k
  FROM factor_values v JOIN fset f ON f.factor = v.factor
  WHERE v.factor_set = $factor_set GROUP BY v.date
  HAVING count(*) = (SELECT count(*) FROM fset)
), rf AS (
  SELECT date, value AS rf FROM factor_values WHERE factor_set = $factor_set AND factor = 'rf'
), ratios AS (
  SELECT p.symbol, p.date, p.adj_close / lag(p.adj_close) OVER (PARTITION BY p.symbol ORDER BY p.date) AS ratio
  FROM daily_prices p SEMI JOIN (SELECT DISTINCT symbol FROM req) w ON p.symbol = w.symbol
), returns AS (
  SELECT symbol, date, CASE WHEN $log THEN ln(ratio) ELSE ratio - 1 END AS r
  FROM ratios WHERE ratio IS NOT NULL
), aligned AS (
  SELECT s.symbol, s.date, s.r - coalesce(rf.rf, 0) AS ri, f.x,
         row_number() OVER (PARTITION BY s.symbol ORDER BY s.date) AS pos
  FROM returns s JOIN frows f ON f.date = s.date LEFT JOIN rf ON rf.date = s.date
  WHERE rf.rf IS NOT NULL OR NOT coalesce((SELECT any_value(has_rf) FROM fset), false)
), zero AS (
  SELECT q.key, q.symbol, a.pos AS pos0
  FROM req q ASOF JOIN aligned a ON a.symbol = q.symbol AND a.date >= q.day0
)
SELECT z.key, (a.pos - z.pos0)::INTEGER AS t, strftime(a.date, '%Y-%m-%d') AS date, a.ri, a.x,
  a.pos - z.pos0 <= $est_end AS in_est
FROM zero z JOIN aligned a ON a.symbol = z.symbol
 AND a.pos BETWEEN z.pos0 + $est_start AND z.pos0 + $win_end
WHERE a.pos - z.pos0 <= $est_end OR a.pos - z.pos0 >= $win_start
ORDER BY z.key, t;
