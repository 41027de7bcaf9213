-- Stores dividends and splits of $symbol, replacing stored ones of the same date and kind.
-- Binds: $symbol, $source, $actions (JSON array of {date, kind, amount, numerator, denominator})
INSERT OR REPLACE INTO corporate_actions (symbol, date, kind, amount, numerator, denominator, source, fetched_at)
SELECT $symbol, a.date::DATE, a.kind, a.amount, a.numerator, a.denominator, $source, now()
FROM (
  SELECT unnest(from_json($actions::JSON,
    '[{"date":"VARCHAR","kind":"VARCHAR","amount":"DOUBLE","numerator":"DOUBLE","denominator":"DOUBLE"}]')) AS a
);
