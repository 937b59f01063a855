-- The daily risk report lists open refund requests and logistics exceptions on every run; without
-- this small partial index that is a scan of all the shop's orders (about 50 ms at 200 000 orders).
-- Queries must repeat this WHERE clause word for word for SQLite to use the index.
CREATE INDEX orders_open_issues ON orders (shop_id, paid_at)
    WHERE refund_status = 'requested' OR logistics_status = 'exception';

-- Amazon's late shipment rate counts orders by their ship time; covering both times keeps that
-- count inside the index.
CREATE INDEX orders_shipped_at ON orders (shop_id, shipped_at, promised_ship_at)
    WHERE shipped_at IS NOT NULL;
