-- Ship promise rules belong to the shop (issue 13): the package's example rules (pre-sale, fresh
-- food) no longer apply to a shop that never turned them on. Orders whose deadline one of them set
-- go back to the shop's default promise (paid time + its hours), as a recompute would; a deadline
-- set by hand or stated by the platform is kept. A shop that saved its own rules is left alone.
UPDATE orders SET
    promised_ship_at = paid_at + CAST(round(COALESCE(
        (SELECT json_extract(s.value, '$') FROM settings s
         WHERE s.shop_id = orders.shop_id AND s.key = 'ship_promise_hours'), 48) * 3600) AS INTEGER),
    promise_rule = 'default',
    promise_source = 'default'
WHERE promise_rule IN ('presale', 'fresh')
  AND promise_override_at IS NULL
  AND platform_promised_ship_at IS NULL
  AND paid_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM settings s WHERE s.shop_id = orders.shop_id AND s.key = 'ship_promise_rules');
