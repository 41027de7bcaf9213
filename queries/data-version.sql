-- A fingerprint of the stored prices that changes whenever an import or fetch changes them:
-- row counts, last dates, the last import and the last fetch from the price source. Binds: none.
SELECT concat_ws(':',
  (SELECT count(*) FROM daily_prices),
  (SELECT max(date) FROM daily_prices),
  (SELECT count(*) FROM intraday_bars),
  (SELECT max(imported_at) FROM import_files),
  (SELECT max(fetched_at) FROM fetched_ranges)) AS version;
