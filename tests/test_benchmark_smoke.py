"""The benchmark harness runs end to end on a tiny shop and reports every figure (no timing asserts)."""

from __future__ import annotations

import json

from benchmarks import run

EVERY_FIGURE = {
    "order_import",
    "order_import_insert",
    "chat_import",
    "risk_report",
    "risk_report_same_work",
    "search_2char",
    "search_3char",
    "search_6char",
    "search_english",
    "search_2char_rare",
    "search_2char_refund",
    "search_2char_miss",
    "search_3char_miss",
    "search_phrase_miss",
    "search_2char_buyer",
    "search_2char_stage_none",
    "search_3char_stage_none",
    "search_2char_staff_none",
    "search_2char_old_day",
    "search_6char_first_month",
    "cold_start",
    "cold_start_peak_memory",
    "orders_first_page",
    "orders_middle_page",
    "orders_scroll_page",
    "orders_state_filter",
    "orders_filter_buyer",
    "orders_search_common",
    "orders_search_item",
    "orders_search_char",
    "orders_search_digit",
    "orders_search_char_miss",
    "orders_table_longest_gap",
    "bundle_export",
    "verify",
    "replies_list",
    "session_longest_stall",
    "backup_first",
    "backup_next_day",
}


def test_benchmark_on_a_tiny_shop_writes_every_figure_with_its_baseline(tmp_path, capsys):
    out = tmp_path / "results.json"
    code = run.main(
        [
            "--orders",
            "300",
            "--messages",
            "2000",
            "--import-rows",
            "300",
            "--chat-messages",
            "2000",
            "--runs",
            "1",
            "--kill-soak",
            "0",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ]
    )

    assert code == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    figures = results["figures"]
    assert set(figures) == EVERY_FIGURE
    for key in (
        "order_import",
        "order_import_insert",
        "risk_report",
        "risk_report_same_work",
        "replies_list",
        "orders_first_page",
        "orders_filter_buyer",
        "backup_first",
        "backup_next_day",
    ):
        assert figures[key]["baseline"] > 0 and figures[key]["ratio"] > 0
    assert all(f["value"] > 0 and f["target"] for f in figures.values())
    assert results["machine"]["cores"] >= 1 and results["machine"]["sqlite"]
    assert "| 8. verify every evidence chain" in capsys.readouterr().out


def test_a_second_run_reuses_the_cached_store(tmp_path):
    args = [
        "--orders",
        "300",
        "--messages",
        "2000",
        "--runs",
        "1",
        "--kill-soak",
        "0",
        "--only",
        "verify",
        "--work",
        str(tmp_path / "work"),
        "--out",
        str(tmp_path / "results.json"),
    ]
    run.main(args)
    run.main(args)

    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["store_build_seconds"] is None
    assert results["figures"]["verify"]["note"].startswith("2,")


def test_the_big_tier_is_measured_beside_the_first_with_each_figures_growth(tmp_path, capsys):
    out = tmp_path / "results.json"
    code = run.main(
        [
            "--orders",
            "300",
            "--messages",
            "2000",
            "--runs",
            "1",
            "--kill-soak",
            "0",
            "--only",
            "orders,replies",
            "--big",
            "--big-orders",
            "600",
            "--big-messages",
            "3000",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ]
    )

    assert code == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["big"]["parameters"] == {"orders": 600, "messages": 3000}
    assert set(results["big"]["figures"]) == set(results["figures"])
    printed = capsys.readouterr().out
    assert "| Figure | 0 k orders (raw, ratio) | 0 k / 0.003 M (raw, ratio) | growth |" in printed
    replies = next(
        line for line in printed.split("| growth |")[1].splitlines() if line.startswith("| 9. replies")
    )
    # Both tiers show the figure with its raw baseline and ratio, then the growth big / first.
    assert replies.count("×)") == 2 and replies.split(" | ")[3].endswith("×")


def test_the_big_tier_measures_an_everyday_chat_import_into_its_store_against_raw_sqlite(tmp_path, capsys):
    out = tmp_path / "results.json"
    tiny = ["--orders", "300", "--messages", "2000", "--import-rows", "300", "--chat-messages", "400"]
    big = ["--big", "--big-orders", "600", "--big-messages", "3000", "--big-chat-messages", "500"]
    code = run.main(
        [*tiny, *big, "--runs", "1", "--kill-soak", "0", "--only", "chats"]
        + ["--work", str(tmp_path / "work"), "--out", str(out)]
    )

    assert code == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    figure = results["big"]["figures"]["chat_import"]
    assert "big store" in figure["label"] and figure["note"].startswith("1 run; 500 messages")
    assert figure["baseline"] > 0 and figure["ratio"] > 0 and figure["target"] == "≥ 50 000/s"
    assert not list((tmp_path / "work").glob("chat-big*/*.db"))  # each copy deleted once measured
    assert "2. Chat import into the big store" in capsys.readouterr().out


def test_the_session_names_where_the_gui_thread_was_in_a_long_gap():
    """The GUI session's stall sampler reads the GUI thread's frames out of faulthandler's dump of
    every thread: a gap the benchmark reports comes with the code that held the window."""
    import faulthandler
    import tempfile
    import threading

    from benchmarks.measures.session_child import gui_stack

    parked, release = threading.Event(), threading.Event()

    def held_in_a_page_build() -> None:
        parked.set()
        release.wait(10)

    gui = threading.Thread(target=held_in_a_page_build)
    gui.start()
    parked.wait(10)
    try:
        with tempfile.TemporaryFile() as dump:
            faulthandler.dump_traceback(dump, all_threads=True)
            dump.seek(0)
            text = dump.read().decode()
    finally:
        release.set()
        gui.join()

    stack = gui_stack(text, f"Thread 0x{gui.ident:016x}")
    assert stack[0].startswith("wait (threading.py:")
    assert any(frame.startswith("held_in_a_page_build (test_benchmark_smoke.py:") for frame in stack)
    assert not any("test_the_session_names" in frame for frame in stack)  # another thread's frames
