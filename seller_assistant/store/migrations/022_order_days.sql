-- The risk report's long windows from a summary by day (issue 20). A window of 90 or 365 days read
-- every order of it from an index, one entry at a time: eBay's 12 months were ~330 000 entries
-- (its Top Rated level's sales and countries, its transactions, its late shipments) at 1 M orders,
-- ~100 ms. Here each shop's orders are counted per UTC day and per the few things the metrics test
-- (deleted, fulfilled by the platform, late, on time, tracking, buyer country, currency), by basis:
-- the day an order was paid (else created, if never paid), shipped, delivered. The report adds the
-- whole days of a window from this table and counts the partial days at its two edges from the
-- orders themselves (store/metric_days.py), so its figures are exactly the row-level counts.
-- Windows are multiples of 24 hours back from now, not calendar days, so UTC days serve every shop
-- whatever its time zone (an edge is counted from rows wherever it falls).
-- Kept by triggers on every insert, update and delete of an order, in the writer's transaction.
CREATE TABLE order_days (
    shop_id INTEGER NOT NULL,
    basis TEXT NOT NULL,            -- paid | created (never paid) | shipped | delivered (with a promised delivery)
    day INTEGER NOT NULL,            -- the basis time // 86400: a UTC day
    deleted INTEGER NOT NULL,        -- 1: deleted by the platform or the shop
    own INTEGER NOT NULL,            -- 1: not fulfilled by the platform
    flag INTEGER NOT NULL,           -- shipped: after its latest ship date; delivered: by its promised date
    tracking TEXT NOT NULL,         -- shipped: v (valid), u (unchecked), '' (anything else)
    country TEXT NOT NULL,          -- paid: ship_country ('' when not known)
    country_known INTEGER NOT NULL,
    currency TEXT NOT NULL,         -- paid: currency ('' when not known)
    currency_known INTEGER NOT NULL,
    n INTEGER NOT NULL,              -- orders
    amount INTEGER NOT NULL,         -- their amount_cents, where known
    amount_unknown INTEGER NOT NULL, -- how many have no amount
    PRIMARY KEY (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known)
) WITHOUT ROWID;

CREATE TRIGGER order_days_insert AFTER INSERT ON orders BEGIN
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT new.shop_id, 'paid', new.paid_at / 86400, CASE WHEN new.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN new.fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', coalesce(new.ship_country, ''), CASE WHEN new.ship_country IS NULL THEN 0 ELSE 1 END, coalesce(new.currency, ''), CASE WHEN new.currency IS NULL THEN 0 ELSE 1 END, 1, coalesce(new.amount_cents, 0), CASE WHEN new.amount_cents IS NULL THEN 1 ELSE 0 END
        WHERE new.paid_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT new.shop_id, 'created', new.created_at / 86400, CASE WHEN new.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN new.fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', '', 1, '', 1, 1, coalesce(new.amount_cents, 0), CASE WHEN new.amount_cents IS NULL THEN 1 ELSE 0 END
        WHERE new.paid_at IS NULL AND new.created_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT new.shop_id, 'shipped', new.shipped_at / 86400, CASE WHEN new.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN new.fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN new.shipped_at > coalesce(new.platform_promised_ship_at, new.promised_ship_at) THEN 1 ELSE 0 END, CASE new.tracking_check WHEN 'valid' THEN 'v' WHEN 'unchecked' THEN 'u' ELSE '' END, '', 1, '', 1, 1, coalesce(new.amount_cents, 0), CASE WHEN new.amount_cents IS NULL THEN 1 ELSE 0 END
        WHERE new.shipped_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT new.shop_id, 'delivered', new.delivered_at / 86400, CASE WHEN new.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN new.fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN new.delivered_at <= new.latest_delivery_at THEN 1 ELSE 0 END, '', '', 1, '', 1, 1, coalesce(new.amount_cents, 0), CASE WHEN new.amount_cents IS NULL THEN 1 ELSE 0 END
        WHERE new.delivered_at IS NOT NULL AND new.latest_delivery_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
END;
CREATE TRIGGER order_days_delete AFTER DELETE ON orders BEGIN
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT old.shop_id, 'paid', old.paid_at / 86400, CASE WHEN old.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN old.fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', coalesce(old.ship_country, ''), CASE WHEN old.ship_country IS NULL THEN 0 ELSE 1 END, coalesce(old.currency, ''), CASE WHEN old.currency IS NULL THEN 0 ELSE 1 END, -1, -coalesce(old.amount_cents, 0), CASE WHEN old.amount_cents IS NULL THEN -1 ELSE 0 END
        WHERE old.paid_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT old.shop_id, 'created', old.created_at / 86400, CASE WHEN old.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN old.fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', '', 1, '', 1, -1, -coalesce(old.amount_cents, 0), CASE WHEN old.amount_cents IS NULL THEN -1 ELSE 0 END
        WHERE old.paid_at IS NULL AND old.created_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT old.shop_id, 'shipped', old.shipped_at / 86400, CASE WHEN old.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN old.fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN old.shipped_at > coalesce(old.platform_promised_ship_at, old.promised_ship_at) THEN 1 ELSE 0 END, CASE old.tracking_check WHEN 'valid' THEN 'v' WHEN 'unchecked' THEN 'u' ELSE '' END, '', 1, '', 1, -1, -coalesce(old.amount_cents, 0), CASE WHEN old.amount_cents IS NULL THEN -1 ELSE 0 END
        WHERE old.shipped_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT old.shop_id, 'delivered', old.delivered_at / 86400, CASE WHEN old.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN old.fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN old.delivered_at <= old.latest_delivery_at THEN 1 ELSE 0 END, '', '', 1, '', 1, -1, -coalesce(old.amount_cents, 0), CASE WHEN old.amount_cents IS NULL THEN -1 ELSE 0 END
        WHERE old.delivered_at IS NOT NULL AND old.latest_delivery_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
END;
CREATE TRIGGER order_days_update AFTER UPDATE OF shop_id, paid_at, created_at, shipped_at, delivered_at, latest_delivery_at, promised_ship_at, platform_promised_ship_at, fulfilled_by, deleted, tracking_check, ship_country, currency, amount_cents ON orders
    WHEN old.shop_id IS NOT new.shop_id OR old.paid_at IS NOT new.paid_at OR old.created_at IS NOT new.created_at OR old.shipped_at IS NOT new.shipped_at OR old.delivered_at IS NOT new.delivered_at OR old.latest_delivery_at IS NOT new.latest_delivery_at OR old.promised_ship_at IS NOT new.promised_ship_at OR old.platform_promised_ship_at IS NOT new.platform_promised_ship_at OR old.fulfilled_by IS NOT new.fulfilled_by OR old.deleted IS NOT new.deleted OR old.tracking_check IS NOT new.tracking_check OR old.ship_country IS NOT new.ship_country OR old.currency IS NOT new.currency OR old.amount_cents IS NOT new.amount_cents BEGIN
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT old.shop_id, 'paid', old.paid_at / 86400, CASE WHEN old.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN old.fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', coalesce(old.ship_country, ''), CASE WHEN old.ship_country IS NULL THEN 0 ELSE 1 END, coalesce(old.currency, ''), CASE WHEN old.currency IS NULL THEN 0 ELSE 1 END, -1, -coalesce(old.amount_cents, 0), CASE WHEN old.amount_cents IS NULL THEN -1 ELSE 0 END
        WHERE old.paid_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT old.shop_id, 'created', old.created_at / 86400, CASE WHEN old.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN old.fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', '', 1, '', 1, -1, -coalesce(old.amount_cents, 0), CASE WHEN old.amount_cents IS NULL THEN -1 ELSE 0 END
        WHERE old.paid_at IS NULL AND old.created_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT old.shop_id, 'shipped', old.shipped_at / 86400, CASE WHEN old.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN old.fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN old.shipped_at > coalesce(old.platform_promised_ship_at, old.promised_ship_at) THEN 1 ELSE 0 END, CASE old.tracking_check WHEN 'valid' THEN 'v' WHEN 'unchecked' THEN 'u' ELSE '' END, '', 1, '', 1, -1, -coalesce(old.amount_cents, 0), CASE WHEN old.amount_cents IS NULL THEN -1 ELSE 0 END
        WHERE old.shipped_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT old.shop_id, 'delivered', old.delivered_at / 86400, CASE WHEN old.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN old.fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN old.delivered_at <= old.latest_delivery_at THEN 1 ELSE 0 END, '', '', 1, '', 1, -1, -coalesce(old.amount_cents, 0), CASE WHEN old.amount_cents IS NULL THEN -1 ELSE 0 END
        WHERE old.delivered_at IS NOT NULL AND old.latest_delivery_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT new.shop_id, 'paid', new.paid_at / 86400, CASE WHEN new.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN new.fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', coalesce(new.ship_country, ''), CASE WHEN new.ship_country IS NULL THEN 0 ELSE 1 END, coalesce(new.currency, ''), CASE WHEN new.currency IS NULL THEN 0 ELSE 1 END, 1, coalesce(new.amount_cents, 0), CASE WHEN new.amount_cents IS NULL THEN 1 ELSE 0 END
        WHERE new.paid_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT new.shop_id, 'created', new.created_at / 86400, CASE WHEN new.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN new.fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', '', 1, '', 1, 1, coalesce(new.amount_cents, 0), CASE WHEN new.amount_cents IS NULL THEN 1 ELSE 0 END
        WHERE new.paid_at IS NULL AND new.created_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT new.shop_id, 'shipped', new.shipped_at / 86400, CASE WHEN new.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN new.fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN new.shipped_at > coalesce(new.platform_promised_ship_at, new.promised_ship_at) THEN 1 ELSE 0 END, CASE new.tracking_check WHEN 'valid' THEN 'v' WHEN 'unchecked' THEN 'u' ELSE '' END, '', 1, '', 1, 1, coalesce(new.amount_cents, 0), CASE WHEN new.amount_cents IS NULL THEN 1 ELSE 0 END
        WHERE new.shipped_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
    INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
        SELECT new.shop_id, 'delivered', new.delivered_at / 86400, CASE WHEN new.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN new.fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN new.delivered_at <= new.latest_delivery_at THEN 1 ELSE 0 END, '', '', 1, '', 1, 1, coalesce(new.amount_cents, 0), CASE WHEN new.amount_cents IS NULL THEN 1 ELSE 0 END
        WHERE new.delivered_at IS NOT NULL AND new.latest_delivery_at IS NOT NULL
        ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount, amount_unknown = amount_unknown + excluded.amount_unknown;
END;

-- The edges of a window of never-paid orders read `deleted` too (no order the shop removed is an
-- order placed): the index holds it, so an edge is read from the index alone.
DROP INDEX orders_created_unpaid;
CREATE INDEX orders_created_unpaid ON orders (shop_id, created_at, fulfilled_by, deleted, paid_at) WHERE paid_at IS NULL;

-- The orders already stored.
INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
    SELECT shop_id, 'paid', paid_at / 86400, CASE WHEN deleted = 0 THEN 0 ELSE 1 END, CASE WHEN fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', coalesce(ship_country, ''), CASE WHEN ship_country IS NULL THEN 0 ELSE 1 END, coalesce(currency, ''), CASE WHEN currency IS NULL THEN 0 ELSE 1 END,
        count(*), coalesce(sum(amount_cents), 0), sum(CASE WHEN amount_cents IS NULL THEN 1 ELSE 0 END)
    FROM orders WHERE paid_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
    SELECT shop_id, 'created', created_at / 86400, CASE WHEN deleted = 0 THEN 0 ELSE 1 END, CASE WHEN fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', '', 1, '', 1,
        count(*), coalesce(sum(amount_cents), 0), sum(CASE WHEN amount_cents IS NULL THEN 1 ELSE 0 END)
    FROM orders WHERE paid_at IS NULL AND created_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
    SELECT shop_id, 'shipped', shipped_at / 86400, CASE WHEN deleted = 0 THEN 0 ELSE 1 END, CASE WHEN fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN shipped_at > coalesce(platform_promised_ship_at, promised_ship_at) THEN 1 ELSE 0 END, CASE tracking_check WHEN 'valid' THEN 'v' WHEN 'unchecked' THEN 'u' ELSE '' END, '', 1, '', 1,
        count(*), coalesce(sum(amount_cents), 0), sum(CASE WHEN amount_cents IS NULL THEN 1 ELSE 0 END)
    FROM orders WHERE shipped_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
INSERT INTO order_days (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
    SELECT shop_id, 'delivered', delivered_at / 86400, CASE WHEN deleted = 0 THEN 0 ELSE 1 END, CASE WHEN fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN delivered_at <= latest_delivery_at THEN 1 ELSE 0 END, '', '', 1, '', 1,
        count(*), coalesce(sum(amount_cents), 0), sum(CASE WHEN amount_cents IS NULL THEN 1 ELSE 0 END)
    FROM orders WHERE delivered_at IS NOT NULL AND latest_delivery_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
