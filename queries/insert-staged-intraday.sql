-- Stores the accepted staged intraday bars. Binds: $symbol, $interval
INSERT INTO intraday_bars (symbol, interval, ts, open, high, low, close, volume, session)
SELECT $symbol, $interval, ts, open, high, low, close, volume, session
FROM staged_rows WHERE reason IS NULL;
