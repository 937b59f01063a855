-- PostgreSQL twin of migrations/017_raised_alerts.sql: alerts already raised, one row per shop and
-- cause; the desk whose INSERT … ON CONFLICT DO NOTHING takes the row shows the alert.
CREATE TABLE raised_alerts (
    shop_id BIGINT NOT NULL,
    cause TEXT NOT NULL,
    raised_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, cause)
);
