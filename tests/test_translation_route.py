"""One route for the window's Chinese: the .ts is the source, the build makes the .qm, the app only loads.

What a developer or translator notices: editing a UI file does not make `--check` fail; a new string
makes it fail until translated; a translation typed in Linguist survives every update; ts_fill turns
a Python table of Chinese into translations; the package build writes the .qm; the app writes nothing
into its own folder and runs in English (saying why in the log) when the .qm was not built."""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from seller_assistant.ui import i18n
from seller_assistant.ui.app import application

from .conftest import NOW_EPOCH

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "seller_assistant_zh_CN.ts"
UI = ROOT / "seller_assistant" / "ui"
sys.path.insert(0, str(ROOT / "tools"))

import build_translations  # noqa: E402
import tr_scan  # noqa: E402
import ts_fill  # noqa: E402
import update_translations  # noqa: E402


@pytest.fixture
def ui_copy(tmp_path, monkeypatch):
    """A copy of seller_assistant/ui (under the checkout's tools, as a developer would edit it) and of
    the .ts, which the update tool then reads instead of the real ones."""
    copy = tmp_path / "ui"
    shutil.copytree(UI, copy, ignore=shutil.ignore_patterns("__pycache__", "translations"))
    monkeypatch.setattr(tr_scan, "ui_sources", lambda ui=copy: sorted(copy.rglob("*.py")))
    ts = tmp_path / "zh_CN.ts"
    shutil.copy(TS, ts)
    return copy, ts


def check(ts: Path) -> int:
    return update_translations.main(["--check", "--ts", str(ts)])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_check_passes_after_code_moves_lines(ui_copy):
    copy, ts = ui_copy
    for path in (copy / "add_shop_dialog.py", copy / "main_window.py"):
        edit(path, "\nclass ", "\n# a comment a developer added\n\n\nclass ")
    assert check(ts) == 0


def test_new_string_fails_the_check_until_ts_fill_translates_it(ui_copy, tmp_path, capsys):
    copy, ts = ui_copy
    edit(
        copy / "add_shop_dialog.py",
        'self.tr("Add a shop")',
        'self.tr("Add a shop") + self.tr("Ship {order} before {deadline}")',
    )
    assert check(ts) == 1
    assert "unfinished: [AddShopDialog] 'Ship {order} before {deadline}'" in capsys.readouterr().out

    assert update_translations.main(["--ts", str(ts)]) == 0
    assert '<translation type="unfinished"></translation>' in ts.read_text(encoding="utf-8")
    table = tmp_path / "old_zh_CN_strings.py"
    table.write_text(
        'ZH: dict[str, str] = {\n    "Ship {order} before {deadline}":\n'
        '        "请在 {deadline} 前发出 {order}",\n}\n'
        'IN_CONTEXT = {("AddShopDialog", "Add a shop"): "新开一家店铺"}\n',
        encoding="utf-8",
    )
    assert ts_fill.main(["--from-table", str(table), "--ts", str(ts)]) == 0
    text = ts.read_text(encoding="utf-8")
    assert "<translation>请在 {deadline} 前发出 {order}</translation>" in text
    # A finished translation is the translator's: the table does not override it.
    assert "<translation>添加店铺</translation>" in text and "新开一家店铺" not in text
    assert check(ts) == 0


def test_translation_typed_in_linguist_survives_an_update(ui_copy):
    copy, ts = ui_copy
    edit(
        ts,
        "<translation>添加店铺</translation>",
        "<translatorcomment>as in the seller centre</translatorcomment>\n"
        '        <translation type="unfinished">新增店铺</translation>',
    )
    edit(copy / "add_shop_dialog.py", 'self.tr("Shop name")', 'self.tr("Shop name (as buyers see it)")')
    assert update_translations.main(["--ts", str(ts)]) == 0
    text = ts.read_text(encoding="utf-8")
    assert '<translation type="unfinished">新增店铺</translation>' in text
    assert "<translatorcomment>as in the seller centre</translatorcomment>" in text
    assert check(ts) == 1  # a draft is not a finished translation


def test_string_dropped_from_the_code_stays_vanished_until_no_obsolete(ui_copy, capsys):
    copy, ts = ui_copy
    edit(copy / "add_shop_dialog.py", 'self.tr("Time zone")', '"Time zone"')
    assert update_translations.main(["--ts", str(ts)]) == 0
    assert '<translation type="vanished">时区</translation>' in ts.read_text(encoding="utf-8")
    assert check(ts) == 1
    assert "obsolete: [AddShopDialog] 'Time zone'" in capsys.readouterr().out
    assert update_translations.main(["--no-obsolete", "--ts", str(ts)]) == 0
    assert (
        "时区</translation>"
        not in ts.read_text(encoding="utf-8").split("<name>AddShopDialog</name>")[1].split("</context>")[0]
    )
    assert check(ts) == 0


