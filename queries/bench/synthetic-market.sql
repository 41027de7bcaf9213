-- SYNTHETIC data for benchmarks only: a seeded market of $securities stocks over $days weekdays.
-- Symbol SYNMKT is the market (N(0.0003, 0.01) daily returns); SYN00001.. follow a market model
-- r = beta * rm + sigma * e with beta in [0.5, 1.5), sigma in [0.01, 0.03). Randomness comes
-- from hash(seed, id, day, stream), so the data are identical on every run and thread count.
-- Binds: $seed, $securities, $days
INSERT INTO daily_prices (symbol, date, open, high, low, close, adj_close, volume)
WITH days AS (
  SELECT date_diff('day', DATE '2012-01-02', d::DATE) AS day, d::DATE AS date
  FROM generate_series(DATE '2012-01-02', DATE '2040-12-31', INTERVAL 1 DAY) g(d)
  WHERE dayofweek(d) BETWEEN 1 AND 5
  ORDER BY d
  LIMIT $days
), secs AS (
  SELECT range AS id,
    CASE WHEN range = 0 THEN 'SYNMKT' ELSE 'SYN' || lpad(range::VARCHAR, 5, '0') END AS symbol,
    0.5 + (hash($seed::BIGINT, range, 0, 3) % 1000003) / 1000003.0 AS beta,
    0.01 + 0.02 * (hash($seed::BIGINT, range, 0, 4) % 1000003) / 1000003.0 AS sigma
  FROM range(0, $securities::BIGINT + 1)
), noise AS (
  -- Box-Muller standard normal per (id, day)
  SELECT s.id, d.day, d.date, s.symbol, s.beta, s.sigma,
    sqrt(-2 * ln((hash($seed::BIGINT, s.id, d.day, 1) % 1000003 + 0.5) / 1000003.0))
      * cos(2 * pi() * (hash($seed::BIGINT, s.id, d.day, 2) % 1000003) / 1000003.0) AS z
  FROM secs s CROSS JOIN days d
), market AS (
  SELECT day, 0.0003 + 0.01 * z AS rm FROM noise WHERE id = 0
), returns AS (
  SELECT n.symbol, n.date, n.day,
    CASE WHEN n.id = 0 THEN m.rm ELSE n.beta * m.rm + n.sigma * n.z END AS r
  FROM noise n JOIN market m USING (day)
)
SELECT symbol, date, NULL, NULL, NULL, price, price, NULL
FROM (
  SELECT symbol, date, 50 * exp(sum(ln(1 + r)) OVER (PARTITION BY symbol ORDER BY day)) AS price FROM returns
);
