-- The two kinds of filtered Chats search that still read hundreds of thousands of rows at 10 M
-- messages (issue 20; benchmarks/profile_notes.md, "filtered Chats searches, the tail"):
--
-- 1. A date range far back (the shop's first year) with a common word walked every newer match
--    first, because its id window was a pass over the range's messages_sent entries (280 ms CPU
--    for 3.3 M). Each shop's messages per UTC day (sent_at / 86400) with their lowest and highest
--    id give the window of any range from a few hundred rows (store/search_plan.py). Messages are
--    append-only (migration 002), so a day's range only ever widens: kept on insert only.
CREATE TABLE message_days (
    shop_id INTEGER NOT NULL,
    day INTEGER NOT NULL,        -- sent_at / 86400: a UTC day (a bound for the search, never shown)
    low_id INTEGER NOT NULL,     -- the lowest and highest id of the shop's messages sent that day
    high_id INTEGER NOT NULL,
    PRIMARY KEY (shop_id, day)
) WITHOUT ROWID;
CREATE TRIGGER message_days_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_days (shop_id, day, low_id, high_id) VALUES (new.shop_id, new.sent_at / 86400, new.id, new.id)
        ON CONFLICT (shop_id, day) DO UPDATE SET low_id = min(low_id, excluded.low_id), high_id = max(high_id, excluded.high_id);
END;
INSERT INTO message_days (shop_id, day, low_id, high_id)
    SELECT shop_id, sent_at / 86400, min(id), max(id) FROM messages WHERE true GROUP BY shop_id, sent_at / 86400;

-- 2. A word one side never writes, under a filter of that side holding half the store (什么, which
--    only buyers write, under the staff): neither side is small and the answer is empty. The
--    bigram index now holds the side too: a message sent under any name but its conversation's
--    buyer's (the staff's, as messages_sender of migration 019) has each of its pairs a second
--    time as the staff's word, 's' before it (core/grams.sided_words: "s4ec0x4e48"), so a search
--    under a staff name asks for the staff's words alone: a pair the staff never wrote has no
--    entry, and FTS5 intersects the others in C without reading a row. Sender and buyer never
--    change (append-only), so the words are written once, by this trigger or by the chat import's
--    batches (store/message_rows.py). The index grows by the staff's share of the pairs.
DROP TRIGGER messages_bigram_insert;
DROP TABLE messages_bigram;
CREATE VIRTUAL TABLE messages_bigram USING fts5(grams, content='', detail=none, columnsize=0, tokenize='ascii');
CREATE TRIGGER messages_bigram_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_bigram (rowid, grams) VALUES (new.id, chat_bigrams_sided(new.text, new.sender_name <> new.buyer));
END;
INSERT INTO messages_bigram (rowid, grams) SELECT id, chat_bigrams_sided(text, sender_name <> buyer) FROM messages;
