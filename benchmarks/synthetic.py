"""Builds the benchmark's busy shop fast: years of orders, millions of sealed chat messages, events,
work orders and attachments, cached under benchmarks/work/ by its parameters.

Background orders, events and work orders go in with executemany straight into the schema (they are
not what is measured); messages are computed and sealed with the app's hash functions in a second
process and written by the store's MessageWriter, indexes after the rows (raw_messages.py);
attachments go through store.attachments. Every evidence chain verifies.
"""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import struct
import time
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks import raw_messages
from seller_assistant import paths
from seller_assistant.core.clock import to_epoch
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import attachments, open_store, shops
from seller_assistant.store.migrations import MIGRATIONS_DIR
from seller_assistant.store.order_search import indexed_after

# Bump when what the builder writes changes, so a cached store is rebuilt.
BUILD_VERSION = 5
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = to_epoch(datetime(2026, 11, 25, 9, 0, 0, tzinfo=SHANGHAI))
HOUR, DAY = 3600, 86400
HISTORY_DAYS = 3 * 365
PROMISE_HOURS = 48
BUNDLE_MESSAGES = 2000
BUNDLE_IMAGES = 20
SHOP = ShopSettings(name="青瓷小铺", timezone="Asia/Shanghai", help_rate_threshold=0.02, staff_name="小美")

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = (
    "小明",
    "静",
    "伟",
    "洋",
    "晨",
    "帆",
    "婷婷",
    "子涵",
    "浩然",
    "雨桐",
    "甜甜兔",
    "可乐",
    "momo",
    "Lily",
)
_TITLES = (
    "手工陶瓷马克杯 350ml",
    "云南古树普洱茶饼 357g",
    "【预售】景德镇青花茶具套装",
    "纯棉四件套 1.8m床",
    "不锈钢保温杯 500ml",
    "复古帆布托特包",
    "Handmade ceramic teapot",
    "竹制茶盘 大号",
)
_CARRIERS = ("中通快递", "圆通速递", "顺丰速运", "韵达快递")
_BUYER_LINES = (
    "在吗？这个杯子有现货吗",
    "什么时候发货呀",
    "已经拍了，麻烦尽快发货",
    "快递到哪里了",
    "收到了，包装很好",
    "杯子有一道裂纹，怎么处理",
    "可以便宜一点吗",
    "Is this mug dishwasher safe?",
    "我要退款",
    "好的谢谢",
    "颜色和图片不一样",
    "能开发票吗",
    "please ship today, it is a gift",
    "物流三天没更新了",
    "茶饼是哪一年的",
    "四件套会掉色吗",
    "Can you send it to Shanghai by Friday?",
    "地址写错了，能改一下吗",
    "盖子有点松",
)
_STAFF_LINES = (
    "亲，在的~ 现货充足，48小时内发货哦",
    "亲，您的宝贝今天下午5点前一定发出",
    "非常抱歉让您久等了",
    "麻烦您拍一下裂纹的照片，我们马上为您处理",
    "亲，已经帮您催促快递了，有消息第一时间告诉您",
    "Sure, we will ship it today and send the tracking number",
    "亲，可以开发票的，请留下抬头",
    "好的亲，给您补发一个新的，运费我们承担",
    "地址已经帮您改好了",
    "第一次清洗用温水就可以了",
)
_EVENT_KINDS = ("dispute", "complaint", "intervention", "ticket_timeout")
_REASONS = ("quality", "not_as_described", "logistics", "refund", "shipping", "service")

Log = Callable[[str], None]


def cache_path(work: Path, orders: int, messages: int) -> Path:
    """Where the store for these parameters is cached (the migration count is part of the key)."""
    migrations = len(list(MIGRATIONS_DIR.glob("*.sql")))
    return work / f"store-o{orders}-m{messages}-b{BUILD_VERSION}-s{migrations}" / "shop.db"