def test_the_package_build_compiles_the_chinese_into_the_wheel_tree(tmp_path, qapp):
    spec = importlib.util.spec_from_file_location("seller_assistant_setup", ROOT / "setup.py")
    setup_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(setup_module)  # defines the command; setup() runs only as __main__
    from setuptools.dist import Distribution

    command = setup_module.BuildPyWithTranslations(Distribution({"name": "seller-assistant", "packages": []}))
    command.initialize_options()
    command.build_lib = str(tmp_path / "build")
    command.finalize_options()
    command.run()
    qm = tmp_path / "build" / "seller_assistant" / "ui" / "translations" / "seller_assistant_zh_CN.qm"
    assert str(qm) in command.get_outputs()
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("MainWindow", "&File") == "文件(&F)"


def _snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_mtime_ns, p.stat().st_size)
        for folder in folders
        for p in folder.rglob("*")
        if "__pycache__" not in p.parts
    }


def test_starting_the_window_in_chinese_writes_nothing_into_the_package(tmp_path):
    package = ROOT / "seller_assistant"
    built = package / "ui" / "translations" / "seller_assistant_zh_CN.qm"
    os.utime(TS)  # the .ts just changed, as after a merge: the app used to recompile the .qm here
    before = _snapshot(package, ROOT / "resources")
    script = (
        "from seller_assistant.ui.app import application, build_window\n"
        "from seller_assistant.ui.i18n import use_language\n"
        "from seller_assistant.store import open_store\n"
        "from seller_assistant.store.demo import seed_demo\n"
        "from seller_assistant.core.demo import build_demo_shop\n"
        "from seller_assistant.core.settings import ShopSettings\n"
        "app = application(); use_language(app, 'zh')\n"
        f"store = open_store({str(tmp_path / 'shop.db')!r})\n"
        f"seed_demo(store, build_demo_shop({NOW_EPOCH}), ShopSettings(name='小铺'), {NOW_EPOCH})\n"
        f"window = build_window(store, fixed_now={NOW_EPOCH})\n"
        "app.processEvents(); print(window.menuBar().actions()[0].text())\n"
    )
    env = os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONDONTWRITEBYTECODE": "1",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert _snapshot(package, ROOT / "resources") == before
    # Chinese from what the build made; English (and a line in the log) when nothing was built.
    assert result.stdout.strip() == ("文件(&F)" if built.exists() else "&File")


def test_without_a_built_qm_the_window_is_english_and_the_log_says_why(tmp_path, monkeypatch, qapp, caplog):
    monkeypatch.setattr(i18n, "QM_DIR", tmp_path / "never-built")
    app = application()
    with caplog.at_level(logging.WARNING, logger="seller_assistant"):
        installed = i18n.install_translator(app, "zh")
    try:
        assert QCoreApplication.translate("MainWindow", "&File") == "&File"
        assert [type(t) for t in installed] == [i18n.EnglishPlurals]  # English, plurals and all
        assert "Chinese interface not available" in caplog.text
        assert "never-built" in caplog.text
        assert not (tmp_path / "never-built").exists()
    finally:
        for translator in installed:
            app.removeTranslator(translator)


def test_build_translations_skips_a_qm_newer_than_its_ts(tmp_path):
    assert build_translations.build(tmp_path) == [tmp_path / "seller_assistant_zh_CN.qm"]
    assert build_translations.build(tmp_path, only_stale=True) == []


def test_fill_puts_each_value_where_the_translation_names_it():
    assert i18n.fill("{late} 晚发货 {order}", order="A1", late="2 小时") == "2 小时 晚发货 A1"
    # A singular wording may leave the count out; other braces and a value's own braces stay.
    assert (
        i18n.fill("1 more event puts you over {threshold}", events=1, threshold="2%")
        == "1 more event puts you over 2%"
    )
    assert i18n.fill("Unknown field {field}", field="{buyer}") == "Unknown field {buyer}"


def test_fill_names_the_placeholder_a_translation_misspelt():
    with pytest.raises(KeyError, match="ordr"):
        i18n.fill("订单 {ordr} 已发货", order="A1")


def test_fill_takes_any_placeholder_name_even_text():
    assert (
        i18n.fill("Agreement ({kind}): {text}", kind="发货时间", text="48小时内发货")
        == "Agreement (发货时间): 48小时内发货"
    )


def test_a_qm_older_than_its_ts_still_loads_and_the_log_says_to_rebuild(tmp_path, monkeypatch, qapp, caplog):
    build_translations.build(tmp_path)
    qm = tmp_path / "seller_assistant_zh_CN.qm"
    os.utime(qm, (TS.stat().st_mtime - 60, TS.stat().st_mtime - 60))  # built before the last edit
    monkeypatch.setattr(i18n, "QM_DIR", tmp_path)
    app = application()
    with caplog.at_level(logging.WARNING, logger="seller_assistant"):
        installed = i18n.install_translator(app, "zh")
    try:
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
        assert "older than" in caplog.text and "tools/dev.py setup" in caplog.text
        assert qm.stat().st_mtime < TS.stat().st_mtime  # warned, not rebuilt
    finally:
        for translator in installed:
            app.removeTranslator(translator)
