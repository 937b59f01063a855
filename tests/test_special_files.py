"""/dev/zero, a FIFO and a folder at every door that takes a file: one sentence naming it, no memory growth.

Each command runs in its own process (a hang or a runaway read must not take the test run with it);
its peak memory comes from wait4()'s rusage of that one child. The only timing is a generous
timeout that turns a hang (a FIFO opened for blocking reads) into a failure instead of a stuck run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from seller_assistant import paths
from seller_assistant.core.settings import ShopSettings
from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import backup_folders, open_store, shops
from tests.builders.taobao_export import order, write_taobao_export

from .conftest import NOW_EPOCH, NOW_ISO

pytestmark = pytest.mark.sqlite_only(
    reason="a FIFO or device given where the store file goes: a shared store is an address"
)

HANG_TIMEOUT_S = 60  # a hang, not a speed goal: these end in well under a second
MAX_RSS_MB = 100


@pytest.fixture(scope="module")
def shop_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("special")
    db = folder / "shop.db"
    with open_store(db) as store:
        shop_id = shops.create_shop(store, ShopSettings(name="测试小店", timezone="Asia/Shanghai"), NOW_EPOCH)
        import_order_file(
            store,
            shop_id,
            write_taobao_export(folder / "known.csv", [order("3901234567890123456")]),
            now=NOW_EPOCH,
        )
    return db


@pytest.fixture(scope="module")
def fifo(tmp_path_factory):
    path = tmp_path_factory.mktemp("fifo") / "orders.csv"
    os.mkfifo(path)
    return path


# The command runs under a wrapper that records its own peak memory (VmHWM) at exit: wait4()'s
# ru_maxrss would also count the pages of this test process, which the child inherits at fork.
_WRAPPER = """
import atexit, sys
def _peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            open(sys.argv[1], "w").write(line.split()[1])
atexit.register(_peak)
from seller_assistant.cli import main
sys.exit(main(sys.argv[2:]))
"""


def run_child(args: list[str], env: dict | None = None) -> tuple[int, str, float]:
    """(exit code, stderr, peak RSS in MB) of one CLI run in a fresh process."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".peak") as peak_file:
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRAPPER, peak_file.name, *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        try:
            _, err = proc.communicate(timeout=HANG_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"{args} hung (more than {HANG_TIMEOUT_S} s): it blocked on a special file")
        peak_kb = int(Path(peak_file.name).read_text() or 0)
    assert peak_kb > 0, "the child did not report its peak memory"
    return proc.returncode, err.decode("utf-8", "replace"), peak_kb / 1024


# Every command that takes a file from the user, with FILE where the file goes.
DOORS = {
    "import-orders": ["import-orders", "FILE"],
    "import-orders-xlsx": ["import-orders", "FILE", "--format", "generic"],
    "import-chat": ["import-chat", "FILE"],
    "import-chat-csv": ["import-chat", "FILE", "--format", "csv"],
    "import-events": ["import-events", "FILE"],
    "attach": ["attach", "3901234567890123456", "FILE"],
    "verify": ["verify", "FILE"],
    "suggest-batch": ["suggest", "--batch", "FILE"],
    "store (--db)": ["--db", "FILE", "risk"],
}


def _one_sentence(err: str, name: str) -> None:
    assert "unexpected" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert name in lines[0], err


@pytest.mark.parametrize("door", list(DOORS))
@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "folder"])
def test_a_special_file_at_any_door_is_one_sentence_with_little_memory(
    shop_db, fifo, tmp_path, door, special
):
    target = {"/dev/zero": Path("/dev/zero"), "fifo": fifo, "folder": tmp_path}[special]
    args = [str(target) if a == "FILE" else a for a in DOORS[door]]
    if "--db" not in args:
        args = ["--db", str(shop_db), *args]
    code, err, rss = run_child(["--now", NOW_ISO, *args])
    assert code == 2, err
    _one_sentence(err, target.name)
    assert rss < MAX_RSS_MB, f"{door} on {special} peaked at {rss:.0f} MB"


@pytest.mark.parametrize("loader", ["ship_rules", "templates", "profile", "reply_guard", "lexicon"])
@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_special_file_given_as_a_rules_or_template_file_is_refused(fifo, loader, special):
    target = "/dev/zero" if special == "/dev/zero" else str(fifo)
    call = {
        "ship_rules": "from seller_assistant.core.ship_rules import load_promise_rules as f",
        "templates": "from seller_assistant.core.playbook import read_template_file as f",
        "profile": "from seller_assistant.core.profiles import load_profile_file as f",
        "reply_guard": "from seller_assistant.core.reply_guard import load_rules as f",
        "lexicon": "from seller_assistant.core.lexicon import _read as f",
    }[loader]
    script = (
        f"import sys; from pathlib import Path\n{call}\n"
        "from seller_assistant.core.errors import UserError\n"
        f"try:\n    f(Path({target!r}))\nexcept UserError as exc:\n    print(exc, file=sys.stderr); sys.exit(2)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=HANG_TIMEOUT_S
    )
    assert proc.returncode == 2, proc.stderr
    _one_sentence(proc.stderr, Path(target).name)


def test_restore_of_a_backup_whose_database_is_a_fifo_is_refused(shop_db, tmp_path):
    root = paths.backups_dir(shop_db)
    fake = root / "20261125T010000Z-manual"
    fake.mkdir(parents=True)
    os.mkfifo(fake / backup_folders.DB_NAME)
    try:
        code, err, rss = run_child(["--db", str(shop_db), "--now", NOW_ISO, "restore", fake.name])
        assert code == 2 and "damaged" in err and "unexpected" not in err, err
        assert rss < MAX_RSS_MB
    finally:
        (fake / backup_folders.DB_NAME).unlink()
        fake.rmdir()
