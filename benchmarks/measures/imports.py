"""Measures 1 and 2: importing a Taobao order export (against raw executemany) and a Qianniu chat export."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.measures.common import Figure, cpu_timed, median, timed
from benchmarks.synthetic import NOW, SHOP
from seller_assistant.importers import generic
from seller_assistant.importers.chats import import_chat_file
from seller_assistant.importers.order_rows import IMPORT_COLUMNS, LineReader, PromiseMaker
from seller_assistant.importers.orders import ORDER_FIELDS, import_order_file
from seller_assistant.importers.presets.taobao import PRESET as TAOBAO
from seller_assistant.store import open_store, order_import, shops
from seller_assistant.store.calendar import shop_calendar
from seller_assistant.store.ship_rules import shop_rules
from tests.builders import qianniu_export, taobao_export

FIRST_ORDER_NO = 3_912_345_678_901_234_567


def order_file(work: Path, rows: int) -> Path:
    path = work / f"taobao-orders-{rows}.csv"
    if not path.exists():
        partial = path.with_suffix(".part")
        taobao_export.write_taobao_export(partial, taobao_export.synthetic_orders(rows), encoding="gbk")
        partial.replace(path)
    return path


def chat_file(work: Path, messages: int, order_rows: int) -> Path:
    path = work / f"qianniu-chats-{messages}.txt"
    if not path.exists():
        partial = path.with_suffix(".part")
        numbers = [str(FIRST_ORDER_NO + i) for i in range(0, order_rows, 97)]
        qianniu_export.write_synthetic_export(partial, messages, order_nos=numbers)
        partial.replace(path)
    return path


def fresh_store(folder: Path):
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    store = open_store(folder / "shop.db")
    return store, shops.create_shop(store, SHOP, NOW)


def parse_rows(store, shop_id: int, path: Path) -> list[tuple]:
    """The importer's own parsing (open_table + _RowReader), giving the rows it would write."""
    table = generic.open_table(path)
    settings = shops.load_settings(store, shop_id)
    reader = LineReader(table.headers, TAOBAO.mapping(table.headers), TAOBAO, settings.tz(), ORDER_FIELDS)
    promises = PromiseMaker(shop_rules(store, shop_id), settings, shop_calendar(store, shop_id, settings))
    parsed = {}
    for line, cells in table.rows():
        if any(c.strip() for c in cells):
            read = reader.read(line, cells)
            parsed[read.values["order_no"]] = promises.row(read.values)
    return list(parsed.values())


_RAW_INSERT = (f"INSERT INTO orders (shop_id, {', '.join(IMPORT_COLUMNS)}, source, updated_at)"
               f" VALUES (?, {', '.join('?' * len(IMPORT_COLUMNS))}, 'import', ?)")


def measure_order_import(work: Path, rows: int, runs: int, log) -> list[Figure]:
    """End to end (import_order_file from the file into a fresh store) against the raw floor: the
    best raw SQLite insert of the identical prepared rows into the same schema in one transaction —
    a plain executemany, or the same with the secondary indexes built after the rows, whichever is
    faster. The parsing is the app's alone; the raw side starts from rows already made. Also the
    store's writing side alone (what the import does with the parsed rows) against the same floor."""
    path = order_file(work, rows)
    app, app_cpu, parse_and_insert, raw, app_insert = [], [], [], [], []
    for run in range(runs):
        store, shop_id = fresh_store(work / "import-app")
        seconds, cpu, result = cpu_timed(lambda: import_order_file(store, shop_id, path, now=NOW))  # noqa: B023
        assert not result.errors, result.errors[:3]
        app.append(result.inserted / seconds)
        app_cpu.append(result.inserted / cpu)
        store.close()

        store, shop_id = fresh_store(work / "import-raw")
        parse_seconds, parsed = timed(lambda: parse_rows(store, shop_id, path))  # noqa: B023
        store.close()
        best = 0.0
        for after in (False, True):
            store, shop_id = fresh_store(work / "import-raw")
            seconds, _ = timed(lambda a=after: _raw_insert(store, shop_id, parsed, a))  # noqa: B023
            best = max(best, len(parsed) / seconds)
            if after:
                parse_and_insert.append(len(parsed) / (parse_seconds + seconds))
            store.close()
        raw.append(best)

        store, shop_id = fresh_store(work / "import-app")
        seconds, _ = timed(lambda: order_import.write_in_bulk(store, shop_id, IMPORT_COLUMNS, parsed, {}, NOW))  # noqa: B023
        app_insert.append(len(parsed) / seconds)
        store.close()
        log(f"    run {run + 1}: import {app[-1]:,.0f} rows/s, raw insert {raw[-1]:,.0f} rows/s,"
            f" store's writing {app_insert[-1]:,.0f} rows/s")
    shutil.rmtree(work / "import-raw", ignore_errors=True)
    ratio = median(app) / median(raw)
    insert_ratio = median(app_insert) / median(raw)
    return [
        Figure("order_import", f"1. Order import ({rows:,} GBK rows), end to end", median(app), "rows/s",
               baseline=median(raw), baseline_label="raw insert of the identical prepared rows (best of plain,"
               " indexes after)", ratio=ratio, target="≥ 0.5× raw", passed=ratio >= 0.5, samples=app,
               baseline_samples=raw, cpu_value=median(app_cpu),
               note=f"{median(app) / median(parse_and_insert):.2f}× the importer's parsing + raw insert"),
        Figure("order_import_insert", "1b. Order import, the store's writing side only", median(app_insert),
               "rows/s", baseline=median(raw), baseline_label="raw insert of the identical prepared rows",
               ratio=insert_ratio, target="(info)", passed=None, samples=app_insert, baseline_samples=raw),
    ]


def _raw_insert(store, shop_id: int, parsed: list[tuple], indexes_after: bool) -> None:
    conn = store.conn
    conn.execute("BEGIN IMMEDIATE")
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders'"
                           " AND sql IS NOT NULL").fetchall() if indexes_after else []
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    conn.executemany(_RAW_INSERT, ((shop_id, *row, NOW) for row in parsed))
    for _name, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")


def measure_chat_import(work: Path, messages: int, order_rows: int, log) -> list[Figure]:
    """One run (a million messages takes a while): into a fresh store holding the imported orders,
    so messages that name an order number are tied to it and sealed into its chain."""
    path = chat_file(work, messages, order_rows)
    store, shop_id = fresh_store(work / "chat-import")
    import_order_file(store, shop_id, order_file(work, order_rows), now=NOW)
    seconds, cpu, result = cpu_timed(lambda: import_chat_file(store, shop_id, path, now=NOW))
    store.close()
    shutil.rmtree(work / "chat-import", ignore_errors=True)
    rate = result.inserted / seconds
    log(f"    {result.inserted:,} messages in {seconds:.1f} s ({result.orders_linked:,} orders linked)")
    return [Figure("chat_import", "2. Chat import (Qianniu, sealed)", rate, "messages/s", target="≥ 100 000/s",
                   passed=rate >= 100_000, samples=[rate],
                   note=f"1 run; {result.inserted:,} messages in {seconds:.1f} s",
                   cpu_value=result.inserted / cpu)]
