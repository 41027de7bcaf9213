-- Initial schema: securities, daily and intraday prices, import bookkeeping.
-- Prices are stored as the source gave them; `adj_close` is the close used for returns
-- (equal to `close` when the source is already adjusted, as ../shared/market-data/daily is).
CREATE TABLE securities (
  symbol      VARCHAR PRIMARY KEY,
  exchange    VARCHAR,
  timezone    VARCHAR,
  currency    VARCHAR,
  source      VARCHAR NOT NULL,
  adjusted    BOOLEAN NOT NULL,       -- true when close is already split/dividend adjusted
  updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE daily_prices (
  symbol    VARCHAR NOT NULL,
  date      DATE NOT NULL,
  open      DOUBLE,
  high      DOUBLE,
  low       DOUBLE,
  close     DOUBLE NOT NULL,
  adj_close DOUBLE NOT NULL,
  volume    DOUBLE,
  PRIMARY KEY (symbol, date)
);

CREATE TABLE intraday_bars (
  symbol    VARCHAR NOT NULL,
  interval  VARCHAR NOT NULL,         -- '1m', '5m', '30m', ...
  ts        TIMESTAMPTZ NOT NULL,
  open      DOUBLE,
  high      DOUBLE,
  low       DOUBLE,
  close     DOUBLE NOT NULL,
  volume    DOUBLE,
  session   VARCHAR NOT NULL,         -- 'pre' | 'regular' | 'post' in the exchange's time zone
  PRIMARY KEY (symbol, interval, ts)
);

-- One row per imported file: lets a restart skip files whose content did not change.
CREATE TABLE import_files (
  kind          VARCHAR NOT NULL,     -- 'daily' | 'intraday/<interval>'
  symbol        VARCHAR NOT NULL,
  path          VARCHAR NOT NULL,
  sha256        VARCHAR NOT NULL,
  rows_read     INTEGER NOT NULL,
  rows_stored   INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  imported_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (kind, symbol)
);
