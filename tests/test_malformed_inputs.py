"""Every broken file real shops produce, at every door it can come in by: a clear message naming the
file (and line), or per-row errors with line numbers; never a crash, and a refused file changes nothing."""

from __future__ import annotations

import contextlib
import io
import math
from pathlib import Path

import pytest

from seller_assistant.cli import main as cli_main
from seller_assistant.cli.settings import _parse_value as parse_setting_value
from seller_assistant.core.errors import UserError
from seller_assistant.core.playbook import read_template_file
from seller_assistant.core.profiles import load_profile_file
from seller_assistant.core.settings import ShopSettings, settings_from_mapping
from seller_assistant.core.ship_rules import load_promise_rules
from seller_assistant.imports.chats import import_chat_file
from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import open_store, shops
from tests.builders import malformed
from tests.builders.store_snapshot import store_snapshot
from tests.builders.taobao_export import order, write_taobao_export

from .conftest import NOW_EPOCH, NOW_ISO, CliResult

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

# Every store test runs on SQLite and on PostgreSQL: the module's one store is parametrised (`shared`).

CSV = malformed.corpus()
CHATS = malformed.chat_corpus()
EVENTS = malformed.events_corpus()
TOMLS = malformed.toml_corpus()
ZIPS = malformed.zip_corpus()
# Files whose trouble sits on one line: a refusal must say which.
LINE_NAMED = {
    "nul_bytes.csv",
    "truncated_multibyte.csv",
    "truncated_gbk.csv",
    "latin1.csv",
    "ten_mb_single_line.csv",
    "chat_truncated_gbk.txt",
    "chat_nul_bytes.txt",
    "chat_csv_ten_mb_cell.csv",
    "events_ten_mb_cell.csv",
}


def _cases(kinds: tuple[str, ...], files: dict[str, bytes]) -> list:
    return [pytest.param(kind, name, id=f"{kind}-{name}") for kind in kinds for name in files]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _line(error) -> int:
    return error.line if hasattr(error, "line") else error[0]


def check_refused_or_line_numbered(call, path: Path, store) -> str:
    """The contract at every door. Returns 'refused' or 'read'."""
    before = store_snapshot(store)
    try:
        result = call()
    except UserError as exc:
        message = str(exc)
        assert path.name in message, message
        if path.name in LINE_NAMED:
            assert "line" in message, message
        assert "\n" not in message.strip() and len(message) < 600, message
        assert store_snapshot(store) == before, "a refused file changed the store"
        return "refused"
    for error in result.errors:
        assert isinstance(_line(error), int) and _line(error) >= 1, error
    return "read"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared(request, tmp_path_factory):
    """One store for the whole corpus (each call is judged by the snapshot around it): a shop with
    one known order, so event files can name it. Once on SQLite, once on PostgreSQL."""
    folder = tmp_path_factory.mktemp("malformed")
    location, cluster, database = folder / "shop.db", None, None
    if request.param == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        database = cluster.create_database(template=request.getfixturevalue("_pg_migrated_template"))
        location = cluster.url(database)
    opened = open_store(location)
    shop_id = shops.create_shop(opened, ShopSettings(name="测试小店", timezone="Asia/Shanghai"), NOW_EPOCH)
    path = write_taobao_export(folder / "known.csv", [order("3901234567890123456")])
    import_order_file(opened, shop_id, path, now=NOW_EPOCH)
    yield opened
    opened.close()
    if cluster is not None:
        cluster.drop_database(database)


@pytest.fixture
def store(shared):
    return shared


@pytest.fixture
def shop(shared):
    return shops.require_shop(shared)


