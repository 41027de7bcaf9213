-- Removes a symbol's stored daily series before it is replaced (inside the import transaction).
-- Binds: $symbol
DELETE FROM daily_prices WHERE symbol = $symbol;
