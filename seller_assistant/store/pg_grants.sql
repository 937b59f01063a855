-- What the desks of a shared store may do, granted to the group role `seller_assistant_desk` (if the
-- server has one: docs/SHARED_STORE.md says how to create it). Run by the role that owns the
-- tables, after every migration (store/pg_privileges.py), so a new table is covered at once.
--
-- Derived from the append-only triggers, so privilege and trigger say the same thing:
-- - every table: SELECT and INSERT (and its id sequence); schema_version (the migrations') SELECT only;
-- - a table with no append-only trigger: UPDATE and DELETE too;
-- - an evidence table: no DELETE; UPDATE only of the columns no append-only trigger guards
--   (messages: order_id, stage, status, notes…; attachments: which order or message it belongs to),
--   none at all where a trigger guards every column.
-- The desks' role owns nothing, so it cannot drop or disable a trigger, alter or truncate a table.
DO $grants$
DECLARE
    desk CONSTANT TEXT := 'seller_assistant_desk';
    t RECORD;
    allowed TEXT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = desk) THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), desk);
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', current_schema(), desk);
    EXECUTE format('GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA %I TO %I', current_schema(), desk);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', current_schema(), desk);
    FOR t IN
        SELECT c.oid, c.relname,
               EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid
                       WHERE g.tgrelid = c.oid AND p.proname = 'append_only_refuse'
                         AND (g.tgtype & 8) <> 0) AS guards_delete,        -- TRIGGER_TYPE_DELETE
               EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid
                       WHERE g.tgrelid = c.oid AND p.proname = 'append_only_refuse'
                         AND (g.tgtype & 16) <> 0 AND cardinality(g.tgattr::int2[]) = 0) AS guards_every_column,
               ARRAY(SELECT unnest(g.tgattr::int2[]) FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid
                     WHERE g.tgrelid = c.oid AND p.proname = 'append_only_refuse'
                       AND (g.tgtype & 16) <> 0) AS guarded_columns
        FROM pg_class c
        WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
    LOOP
        IF t.relname = 'schema_version' THEN  -- the migrations' record: the owner's alone to write
            EXECUTE format('REVOKE INSERT ON %I FROM %I', t.relname, desk);
            CONTINUE;
        END IF;
        IF NOT t.guards_delete THEN
            EXECUTE format('GRANT DELETE ON %I TO %I', t.relname, desk);
        END IF;
        IF t.guards_every_column THEN
            CONTINUE;
        END IF;
        IF cardinality(t.guarded_columns) = 0 THEN
            EXECUTE format('GRANT UPDATE ON %I TO %I', t.relname, desk);
            CONTINUE;
        END IF;
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO allowed
        FROM pg_attribute a
        WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
          AND NOT (a.attnum = ANY (t.guarded_columns));
        IF allowed IS NOT NULL THEN
            EXECUTE format('GRANT UPDATE (%s) ON %I TO %I', allowed, t.relname, desk);
        END IF;
    END LOOP;
END
$grants$;
