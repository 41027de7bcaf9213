-- Stores the staged daily prices (temp table fetched_daily) for $symbol, replacing stored rows
-- of the same dates. Binds: $symbol
INSERT OR REPLACE INTO daily_prices (symbol, date, open, high, low, close, adj_close, volume)
SELECT $symbol, date, open, high, low, close, adj_close, volume FROM fetched_daily;