def run_cli(store, *args: str):
    """The command line in-process on the shared store."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(["--db", store.location, "--now", NOW_ISO, *args])
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.mark.parametrize(("kind", "name"), _cases(("auto", "taobao", "generic"), CSV))
def test_order_import_refuses_or_reports_each_bad_row(store, shop, tmp_path, kind, name):
    path = _write(tmp_path, name, CSV[name])
    check_refused_or_line_numbered(
        lambda: import_order_file(store, shop, path, format=kind, now=NOW_EPOCH), path, store
    )


@pytest.mark.parametrize(("kind", "name"), _cases(("chat",), {**CSV, **CHATS}))
def test_chat_import_refuses_or_reports_each_bad_line(store, shop, tmp_path, kind, name):
    path = _write(tmp_path, name, {**CSV, **CHATS}[name])
    check_refused_or_line_numbered(lambda: import_chat_file(store, shop, path, now=NOW_EPOCH), path, store)


@pytest.mark.parametrize(("kind", "name"), _cases(("events",), {**CSV, **EVENTS}))
def test_event_import_refuses_or_reports_each_bad_row(store, shop, tmp_path, kind, name):
    path = _write(tmp_path, name, {**CSV, **EVENTS}[name])
    before = store_snapshot(store)
    result = run_cli(store, "import-events", str(path), "--json")
    assert "unexpected" not in result.err, result.err
    if result.code == 2:
        assert path.name in result.err
        if name in LINE_NAMED:
            assert "line" in result.err
        assert store_snapshot(store) == before
    else:
        assert result.code == 0, result.err
        assert '"line"' in result.out or '"errors": []' in result.out


def test_a_formula_in_a_csv_cell_is_stored_as_plain_text(store, shop, tmp_path):
    path = _write(tmp_path, "formula_injection.csv", CSV["formula_injection.csv"])
    import_order_file(store, shop, path, now=NOW_EPOCH)
    buyer, title = store.conn.execute(
        "SELECT buyer, item_title FROM orders WHERE order_no = '3901234567890123458'"
    ).fetchone()
    assert buyer == '=HYPERLINK("http://evil","点我")' and title == "=1+2"


def test_a_mangled_order_number_is_refused_by_line_and_never_stored(store, shop, tmp_path):
    path = _write(tmp_path, "scientific_order_numbers.csv", CSV["scientific_order_numbers.csv"])
    result = import_order_file(store, shop, path, now=NOW_EPOCH)
    assert [e.line for e in result.errors] == [2]
    assert store.conn.execute("SELECT count(*) FROM orders WHERE order_no LIKE '%E+%'").fetchone()[0] == 0


_TOML_LOADERS = {
    "profile": load_profile_file,
    "ship_rules": load_promise_rules,
    "templates": read_template_file,
}


@pytest.mark.parametrize(("kind", "name"), _cases(tuple(_TOML_LOADERS), TOMLS))
def test_data_files_with_errors_are_refused_naming_the_file(store, tmp_path, kind, name):
    path = _write(tmp_path, name, TOMLS[name])
    try:
        _TOML_LOADERS[kind](path)
    except UserError as exc:
        assert path.name in str(exc)
        if "TOML" in str(exc) and "decode" not in str(exc):
            assert "line" in str(exc)


SETTING_VALUES = (
    "",
    "abc",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "[]",
    "{}",
    "null",
    "true",
    "-1",
    "99999999999999999999",
    '"\\u0000"',
    "\x00",
    "a" * 5000,
    "<b>x</b>",
    "Asia/Shanghai\x00",
    "../../etc/passwd",
)
SETTING_KEYS = (
    "name",
    "platform",
    "timezone",
    "ship_promise_hours",
    "help_rate_threshold",
    "due_soon_lead_hours",
    "warning_margin",
    "language",
    "morning_summary_hour",
    "minimize_to_tray",
    "staff_name",
)


@pytest.mark.parametrize("key", SETTING_KEYS)
def test_settings_values_are_refused_with_the_setting_named_or_kept(key):
    """What `settings --set KEY=VALUE` does with the value: JSON if it parses, else text."""
    for value in SETTING_VALUES:
        try:
            settings_from_mapping({key: parse_setting_value(value)}, "settings")
        except UserError as exc:
            assert key in str(exc) or "time zone" in str(exc), (value, str(exc))


def test_a_refused_setting_on_the_command_line_changes_nothing(store):
    for key, value in [
        ("help_rate_threshold", "2"),
        ("timezone", "Mars/Olympus"),
        ("minimize_to_tray", "[]"),
        ("platform", "<b>x</b>"),
    ]:
        before = store_snapshot(store)
        result = run_cli(store, "settings", "--set", f"{key}={value}")
        assert result.code == 2 and "unexpected" not in result.err, result.err
        assert key in result.err or "time zone" in result.err
        assert store_snapshot(store) == before


def test_settings_mapping_refuses_wrong_types_naming_the_key():
    for key, value in [
        ("ship_promise_hours", [1]),
        ("help_rate_threshold", math.inf),
        ("name", 5),
        ("platform", None),
        ("minimize_to_tray", "maybe"),
        ("language", 3),
    ]:
        with pytest.raises(UserError, match=key):
            settings_from_mapping({key: value}, "settings.toml")


@pytest.mark.parametrize(("kind", "name"), _cases(("verify",), ZIPS))
def test_verify_refuses_or_reports_every_broken_bundle(store, tmp_path, kind, name):
    (tmp_path / "in").mkdir()
    path = _write(tmp_path / "in", name, ZIPS[name])
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run_cli(store, "verify", str(path))
    assert "unexpected" not in result.err, result.err
    assert result.code in (1, 2), (result.code, result.out, result.err)
    if result.code == 2:
        assert path.name in result.err
    else:
        assert path.name in result.out
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert not (tmp_path / "evil.txt").exists() and not Path("/etc/evil").exists()


def test_implausible_values_are_row_errors_naming_line_and_column(store, shop, tmp_path):
    """Years 9999/0001, 1e30, 20-digit amounts and quantities, negative and NaN amounts, a 1000-digit
    Taobao order number: each one row error with its line and the file's column; the rest imports."""
    from tests.builders.taobao_export import FIELDS

    path = malformed.write_poisoned_taobao_export(tmp_path / "ExportOrderList_poisoned.csv")
    result = run_cli(store, "import-orders", str(path), "--json")
    assert result.code == 0 and "unexpected" not in result.err, result.err
    import json

    report = json.loads(result.out)
    assert report["inserted"] + report["updated"] + report["unchanged"] == 1
    errors = {e["line"]: e for e in report["errors"]}
    poisoned = list(malformed.poisoned_orders().values())
    assert sorted(errors) == list(range(3, 3 + len(poisoned)))
    for line, (field, _cell) in enumerate(poisoned, start=3):
        error = errors[line]
        assert error["column"] == FIELDS[field], error
        assert f"line {line}, column {FIELDS[field]}" in error["message"], error
        assert len(error["message"]) < 300, error  # a 1000-digit cell is not echoed whole
    count = store.conn.execute(
        "SELECT count(*) FROM orders WHERE order_no LIKE '39012345678901200%'"
    ).fetchone()[0]
    assert count == 1