def ensure_store(work: Path, orders: int, messages: int, log: Log = print) -> tuple[Path, float | None]:
    """The cached store, built first if missing; returns (path, build seconds or None if cached).

    It is built under a temporary name and renamed when complete, so a path that exists is whole
    (other jobs may copy it while this one is still building another)."""
    path = cache_path(work, orders, messages)
    partial = path.parent.with_name(path.parent.name + ".partial")
    _wait_for_other_builder(partial, path.parent / "complete", log)
    if (path.parent / "complete").exists():
        return path, None
    if _migrate_older_build(path, log):
        return path, None
    for folder in (path.parent, partial):
        if folder.exists():
            shutil.rmtree(folder)
    partial.mkdir(parents=True)
    (partial / "builder.pid").write_text(f"{os.getpid()}\n")
    started = time.perf_counter()
    build_store(partial / path.name, orders, messages, log)
    (partial / "complete").write_text("ok\n")
    partial.rename(path.parent)
    return path, time.perf_counter() - started


def _migrate_older_build(path: Path, log: Log) -> bool:
    """A store of the same build made before the newest migrations is brought up to date by the
    app's own migration runner, as a shop's store is on upgrade, instead of rebuilt (the 1 M-order
    tier takes most of an hour to build, a migration that adds a table or column seconds)."""
    stem = path.parent.name.rsplit("-s", 1)[0]
    older = sorted(
        (folder for folder in path.parent.parent.glob(f"{stem}-s*") if (folder / "complete").exists()),
        key=lambda folder: int(folder.name.rsplit("-s", 1)[1]),
    )
    if not older:
        return False
    # Two benchmark runs may ask at once: the second waits, then finds the store migrated.
    with open(path.parent.parent / "migrating.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (path.parent / "complete").exists():
            return True
        if not older[-1].exists():
            return False
        source = older[-1]
        log(f"migrating the cached store {source.name} to the current migrations")
        started = time.perf_counter()
        open_store(source / path.name).close()
        # The upgrade's safety copy (a whole second store) is not part of a benchmark's store.
        shutil.rmtree(source / (path.stem + ".backups"), ignore_errors=True)
        source.rename(path.parent)
        log(f"migrated in {time.perf_counter() - started:.1f} s")
        return True


def _wait_for_other_builder(partial: Path, complete: Path, log: Log) -> None:
    """Another process building the same store (a second benchmark run started meanwhile): wait
    for it rather than delete its half-written files and start over."""
    try:
        pid = int((partial / "builder.pid").read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return  # no build running: a leftover of a killed build is removed and built again
    if pid == os.getpid():
        return
    log(f"  waiting for the build of {partial.name} by process {pid}")
    while not complete.exists():
        time.sleep(5)
        try:
            os.kill(pid, 0)
        except OSError:
            return  # it ended: built (renamed) or killed (built again by the caller)


def copy_store(source: Path, target_dir: Path) -> Path:
    """A throw-away copy to measure on, so nothing a measure writes reaches the cache."""
    if target_dir.exists():
        shutil.rmtree(target_dir)
    target_dir.mkdir(parents=True)
    target = target_dir / source.name
    shutil.copyfile(source, target)
    folder = paths.attachments_dir(source)
    if folder.exists():
        shutil.copytree(folder, paths.attachments_dir(target))
    return target


def build_store(path: Path, orders: int, messages: int, log: Log = print) -> dict:
    rng = random.Random(20261125)
    store = open_store(path)
    # A new file nobody else opens until it is renamed into the cache: no journal while it is built
    # (a crash means building again), and a big page cache for the random fingerprint index
    # (2 GB for the 10-million-message tier: SQLite takes it only as pages are used).
    store.conn.execute("PRAGMA journal_mode = DELETE")
    store.conn.execute("PRAGMA journal_mode = OFF")
    store.conn.execute("PRAGMA synchronous = OFF")
    store.conn.execute(f"PRAGMA cache_size = {-2_097_152 if messages > 3_000_000 else -524_288}")
    try:
        shop_id = shops.create_shop(store, SHOP, NOW - HISTORY_DAYS * DAY)
        started = time.perf_counter()
        order_rows = _insert_orders(store, shop_id, orders, rng)
        log(f"  {orders:,} orders in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        _insert_events_and_work_orders(store, shop_id, order_rows, rng)
        log(f"  help events, work orders, commitments in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        bundle_order = order_rows[-int(len(order_rows) * 0.02) - 1]
        # A tiny smoke-test store gets a small dispute order; a real-sized one the full 2 000 + 20.
        small = messages < 100_000
        on_bundle = min(BUNDLE_MESSAGES, messages // 10) if small else BUNDLE_MESSAGES
        raw_messages.write_messages(
            store,
            shop_id,
            NOW,
            order_rows,
            messages - on_bundle,
            (bundle_order, on_bundle),
            raw_messages.Lines(_BUYER_LINES, _STAFF_LINES, "青瓷小铺:小美"),
            rng.randrange(1 << 30),
            log,
        )
        log(f"  {messages:,} messages sealed and indexed in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        _insert_attachments(store, shop_id, order_rows, bundle_order, 2 if small else BUNDLE_IMAGES, rng)
        log(f"  attachments in {time.perf_counter() - started:.1f} s")
    finally:
        store.close()
    return {"bundle_order_no": bundle_order[1]}


def bundle_order_no(path: Path) -> str:
    """The dispute order: the one with the 2 000 messages and 20 images (the most attachments)."""
    store = open_store(path)
    try:
        return store.conn.execute(
            "SELECT o.order_no FROM attachments a JOIN orders o ON o.id = a.order_id"
            " GROUP BY o.id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    finally:
        store.close()


def buyer_name(i: int) -> str:
    return f"{_SURNAMES[i % len(_SURNAMES)]}{_GIVEN[(i // 20) % len(_GIVEN)]}{i:06d}"


def _insert_orders(store, shop_id: int, count: int, rng: random.Random) -> list[tuple]:
    """Orders paid over three years up to NOW; the last days still awaiting shipment (some late)."""
    span = HISTORY_DAYS * DAY
    buyers = max(count // 3, 1)  # a third of buyers come back: a name filter matches a few orders
    rows, kept = [], []
    for i in range(count):
        paid_at = NOW - span + (span * i) // max(count, 1) + rng.randrange(0, 600)
        paid_at = min(paid_at, NOW - 60)
        age = NOW - paid_at
        buyer = buyer_name(rng.randrange(buyers))
        promise = paid_at + PROMISE_HOURS * HOUR
        refund = logistics = shipped = completed = tracking = carrier = None
        if age < 3 * DAY and rng.random() < 0.8:
            status = "paid"
        elif rng.random() < 0.03:
            status, refund = "refunded", "refunded"
        else:
            shipped = paid_at + rng.randrange(2 * HOUR, 60 * HOUR)
            if shipped >= NOW:
                status, shipped = "paid", None
            else:
                tracking, carrier = f"7531{i:012d}", _CARRIERS[i % 4]
                status = "shipped"
                if NOW - shipped > 10 * DAY:
                    status, completed = "completed", shipped + 4 * DAY
                elif rng.random() < 0.02:
                    logistics = "exception"
        if status in ("paid", "shipped") and rng.random() < 0.01:
            refund = "requested"
        order_no = str(3_900_000_000_000_000_000 + i * 7919)
        title = _TITLES[i % len(_TITLES)]
        rows.append(
            (
                shop_id,
                order_no,
                buyer,
                status,
                title,
                1 + i % 3,
                1990 + (i * 37) % 30000,
                paid_at - 120,
                paid_at,
                shipped,
                completed,
                tracking,
                carrier,
                buyer[:-6],
                "138001" + f"{i % 100000:05d}",
                "浙江省 杭州市 西湖区 文三路100号",
                refund,
                logistics,
                "default",
                promise,
                "import",
                NOW,
            )
        )
        kept.append((i, order_no, buyer, paid_at, shipped))
    with store.write(), indexed_after(store.conn, len(rows)):
        store.conn.executemany(
            "INSERT INTO orders (shop_id, order_no, buyer, status, item_title, quantity, amount_cents, created_at,"
            " paid_at, shipped_at, completed_at, tracking_no, carrier, receiver_name, receiver_phone,"
            " receiver_address, refund_status, logistics_status, promise_rule, promised_ship_at, source, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    ids = dict(store.conn.execute("SELECT order_no, id FROM orders WHERE shop_id = ?", (shop_id,)).fetchall())
    return [(ids[no], no, buyer, paid_at, shipped) for _, no, buyer, paid_at, shipped in kept]


def _insert_events_and_work_orders(store, shop_id: int, order_rows: list[tuple], rng: random.Random) -> None:
    """About 1.2 % of orders draw a help event; 3 % had an urge work order; a few promises made.

    Open work orders are all due after NOW, so risk_report has no timeouts to write and the store
    stays the same from run to run."""
    events, work, commitments = [], [], []
    for order_id, _no, _buyer, paid_at, shipped in order_rows:
        roll = rng.random()
        if roll < 0.012:
            at = min(paid_at + rng.randrange(DAY, 10 * DAY), NOW - 60)
            events.append(
                (
                    shop_id,
                    order_id,
                    _EVENT_KINDS[rng.randrange(4)],
                    at,
                    _REASONS[rng.randrange(6)],
                    "",
                    "import",
                    at,
                )
            )
        elif roll < 0.042:
            opened = min(paid_at + rng.randrange(HOUR, 3 * DAY), NOW - 60)
            due = opened + 24 * HOUR
            answered = (
                None
                if due > NOW and rng.random() < 0.6
                else min(opened + rng.randrange(HOUR, 20 * HOUR), NOW)
            )
            work.append(
                (
                    shop_id,
                    order_id,
                    "urge_shipping",
                    opened,
                    due,
                    answered,
                    "已催促快递" if answered else None,
                    "",
                    opened,
                )
            )
        elif roll < 0.045 and shipped is None and NOW - paid_at < 3 * DAY:
            commitments.append(
                (shop_id, order_id, "ship_by", paid_at + 40 * HOUR, "今天下午发出", paid_at + HOUR)
            )
    with store.write():
        store.conn.executemany(
            "INSERT INTO help_events (shop_id, order_id, kind, at, reason, note, source, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
        store.conn.executemany(
            "INSERT INTO work_orders (shop_id, order_id, kind, opened_at, due_at, answered_at, answer, note,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            work,
        )
        store.conn.executemany(
            "INSERT INTO commitments (shop_id, order_id, kind, due_at, text, made_at) VALUES (?, ?, ?, ?, ?, ?)",
            commitments,
        )


def _insert_attachments(store, shop_id, order_rows, bundle_order, images, rng) -> None:
    """A photo on about one order in 400 (small files), and 20 real-sized images on the dispute order."""
    for order_id, *_rest in order_rows[::400]:
        data = png(32, 32, rng)
        attachments.add_attachment_bytes(store, shop_id, order_id, data, "照片.png", NOW - DAY)
    for n in range(images):
        data = png(360, 360, rng)  # ~390 KB of noise: as heavy to zip as a phone photo
        attachments.add_attachment_bytes(
            store, shop_id, bundle_order[0], data, f"破损照片{n + 1}.png", NOW - DAY
        )


def png(width: int, height: int, rng: random.Random) -> bytes:
    """An RGB PNG of noise (incompressible, like a photo)."""
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (
            struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 1))
        + chunk(b"IEND", b"")
    )
