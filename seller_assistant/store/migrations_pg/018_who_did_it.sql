-- PostgreSQL twin of migrations/018_who_did_it.sql: who sealed an item (inside its seal, seal
-- version 2) and who recorded a help event, opened or answered an urge, promised a date. NULL: not
-- known. evidence_items' append-only trigger and the desks' privileges (no UPDATE of it, derived
-- from the triggers by pg_grants.sql, run again after this migration) cover the new column.
ALTER TABLE evidence_items ADD COLUMN sealed_by TEXT;
ALTER TABLE help_events ADD COLUMN recorded_by TEXT;
ALTER TABLE work_orders ADD COLUMN opened_by TEXT;
ALTER TABLE work_orders ADD COLUMN answered_by TEXT;
ALTER TABLE commitments ADD COLUMN made_by TEXT;
