-- The head log: each write that seals items records the new head of every chain it touched, in an
-- append-only hash chain of its own (core/head_log.py), so a chain cut short or deleted is caught.
-- Corrections: a sealed item saying another was withdrawn, superseded or moved to another order.
-- And the append-only guards the evidence tables were still missing.

CREATE TABLE head_log (
    n INTEGER PRIMARY KEY,          -- 1, 2, 3 … without gaps
    root TEXT NOT NULL,             -- Merkle root of the entry's heads
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
);
CREATE TABLE head_log_heads (
    entry_n INTEGER NOT NULL REFERENCES head_log(n),
    chain_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    head TEXT NOT NULL,
    PRIMARY KEY (entry_n, chain_key)
);
CREATE INDEX head_log_heads_chain ON head_log_heads (chain_key, entry_n);
CREATE TRIGGER head_log_append_only_update BEFORE UPDATE ON head_log BEGIN
    SELECT RAISE(ABORT, 'the head log is append-only');
END;
CREATE TRIGGER head_log_append_only_delete BEFORE DELETE ON head_log BEGIN
    SELECT RAISE(ABORT, 'the head log is append-only');
END;
CREATE TRIGGER head_log_heads_append_only_update BEFORE UPDATE ON head_log_heads BEGIN
    SELECT RAISE(ABORT, 'the head log is append-only');
END;
CREATE TRIGGER head_log_heads_append_only_delete BEFORE DELETE ON head_log_heads BEGIN
    SELECT RAISE(ABORT, 'the head log is append-only');
END;

CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    kind TEXT NOT NULL,                 -- withdrawn|superseded|moved
    message_id INTEGER NOT NULL REFERENCES messages(id),
    reason TEXT NOT NULL DEFAULT '',    -- in the shop's words; empty only for a move
    replacement_id INTEGER REFERENCES messages(id),   -- superseded: the message that replaces it
    from_order_no TEXT,                 -- moved: the order it left (NULL: it had none)
    to_order_no TEXT,                   -- moved: the order it joined
    recorded_at INTEGER NOT NULL
);
CREATE INDEX corrections_message ON corrections (message_id);
CREATE INDEX corrections_from_order ON corrections (from_order_no);
CREATE TRIGGER corrections_append_only_update BEFORE UPDATE ON corrections BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;
CREATE TRIGGER corrections_append_only_delete BEFORE DELETE ON corrections BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;

-- The key each masked bundle's commitments were made with: kept by the shop, never in the bundle,
-- so the shop can later prove a masked value while whoever holds the bundle cannot guess it.
CREATE TABLE bundle_keys (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    bundle_id TEXT NOT NULL UNIQUE,     -- written in the bundle's manifest
    order_no TEXT NOT NULL,
    key_hex TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TRIGGER bundle_keys_append_only_update BEFORE UPDATE ON bundle_keys BEGIN
    SELECT RAISE(ABORT, 'bundle keys are append-only');
END;
CREATE TRIGGER bundle_keys_append_only_delete BEFORE DELETE ON bundle_keys BEGIN
    SELECT RAISE(ABORT, 'bundle keys are append-only');
END;

CREATE TRIGGER shipments_append_only_update BEFORE UPDATE ON shipments BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;
CREATE TRIGGER shipments_append_only_delete BEFORE DELETE ON shipments BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;
CREATE TRIGGER attachments_media_type_update BEFORE UPDATE OF media_type ON attachments BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;
CREATE TRIGGER messages_id_update BEFORE UPDATE OF id ON messages BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only: record a correction instead');
END;