def test_after_a_poisoned_file_every_export_still_works(store, shop, tmp_path):
    path = malformed.write_poisoned_taobao_export(tmp_path / "ExportOrderList_poisoned.csv")
    assert run_cli(store, "import-orders", str(path)).code == 0
    exported = run_cli(store, "export-orders", "--out", str(tmp_path / "all.csv"))
    assert exported.code == 0, exported.err
    bundle = run_cli(store, "export-evidence", "3901234567890120000", "--out", str(tmp_path / "b.zip"))
    assert bundle.code == 0, bundle.err
    suggested = run_cli(store, "suggest", "--order", "3901234567890120000", "--message", "什么时候发货")
    assert suggested.code == 0, suggested.err


@pytest.mark.parametrize("option", ["--at", "--due"])
def test_an_implausible_year_on_the_command_line_is_refused(store, shop, option):
    before = store_snapshot(store)
    args = (
        ["ship", "3901234567890123456", "--at", "9999-12-31 10:00"]
        if option == "--at"
        else ["work-order", "3901234567890123456", "--due", "0001-01-01 10:00"]
    )
    result = run_cli(store, *args)
    assert result.code == 2 and "plausible" in result.err and "unexpected" not in result.err, result.err
    assert store_snapshot(store) == before


def test_a_chat_line_in_the_year_9999_is_a_line_error(store, shop, tmp_path):
    text = malformed.QIANNIU_GOOD + "甜甜兔 (9999-11-20 14:05:00):\r\n还在吗\r\n"
    path = _write(tmp_path, "chat_9999.txt", text.encode("gbk"))
    result = import_chat_file(store, shop, path, now=NOW_EPOCH)
    assert result.inserted == 1 and result.errors[0].line == 6 and "9999" in result.errors[0].message


