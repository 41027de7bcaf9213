-- Records (or refreshes) a security's metadata. Binds: $symbol, $exchange, $timezone, $currency,
-- $source, $adjusted
INSERT OR REPLACE INTO securities (symbol, exchange, timezone, currency, source, adjusted, updated_at)
VALUES ($symbol, $exchange, $timezone, $currency, $source, $adjusted, now());
