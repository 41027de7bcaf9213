-- Marks [$start, $end) as settled for $symbol at $interval. Binds: $symbol, $interval, $start,
-- $end (ISO 8601 instants; for '1d' the UTC midnights of the first date and the day after the
-- last), $origin ('yahoo' | ...)
INSERT OR REPLACE INTO fetched_ranges (symbol, interval, range_start, range_end, origin, fetched_at)
VALUES ($symbol, $interval, $start::TIMESTAMPTZ, $end::TIMESTAMPTZ, $origin, now());
