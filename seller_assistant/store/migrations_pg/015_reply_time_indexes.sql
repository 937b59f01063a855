-- PostgreSQL twin of migrations/015_reply_time_indexes.sql: both chat indexes gain the sender's
-- role (and the time index the buyer), so pairing replies reads index pages only.
DROP INDEX messages_buyer;
CREATE INDEX messages_buyer ON messages (shop_id, buyer, sent_at, sender_role);
DROP INDEX messages_sent;
CREATE INDEX messages_sent ON messages (shop_id, sent_at, sender_role, buyer);
