-- PostgreSQL twin of migrations/003_risk_indexes.sql: the same partial indexes. PostgreSQL too
-- uses a partial index only for a query whose WHERE implies the index's.
CREATE INDEX orders_open_issues ON orders (shop_id, paid_at)
    WHERE refund_status = 'requested' OR logistics_status = 'exception';

CREATE INDEX orders_shipped_at ON orders (shop_id, shipped_at, promised_ship_at)
    WHERE shipped_at IS NOT NULL;
