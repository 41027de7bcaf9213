-- Forgets which daily ranges of $symbol were fetched from the price source: an imported file
-- has just replaced the symbol's series, so only what the file holds is stored now.
-- Binds: $symbol
DELETE FROM fetched_ranges WHERE symbol = $symbol AND interval = '1d';
