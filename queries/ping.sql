-- Whether the database still answers (health checks between writes, when the counts are reused). Binds: none.
SELECT 1 AS ok;
