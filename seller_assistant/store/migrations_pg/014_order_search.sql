-- PostgreSQL twin of migrations/014_order_search.sql: the Orders table's search by index. SQLite
-- writes each order's buyer and item title as character pairs into an FTS5 table by triggers; here
-- one GIN index over the same pairs (chat_bigrams of migration 007; the pairs of the two fields
-- kept apart, as SQLite's ' ' between them does), kept by PostgreSQL as rows change. A search
-- for a query of 2+ characters asks
--     chat_bigrams(o.buyer) || chat_bigrams(o.item_title) @> ARRAY[<each pair's word>]
-- (the expression exactly as indexed) and then checks the rows it finds, as on SQLite.
CREATE INDEX orders_bigram ON orders USING gin ((chat_bigrams(buyer) || chat_bigrams(item_title)));

CREATE INDEX orders_refunds ON orders (shop_id, paid_at) WHERE refund_status IS NOT NULL OR status = 'refunded';
