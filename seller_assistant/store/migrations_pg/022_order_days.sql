-- PostgreSQL twin of migrations/022_order_days.sql: the orders counted per shop, UTC day and basis
-- (paid, created unpaid, shipped, delivered) for the risk report's long windows, kept by a trigger
-- function on every insert, update and delete of an order; the stored orders counted at once.
CREATE TABLE order_days (
    shop_id BIGINT NOT NULL,
    basis TEXT NOT NULL,            -- paid | created (never paid) | shipped | delivered (with a promised delivery)
    day BIGINT NOT NULL,            -- the basis time // 86400: a UTC day
    deleted BIGINT NOT NULL,        -- 1: deleted by the platform or the shop
    own BIGINT NOT NULL,            -- 1: not fulfilled by the platform
    flag BIGINT NOT NULL,           -- shipped: after its latest ship date; delivered: by its promised date
    tracking TEXT NOT NULL,         -- shipped: v (valid), u (unchecked), '' (anything else)
    country TEXT NOT NULL,          -- paid: ship_country ('' when not known)
    country_known BIGINT NOT NULL,
    currency TEXT NOT NULL,         -- paid: currency ('' when not known)
    currency_known BIGINT NOT NULL,
    n BIGINT NOT NULL,              -- orders
    amount BIGINT NOT NULL,         -- their amount_cents, where known
    amount_unknown BIGINT NOT NULL, -- how many have no amount
    PRIMARY KEY (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known)
);

CREATE FUNCTION order_days_count(o orders, delta integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF o.paid_at IS NOT NULL THEN
        INSERT INTO order_days AS d (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
            VALUES (o.shop_id, 'paid', o.paid_at / 86400, CASE WHEN o.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN o.fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', coalesce(o.ship_country, ''), CASE WHEN o.ship_country IS NULL THEN 0 ELSE 1 END, coalesce(o.currency, ''), CASE WHEN o.currency IS NULL THEN 0 ELSE 1 END, delta, delta * coalesce(o.amount_cents, 0), CASE WHEN o.amount_cents IS NULL THEN delta ELSE 0 END)
            ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = d.n + excluded.n, amount = d.amount + excluded.amount, amount_unknown = d.amount_unknown + excluded.amount_unknown;
    END IF;
    IF o.paid_at IS NULL AND o.created_at IS NOT NULL THEN
        INSERT INTO order_days AS d (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
            VALUES (o.shop_id, 'created', o.created_at / 86400, CASE WHEN o.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN o.fulfilled_by != 'platform' THEN 1 ELSE 0 END, 0, '', '', 1, '', 1, delta, delta * coalesce(o.amount_cents, 0), CASE WHEN o.amount_cents IS NULL THEN delta ELSE 0 END)
            ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = d.n + excluded.n, amount = d.amount + excluded.amount, amount_unknown = d.amount_unknown + excluded.amount_unknown;
    END IF;
    IF o.shipped_at IS NOT NULL THEN
        INSERT INTO order_days AS d (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
            VALUES (o.shop_id, 'shipped', o.shipped_at / 86400, CASE WHEN o.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN o.fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN o.shipped_at > coalesce(o.platform_promised_ship_at, o.promised_ship_at) THEN 1 ELSE 0 END, CASE o.tracking_check WHEN 'valid' THEN 'v' WHEN 'unchecked' THEN 'u' ELSE '' END, '', 1, '', 1, delta, delta * coalesce(o.amount_cents, 0), CASE WHEN o.amount_cents IS NULL THEN delta ELSE 0 END)
            ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = d.n + excluded.n, amount = d.amount + excluded.amount, amount_unknown = d.amount_unknown + excluded.amount_unknown;
    END IF;
    IF o.delivered_at IS NOT NULL AND o.latest_delivery_at IS NOT NULL THEN
        INSERT INTO order_days AS d (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known, n, amount, amount_unknown)
            VALUES (o.shop_id, 'delivered', o.delivered_at / 86400, CASE WHEN o.deleted = 0 THEN 0 ELSE 1 END, CASE WHEN o.fulfilled_by != 'platform' THEN 1 ELSE 0 END, CASE WHEN o.delivered_at <= o.latest_delivery_at THEN 1 ELSE 0 END, '', '', 1, '', 1, delta, delta * coalesce(o.amount_cents, 0), CASE WHEN o.amount_cents IS NULL THEN delta ELSE 0 END)
            ON CONFLICT (shop_id, basis, day, deleted, own, flag, tracking, country, country_known, currency, currency_known) DO UPDATE SET n = d.n + excluded.n, amount = d.amount + excluded.amount, amount_unknown = d.amount_unknown + excluded.amount_unknown;
    END IF;
END
$$;

CREATE FUNCTION order_days_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM order_days_count(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM order_days_count(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER order_days_insert_delete AFTER INSERT OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION order_days_keep();
CREATE TRIGGER order_days_update AFTER UPDATE OF shop_id, paid_at, created_at, shipped_at, delivered_at, latest_delivery_at, promised_ship_at, platform_promised_ship_at, fulfilled_by, deleted, tracking_check, ship_country, currency, amount_cents ON orders
    FOR EACH ROW WHEN (OLD.shop_id IS DISTINCT FROM NEW.shop_id OR OLD.paid_at IS DISTINCT FROM NEW.paid_at OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.shipped_at IS DISTINCT FROM NEW.shipped_at OR OLD.delivered_at IS DISTINCT FROM NEW.delivered_at OR OLD.latest_delivery_at IS DISTINCT FROM NEW.latest_delivery_at OR OLD.promised_ship_at IS DISTINCT FROM NEW.promised_ship_at OR OLD.platform_promised_ship_at IS DISTINCT FROM NEW.platform_promised_ship_at OR OLD.fulfilled_by IS DISTINCT FROM NEW.fulfilled_by OR OLD.deleted IS DISTINCT FROM NEW.deleted OR OLD.tracking_check IS DISTINCT FROM NEW.tracking_check OR OLD.ship_country IS DISTINCT FROM NEW.ship_country OR OLD.currency IS DISTINCT FROM NEW.currency OR OLD.amount_cents IS DISTINCT FROM NEW.amount_cents)
    EXECUTE FUNCTION order_days_keep();

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
