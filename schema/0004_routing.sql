-- Routing settings changed at run time (`tokenrouter strategy set`), kept across restarts.
-- The daemon reads them at start and when another process commits (PRAGMA data_version).
-- Capacity reservations themselves live in `allocations` (0001_initial.sql).
CREATE TABLE routing_settings (
  name       TEXT PRIMARY KEY,                 -- 'strategy'
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL                  -- Unix ms
) STRICT;
