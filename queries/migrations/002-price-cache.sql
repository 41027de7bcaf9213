-- Read-through price cache: what has been fetched from a provider, corporate actions, and the
-- listing details a provider reports (Yahoo's chart `meta`).
-- A range in fetched_ranges is settled: the store holds every bar the provider had in it, so a
-- later request inside it needs no network. Daily ranges are stored as the UTC midnights of the
-- first date and of the day after the last date, so one half-open [start, end) form serves both.
CREATE TABLE fetched_ranges (
  symbol      VARCHAR NOT NULL,
  interval    VARCHAR NOT NULL,       -- '1d' or an intraday interval ('1m', '30m', ...)
  range_start TIMESTAMPTZ NOT NULL,   -- inclusive
  range_end   TIMESTAMPTZ NOT NULL,   -- exclusive
  origin      VARCHAR NOT NULL,       -- 'yahoo', or 'import' (a file's span, recorded when Yahoo first extended it)
  fetched_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (symbol, interval, range_start, range_end)
);

-- Dividends and splits as the provider reports them, dated by the exchange's calendar (ex-date).
CREATE TABLE corporate_actions (
  symbol      VARCHAR NOT NULL,
  date        DATE NOT NULL,
  kind        VARCHAR NOT NULL,       -- 'dividend' | 'split'
  amount      DOUBLE,                 -- dividend per share, in the listing's currency
  numerator   DOUBLE,                 -- split numerator:denominator (NVDA 2021: 4:1)
  denominator DOUBLE,
  source      VARCHAR NOT NULL,
  fetched_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (symbol, date, kind)
);

-- securities.exchange holds the provider's exchange code ('NMS', 'LSE', 'GER'); these add the
-- display name ('NasdaqGS', 'XETRA'), the instrument type and the first trading day.
ALTER TABLE securities ADD COLUMN exchange_name VARCHAR;
ALTER TABLE securities ADD COLUMN instrument_type VARCHAR;
ALTER TABLE securities ADD COLUMN first_trade_date DATE;
