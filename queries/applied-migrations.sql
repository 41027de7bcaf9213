-- Names of the migrations already applied. Binds: none.
SELECT name FROM schema_migrations ORDER BY name;
