#!/usr/bin/env python3
"""Screenshots of every page, the order detail, the ship and bulk-ship dialogs and Settings › Shared
store, on the demo shop.

    xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots.py --lang zh --out shots/1x-zh
    QT_SCALE_FACTOR=2 xvfb-run -s "-screen 0 2600x1700x24" .venv/bin/python tools/screenshots.py --lang en \
        --out shots/2x-en

Run under a real X server (Xvfb): the offscreen platform has no fonts' hinting or scaling to check.
The README's docs/screenshot-*.png are the Chinese 1x set (--readme copies the six pages there).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ("today", "orders", "chats", "helprate", "replies", "settings")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--readme", action="store_true", help="also copy the six pages to docs/")
    args = parser.parse_args()

    from datetime import datetime
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QCoreApplication, QEventLoop

    from seller_assistant.core.clock import to_epoch
    from seller_assistant.core.demo import build_demo_shop
    from seller_assistant.core.settings import ShopSettings
    from seller_assistant.store import open_store
    from seller_assistant.store.demo import seed_demo
    from seller_assistant.ui.app import application, build_window
    from seller_assistant.ui.i18n import use_language
    from seller_assistant.ui.workers import deliver_all

    now = to_epoch(datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    folder = Path(tempfile.mkdtemp(prefix="shots-"))
    store = open_store(folder / "demo.db")
    settings = ShopSettings(
        name="青瓷小铺",
        timezone="Asia/Shanghai",
        help_rate_threshold=0.02,
        staff_name="小美",
        language=args.lang,
    )
    seed_demo(store, build_demo_shop(now, staff="小美"), settings, now)
    app = application()
    use_language(app, args.lang)
    window = build_window(store, fixed_now=now)
    window.resize(args.width, args.height)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)

    def settle(rounds: int = 30) -> None:
        # Pages read on pools of their own (the Today report's loader among them): wait for all.
        for _ in range(rounds):
            deliver_all(2000)
            QCoreApplication.processEvents()

    def grab(widget, name: str) -> None:
        settle()
        widget.grab().save(str(args.out / f"{name}.png"))

    # The window paints Today's placeholder first; the page and the tray follow in later turns of
    # the event loop (ui/window_opening.py): wait for them as a person would.
    deadline = time.monotonic() + 30
    while not (window.pages.is_built("today") and window.notifier is not None):
        if time.monotonic() > deadline:
            raise SystemExit("the Today page did not come within 30 s")
        QCoreApplication.processEvents(QEventLoop.AllEvents, 50)
    for key in PAGES:
        window.show_page(key)
        grab(window, key)
    # The order detail beside the table, on a late order (the longest countdown text).
    page = window.show_page("orders")
    late = store.conn.execute(
        "SELECT id FROM orders WHERE shipped_at IS NULL AND status = 'paid' ORDER BY promised_ship_at LIMIT 1"
    ).fetchone()[0]
    page.show_order(late)
    grab(window, "order-detail")
    ship = page.detail.ask_ship()
    grab(ship, "ship-dialog")
    ship.reject()
    bulk = page.open_bulk_ship()
    rows = store.conn.execute(
        "SELECT order_no FROM orders WHERE shipped_at IS NULL AND status = 'paid' LIMIT 3"
    )
    numbers = [r[0] for r in rows]
    bulk.text.setPlainText(
        "\n".join(
            [
                f"{numbers[0]}\tSF1234567890123",
                f"{numbers[1]}\t753123456789",
                f"{numbers[2]}\tYT12345",
                "3901000000000000999\tJT1234567890123",
            ]
        )
    )
    bulk.check()
    grab(bulk, "bulk-ship-dialog")
    bulk.reject()
    shared_store_setup(window, grab)
    if args.readme:
        for key in PAGES:
            shutil.copy(args.out / f"{key}.png", ROOT / "docs" / f"screenshot-{key}.png")
    window.quit()
    return 0


def shared_store_setup(window, grab) -> None:
    """Settings › Shared store as a desk fills it in, with the words of a successful check (made
    here, not by connecting: screenshots open no network connection)."""
    from PySide6.QtWidgets import QScrollArea

    from seller_assistant.store import pg_check

    page = window.show_page("settings")
    section = page.shared_store
    section.desk_staff.setText("小美")
    for field, text in (
        (section.host, "shop-pc"),
        (section.port, "5432"),
        (section.database, "shop"),
        (section.user, "anna"),
    ):
        field.setText(text)
    section.password.setText("********")
    address = section.address()
    section.result.setText(
        section.describe(
            pg_check.SharedStoreCheck(pg_check.READY, address, True, {"user": "anna", "shops": 1})
        )
    )
    section.use_button.setEnabled(True)
    page.findChild(QScrollArea).ensureWidgetVisible(section.use_button, 0, 200)
    grab(window, "settings-shared-store")


if __name__ == "__main__":
    sys.exit(main())
