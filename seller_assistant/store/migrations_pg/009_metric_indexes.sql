-- PostgreSQL twin of migrations/009_metric_indexes.sql.
CREATE INDEX orders_created_unpaid ON orders (shop_id, created_at) WHERE paid_at IS NULL;
CREATE INDEX orders_seller_cancelled ON orders (shop_id, cancelled_at) WHERE cancelled_by = 'seller';
CREATE INDEX orders_delivered ON orders (shop_id, delivered_at) WHERE delivered_at IS NOT NULL;
