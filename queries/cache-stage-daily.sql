-- Stages fetched daily prices in the connection's temp table `fetched_daily` (one row per date).
-- Binds: $prices (JSON array of {date, open, high, low, close, adj_close, volume})
CREATE OR REPLACE TEMP TABLE fetched_daily AS
SELECT p.date::DATE AS date, p.open, p.high, p.low, p.close, p.adj_close, p.volume
FROM (
  SELECT unnest(from_json($prices::JSON,
    '[{"date":"VARCHAR","open":"DOUBLE","high":"DOUBLE","low":"DOUBLE","close":"DOUBLE","adj_close":"DOUBLE","volume":"DOUBLE"}]')) AS p
);
