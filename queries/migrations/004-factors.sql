-- Factor return series for multi-factor normal-return models (e.g. Fama-French), in decimals.
CREATE TABLE factor_sets (
  name       VARCHAR PRIMARY KEY,      -- from the file name: factors/<name>.csv
  factors    VARCHAR[] NOT NULL,       -- regressors in file order (the first is the market factor)
  has_rf     BOOLEAN NOT NULL,         -- an `rf` column: the model explains excess returns R - rf
  source     VARCHAR NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE factor_values (
  factor_set VARCHAR NOT NULL,
  date       DATE NOT NULL,
  factor     VARCHAR NOT NULL,         -- a name of factor_sets.factors, or 'rf'
  value      DOUBLE NOT NULL,
  PRIMARY KEY (factor_set, date, factor)
);
