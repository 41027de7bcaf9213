-- Lane: heavy (its cost grows with the request; see src/store/duckdb-store.ts)
-- Abnormal returns of every requested security-event over its estimation and event windows,
-- with the normal-return model's estimates repeated on each row.
-- One row per (key, t) with t in [$est_start, $est_end] or [$win_start, $win_end] (the gap
-- between them is left out), ordered by key and t. Event time t counts the dates on which both
-- the security and its benchmark have a return over the same interval (same previous stored
-- date), from day 0 = the first such date >= day0.
-- Returns come from each series' own consecutive adjusted closes (simple, or log when $log).
-- Models: 'market' (OLS a + b*Rm; df = M-2), 'constant_mean' (mean over E; df = M-1),
-- 'market_adjusted' (Rm; s^2 = sample variance of AR over E; df = M-1).
-- `rm_dev` = Rm_t - mean(Rm over E) and `ssm` = sum over E of rm_dev^2 feed the prediction-error
-- variances (src/stats/inference.ts). Aggregates take their rows
-- ORDER BY t: parallel partial sums would otherwise differ in the last bits from run to run.
-- Binds: $keys, $symbols, $benchmarks, $day0s (parallel VARCHAR lists, day0 as YYYY-MM-DD),
--        $log (BOOLEAN), $model (VARCHAR), $est_start, $est_end, $win_start, $win_end (INTEGER)
WITH req AS (
  SELECT unnest($keys::VARCHAR[]) AS key, unnest($symbols::VARCHAR[]) AS symbol,
         unnest($benchmarks::VARCHAR[]) AS benchmark, unnest($day0s::VARCHAR[])::DATE AS day0
), wanted AS (
  SELECT symbol FROM req UNION SELECT benchmark FROM req
), ratios AS (
  SELECT p.symbol, p.date, lag(p.date) OVER w AS prev_date, p.adj_close / lag(p.adj_close) OVER w AS ratio
  FROM daily_prices p SEMI JOIN wanted x ON p.symbol = x.symbol
  WINDOW w AS (PARTITION BY p.symbol ORDER BY p.date)
), returns AS (
  SELECT symbol, date, prev_date, CASE WHEN $log THEN ln(ratio) ELSE ratio - 1 END AS r
  FROM ratios WHERE ratio IS NOT NULL
), pairs AS (
  SELECT DISTINCT symbol, benchmark FROM req
), aligned AS (
  -- Each (security, benchmark) series once, however many events it has: common dates, numbered.
  SELECT p.symbol, p.benchmark, s.date, s.r AS ri, m.r AS rm,
         row_number() OVER (PARTITION BY p.symbol, p.benchmark ORDER BY s.date) AS pos
  FROM pairs p
  JOIN returns s ON s.symbol = p.symbol
  -- Both returns must span the same interval: after a day the security missed (a halt, a
  -- dropped row) its return covers two days and is left out rather than set against one.
  JOIN returns m ON m.symbol = p.benchmark AND m.date = s.date AND m.prev_date = s.prev_date
), zero AS (
  -- Day 0: the first common date on or after the requested day-0 date.
  SELECT q.key, q.symbol, q.benchmark, a.pos AS pos0
  FROM req q ASOF JOIN aligned a ON a.symbol = q.symbol AND a.benchmark = q.benchmark AND a.date >= q.day0
), timed AS (
  SELECT z.key, (a.pos - z.pos0)::INTEGER AS t, a.date, a.ri, a.rm
  FROM zero z JOIN aligned a ON a.symbol = z.symbol AND a.benchmark = z.benchmark
   AND a.pos BETWEEN z.pos0 + $est_start AND z.pos0 + $win_end
  WHERE a.pos - z.pos0 <= $est_end OR a.pos - z.pos0 >= $win_start
), est AS (
  SELECT key, count(*)::INTEGER AS n,
    regr_intercept(ri, rm ORDER BY t) AS alpha, regr_slope(ri, rm ORDER BY t) AS beta,
    avg(ri ORDER BY t) AS mean_ri, avg(rm ORDER BY t) AS mean_rm
  FROM timed WHERE t BETWEEN $est_start AND $est_end GROUP BY key
), ar AS (
  SELECT x.key, x.t, x.date, x.ri, x.rm, e.n, e.alpha, e.beta, e.mean_ri, e.mean_rm,
    x.t BETWEEN $est_start AND $est_end AS in_est,
    x.ri - CASE $model
      WHEN 'market' THEN e.alpha + e.beta * x.rm
      WHEN 'constant_mean' THEN e.mean_ri
      ELSE x.rm END AS ar,
    x.rm - e.mean_rm AS rm_dev
  FROM timed x JOIN est e USING (key)
), fit AS (
  SELECT key,
    sum(ar * ar ORDER BY t) AS ssr, var_samp(ar ORDER BY t) AS var_ar,
    sum((ri - mean_ri) * (ri - mean_ri) ORDER BY t) AS sst, sum(rm_dev * rm_dev ORDER BY t) AS ssm
  FROM ar WHERE in_est GROUP BY key
)
SELECT a.key, a.t, strftime(a.date, '%Y-%m-%d') AS date, a.ri, a.rm, a.ar, a.in_est, a.rm_dev,
  a.n,
  CASE $model WHEN 'market' THEN a.n - 2 ELSE a.n - 1 END::INTEGER AS df,
  CASE $model WHEN 'market' THEN a.alpha WHEN 'constant_mean' THEN a.mean_ri END AS alpha,
  CASE $model WHEN 'market' THEN a.beta END AS beta,
  CASE $model WHEN 'market' THEN 1 - f.ssr / f.sst END AS r2,
  CASE $model
    WHEN 'market' THEN f.ssr / (a.n - 2)
    WHEN 'constant_mean' THEN f.ssr / (a.n - 1)
    ELSE f.var_ar END AS s2,
  f.ssm
FROM ar a JOIN fit f USING (key)
ORDER BY a.key, a.t;
