-- Stores the accepted staged daily rows for $symbol. The directory format holds adjusted
-- prices, so adj_close = close; volume is the file's (optional column). Binds: $symbol
INSERT INTO daily_prices (symbol, date, open, high, low, close, adj_close, volume)
SELECT $symbol, date, open, high, low, close, close, volume
FROM staged_rows WHERE reason IS NULL;