def test_an_xlsx_bomb_is_refused_before_it_is_inflated(store, shop, tmp_path):
    path = _write(tmp_path, "订单_bomb.xlsx", malformed.xlsx_bomb())
    assert path.stat().st_size < 2**20
    with pytest.raises(UserError, match="ZIP bomb|unpacks") as refused:
        import_order_file(store, shop, path, now=NOW_EPOCH)
    assert path.name in str(refused.value)


def _smaller_limits(monkeypatch, **changes):
    import dataclasses

    from seller_assistant.core import limits as limits_module
    from seller_assistant.importers import xlsx

    small = dataclasses.replace(limits_module.limits(), **changes)
    monkeypatch.setattr(xlsx, "limits", lambda: small)


def test_an_xlsx_with_more_rows_than_the_limit_is_refused_naming_it(store, shop, tmp_path, monkeypatch):
    _smaller_limits(monkeypatch, xlsx_rows=50)
    rows = [["订单编号", "买家会员名"]] + [[f"39012345678901{i:05d}", "小王"] for i in range(60)]
    path = _write(tmp_path, "订单_rows.xlsx", malformed.xlsx_bytes(rows))
    before = store_snapshot(store)
    with pytest.raises(UserError, match="more than 50 rows") as refused:
        import_order_file(store, shop, path, format="generic", now=NOW_EPOCH)
    assert path.name in str(refused.value) and store_snapshot(store) == before


def test_an_xlsx_filled_far_to_the_right_is_refused_naming_its_row(store, shop, tmp_path, monkeypatch):
    _smaller_limits(monkeypatch, xlsx_columns=20)
    rows = [["订单编号", "买家会员名"], ["3901234567890123456", "小王"], ["3901234567890123457"] + ["x"] * 30]
    path = _write(tmp_path, "订单_wide.xlsx", malformed.xlsx_bytes(rows))
    with pytest.raises(UserError, match="row 3: more than 20 columns"):
        import_order_file(store, shop, path, format="generic", now=NOW_EPOCH)


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused(store, shop, tmp_path, monkeypatch):
    _smaller_limits(monkeypatch, xlsx_uncompressed_bytes=4096)
    rows = [["订单编号", "买家会员名"]] + [[f"39012345678901{i:05d}", "小王" * 20] for i in range(200)]
    path = _write(tmp_path, "订单_big.xlsx", malformed.xlsx_bytes(rows))
    with pytest.raises(UserError, match="unpacks to more than"):
        import_order_file(store, shop, path, format="generic", now=NOW_EPOCH)


def test_a_chat_csv_row_in_the_year_9999_names_its_line_and_time_column(store, shop, tmp_path):
    text = (
        "时间,发送人,内容\r\n"
        "2026-11-20 14:05:00,甜甜兔,在吗\r\n"
        "9999-11-20 14:06:00,甜甜兔,还在吗\r\n"
        "2026-11-20 14:07:00,,没有发送人\r\n"
    )
    path = _write(tmp_path, "chat_9999.csv", text.encode("utf-8-sig"))
    result = import_chat_file(store, shop, path, now=NOW_EPOCH)
    assert result.inserted == 1
    assert [e.line for e in result.errors] == [3, 4]
    assert "column 1 (time)" in result.errors[0].message and "9999" in result.errors[0].message
    assert "column 2 (sender)" in result.errors[1].message
