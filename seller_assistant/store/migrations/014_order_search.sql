-- The Orders table's search by index (issue 20): at a million orders the buyer/item substring search
-- was a scan of every row (0.3-0.5 s). Each order's buyer and item title are written as their
-- character pairs (chat_bigrams(), as messages_bigram of migration 007), so a search of 2+
-- characters reads the orders holding all its pairs from this index and checks only those rows.
-- Contentless with detail=none: the table only answers "which orders hold these pairs".
CREATE VIRTUAL TABLE orders_bigram USING fts5(grams, content='', detail=none, columnsize=0, tokenize='ascii');
CREATE TRIGGER orders_bigram_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_bigram (rowid, grams) VALUES (new.id, chat_bigrams(new.buyer) || ' ' || chat_bigrams(new.item_title));
END;
-- A re-import that renames the buyer or the item: the old pairs go, the new ones come.
CREATE TRIGGER orders_bigram_update AFTER UPDATE OF buyer, item_title ON orders
    WHEN old.buyer IS NOT new.buyer OR old.item_title IS NOT new.item_title BEGIN
    INSERT INTO orders_bigram (orders_bigram, rowid, grams)
        VALUES ('delete', old.id, chat_bigrams(old.buyer) || ' ' || chat_bigrams(old.item_title));
    INSERT INTO orders_bigram (rowid, grams) VALUES (new.id, chat_bigrams(new.buyer) || ' ' || chat_bigrams(new.item_title));
END;
CREATE TRIGGER orders_bigram_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_bigram (orders_bigram, rowid, grams)
        VALUES ('delete', old.id, chat_bigrams(old.buyer) || ' ' || chat_bigrams(old.item_title));
END;
INSERT INTO orders_bigram (rowid, grams) SELECT id, chat_bigrams(buyer) || ' ' || chat_bigrams(item_title) FROM orders;

-- The Refunds filter (a few per cent of orders) read from its own small index, not a scan of all.
-- Queries must repeat this WHERE clause word for word for SQLite to use the index.
CREATE INDEX orders_refunds ON orders (shop_id, paid_at) WHERE refund_status IS NOT NULL OR status = 'refunded';
