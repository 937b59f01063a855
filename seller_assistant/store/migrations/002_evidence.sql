-- The evidence log: chat messages, agreements, attachments and shipment proofs, each sealed into
-- a per-order SHA-256 chain (evidence_items). Content is append-only: triggers refuse edits and
-- deletes; a correction is a new item that supersedes the old one.

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    order_id INTEGER REFERENCES orders(id),   -- NULL until tied to an order
    buyer TEXT NOT NULL DEFAULT '',           -- the buyer's nickname the chat was with
    sender_role TEXT NOT NULL,                -- buyer|staff|platform|system
    sender_name TEXT NOT NULL DEFAULT '',
    sent_at INTEGER NOT NULL,
    text TEXT NOT NULL,
    stage TEXT,                               -- pre_sale|transaction|shipping|after_sale (editable)
    source TEXT NOT NULL DEFAULT 'manual',    -- qianniu|csv|paste|reply|manual|demo
    template_id TEXT,                         -- for replies sent from the playbook
    supersedes_id INTEGER REFERENCES messages(id),
    fingerprint TEXT NOT NULL UNIQUE,         -- re-importing the same record adds nothing
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_order ON messages (order_id, sent_at);
CREATE INDEX messages_buyer ON messages (shop_id, buyer, sent_at);
CREATE INDEX messages_sent ON messages (shop_id, sent_at);

CREATE TRIGGER messages_append_only_update BEFORE UPDATE OF
    shop_id, buyer, sender_role, sender_name, sent_at, text, source, template_id, supersedes_id, fingerprint
ON messages BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;
CREATE TRIGGER messages_append_only_delete BEFORE DELETE ON messages BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;

-- Chinese has no spaces between words: trigram indexing finds any 3+ character substring.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, content='messages', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    order_id INTEGER NOT NULL REFERENCES orders(id),
    message_id INTEGER REFERENCES messages(id),
    kind TEXT NOT NULL,             -- delivery_date|variant|flaw_disclosed|compensation|other
    text TEXT NOT NULL,
    agreed_at INTEGER NOT NULL,
    supersedes_id INTEGER REFERENCES agreements(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX agreements_order ON agreements (order_id);
CREATE TRIGGER agreements_append_only_update BEFORE UPDATE ON agreements BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;
CREATE TRIGGER agreements_append_only_delete BEFORE DELETE ON agreements BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    order_id INTEGER REFERENCES orders(id),
    message_id INTEGER REFERENCES messages(id),
    sha256 TEXT NOT NULL,           -- the file in the attachment folder is named by this
    original_name TEXT NOT NULL,    -- shown to the user only, never used as a path
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    added_at INTEGER NOT NULL
);
CREATE INDEX attachments_order ON attachments (order_id);
CREATE INDEX attachments_sha ON attachments (sha256);
CREATE TRIGGER attachments_append_only_update BEFORE UPDATE OF sha256, original_name, size, added_at
ON attachments BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;
CREATE TRIGGER attachments_append_only_delete BEFORE DELETE ON attachments BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;

-- Every ship action, kept even when a later one corrects the tracking number.
CREATE TABLE shipments (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    order_id INTEGER NOT NULL REFERENCES orders(id),
    shipped_at INTEGER NOT NULL,
    tracking_no TEXT,
    carrier TEXT,
    recorded_at INTEGER NOT NULL
);
CREATE INDEX shipments_order ON shipments (order_id);

-- The chain: item N's hash = sha256(prev_hash || content_hash || type || seq); see core/evidence.py.
CREATE TABLE evidence_items (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    chain_key TEXT NOT NULL,        -- 'order:<order_no>' or 'buyer:<nickname>' before an order is known
    seq INTEGER NOT NULL,
    item_type TEXT NOT NULL,        -- message|agreement|attachment|shipment|link
    item_id INTEGER NOT NULL,
    supersedes_item INTEGER REFERENCES evidence_items(id),
    content_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    sealed_at INTEGER NOT NULL,
    UNIQUE (chain_key, seq),
    UNIQUE (item_type, item_id, chain_key)
);
CREATE TRIGGER evidence_items_append_only_update BEFORE UPDATE ON evidence_items BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;
CREATE TRIGGER evidence_items_append_only_delete BEFORE DELETE ON evidence_items BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;
