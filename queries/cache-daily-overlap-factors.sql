-- How the staged prices (temp table fetched_daily) compare with the stored ones of $symbol on
-- the latest date both have: fetched / stored for adj_close and close. No row when they share
-- no date. A factor other than 1 means a split or dividend changed the provider's adjustments.
-- Binds: $symbol
SELECT strftime(n.date, '%Y-%m-%d') AS date, n.adj_close / o.adj_close AS adj_factor, n.close / o.close AS close_factor
FROM fetched_daily n JOIN daily_prices o ON o.symbol = $symbol AND o.date = n.date
ORDER BY n.date DESC LIMIT 1;
