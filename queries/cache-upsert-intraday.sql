-- Stores fetched intraday bars of $symbol at $interval, replacing stored bars of the same time.
-- Binds: $symbol, $interval, $bars (JSON array of {ts (ISO 8601), open, high, low, close, volume, session})
INSERT OR REPLACE INTO intraday_bars (symbol, interval, ts, open, high, low, close, volume, session)
SELECT $symbol, $interval, b.ts::TIMESTAMPTZ, b.open, b.high, b.low, b.close, b.volume, b.session
FROM (
  SELECT unnest(from_json($bars::JSON,
    '[{"ts":"VARCHAR","open":"DOUBLE","high":"DOUBLE","low":"DOUBLE","close":"DOUBLE","volume":"DOUBLE","session":"VARCHAR"}]')) AS b
);
