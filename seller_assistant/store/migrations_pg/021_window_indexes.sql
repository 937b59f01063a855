-- PostgreSQL twin of migrations/021_window_indexes.sql (the same indexes). The risk report's
-- windows read from the index alone (issue 20). Each window of a metric counts
-- the orders paid, shipped or delivered in its last 30 (to 365) days; with only (shop, time) in the
-- index every one of those orders was also read from the table to test `deleted`, `fulfilled_by`
-- and the like — 27 000 table rows for a 30-day window at 1 M orders, 14–25 ms, and ten times that
-- for eBay's 12-month window. These indexes hold every column those counts test, so a window costs
-- an index range, whatever the history before it.
-- Orders paid in a window: denominators, eBay's transactions and its level's sales and countries.
CREATE INDEX orders_paid_window ON orders
    (shop_id, paid_at, deleted, fulfilled_by, ship_country, currency, amount_cents);

-- Orders shipped in a window (late shipments, valid tracking, orders shipped): the same index as
-- before with the columns those counts test added after its two times.
DROP INDEX orders_shipped_at;
CREATE INDEX orders_shipped_at ON orders
    (shop_id, shipped_at, promised_ship_at, platform_promised_ship_at, fulfilled_by, deleted, tracking_check)
    WHERE shipped_at IS NOT NULL;

-- Orders placed in a window and never paid, dated by their creation (Amazon counts every order);
-- paid_at (always NULL here) listed too: SQLite reads a column the query tests from the index only
-- if the index holds it.
DROP INDEX orders_created_unpaid;
CREATE INDEX orders_created_unpaid ON orders (shop_id, created_at, fulfilled_by, paid_at) WHERE paid_at IS NULL;

-- Orders delivered in a window (on-time delivery): the promised delivery date beside it.
DROP INDEX orders_delivered;
CREATE INDEX orders_delivered ON orders (shop_id, delivered_at, latest_delivery_at, fulfilled_by, deleted)
    WHERE delivered_at IS NOT NULL;

-- The days since the last event of each kind (the report's streaks): one index seek per kind
-- instead of a walk over every help event of the shop's history.
CREATE INDEX help_events_kind_at ON help_events (shop_id, kind, at);
