-- Alerts and tray notifications already raised, one row per cause (ui/notifier.py's keys such as
-- "late:123" or "window:help_rate:7d:over"), per shop. On a shared store several desks compute the
-- same alert at once: the desk whose INSERT … ON CONFLICT DO NOTHING takes the row shows it, the
-- others stay quiet (store/raised_alerts.py). The row goes when the cause ends, so it can be raised
-- again later. The same table on both backends keeps the migrations numbered alike.
CREATE TABLE raised_alerts (
    shop_id INTEGER NOT NULL,
    cause TEXT NOT NULL,
    raised_at INTEGER NOT NULL,          -- epoch seconds
    PRIMARY KEY (shop_id, cause)
);
