-- PostgreSQL twin of migrations/007_bigram_search.sql: two-character search by index (投诉, 破损).
-- SQLite keeps each message's character pairs in an FTS5 table filled by a trigger; here a GIN index
-- over chat_bigrams(text) holds them, kept by PostgreSQL itself (no trigger, no table to drift).
-- chat_bigrams is core/grams.py's bigram_words in SQL, word for word: the text lower-cased, every
-- pair of neighbouring characters with no whitespace (Python's str.isspace, listed below) as
-- '<hex code point>x<hex code point>', each pair once. A search for a pair (core/grams.bigram_word)
-- asks
--     chat_bigrams(m.text) @> ARRAY[<word>]
-- (the expression exactly as indexed, so the index answers it). tests/test_pg_schema.py checks this
-- function against bigram_words.
CREATE FUNCTION chat_bigrams(t TEXT) RETURNS TEXT[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT to_hex(ascii(a)) || 'x' || to_hex(ascii(b))), '{}')
    FROM (
        SELECT c AS a, lead(c) OVER (ORDER BY i) AS b
        FROM unnest(string_to_array(lower(t), NULL)) WITH ORDINALITY AS chars (c, i)
    ) pairs
    WHERE b IS NOT NULL
      AND strpos(E'\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000', a) = 0
      AND strpos(E'\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000', b) = 0
$$;
CREATE INDEX messages_bigram ON messages USING gin (chat_bigrams(text));
