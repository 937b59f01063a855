-- Who did it (issue 18: several desks, one store): the staff member set on the desk that sealed an
-- item or took an action (store/staff.py). NULL: not known (before this migration, an automatic
-- step such as an urge timing out, or no staff name set on that desk); the app never guesses one.
--
-- A sealed item's name is part of its seal (core/evidence.link_hash: seal version 2 when a name is
-- given, version 1 otherwise, so every item sealed before this migration verifies as it did); the
-- append-only triggers of migration 002 already refuse any UPDATE of evidence_items, this column
-- included. Shipments, messages, agreements, attachments and corrections are named through it.
ALTER TABLE evidence_items ADD COLUMN sealed_by TEXT;
-- Actions that are not sealed items: who recorded a help event, opened or answered an urge
-- (work order), promised the buyer a date. Notes already name their author (order_notes.author).
ALTER TABLE help_events ADD COLUMN recorded_by TEXT;
ALTER TABLE work_orders ADD COLUMN opened_by TEXT;
ALTER TABLE work_orders ADD COLUMN answered_by TEXT;
ALTER TABLE commitments ADD COLUMN made_by TEXT;
