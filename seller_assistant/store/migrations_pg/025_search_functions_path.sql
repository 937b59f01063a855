-- A shared store's backup did not restore after migration 024: pg_restore builds the indexes with
-- an empty search_path, and order_words (the orders' search index expression) calls chat_bigrams
-- and chat_chars by name, which it then cannot find ("function chat_bigrams(text) does not exist"),
-- so every backup failed its check. Each function that calls another of ours now carries the
-- search_path it was made with (the database's own schema); the same body, the same words, so the
-- index built with it stays valid.
ALTER FUNCTION order_words(TEXT, TEXT) SET search_path FROM CURRENT;
