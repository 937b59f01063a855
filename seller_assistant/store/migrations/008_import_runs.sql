-- Long imports in short transactions (store/import_runs.py): a run stages its rows, then publishes
-- them in batches; an interrupted run can be undone (its staged rows deleted) or resumed.
CREATE TABLE import_runs (
    id INTEGER PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id),
    kind TEXT NOT NULL,                 -- orders|chat
    file TEXT NOT NULL,                 -- the file as given (read again on resume)
    params TEXT NOT NULL DEFAULT '{}',  -- JSON: what the import needs to resume and publish
    state TEXT NOT NULL,                -- staging|publishing|done|undone
    pid INTEGER,                        -- the process doing it; gone while staging = interrupted
    staged INTEGER NOT NULL DEFAULT 0,
    published INTEGER NOT NULL DEFAULT 0,
    result TEXT,                        -- JSON: the import's result once done
    started_at INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX import_runs_state ON import_runs (state);

-- Rows of a run not yet in their tables: read by nothing but the run's own publishing.
CREATE TABLE import_staged_rows (
    import_id INTEGER NOT NULL REFERENCES import_runs(id),
    seq INTEGER NOT NULL,
    row TEXT NOT NULL,                  -- JSON array in the import's column order
    PRIMARY KEY (import_id, seq)
) WITHOUT ROWID;
