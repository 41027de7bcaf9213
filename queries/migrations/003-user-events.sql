-- Events added through the API (POST /v1/events); the file catalog data/events.json stays read-only.
CREATE TABLE user_events (
  id         VARCHAR PRIMARY KEY,
  body       JSON NOT NULL,          -- the event as validated by PolicyEventSchema
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
