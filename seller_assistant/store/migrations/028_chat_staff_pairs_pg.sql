-- PostgreSQL only (migrations_pg/028_chat_staff_pairs_pg.sql: the staff's side of its bigram index).
-- SQLite's bigram index has held the staff's copy of each pair since migration 027: nothing to do
-- here; the number is kept so that one number is one schema on both backends.
SELECT 1;
