-- Timestamps of the head log (optional, off by default): an RFC 3161 token from the authority the
-- shop named, saying head-log entry `entry_n` (hash `entry_hash`) existed at `gen_time`. Once a
-- chain and its log are recomputed, that entry's hash no longer matches the token: caught.

CREATE TABLE head_log_anchors (
    id INTEGER PRIMARY KEY,
    entry_n INTEGER NOT NULL REFERENCES head_log(n),
    entry_hash TEXT NOT NULL,           -- the hash the token names (hex SHA-256)
    tsa_url TEXT NOT NULL,
    authority TEXT NOT NULL,            -- the signing certificate's name, as the token says
    gen_time INTEGER NOT NULL,          -- the authority's time, seconds since the epoch (UTC)
    token BLOB NOT NULL,                -- the DER TimeStampToken (CMS SignedData)
    recorded_at INTEGER NOT NULL
);
CREATE INDEX head_log_anchors_entry ON head_log_anchors (entry_n);
CREATE TRIGGER head_log_anchors_append_only_update BEFORE UPDATE ON head_log_anchors BEGIN
    SELECT RAISE(ABORT, 'timestamps of the head log are append-only');
END;
CREATE TRIGGER head_log_anchors_append_only_delete BEFORE DELETE ON head_log_anchors BEGIN
    SELECT RAISE(ABORT, 'timestamps of the head log are append-only');
END;
