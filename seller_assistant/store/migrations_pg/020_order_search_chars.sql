-- PostgreSQL twin of migrations/020_order_search_chars.sql: nothing to change. SQLite's FTS5 table of
-- order words gains each character on its own for one-character searches; here the GIN index of
-- migration 014 answers searches of two or more characters and PostgreSQL's planner reads a
-- one-character search as it did (no index of single characters: the same results, read by a scan).
SELECT 1;
