-- First and last accepted bar time of the staged intraday file, as ISO text. Binds: none.
SELECT min(ts)::VARCHAR AS first_ts, max(ts)::VARCHAR AS last_ts FROM staged_rows WHERE reason IS NULL;
