-- Lane: heavy (its cost grows with the request; see src/store/duckdb-store.ts)
-- How the stored prices of each (symbol, from, to) behave: returns (consecutive adjusted closes
-- inside the range), how many of them are unchanged (|r| < 0.05%: stale prices), the largest
-- share of unchanged days in any 60 consecutive returns (a stale stretch, e.g. a SPAC shell
-- before its merger), and, where volume is stored, how many days traded nothing. Feeds the study warnings (src/study/warnings.ts).
-- One row per requested item, in request order (`item` = its index).
-- Binds: $symbols (VARCHAR list), $froms, $tos (parallel lists of YYYY-MM-DD)
WITH req AS (
  SELECT unnest($symbols::VARCHAR[]) AS symbol, unnest($froms::VARCHAR[])::DATE AS date_from,
         unnest($tos::VARCHAR[])::DATE AS date_to, (generate_subscripts($symbols::VARCHAR[], 1) - 1)::INTEGER AS item
), rows AS (
  SELECT q.item, p.date, p.volume,
    p.adj_close / lag(p.adj_close) OVER (PARTITION BY q.item ORDER BY p.date) - 1 AS r
  FROM req q JOIN daily_prices p ON p.symbol = q.symbol AND p.date BETWEEN q.date_from AND q.date_to
), stretches AS (
  SELECT item, r, volume,
    CASE WHEN count(r) OVER w = 60 THEN count(*) FILTER (WHERE abs(r) < 0.0005) OVER w / 60 END AS stretch_unchanged
  FROM rows
  WINDOW w AS (PARTITION BY item ORDER BY date ROWS BETWEEN 59 PRECEDING AND CURRENT ROW)
)
SELECT q.item,
  count(r.r)::INTEGER AS returns,
  count(*) FILTER (WHERE abs(r.r) < 0.0005)::INTEGER AS unchanged,
  count(r.volume)::INTEGER AS volume_days,
  count(*) FILTER (WHERE r.volume = 0)::INTEGER AS zero_volume_days,
  coalesce(max(r.stretch_unchanged), 0)::DOUBLE AS stalest_stretch
FROM req q LEFT JOIN stretches r USING (item)
GROUP BY q.item
ORDER BY q.item;
