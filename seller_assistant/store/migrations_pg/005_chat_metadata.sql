-- PostgreSQL twin of migrations/005_chat_metadata.sql. SQLite's version also recomputes stored
-- fingerprints (store/migration_steps.py); a shared store is created at the newest schema, empty,
-- and filled by copying (move-store), so it has no fingerprint of an older rule to convert.
ALTER TABLE messages ADD COLUMN status TEXT;   -- read|unread|NULL
ALTER TABLE messages ADD COLUMN notes TEXT;    -- notices, one per line, verbatim
