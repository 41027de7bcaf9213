-- Removes a stored event; returns the id when a row was removed. Binds: $id
DELETE FROM user_events WHERE id = $id RETURNING id;
