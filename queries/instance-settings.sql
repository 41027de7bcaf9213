-- Settings applied once when the database opens. Binds: none.
-- A study's day-0 lookup is an ASOF join with thousands of left rows; DuckDB's default rewrites
-- small ones into a nested loop whose estimate is far off here (3.0 s vs 1.2 s for 2,000 events).
SET GLOBAL asof_loop_join_threshold = 0;
