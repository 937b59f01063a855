-- Shops, their settings, orders and what happens to them before evidence: help events,
-- work orders (urges), commitments (promised dates), notes, remembered import mappings.
-- Instants are INTEGER seconds since the epoch (UTC); money is INTEGER cents.

CREATE TABLE shops (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    platform TEXT NOT NULL DEFAULT 'taobao',
    created_at INTEGER NOT NULL
);

CREATE TABLE settings (
    shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,            -- JSON
    PRIMARY KEY (shop_id, key)
) WITHOUT ROWID;

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    order_no TEXT NOT NULL,         -- always text: 18-19 digit numbers do not survive floats
    buyer TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'paid',   -- awaiting_payment|paid|shipped|completed|refunded|closed
    platform_status TEXT,           -- the marketplace's own words, as exported
    item_title TEXT NOT NULL DEFAULT '',
    sku TEXT,
    category TEXT,
    quantity INTEGER,
    amount_cents INTEGER,
    created_at INTEGER,
    paid_at INTEGER,
    shipped_at INTEGER,
    completed_at INTEGER,
    tracking_no TEXT,
    carrier TEXT,
    receiver_name TEXT,
    receiver_phone TEXT,
    receiver_address TEXT,
    buyer_message TEXT,
    refund_status TEXT,             -- NULL: none; requested|agreed|refunded|rejected|closed
    logistics_status TEXT,          -- NULL: normal; exception
    perishable INTEGER NOT NULL DEFAULT 0,
    promise_rule TEXT,              -- which rule set the promise (default, a rule id, override)
    promise_override_at INTEGER,    -- the shop's own per-order promise
    promised_ship_at INTEGER,       -- derived, stored so deadlines are an index range scan
    source TEXT NOT NULL DEFAULT 'manual',  -- manual|import|demo
    updated_at INTEGER NOT NULL,
    UNIQUE (shop_id, order_no)
);
CREATE INDEX orders_paid_at ON orders (shop_id, paid_at);
CREATE INDEX orders_awaiting_ship ON orders (shop_id, promised_ship_at)
    WHERE shipped_at IS NULL AND status = 'paid';
CREATE INDEX orders_buyer ON orders (shop_id, buyer);

CREATE TABLE order_notes (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    at INTEGER NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL
);
CREATE INDEX order_notes_order ON order_notes (order_id, at);

CREATE TABLE work_orders (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    order_id INTEGER NOT NULL REFERENCES orders(id),
    kind TEXT NOT NULL DEFAULT 'urge_shipping',
    opened_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    answered_at INTEGER,
    answer TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX work_orders_open ON work_orders (shop_id, due_at) WHERE answered_at IS NULL;
CREATE INDEX work_orders_order ON work_orders (order_id);

CREATE TABLE help_events (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    order_id INTEGER NOT NULL REFERENCES orders(id),
    kind TEXT NOT NULL,             -- dispute|complaint|intervention|ticket_timeout|… (profiles name more)
    at INTEGER NOT NULL,
    reason TEXT,                    -- quality|not_as_described|logistics|refund|shipping|service|other
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'manual',  -- manual|work_order|import|demo
    -- A timed-out work order yields exactly one event, never two.
    work_order_id INTEGER UNIQUE REFERENCES work_orders(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX help_events_at ON help_events (shop_id, at);
CREATE INDEX help_events_order ON help_events (order_id);

CREATE TABLE commitments (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    order_id INTEGER NOT NULL REFERENCES orders(id),
    kind TEXT NOT NULL,             -- ship_by|report_back|other
    due_at INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    made_at INTEGER NOT NULL,
    kept_at INTEGER,
    message_id INTEGER              -- the reply that made the promise, once evidence exists
);
CREATE INDEX commitments_open ON commitments (shop_id, due_at) WHERE kept_at IS NULL;
CREATE INDEX commitments_order ON commitments (order_id);

CREATE TABLE import_mappings (
    header_signature TEXT PRIMARY KEY,  -- sha256 of the file's header row
    mapping TEXT NOT NULL,              -- JSON: field -> column header
    updated_at INTEGER NOT NULL
);
