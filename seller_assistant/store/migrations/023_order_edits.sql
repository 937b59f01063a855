-- Who changed an order by hand, and to what (issue 18: every action records who did it): a refund
-- requested or a logistics exception flagged from the order detail, a ship-by time set by hand or
-- handed back to the rules. The order row holds only the value now; each edit is one row here,
-- with the staff member of the desk that made it (store/staff.py; NULL: not known). What imports
-- write (a platform's refund status) is not an edit by hand and is not listed. Who marked a
-- promise to the buyer kept goes with the promise (commitments.kept_by, as made_by).
CREATE TABLE order_edits (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    field TEXT NOT NULL,                 -- refund_status, logistics_status, promised_ship_at
    value TEXT,                          -- what it was set to; NULL: back to the rules
    at INTEGER NOT NULL,                 -- epoch seconds
    made_by TEXT
);
CREATE INDEX order_edits_order ON order_edits (order_id, at);
ALTER TABLE commitments ADD COLUMN kept_by TEXT;
