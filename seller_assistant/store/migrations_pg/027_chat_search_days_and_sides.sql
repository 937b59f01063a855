-- PostgreSQL twin of migrations/027_chat_search_days_and_sides.sql: each shop's messages per UTC
-- day with their lowest and highest id, kept by a trigger function on every insert (messages are
-- append-only), the stored messages counted at once. The bigram side word of SQLite's FTS5 table
-- has no twin here: PostgreSQL's GIN index is over chat_bigrams(text) itself, and its planner
-- intersects it with messages_sender (migration 019) as bitmaps on its own.
CREATE TABLE message_days (
    shop_id BIGINT NOT NULL,
    day BIGINT NOT NULL,         -- sent_at / 86400: a UTC day (a bound for the search, never shown)
    low_id BIGINT NOT NULL,      -- the lowest and highest id of the shop's messages sent that day
    high_id BIGINT NOT NULL,
    PRIMARY KEY (shop_id, day)
);

CREATE FUNCTION message_days_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO message_days AS d (shop_id, day, low_id, high_id)
        VALUES (NEW.shop_id, NEW.sent_at / 86400, NEW.id, NEW.id)
        ON CONFLICT (shop_id, day) DO UPDATE
        SET low_id = least(d.low_id, excluded.low_id), high_id = greatest(d.high_id, excluded.high_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER message_days_insert AFTER INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION message_days_keep();

INSERT INTO message_days (shop_id, day, low_id, high_id)
    SELECT shop_id, sent_at / 86400, min(id), max(id) FROM messages GROUP BY shop_id, sent_at / 86400;
