-- PostgreSQL twin of migrations/012_deleted_orders.sql: 1 = deleted by the platform.
ALTER TABLE orders ADD COLUMN deleted BIGINT NOT NULL DEFAULT 0;
