-- Adds an event; fails on a duplicate id (primary key). Binds: $id, $body (JSON text)
INSERT INTO user_events VALUES ($id, $body::JSON, now(), now());
