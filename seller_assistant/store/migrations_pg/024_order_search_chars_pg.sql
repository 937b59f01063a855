-- PostgreSQL twin of migrations/020_order_search_chars.sql, done here (issue 20): a one-character
-- Orders search (a digit, 茶) was the scan of every order, because the GIN index of migration 014
-- holds character pairs only. Its words are now core/grams.py's order_words in SQL, as SQLite's
-- FTS5 table holds them: the pairs of buyer and item title (chat_bigrams, migration 007) and every
-- character of both on its own, lower-cased, whitespace left out (chat_chars: the hex code point,
-- never a pair's word, which holds an 'x'). A search asks
--     order_words(o.buyer, o.item_title) @> ARRAY[<each word>]
-- (the expression exactly as indexed). tests/test_pg_search_index.py checks both functions against
-- Python's.
CREATE FUNCTION chat_chars(t TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT to_hex(ascii(c))), '{}')
    FROM unnest(string_to_array(lower(t), NULL)) AS chars (c)
    WHERE strpos(E'\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000', c) = 0
$$;
-- SET search_path: pg_restore builds the index with an empty one, where chat_bigrams would not be found.
CREATE FUNCTION order_words(buyer TEXT, item_title TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
    SELECT coalesce(chat_bigrams(buyer), '{}') || coalesce(chat_bigrams(item_title), '{}')
        || coalesce(chat_chars(buyer), '{}') || coalesce(chat_chars(item_title), '{}')
$$;
DROP INDEX orders_bigram;
CREATE INDEX orders_bigram ON orders USING gin (order_words(buyer, item_title));
-- chat_bigrams again, the same words in PL/pgSQL: one pass over the characters, each one's hex
-- made once, instead of a window function and a sort in a SQL function, which the GIN index build
-- of a store moved in (move-store) calls once per message: ~21 -> ~15 µs of server CPU a message,
-- the same results (the indexes built with the old body stay valid). A long text collects every
-- pair first and keeps each once at the end; a short one keeps each once as it goes.
CREATE OR REPLACE FUNCTION chat_bigrams(t TEXT) RETURNS TEXT[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    chars TEXT[] := string_to_array(lower(t), NULL);
    n INT := coalesce(cardinality(chars), 0);
    words TEXT[] := '{}';
    word TEXT;
    previous TEXT;
    hex TEXT;
BEGIN
    FOR i IN 1 .. n LOOP
        hex := CASE WHEN strpos(E'\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000', chars[i]) = 0
                    THEN to_hex(ascii(chars[i])) END;
        IF previous IS NOT NULL AND hex IS NOT NULL THEN
            word := previous || 'x' || hex;
            IF n > 200 OR NOT word = ANY(words) THEN
                words := words || word;
            END IF;
        END IF;
        previous := hex;
    END LOOP;
    IF n > 200 THEN
        RETURN ARRAY(SELECT DISTINCT unnest(words));
    END IF;
    RETURN words;
END
$$;
