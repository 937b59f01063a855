"""Every refusal the store, the importers and the core raise has its Chinese (core/messages.py).

Like the .ts completeness test for the window: a UserError (or a Message) written with an English
template must find that template in resources/i18n/messages.zh.toml, with the same placeholders, and
must be given a value for each; an f-string there is refused, because its filled English cannot be a
catalogue key and a Chinese shop owner would read it in English.
"""

from __future__ import annotations

import ast
import errno
import os
import pickle
import re
from pathlib import Path

import pytest

from seller_assistant.cli.anchor import WHAT_LEAVES
from seller_assistant.core import messages
from seller_assistant.core.errors import UserError
from seller_assistant.core.evidence import SEALED_COLUMNS
from seller_assistant.core.messages import Message
from seller_assistant.core.orders import ORDER_STATUSES
from seller_assistant.importers.orders import ORDER_FIELDS

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

PACKAGE = Path(__file__).resolve().parent.parent / "seller_assistant"
CALLEES = {
    "UserError",
    "StoreTooNewError",
    "StoreLockedError",
    "StoreConflictError",
    "MoveCancelled",
    "UnsafeBundleError",
    "Message",
}
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _templates() -> list[tuple[str, int, ast.Call]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module.startswith("ui/"):  # the window's own texts go through tr()
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _callee(node) in CALLEES and node.args:
                found.append((module, node.lineno, node))
    return found


def test_every_refusal_is_a_template_with_its_chinese():
    zh = messages.catalogue("zh")
    problems = []
    for module, line, call in _templates():
        first = call.args[0]
        where = f"{module}:{line}"
        if isinstance(first, ast.JoinedStr) or (
            isinstance(first, ast.BinOp) and isinstance(first.left, ast.JoinedStr | ast.Constant)
        ):
            problems.append(f"{where}: an f-string or a glued text; give a template and its values by name")
            continue
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue  # a Message or an error made elsewhere, checked where it is made
        template = first.value
        given = {keyword.arg for keyword in call.keywords}
        missing = set(_PLACEHOLDER.findall(template)) - given
        if missing and None not in given:
            problems.append(f"{where}: no value for {{{sorted(missing)[0]}}} in {template!r}")
        if template not in zh:
            problems.append(f"{where}: no Chinese for {template!r}")
    assert not problems, "\n".join(problems)


def test_the_chinese_catalogue_holds_only_what_is_asked_for():
    """A template no module raises any more is dropped from the catalogue, as the .ts drops vanished ones."""
    asked = {
        call.args[0].value
        for _module, _line, call in _templates()
        if isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)
    }
    said_by_the_system = {os.strerror(code) for code in errno.errorcode}  # core.messages.os_problem
    unused = sorted(set(messages.catalogue("zh")) - asked - _WORDS_AND_VALUES - said_by_the_system)
    assert not unused, f"no module asks for: {unused[:5]}"


# Catalogue entries that are values inside other templates (an order's status, a field, a task).
_WORDS_AND_VALUES = {
    *ORDER_STATUSES,
    *SEALED_COLUMNS,  # the kinds of sealed item (store/evidence.py)
    *(label.lower() for label in ORDER_FIELDS.values()),
    "backup",
    "restore",
    "undone",
    "resumed",
    "another desk",
    "holiday",
    "pause",
    "workday",
    WHAT_LEAVES,
    # the labels of the times an order export holds (importers/order_rows.py, after-sales, events)
    "creation time",
    "payment time",
    "ship time",
    "receipt time",
    "group order time",
    "status change time",
    "ship-by time",
    "latest delivery date",
    "time",
    "application time",
    # the fixed reasons a chain check gives (store/chain_verify.py, core/evidence.py), looked up when
    # the verify report is worded (core/chain_report.py)
    "the sealed item is missing",
    "changed after it was sealed",
    "does not follow the previous item",
    "its seal was altered",
    "its file's bytes were changed",
    "its file is missing from the attachment folder",
    "its file in the attachment folder is not a plain file (a pipe or a device)",
    "was never sealed",
    "does not follow the previous item (the chain was cut or reordered)",
    "its sealed_by (who sealed it) is not text",
    "its content is missing, so it cannot be checked",
    "its content cannot be serialised",
    "its content was changed after it was sealed",
    "its seal does not match (the chain record was altered)",
    # and the fixed reasons a bundle check gives (core/bundle_verify.py, core/bundle_checks.py)
    "manifest.json is missing, so the chain cannot be checked",
    "the manifest has no readable evidence chain",
    "the recorded chain head does not match the last item",
    "its content was left out, though the bundle says it includes it",
    "its content is malformed",
    "it carries a masking commitment but no masked content",
    "the head log is missing from the manifest, so a cut-off chain could not be detected",
    "the head log has no record of this chain",
    "the head log is not readable",
    "the evidence chain is empty and the bundle has no head log",
    "the chain is blinded, but the bundle is not a masked one",
    "to import",
    "for a rules file",
    "to keep as an attachment",
    "to be a limits file",
    "to be a rules or template file",
    "to be a batch of messages",
}


