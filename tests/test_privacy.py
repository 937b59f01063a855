"""The app never opens a network connection, and what it writes is readable only by the user."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from datetime import datetime

import pytest

from seller_assistant import paths
from tests.builders.kill_harness import NOW_ISO, REPO, child_env
from tests.builders.qianniu_export import Conversation, Line, write_export
from tests.builders.taobao_export import order, write_taobao_export

pytestmark = pytest.mark.sqlite_only(
    reason="the store file's modes and sqlite-utils' plugins; a shared store's files are the server's"
)

# Runs a whole session in one process under an audit hook that records every network-ish call.
_HOOK = textwrap.dedent("""
    import json, socket, sys
    calls = []

    def hook(event, args):
        if event in ("socket.connect", "socket.bind", "socket.sendto", "socket.connect_ex"):
            sock = args[0]
            if getattr(sock, "family", None) == socket.AF_UNIX:
                return
            calls.append([event, repr(args[1:])[:200]])
        elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "urllib.Request"):
            calls.append([event, repr(args)[:200]])

    sys.addaudithook(hook)
""")
_SESSION = _HOOK + textwrap.dedent("""
    from seller_assistant.cli import main

    db, folder, now, record = sys.argv[1:5]
    def run(*args):
        code = main(["--db", db, "--now", now, *args])
        if code not in (0, 1):
            raise SystemExit(f"{args[0]} failed with {code}")

    run("demo", "--no-gui")
    run("import-orders", f"{folder}/orders.csv")
    run("import-chat", f"{folder}/chat.txt")
    run("risk", "--json")
    from seller_assistant.store import open_store
    store = open_store(db)
    order_no = store.conn.execute(
        "SELECT o.order_no FROM orders o JOIN attachments a ON a.order_id = o.id LIMIT 1").fetchone()[0]
    store.close()
    run("suggest", "--order", order_no, "--message", "什么时候发货？")
    run("export-evidence", order_no, "--out", f"{folder}/bundle.zip")
    run("verify", f"{folder}/bundle.zip")
    run("verify")
    run("export-orders", "--out", f"{folder}/orders-out.csv")
    run("backup")

    from seller_assistant.ui.app import application, build_window
    from seller_assistant.core.clock import parse_instant, to_epoch, zone
    app = application()
    store = open_store(db)
    window = build_window(store, to_epoch(parse_instant(now, zone("Asia/Shanghai"))))
    window.show()
    for key in list(window.pages):
        window.show_page(key)
        app.processEvents()
    window.hide()
    app.processEvents()
    store.close()
    with open(record, "w", encoding="utf-8") as handle:
        json.dump(calls, handle)
""")


def _inputs(folder):
    write_taobao_export(folder / "orders.csv", [order("3912000000000000001", buyer="甜甜兔")])
    write_export(
        folder / "chat.txt",
        [
            Conversation(
                "甜甜兔",
                [Line("甜甜兔", datetime(2026, 11, 24, 10, 5), "订单3912000000000000001 什么时候发货")],
            )
        ],
    )


def test_a_full_session_opens_no_network_connection_and_keeps_files_private(tmp_path):
    home, folder = tmp_path / "home", tmp_path / "work"
    folder.mkdir()
    _inputs(folder)
    db = tmp_path / "store" / "shop.db"
    record = tmp_path / "calls.json"
    env = child_env(home)
    result = subprocess.run(
        [sys.executable, "-c", _SESSION, str(db), str(folder), NOW_ISO, str(record)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(record.read_text(encoding="utf-8")) == []

    # The store, its attachments and its backups hold buyers' data: owner-only, folders and files.
    assert stat.S_IMODE(db.stat().st_mode) & 0o077 == 0
    private = [paths.attachments_dir(db), paths.backups_dir(db)]
    for root in private:
        assert root.is_dir(), root
        assert stat.S_IMODE(root.stat().st_mode) & 0o077 == 0, root
        for current, _folders, files in os.walk(root):
            for name in files:
                assert stat.S_IMODE(os.stat(os.path.join(current, name)).st_mode) & 0o077 == 0, name
    for sidecar in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        if sidecar.exists():
            assert stat.S_IMODE(sidecar.stat().st_mode) & 0o077 == 0, sidecar


def test_the_network_watch_would_see_a_connection():
    probe = _HOOK + textwrap.dedent("""
        import socket
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=0.2).close()
        except OSError:
            pass
        print(json.dumps(calls))
    """)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert "socket.connect" in result.stdout


def test_no_installed_sqlite_utils_plugin_touches_the_store_connection(tmp_path):
    """sqlite-utils runs every installed plugin's `prepare_connection` on each Database it makes
    (plugins are found through installed packages' entry points). The evidence store opens its
    connections without them: another package must not get a hook into the sealed chats."""
    import sqlite_utils
    from sqlite_utils.plugins import pm

    from seller_assistant.store import open_store

    touched = []

    class Plugin:
        @sqlite_utils.hookimpl
        def prepare_connection(self, conn):
            touched.append(conn)

    plugin = Plugin()
    pm.register(plugin, name="test-intruder")
    try:
        sqlite_utils.Database(memory=True)  # what the plugin would do to any other connection
        assert len(touched) == 1
        store = open_store(tmp_path / "shop.db")
        store.close()
    finally:
        pm.unregister(plugin)
    assert len(touched) == 1
