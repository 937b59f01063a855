-- Indexes for the marketplaces' health metrics (store/metric_counts.py), each partial so it holds
-- only the few rows a metric looks for: without them every report scans every order.
-- Orders dated by creation because they were never paid (Amazon counts every order placed).
CREATE INDEX orders_created_unpaid ON orders (shop_id, created_at) WHERE paid_at IS NULL;
-- Cancellations by the seller (Amazon's cancel rate, eBay's transaction defects).
CREATE INDEX orders_seller_cancelled ON orders (shop_id, cancelled_at) WHERE cancelled_by = 'seller';
-- Deliveries with a promised date (on-time delivery rate).
CREATE INDEX orders_delivered ON orders (shop_id, delivered_at) WHERE delivered_at IS NOT NULL;
