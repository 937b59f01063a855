-- What other marketplaces' exports state and their health metrics need: the platform's own ship-by
-- time, who fulfils the order, items of multi-line orders, delivery and cancellation facts,
-- platform-numbered help events (refund/after-sales exports) with their outcome, and each shop's
-- business calendar. Rules and working hours stay in `settings` (JSON), which needs no migration.

-- The deadline the platform holds the shop to, as its export states it (承诺发货时间, promise-date,
-- latest-ship-date, Ship By Date). promised_ship_at stays the effective deadline every query uses;
-- promise_source says where it came from: platform | rule | default | manual.
ALTER TABLE orders ADD COLUMN platform_promised_ship_at INTEGER;
ALTER TABLE orders ADD COLUMN promise_source TEXT;
-- shop | platform (Amazon FBA, JD 京东配送…): a platform-fulfilled order is not the shop's to ship
-- and is outside every late-shipment denominator.
ALTER TABLE orders ADD COLUMN fulfilled_by TEXT NOT NULL DEFAULT 'shop';
ALTER TABLE orders ADD COLUMN latest_delivery_at INTEGER;
ALTER TABLE orders ADD COLUMN delivered_at INTEGER;
ALTER TABLE orders ADD COLUMN cancelled_at INTEGER;
ALTER TABLE orders ADD COLUMN cancelled_by TEXT;          -- buyer | seller | platform
-- valid | invalid | unchecked: the tracking number checked against its carrier's format.
ALTER TABLE orders ADD COLUMN tracking_check TEXT;
-- Shipped with no tracking number on purpose (self-delivery, virtual goods): the shop's words.
ALTER TABLE orders ADD COLUMN no_tracking_reason TEXT;

-- One row per line of a multi-item order (Douyin 子订单, Amazon order-item-id, JD one line per item).
CREATE TABLE order_items (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    item_key TEXT NOT NULL,          -- sub-order / order-item id, else SKU, else the line's position
    title TEXT NOT NULL DEFAULT '',
    sku TEXT,
    spec TEXT,
    quantity INTEGER,
    price_cents INTEGER,
    platform_status TEXT,
    refund_status TEXT,
    UNIQUE (order_id, item_key)
);

-- The platform's number for a refund, dispute or claim, so importing its export twice adds nothing;
-- outcome: NULL (open or unknown) | seller_favour | buyer_favour | withdrawn. Amazon does not count
-- claims decided in the seller's favour.
ALTER TABLE help_events ADD COLUMN external_id TEXT;
ALTER TABLE help_events ADD COLUMN outcome TEXT;
CREATE UNIQUE INDEX help_events_external ON help_events (shop_id, kind, external_id)
    WHERE external_id IS NOT NULL;

-- Days that stop a working-day clock: holidays and platform-declared pauses (Spring Festival), and
-- extra working days. Dates are the shop's local calendar dates, YYYY-MM-DD, both ends included.
CREATE TABLE shop_calendar (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,              -- holiday | pause | workday
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX shop_calendar_shop ON shop_calendar (shop_id, starts_on);
