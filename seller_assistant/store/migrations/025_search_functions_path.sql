-- Nothing to change on SQLite (its search words are FTS5 tables, no SQL functions). This number is
-- PostgreSQL's twin making a shared store's backup restorable again after migration 024.
SELECT 1;
