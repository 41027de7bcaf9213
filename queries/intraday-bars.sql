-- Stored intraday bars of $symbols whose local date (in $timezone) is in [$from, $to], every
-- interval, ordered by symbol, interval and time. `ms` is the bar's start as epoch milliseconds,
-- `local_date` / `local_time` (HH:MM) its start in $timezone; `session` as stored (pre/regular/post).
-- Binds: $symbols (VARCHAR list), $from, $to (YYYY-MM-DD), $timezone (IANA name)
SELECT symbol, interval, epoch_ms(ts)::DOUBLE AS ms,
  strftime(timezone($timezone, ts), '%Y-%m-%d') AS local_date,
  strftime(timezone($timezone, ts), '%H:%M') AS local_time,
  open, high, low, close, volume, session
FROM intraday_bars
WHERE symbol IN (SELECT unnest($symbols::VARCHAR[]))
  AND ts >= ($from::DATE - INTERVAL 1 DAY)::TIMESTAMPTZ AND ts < ($to::DATE + INTERVAL 2 DAY)::TIMESTAMPTZ
  AND timezone($timezone, ts)::DATE BETWEEN $from::DATE AND $to::DATE
ORDER BY symbol, interval, ts;
