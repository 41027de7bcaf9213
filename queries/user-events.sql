-- Every event added through the API, as JSON text. Binds: none.
SELECT id, body::VARCHAR AS body FROM user_events ORDER BY id;
