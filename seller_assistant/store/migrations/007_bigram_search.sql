-- Two-character search by index (投诉, 破损, 退款 are most Chinese search words). A contentless FTS5
-- table of each message's character pairs, written as ASCII words by chat_bigrams() (core/grams.py,
-- registered on every connection by store/connection.py); detail=none because a search only asks
-- which messages hold a pair, so positions would be dead weight.
CREATE VIRTUAL TABLE messages_bigram USING fts5(grams, content='', detail=none, columnsize=0, tokenize='ascii');
CREATE TRIGGER messages_bigram_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_bigram (rowid, grams) VALUES (new.id, chat_bigrams(new.text));
END;
INSERT INTO messages_bigram (rowid, grams) SELECT id, chat_bigrams(text) FROM messages;
