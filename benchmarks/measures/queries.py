"""Measures 3, 4 and 8 on the big store: the risk report, full-text search, verifying every chain."""

from __future__ import annotations

from benchmarks.measures.common import Figure, best_of, cpu_timed, median
from benchmarks.measures.filtered_search import measure_filtered_search
from benchmarks.synthetic import NOW
from seller_assistant.core.grams import bigram_word
from seller_assistant.store import shops
from seller_assistant.store.bundle_data import open_dispute_orders
from seller_assistant.store.evidence import verify_store
from seller_assistant.store.risk import risk_report
from seller_assistant.store.search import fts_phrase, search_messages

DAY, HOUR = 86400, 3600
KINDS = ("dispute", "complaint", "intervention", "ticket_timeout")
_MARKS = ",".join("?" * len(KINDS))

# The minimal SQL the issue names: the two windows (7 and 30 days), events and paid orders.
_TWO_WINDOWS = (
    f"SELECT (SELECT count(*) FROM help_events WHERE shop_id = ? AND at > ? AND at <= ? AND kind IN ({_MARKS})),"
    " (SELECT count(*) FROM orders WHERE shop_id = ? AND paid_at > ? AND paid_at <= ?)"
)


def two_window_counts(conn, shop_id: int, now: int) -> list[tuple]:
    return [
        conn.execute(
            _TWO_WINDOWS, (shop_id, now - days * DAY, now, *KINDS, shop_id, now - days * DAY, now)
        ).fetchone()
        for days in (7, 30)
    ]


# The windows' orders as the report counts them (the platform's deleted orders are not the shop's),
# from the covering index of migration 021: the best raw SQL for the same counts.
_LIVE_WINDOWS = (
    f"SELECT (SELECT count(*) FROM help_events WHERE shop_id = ? AND at > ? AND at <= ? AND kind IN ({_MARKS})),"
    " (SELECT count(*) FROM orders WHERE shop_id = ? AND paid_at > ? AND paid_at <= ? AND deleted = 0)"
)


def same_work_sql(conn, shop_id: int, now: int, lead: int, evidence_orders: tuple[int, ...] = ()) -> list:
    """By hand, what risk_report reads: the shop's settings, the windows, the timeouts check,
    late/due-soon orders, work orders, commitments, open refunds/logistics, open disputes, the
    evidence of the orders the report checks (`evidence_orders`), streaks (no Python figures,
    alerts or look-ahead), each the fastest way the schema allows (the streaks one index seek per
    kind, the evidence of all the orders in one query per table)."""
    out = [
        conn.execute("SELECT name, platform FROM shops WHERE id = ?", (shop_id,)).fetchone(),
        conn.execute("SELECT key, value FROM settings WHERE shop_id = ?", (shop_id,)).fetchall(),
    ]
    out += [
        conn.execute(
            _LIVE_WINDOWS, (shop_id, now - days * DAY, now, *KINDS, shop_id, now - days * DAY, now)
        ).fetchone()
        for days in (7, 30)
    ]
    out.append(
        conn.execute(
            "SELECT id FROM work_orders WHERE shop_id = ? AND answered_at IS NULL AND due_at <= ?",
            (shop_id, now),
        ).fetchall()
    )
    out.append(
        conn.execute(
            "SELECT id, order_no, buyer, item_title, promised_ship_at FROM orders WHERE shop_id = ?"
            " AND shipped_at IS NULL AND status = 'paid' AND promised_ship_at <= ? ORDER BY promised_ship_at, id",
            (shop_id, now + lead),
        ).fetchall()
    )
    out.append(
        conn.execute(
            "SELECT w.id, w.order_id, o.order_no, o.buyer, w.due_at FROM work_orders w JOIN orders o ON o.id = w.order_id"
            " WHERE w.shop_id = ? AND w.answered_at IS NULL AND w.due_at <= ? ORDER BY w.due_at, w.id",
            (shop_id, now + lead),
        ).fetchall()
    )
    out.append(
        conn.execute(
            "SELECT o.id, o.order_no, o.buyer, o.item_title, c.due_at, c.text FROM commitments c"
            " JOIN orders o ON o.id = c.order_id"
            " WHERE c.shop_id = ? AND c.kept_at IS NULL AND c.due_at <= ? ORDER BY c.due_at, c.id",
            (shop_id, now + lead),
        ).fetchall()
    )
    out.append(
        conn.execute(
            "SELECT id, order_no, buyer, item_title, refund_status, logistics_status, status FROM orders"
            " WHERE shop_id = ?"
            " AND (refund_status = 'requested' OR logistics_status = 'exception')"
            " AND status NOT IN ('refunded', 'closed') ORDER BY paid_at, id",
            (shop_id,),
        ).fetchall()
    )
    out.append(
        conn.execute(
            "SELECT o.id, o.order_no, max(e.at) AS last_at FROM help_events e JOIN orders o ON o.id = e.order_id"
            " WHERE e.shop_id = ? AND e.kind IN ('dispute', 'intervention') AND e.at > ? AND e.at <= ?"
            " AND o.status NOT IN ('refunded', 'closed') GROUP BY o.id ORDER BY last_at DESC, o.id",
            (shop_id, now - 30 * DAY, now),
        ).fetchall()
    )
    if evidence_orders:
        marks = ",".join("?" * len(evidence_orders))
        for sql in (
            f"SELECT id, tracking_no FROM orders WHERE id IN ({marks})",
            f"SELECT order_id, stage, sender_role, text FROM messages WHERE order_id IN ({marks})"
            " AND stage IN ('pre_sale', 'shipping', 'after_sale')",
            f"SELECT order_id, count(*) FROM agreements WHERE order_id IN ({marks}) GROUP BY order_id",
            f"SELECT order_id, tracking_no FROM shipments WHERE order_id IN ({marks}) AND tracking_no IS NOT NULL",
        ):
            out.append(conn.execute(sql, evidence_orders).fetchall())
    streak = "SELECT max(at) FROM help_events WHERE shop_id = ? AND kind = ? AND at <= ?"
    out.append([conn.execute(streak, (shop_id, kind, now)).fetchone() for kind in KINDS])
    return out


