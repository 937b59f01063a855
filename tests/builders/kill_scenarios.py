"""The four commands the kill tests interrupt: an order import, a chat import, a bundle export and
a migration, each with the store it starts from, built once and copied for every run."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.builders.kill_harness import Scenario, Snapshot, snapshot
from tests.builders.qianniu_export import write_synthetic_export
from tests.builders.taobao_export import synthetic_orders, write_taobao_export

SHOP_NAME = "青瓷小铺"


def _now_epoch() -> int:
    from seller_assistant.core.clock import parse_instant, to_epoch, zone
    from tests.builders.kill_harness import NOW_ISO

    return to_epoch(parse_instant(NOW_ISO, zone("Asia/Shanghai")))


def _settings():
    from seller_assistant.core.settings import ShopSettings

    return ShopSettings(name=SHOP_NAME, timezone="Asia/Shanghai", help_rate_threshold=0.02, staff_name="小美")


def demo_base(folder: Path) -> Path:
    """The demo shop (orders, chats sealed in chains, an attachment), closed and checkpointed."""
    from seller_assistant.core.demo import build_demo_shop
    from seller_assistant.store import open_store
    from seller_assistant.store.demo import seed_demo

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "shop.db"
    now = _now_epoch()
    with open_store(path) as store:
        seed_demo(store, build_demo_shop(now, staff="小美"), _settings(), now)
    return path


def order_import(base: Path, folder: Path, rows: int) -> Scenario:
    """A real-format GBK Taobao export of `rows` new orders."""
    export = folder / "订单报表.csv"
    write_taobao_export(export, synthetic_orders(rows, first_no=3_987_650_000_000_000_000), encoding="gbk")
    return Scenario(
        "import-orders",
        base,
        lambda work: ["import-orders", str(export)],
        check=_as_the_user_sees_it({"orders": rows}),
    )


def chat_import(base: Path, folder: Path, messages: int) -> Scenario:
    """A GBK Qianniu chat-record export of `messages` messages, each sealed into a chain (an import run:
    judged as the user sees it)."""
    export = folder / "聊天记录.txt"
    written = write_synthetic_export(
        export, messages, encoding="gbk", start=datetime(2026, 10, 1, 9, 0), seed=11
    )
    adds = {"messages": written, "evidence_items": written}
    return Scenario(
        "import-chat", base, lambda work: ["import-chat", str(export)], check=_as_the_user_sees_it(adds)
    )


def _as_the_user_sees_it(adds: dict[str, int]):
    """The judge of an import written as an import run (store/import_runs.py): the store as the user
    next sees it — through the app, which first finishes a run killed while publishing. Then the
    import must be all there, or none of it visible; in that case a run killed while staging must be
    listed as interrupted, and its undo must leave every table exactly as before the import."""

    def check(db_path: Path, before: Snapshot, _after: Snapshot) -> tuple[str, list[str]]:
        runs = _cli_json(db_path, "imports", "--json")  # as the app opens the store
        after = snapshot(db_path)
        gained = {table: after.count(table) - before.count(table) for table in adds}
        problems = [] if after.schema == before.schema else ["the schema changed (a dropped trigger?)"]
        if gained == adds:
            return "all", problems
        if any(gained.values()):
            return "partial", [*problems, f"half-visible: gained {gained}, expected all of {adds} or none"]
        interrupted = [run for run in runs if run["state"] == "interrupted"]
        if not interrupted:
            return "none", problems
        _cli_json(db_path, "undo-import", str(interrupted[0]["id"]), json_out=False)
        undone = snapshot(db_path)
        changed = [
            table
            for table in before.rows
            if table != "import_runs" and undone.rows.get(table) != before.rows[table]
        ]
        if changed:
            problems.append(f"undo of the interrupted import left these tables changed: {changed}")
        return "interrupted-undone", problems

    return check


def _cli_json(db_path: Path, *args: str, json_out: bool = True):
    import json
    import subprocess

    from tests.builders.kill_harness import REPO, child_env, command

    done = subprocess.run(
        command(db_path, *args),
        env=child_env(db_path.parent / "home"),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise AssertionError(f"{args} failed after a kill: {done.stderr[-1000:]}")
    return json.loads(done.stdout) if json_out else done.stdout


def bundle_export(base: Path) -> Scenario:
    """The bundle of the demo order with the most evidence; the final name holds a whole bundle or nothing."""
    import sqlite3

    conn = sqlite3.connect(base)
    order_no = conn.execute(
        "SELECT o.order_no FROM orders o JOIN messages m ON m.order_id = o.id"
        " GROUP BY o.id ORDER BY (SELECT count(*) FROM attachments a WHERE a.order_id = o.id) DESC,"
        " count(*) DESC LIMIT 1"
    ).fetchone()[0]
    conn.close()

    def check(db_path: Path, before: Snapshot, after: Snapshot) -> tuple[str, list[str]]:
        from seller_assistant.core.bundle_verify import verify_bundle

        problems = [] if after.rows == before.rows else ["exporting a bundle changed the store"]
        final = db_path.parent / "dispute.zip"
        if not final.exists():
            return "none", problems
        report = verify_bundle(final)
        if not report.ok:
            problems.append(
                f"a half bundle under the final name: changed {report.changed}, "
                f"removed {report.removed}, chain {report.chain_message}"
            )
        return "all", problems

    def writing(work: Path) -> bool:
        return any(work.glob(".dispute.zip.*"))

    return Scenario(
        "export-evidence",
        base,
        lambda work: ["export-evidence", order_no, "--out", str(work / "dispute.zip")],
        check=check,
        watch_file=writing,
    )


def old_store_base(folder: Path, orders: int) -> Path:
    """A store at schema version 1 (before the evidence tables) holding `orders` orders."""
    from seller_assistant.imports.orders import import_order_file
    from seller_assistant.store import migrations, open_store, shops

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "old.db"
    export = folder / "old-orders.csv"
    write_taobao_export(export, synthetic_orders(orders), encoding="utf-8-sig")
    now = _now_epoch()
    # Today's importer reads tables a version-1 store lacks: import into a current store, then copy
    # the orders over on the columns version 1 has.
    scratch = folder / "scratch.db"
    with open_store(scratch) as current:
        import_order_file(current, shops.create_shop(current, _settings(), now), export, now=now)
    with open_store(path, migrate=False) as store:
        migrations.migrate(store, target=1)
        shops.create_shop(store, _settings(), now)
        columns = ", ".join(row[1] for row in store.conn.execute("PRAGMA table_info(orders)"))
        with store.write():
            store.conn.execute("ATTACH DATABASE ? AS scratch", (str(scratch),))
            store.conn.execute(f"INSERT INTO orders ({columns}) SELECT {columns} FROM scratch.orders")
        store.conn.execute("DETACH DATABASE scratch")
    for leftover in folder.glob("scratch.db*"):
        leftover.unlink()
    export.unlink()
    return path


def reference_schemas(folder: Path) -> dict[int, frozenset]:
    """The schema of a fresh store at every version, to compare a half-migrated store against."""
    from seller_assistant.store import migrations, open_store
    from tests.builders.kill_harness import snapshot

    schemas = {}
    for version in range(1, migrations.latest_version() + 1):
        path = folder / f"v{version}" / "ref.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open_store(path, migrate=False) as store:
            migrations.migrate(store, target=version)
        schemas[version] = snapshot(path).schema
    return schemas


def migration(base: Path, folder: Path) -> Scenario:
    """Opening the old store with this version upgrades it (after a pre-migration backup)."""
    from seller_assistant import paths
    from seller_assistant.store import migrations
    from seller_assistant.store.backup_verify import verify_backup

    schemas = reference_schemas(folder / "reference")
    latest = migrations.latest_version()

    def check(db_path: Path, before: Snapshot, after: Snapshot) -> tuple[str, list[str]]:
        problems = []
        if after.schema != schemas.get(after.version):
            problems.append(f"schema version {after.version} does not match that version's schema")
        backups = paths.backups_dir(db_path)
        for done in backups.iterdir() if backups.is_dir() else ():
            if not done.name.startswith("."):  # .partial-…: never became a backup; .chain: their pages
                problem = verify_backup(done)
                if problem:
                    problems.append(
                        f"the backup {done.name} is complete by name but does not verify: {problem}"
                    )
        state = (
            "all"
            if after.version == latest
            else ("none" if after.version == before.version else f"at-version-{after.version}")
        )
        return state, problems

    return Scenario("migration", base, lambda work: ["settings", "--json"], check=check)
