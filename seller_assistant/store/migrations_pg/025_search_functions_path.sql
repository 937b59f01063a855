-- A shared store's backup did not restore after migration 024: pg_restore builds the indexes with
-- an empty search_path, and order_words (the orders' search index expression) calls chat_bigrams
-- and chat_chars by name, which it then cannot find ("function chat_bigrams(text) does not exist"),
-- so every backup failed its check. 024 itself was corrected before any release (a store at it
-- could not even be backed up before its upgrade); this fixes a store migrated by the first 024:
-- order_words carries the search_path it was made with (the database's own schema), the same body
-- and words, so the index built with it stays valid. On a store made by the corrected 024, a no-op.
ALTER FUNCTION order_words(TEXT, TEXT) SET search_path FROM CURRENT;
