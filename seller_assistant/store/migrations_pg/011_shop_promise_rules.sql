-- PostgreSQL twin of migrations/011_shop_promise_rules.sql: orders whose deadline a package example
-- rule set go back to the shop's default promise. The setting's value is JSON text (a number of
-- hours): SQLite's json_extract(value, '$') is (value::jsonb #>> '{}')::numeric here; round() of a
-- numeric rounds half away from zero on both.
UPDATE orders SET
    promised_ship_at = paid_at + CAST(round(COALESCE(
        (SELECT (s.value::jsonb #>> '{}')::numeric FROM settings s
         WHERE s.shop_id = orders.shop_id AND s.key = 'ship_promise_hours'), 48) * 3600) AS BIGINT),
    promise_rule = 'default',
    promise_source = 'default'
WHERE promise_rule IN ('presale', 'fresh')
  AND promise_override_at IS NULL
  AND platform_promised_ship_at IS NULL
  AND paid_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM settings s WHERE s.shop_id = orders.shop_id AND s.key = 'ship_promise_rules');
