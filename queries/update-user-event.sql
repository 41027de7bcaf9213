-- Replaces a stored event's body; returns the id when a row changed. Binds: $id, $body
UPDATE user_events SET body = $body::JSON, updated_at = now() WHERE id = $id RETURNING id;
