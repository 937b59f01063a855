-- Messages the shop labelled itself, by correcting the intent the assistant read or by picking a
-- reply for them: the classifier learns from them. They stay in this store and are never exported.
-- source: corrected | reply_picked; predicted: what the classifier said before; undone_at: the shop
-- took the example back (kept, so the list can say what was undone).
CREATE TABLE intent_examples (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    intent TEXT NOT NULL,
    source TEXT NOT NULL,
    predicted TEXT,
    created_at INTEGER NOT NULL,
    undone_at INTEGER
);
CREATE INDEX intent_examples_shop ON intent_examples (shop_id, undone_at, created_at);