def evidence_checked(store, shop_id: int, report) -> tuple[int, ...]:
    """The orders whose evidence the report read: its candidates (open refunds, then open
    disputes) up to the last one it checked."""
    candidates = {o.order_id: None for o in report.open_refunds}
    for order in open_dispute_orders(store, shop_id, report.now):
        candidates.setdefault(order["id"], None)
    return tuple(candidates)[: len(candidates) - report.evidence_unchecked]


def _cpu_ms(fn, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each of `runs` calls: on a machine shared with other work the
    wall clock mostly measures waiting for a core."""
    wall, cpu = [], []
    for _ in range(runs):
        seconds, spent, _ = cpu_timed(fn)
        wall.append(seconds * 1000)
        cpu.append(spent * 1000)
    return wall, cpu


def measure_risk(store, runs: int) -> list[Figure]:
    shop_id = shops.require_shop(store)
    conn = store.conn
    report = risk_report(store, shop_id, NOW)  # warm the page cache like the first figure on screen would
    lead = int(shops.load_settings(store, shop_id).due_soon_lead_hours * HOUR)
    checked = evidence_checked(store, shop_id, report)
    same_work_sql(conn, shop_id, NOW, lead, checked)
    report_ms, report_cpu, same_ms, same_cpu = [], [], [], []
    for _ in range(runs):  # alternately: both see the same load
        wall, cpu = _cpu_ms(lambda: risk_report(store, shop_id, NOW), 1)
        report_ms += wall
        report_cpu += cpu
        wall, cpu = _cpu_ms(lambda: same_work_sql(conn, shop_id, NOW, lead, checked), 1)
        same_ms += wall
        same_cpu += cpu
    bare_ms = [s * 1000 for s in best_of(lambda: two_window_counts(conn, shop_id, NOW), runs)]
    value = median(report_ms)
    bare, same = median(bare_ms), median(same_ms)
    cpu_note = (
        f"CPU time: report {median(report_cpu):.1f} ms, hand SQL {median(same_cpu):.1f} ms,"
        f" ratio {median(report_cpu) / max(median(same_cpu), 0.01):.2f}×"
    )
    return [
        Figure(
            "risk_report",
            "3. risk report vs two-window counts",
            value,
            "ms",
            baseline=bare,
            baseline_label="bare SQL counting the 7- and 30-day windows",
            ratio=value / bare,
            # Judged on its time only: two counts are not the report's work (the issue's own rule,
            # "the best raw SQLite doing the same work"), so this ratio is information; 3b judges it.
            target="≤ 50 ms (ratio: information)",
            passed=value <= 50,
            samples=report_ms,
            baseline_samples=bare_ms,
            note="the ratio to two counts is information, not judged: 3b is the like-for-like ratio",
            cpu_value=median(report_cpu),
        ),
        Figure(
            "risk_report_same_work",
            "3b. risk report vs hand SQL doing the same reads",
            value,
            "ms",
            baseline=same,
            baseline_label="hand SQL: windows, timeouts, late/due-soon, work orders, "
            "commitments, open issues, streaks",
            ratio=value / same,
            target="≤ 3× raw",
            passed=value / same <= 3,
            samples=report_ms,
            baseline_samples=same_ms,
            note=cpu_note,
            cpu_value=median(report_cpu),
        ),
    ]


SEARCHES = (
    ("search_2char", "4a. search, 2 characters (发货)", "发货"),
    ("search_3char", "4b. search, 3 characters (有裂纹 → 道裂纹)", "道裂纹"),
    ("search_6char", "4c. search, 6 characters (麻烦尽快发货)", "麻烦尽快发货"),
    ("search_english", "4d. search, English word (dishwasher)", "dishwasher"),
    ("search_2char_rare", "4e. search, 2 characters found nowhere (琉璃)", "琉璃"),
    ("search_2char_refund", "4f. search, 2 characters (退款)", "退款"),
    ("search_2char_miss", "4g. search, 2 characters found nowhere (投诉)", "投诉"),
    ("search_3char_miss", "4i. search, 3 characters found nowhere (琉璃杯)", "琉璃杯"),
    ("search_phrase_miss", "4j. search, common words never side by side (发货退款)", "发货退款"),
)


def measure_search(store, runs: int) -> list[Figure]:
    """Every query, hit or miss, by index (2 characters by the bigram index): all under the target,
    each beside the bare index query returning the same newest 50 messages (run after it, in the
    same loop). The first run of each is left out (it reads the index pages into the cache)."""
    shop_id = shops.require_shop(store)
    figures = []
    for key, label, query in SEARCHES:
        result = search_messages(store, shop_id, query, limit=50)
        figures.append(
            _search_figure(
                key,
                label,
                lambda q=query: search_messages(store, shop_id, q, limit=50),
                lambda q=query, m=result.mode: _raw_search(store.conn, q, m),
                runs,
                f"{len(result.hits)} hits, by {result.mode}",
            )
        )
    # The Chats page's buyer filter with a common word: every match in the shop belongs to others.
    buyer = store.conn.execute("SELECT buyer FROM messages WHERE buyer != '' ORDER BY id LIMIT 1").fetchone()
    if buyer is not None:

        def filtered():
            return search_messages(store, shop_id, "发货", buyer=buyer[0], limit=50)

        def raw_filtered():
            return store.conn.execute(
                "SELECT id, text FROM messages WHERE shop_id = ? AND buyer = ? AND instr(text, ?) > 0"
                " ORDER BY id DESC LIMIT 50",
                (shop_id, buyer[0], "发货"),
            ).fetchall()

        figures.append(
            _search_figure(
                "search_2char_buyer",
                "4h. search, 2 characters, one buyer's chats (发货)",
                filtered,
                raw_filtered,
                runs,
                f"{len(filtered().hits)} hits, by {filtered().mode}",
            )
        )
    return figures + measure_filtered_search(store, shop_id, runs)


def _search_figure(key: str, label: str, ours, raw, runs: int, note: str) -> Figure:
    ours(), raw()
    ms, raw_ms = [], []
    for _ in range(runs):  # alternately: both see the same load
        ms += [s * 1000 for s in best_of(ours, 1)]
        raw_ms += [s * 1000 for s in best_of(raw, 1)]
    value, base = median(ms), median(raw_ms)
    return Figure(
        key,
        label,
        value,
        "ms",
        baseline=base,
        baseline_label="the bare index query, same 50 rows",
        ratio=value / base if base > 0.05 else None,
        target="≤ 100 ms",
        passed=value <= 100,
        samples=ms,
        baseline_samples=raw_ms,
        note=note,
    )


def _raw_search(conn, query: str, mode: str) -> list:
    """By hand: the newest 50 messages holding the query, from the index the search used, with
    their rows (no highlights, no order numbers, no shop check)."""
    if mode == "bigram":
        table, phrase = "messages_bigram", fts_phrase(bigram_word(query))
    else:
        table, phrase = "messages_fts", fts_phrase(query)
    ids = [
        row[0]
        for row in conn.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT 50", (phrase,)
        )
    ]
    marks = ",".join("?" * len(ids))
    return (
        conn.execute(f"SELECT id, sent_at, text FROM messages WHERE id IN ({marks})", ids).fetchall()
        if ids
        else []
    )


def measure_verify(store, runs: int) -> list[Figure]:
    """Over a million items one run takes long enough that the median of several adds little time
    precision for minutes of running: one run there, and the note says so."""
    if store.conn.execute("SELECT count(*) FROM evidence_items").fetchone()[0] > 1_000_000:
        runs = 1
    rates, cpu_rates, items = [], [], 0
    for _ in range(runs):
        seconds, cpu, report = cpu_timed(lambda: verify_store(store))
        assert report.ok, report.problems[:3]
        items = report.items
        rates.append(report.items / seconds)
        cpu_rates.append(report.items / cpu)
    rate = median(rates)
    return [
        Figure(
            "verify",
            "8. verify every evidence chain",
            rate,
            "items/s",
            target="≥ 200 000/s",
            passed=rate >= 200_000,
            samples=rates,
            note=f"{items:,} items, {runs} run{'s' if runs > 1 else ''}",
            cpu_value=median(cpu_rates),
        )
    ]


# The least any Replies list must read: the four conditions' ids, each from its own partial index.
_REPLY_CANDIDATES = (
    (
        "SELECT id FROM orders WHERE shop_id = ? AND shipped_at IS NULL AND status = 'paid' AND promised_ship_at <= ?",
        lambda shop, now, lead: (shop, now + lead),
    ),
    (
        "SELECT id FROM orders WHERE shop_id = ? AND (refund_status = 'requested' OR logistics_status = 'exception')",
        lambda shop, now, lead: (shop,),
    ),
    (
        "SELECT order_id FROM work_orders WHERE shop_id = ? AND answered_at IS NULL",
        lambda shop, now, lead: (shop,),
    ),
    (
        "SELECT order_id FROM help_events WHERE shop_id = ? AND at > ? AND kind IN ('dispute','intervention')",
        lambda shop, now, lead: (shop, now - 30 * DAY),
    ),
)


def reply_candidates_sql(conn, shop_id: int, now: int, lead: int) -> set:
    found: set = set()
    for sql, params in _REPLY_CANDIDATES:
        found.update(row[0] for row in conn.execute(sql, params(shop_id, now, lead)))
    return found


def measure_replies(store, runs: int) -> list[Figure]:
    """The Replies page's list (orders_needing_reply) against raw SQL reading only the ids of the
    orders that meet any condition, each condition from its partial index."""
    from seller_assistant.store.replies import orders_needing_reply

    shop_id = shops.require_shop(store)
    lead = int(shops.load_settings(store, shop_id).due_soon_lead_hours * HOUR)
    orders_needing_reply(store, shop_id, NOW, lead)
    ms, cpu = _cpu_ms(lambda: orders_needing_reply(store, shop_id, NOW, lead), runs)
    raw_ms, raw_cpu = _cpu_ms(lambda: reply_candidates_sql(store.conn, shop_id, NOW, lead), runs)
    value, raw = median(ms), median(raw_ms)
    candidates = len(reply_candidates_sql(store.conn, shop_id, NOW, lead))
    return [
        Figure(
            "replies_list",
            "9. replies list (orders needing a reply)",
            value,
            "ms",
            baseline=raw,
            baseline_label="raw SQL: each condition's ids from its partial index",
            ratio=value / raw,
            target="≤ 100 ms",
            passed=value <= 100,
            samples=ms,
            baseline_samples=raw_ms,
            note=f"{candidates:,} orders meet a condition; the list shows 60; CPU time"
            f" {median(cpu):.1f} ms, raw {median(raw_cpu):.1f} ms",
            cpu_value=median(cpu),
        )
    ]