def test_a_refusal_is_english_until_the_reader_is_chinese():
    error = UserError("There is no order {order_no} in this shop.", order_no="3900117")
    assert str(error) == error.args[0] == "There is no order 3900117 in this shop."
    assert error.text("zh") == "本店没有订单 3900117。"
    messages.set_language("zh")
    try:
        assert str(error) == "本店没有订单 3900117。"
    finally:
        messages.set_language("en")


def test_a_refusal_quoting_another_says_both_in_the_reader_s_language():
    inner = UserError("{source}: the file is empty.", source="发货单.csv")
    outer = UserError("{option}: {problem}", option="--from", problem=inner)
    assert outer.text("zh") == "--from：发货单.csv：文件是空的。"
    assert str(outer) == "--from: 发货单.csv: the file is empty."


def test_a_refusal_from_a_worker_process_keeps_its_values_untranslated():
    """A worker process sends the template and its values; the window translates on arrival."""
    sent = pickle.loads(
        pickle.dumps(
            UserError(
                "Order {order_no} is {status}; it cannot be shipped.",
                order_no="77",
                status=Message("refunded"),
            ).message
        )
    )
    assert UserError(sent).text("zh") == "订单 77 已退款，不能发货。"


def test_a_translation_that_loses_a_placeholder_is_named_with_its_file(tmp_path, monkeypatch):
    bad = tmp_path / "messages.zh.toml"
    bad.write_text('"There is no order {order_no} in this shop." = "本店没有这个订单。"\n', encoding="utf-8")
    monkeypatch.setattr(messages, "catalogue_path", lambda _language: bad)
    messages.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"messages\.zh\.toml.*There is no order"):
            messages.catalogue("zh")
    finally:
        messages.catalogue.cache_clear()


def test_the_command_line_refuses_in_the_language_of_its_locale(store, monkeypatch, capsys):
    """A Chinese shop owner's terminal (LANG=zh_CN.UTF-8) reads the refusal in Chinese, exit 2."""
    from seller_assistant.cli import main

    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code = main(["--db", str(store.location), "ship", "3900000000000000999", "--tracking", "75312345678901"])
    assert code == 2
    assert capsys.readouterr().err == "seller-assistant: 本店没有订单 3900000000000000999。\n"
    monkeypatch.setenv("LANG", "C.UTF-8")
    main(["--db", str(store.location), "ship", "3900000000000000999", "--tracking", "75312345678901"])
    assert (
        capsys.readouterr().err == "seller-assistant: There is no order 3900000000000000999 in this shop.\n"
    )


def test_the_catalogue_lives_with_the_other_resources():
    """core/messages.py finds resources/ on its own (paths imports core.errors): the same folder."""
    from seller_assistant import paths

    assert messages.catalogue_path("zh") == paths.resource("i18n", "messages.zh.toml")
    assert messages.catalogue_path("zh").is_file()


@pytest.mark.sqlite_only(
    reason="a SQLite store's backup file (a shared store's are pg_dumps, restored --into an empty database)"
)
def test_a_chinese_terminal_backs_up_and_restores_in_chinese(store, monkeypatch, capsys):
    from seller_assistant.cli import main

    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["--db", str(store.path), "backup"]) == 0
    assert capsys.readouterr().out.startswith("已备份并通过校验：")
    assert main(["--db", str(store.path), "restore"]) == 2
    assert capsys.readouterr().err == (
        "seller-assistant: 请指定要恢复的备份（见 seller-assistant backups），或使用 --latest。\n"
    )
    assert main(["--db", str(store.path), "restore", "--latest"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("已恢复 ") and "恢复前的店铺数据保存在 " in said


def test_what_the_system_said_of_a_file_is_said_in_chinese_too(tmp_path):
    """An OSError's own words (the C library's English) inside a refusal: the common ones translated."""
    from seller_assistant.core.files import read_bounded

    folder = tmp_path / "locked"
    folder.mkdir()
    with pytest.raises(UserError) as refused:
        read_bounded(folder / "订单报表.csv", 1024, "to import")
    assert refused.value.text("zh") == f"{folder / '订单报表.csv'}：文件不存在。"
    missing = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))
    error = UserError(
        "Cannot read {path}: {problem}.", path="发货单.csv", problem=messages.os_problem(missing)
    )
    assert error.text("zh") == "无法读取 发货单.csv：文件或文件夹不存在。"
    assert str(error) == "Cannot read 发货单.csv: No such file or directory."


def test_a_chinese_terminal_reads_the_bad_lines_of_an_events_table_in_chinese(
    store, tmp_path, monkeypatch, capsys
):
    """The shop's own table of help events (a GBK CSV as Excel saves it), two lines it cannot take."""
    from seller_assistant.cli import main

    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    path = tmp_path / "求助事件.csv"
    path.write_bytes(
        (
            "订单编号,类型,时间,原因,备注\r\n"
            "3902000000000000002,吵架,2026-11-24 09:00:00,,\r\n"
            "3902000000000000009,dispute,2026-11-24 09:00:00,,\r\n"
        ).encode("gbk")
    )
    assert main(["--db", str(store.location), "import-events", str(path)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[1:] == [
        "  第 2 行：“类型”列：“吵架”不是求助事件类型（可用 dispute、complaint、intervention 或 work_order_timeout）",
        "  第 3 行：本店没有订单 3902000000000000009",
    ]
