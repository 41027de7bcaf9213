-- Lane: heavy (its cost grows with the request; see src/store/duckdb-store.ts)
-- The daily return split into overnight (previous close -> open) and intraday (open -> close), with
-- a separate OLS market model for each part, for every requested security-event.
-- One row per (key, t) with t in [$win_start, $win_end], ordered by key and t; the estimates of
-- both models are repeated on each row.
-- Event time is the engine's (study-abnormal-returns.sql): t counts the dates on which both the
-- security and its benchmark have a close-to-close return from their own consecutive stored rows,
-- day 0 = the first such date >= day0. A security's rows without an open keep their place in event
-- time but have no overnight/intraday return; each model uses the estimation-window dates on which
-- both the security and the benchmark have that part (n_on, n_id may be below the engine's M).
-- Parts, from the stored row of date t and the previous stored row of the same symbol:
--   overnight = open_t * (adj_close_t / close_t) / adj_close_prev   (open put on the adjusted basis:
--               the factor is 1 for adjusted files, the day's adjustment factor for raw closes)
--   intraday  = close_t / open_t                                    (same day: no adjustment needed)
-- as simple returns (ratio - 1) or, when $log, ln(ratio); in logs overnight + intraday = close-to-close.
-- Per model: n, alpha, beta, s2 = SSR / (n - 2), r2, mean of the benchmark part over the estimation
-- window and ssx = sum of its squared deviations; `dev_*` = x_t - that mean feeds the
-- prediction-error variance (src/stats/inference.ts).
-- Binds: $keys, $symbols, $benchmarks, $day0s (parallel VARCHAR lists, day0 as YYYY-MM-DD),
--        $log (BOOLEAN), $est_start, $est_end, $win_start, $win_end (INTEGER)
WITH req AS (
  SELECT unnest($keys::VARCHAR[]) AS key, unnest($symbols::VARCHAR[]) AS symbol,
         unnest($benchmarks::VARCHAR[]) AS benchmark, unnest($day0s::VARCHAR[])::DATE AS day0
), wanted AS (
  SELECT symbol FROM req UNION SELECT benchmark FROM req
), ratios AS (
  SELECT p.symbol, p.date, lag(p.date) OVER w AS prev_date,
    p.adj_close / lag(p.adj_close) OVER w AS cc,
    (p.open * p.adj_close / p.close) / lag(p.adj_close) OVER w AS onr,
    p.close / p.open AS idr
  FROM daily_prices p SEMI JOIN wanted x ON p.symbol = x.symbol
  WINDOW w AS (PARTITION BY p.symbol ORDER BY p.date)
), returns AS (
  SELECT symbol, date, prev_date,
    CASE WHEN $log THEN ln(cc) ELSE cc - 1 END AS r,
    CASE WHEN $log THEN ln(onr) ELSE onr - 1 END AS r_on,
    CASE WHEN $log THEN ln(idr) ELSE idr - 1 END AS r_id
  FROM ratios WHERE cc IS NOT NULL
), aligned AS (
  SELECT q.key, q.day0, s.date, s.r_on AS on_i, m.r_on AS on_m, s.r_id AS id_i, m.r_id AS id_m,
         row_number() OVER (PARTITION BY q.key ORDER BY s.date) AS pos
  FROM req q
  JOIN returns s ON s.symbol = q.symbol
  -- Same intervals only, as in study-abnormal-returns.sql (event times must agree).
  JOIN returns m ON m.symbol = q.benchmark AND m.date = s.date AND m.prev_date = s.prev_date
), zero AS (
  SELECT key, min(pos) FILTER (WHERE date >= day0) AS pos0 FROM aligned GROUP BY key
), timed AS (
  SELECT a.key, (a.pos - z.pos0)::INTEGER AS t, a.date, a.on_i, a.on_m, a.id_i, a.id_m
  FROM aligned a JOIN zero z USING (key)
  WHERE a.pos - z.pos0 BETWEEN $est_start AND $est_end
     OR a.pos - z.pos0 BETWEEN $win_start AND $win_end
), est AS (
  SELECT key,
    regr_count(on_i, on_m ORDER BY t)::INTEGER AS n_on, regr_intercept(on_i, on_m ORDER BY t) AS alpha_on,
    regr_slope(on_i, on_m ORDER BY t) AS beta_on, regr_avgx(on_i, on_m ORDER BY t) AS mean_on_m, regr_avgy(on_i, on_m ORDER BY t) AS mean_on_i,
    regr_count(id_i, id_m ORDER BY t)::INTEGER AS n_id, regr_intercept(id_i, id_m ORDER BY t) AS alpha_id,
    regr_slope(id_i, id_m ORDER BY t) AS beta_id, regr_avgx(id_i, id_m ORDER BY t) AS mean_id_m, regr_avgy(id_i, id_m ORDER BY t) AS mean_id_i
  FROM timed WHERE t BETWEEN $est_start AND $est_end GROUP BY key
), resid AS (
  SELECT x.key, x.t,
    x.on_i - (e.alpha_on + e.beta_on * x.on_m) AS ar_on, x.on_m - e.mean_on_m AS dev_on, x.on_i - e.mean_on_i AS cen_on,
    x.id_i - (e.alpha_id + e.beta_id * x.id_m) AS ar_id, x.id_m - e.mean_id_m AS dev_id, x.id_i - e.mean_id_i AS cen_id
  FROM timed x JOIN est e USING (key)
), fit AS (
  -- Sums over the rows each model was fitted on (both parts present: the regr_* rows); every
  -- aggregate takes its rows ORDER BY t so that parallel partial sums cannot change the last bits.
  SELECT key,
    sum(ar_on * ar_on ORDER BY t) AS ssr_on, sum(dev_on * dev_on ORDER BY t) FILTER (WHERE ar_on IS NOT NULL) AS ssx_on,
    sum(cen_on * cen_on ORDER BY t) FILTER (WHERE ar_on IS NOT NULL) AS sst_on,
    sum(ar_id * ar_id ORDER BY t) AS ssr_id, sum(dev_id * dev_id ORDER BY t) FILTER (WHERE ar_id IS NOT NULL) AS ssx_id,
    sum(cen_id * cen_id ORDER BY t) FILTER (WHERE ar_id IS NOT NULL) AS sst_id
  FROM resid WHERE t BETWEEN $est_start AND $est_end GROUP BY key
)
SELECT x.key, x.t, strftime(x.date, '%Y-%m-%d') AS date,
  x.on_i, x.on_m, r.ar_on, e.n_on, e.alpha_on, e.beta_on,
  f.ssr_on / (e.n_on - 2) AS s2_on, 1 - f.ssr_on / f.sst_on AS r2_on, f.ssx_on,
  r.dev_on,
  x.id_i, x.id_m, r.ar_id, e.n_id, e.alpha_id, e.beta_id,
  f.ssr_id / (e.n_id - 2) AS s2_id, 1 - f.ssr_id / f.sst_id AS r2_id, f.ssx_id,
  r.dev_id
FROM timed x
LEFT JOIN est e USING (key)
LEFT JOIN resid r ON r.key = x.key AND r.t = x.t
LEFT JOIN fit f ON f.key = x.key
WHERE x.t BETWEEN $win_start AND $win_end
ORDER BY x.key, x.t;
