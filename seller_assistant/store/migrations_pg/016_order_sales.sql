-- PostgreSQL twin of migrations/016_order_sales.sql: the currency and the buyer's country, as the
-- export states them (NULL: it did not say).
ALTER TABLE orders ADD COLUMN currency TEXT;
ALTER TABLE orders ADD COLUMN ship_country TEXT;
