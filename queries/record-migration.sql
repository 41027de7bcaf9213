-- Marks a migration as applied. Binds: $name
INSERT INTO schema_migrations VALUES ($name, now());
