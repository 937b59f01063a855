-- One-character searches on the Orders table (a digit, 茶: issue 20) read every order at a million
-- orders: a character has no pair in the pair index of migration 014. Each order's index words now
-- also hold every character of its buyer and item title on its own (order_words(), core/grams.py:
-- the pairs as before, then each character's code point in hex, which never holds the pairs' 'x'),
-- so such a search reads the orders holding that character from the index, then tests only those.
DROP TRIGGER orders_bigram_insert;
DROP TRIGGER orders_bigram_update;
DROP TRIGGER orders_bigram_delete;
CREATE TRIGGER orders_bigram_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_bigram (rowid, grams) VALUES (new.id, order_words(new.buyer, new.item_title));
END;
CREATE TRIGGER orders_bigram_update AFTER UPDATE OF buyer, item_title ON orders
    WHEN old.buyer IS NOT new.buyer OR old.item_title IS NOT new.item_title BEGIN
    INSERT INTO orders_bigram (orders_bigram, rowid, grams)
        VALUES ('delete', old.id, order_words(old.buyer, old.item_title));
    INSERT INTO orders_bigram (rowid, grams) VALUES (new.id, order_words(new.buyer, new.item_title));
END;
CREATE TRIGGER orders_bigram_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_bigram (orders_bigram, rowid, grams)
        VALUES ('delete', old.id, order_words(old.buyer, old.item_title));
END;
-- Every order's words written again (a contentless table forgets what it was given: start empty).
INSERT INTO orders_bigram (orders_bigram) VALUES ('delete-all');
INSERT INTO orders_bigram (rowid, grams) SELECT id, order_words(buyer, item_title) FROM orders;
