-- The dates on which $symbol (an exchange's benchmark) traded: the exchange's calendar.
-- Binds: $symbol
SELECT strftime(date, '%Y-%m-%d') AS date FROM daily_prices WHERE symbol = $symbol ORDER BY date;
