-- Records where $symbol trades, from the provider's metadata. The close a provider gives is not
-- dividend-adjusted, so `adjusted` becomes false. A file-imported series extended by the
-- provider keeps its file named in `source`.
-- Binds: $symbol, $exchange, $exchange_name, $timezone, $currency, $instrument_type,
--        $first_trade_date (ISO date or NULL), $source
INSERT OR REPLACE INTO securities
  (symbol, exchange, exchange_name, timezone, currency, instrument_type, first_trade_date, source, adjusted, updated_at)
SELECT $symbol, $exchange, $exchange_name, $timezone, $currency, $instrument_type, $first_trade_date::DATE,
  CASE
    WHEN old.source LIKE 'file:%' THEN $source || ' (extending ' || old.source || ')'
    WHEN starts_with(old.source, $source) THEN old.source
    ELSE $source
  END,
  false, now()
FROM (SELECT $symbol AS symbol) AS new LEFT JOIN securities old ON old.symbol = new.symbol;
