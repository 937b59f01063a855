-- The staff's side of the bigram index on PostgreSQL (issue 20; SQLite has had it since 027 as the
-- staff's copy of each pair in messages_bigram): the same GIN index over chat_bigrams(text), of the
-- messages sent under any name but their conversation's buyer's only (migration 019's
-- messages_sender counts the staff's side alike). A search under a staff name asks it for the
-- text's pairs together with `sender_name <> buyer` (store/pg_search_plan.py): a word the staff
-- never write (什么, written only by buyers) has no entry in it, and the answer is empty without
-- reading a row. Sender and buyer never change (messages are append-only, migration 002), so
-- PostgreSQL keeps it on every insert, whoever the writer; it grows by the staff's share of the pairs.
CREATE INDEX messages_bigram_staff ON messages USING gin (chat_bigrams(text)) WHERE sender_name <> buyer;
