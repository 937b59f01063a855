"""Single-line orders straight to the store's rows, column by column: no Line, dict or combine per line (issue 20).

A file whose every line is one order (Taobao's 订单报表, a shop's own table) needs nothing of
order_rows' per-line machinery once its cells are converted by column (importers/order_columns.py):
what LineReader.finish works out for one line (status, refund, deletion, fulfilment, currency,
cancellation) and what PromiseMaker.row adds (the ship promise) are worked out here for a whole
chunk at once — each distinct status, refund text or fulfilment word looked up once, the promise's
rule found once per (title, SKU, category) — and the chunk's IMPORT_COLUMNS tuples are made by one
zip. A line with a refused cell is read by LineReader.read and finished by PromiseMaker.row, as the
careful path does, so its error names the same line and column; `read_rows_carefully` is that
careful path for every line, and tests/test_order_columns.py holds both to the same results.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from seller_assistant.importers import taobao
from seller_assistant.importers.order_columns import converted_chunks
from seller_assistant.importers.order_rows import IMPORT_COLUMNS, LineReader, PromiseMaker
from seller_assistant.importers.values import RowProblem, infer_status

# Per chunk: its line numbers, each line's store row (IMPORT_COLUMNS) or the RowProblem that skips
# it, and whether every line gave a row.
Chunk = tuple[list[int], list, bool]


def read_rows(
    reader: LineReader, rows: Iterable[tuple[int, list[str]]], promises: PromiseMaker
) -> Iterator[Chunk]:
    """Each line's store row (or its problem), a chunk at a time, in file order."""
    for chunk, columns, refused in converted_chunks(reader, rows):
        lines = [line for line, _cells in chunk]
        if refused:
            kept = [i for i in range(len(chunk)) if i not in refused]
            columns = {name: [column[i] for i in kept] for name, column in columns.items()}
        else:
            kept = None
        made, problems = _rows(reader, promises, columns)
        if kept is None and not problems:
            yield lines, made, True
            continue
        # Rare: lines with a bad cell (read again, carefully) or a bad cancellation time.
        results: list = [None] * len(chunk)
        for i in refused:
            line, cells = chunk[i]
            results[i] = _careful(reader, promises, line, list(cells))
        for i, row in zip(kept if kept is not None else range(len(chunk)), made, strict=True):
            results[i] = row
        for i, problem in problems.items():
            results[kept[i] if kept is not None else i] = problem
        yield lines, results, False


def read_rows_carefully(
    reader: LineReader, rows: Iterable[tuple[int, list[str]]], promises: PromiseMaker
) -> Iterator[Chunk]:
    """The same, one line at a time through LineReader.read and PromiseMaker.row: the reference."""
    for line, cells in rows:
        result = _careful(reader, promises, line, cells)
        yield [line], [result], not isinstance(result, RowProblem)


def _careful(reader: LineReader, promises: PromiseMaker, line: int, cells: list[str]):
    try:
        return promises.row(reader.read(line, cells).values)
    except RowProblem as problem:
        return problem


def _rows(reader: LineReader, promises: PromiseMaker, c: dict[str, list]) -> tuple[list[tuple], dict]:
    """What finish() and row() make of each line, for the chunk's converted columns `c`: a row for
    every line, and the RowProblem of any line whose cancellation time is unreadable (by its index),
    which skips that line instead."""
    preset = reader.preset
    count = len(c["order_no"])
    created, paid, shipped, completed = c["created_at"], c["paid_at"], c["shipped_at"], c["completed_at"]
    if preset is not None and preset.paid_from_created:
        paid = [p if p is not None else made for p, made in zip(paid, created, strict=True)]
    platform_status = c["platform_status"]
    known = {words: reader.known_status(words) for words in set(platform_status)}
    status = []
    append = status.append
    for words, p, s, done in zip(platform_status, paid, shipped, completed, strict=True):
        state = known[words] or infer_status(p, s, done)
        append("shipped" if state == "paid" and s is not None else state)
    refund_texts = c["refund_text"]
    refund_of = {text: reader.known_refund(text) if text else None for text in set(refund_texts)}
    refund = list(map(refund_of.__getitem__, refund_texts))
    if reader.taobao:
        reasons, amounts = c["close_reason"], c["refund_amount"]
        for i, (reason, amount) in enumerate(zip(reasons, amounts, strict=True)):
            if amount or (reason is not None and "退款" in reason):  # else refund_from_close changes nothing
                status[i], from_close = taobao.refund_from_close(status[i], reason, amount)
                refund[i] = refund[i] or from_close
    platform_words = preset.platform_fulfilment if preset is not None else ()
    fulfilment_of = {w: "platform" if w in platform_words else "shop" for w in set(c["fulfilment"])}
    fulfilled_by = list(map(fulfilment_of.__getitem__, c["fulfilment"]))
    deleted_of = {words: reader.deleted(words) for words in known}
    cancelled_by, cancelled_at = [None] * count, [None] * count
    problems: dict[int, RowProblem] = {}
    buyer_cancel, changed = c["buyer_cancel"], c["status_changed_raw"]
    for i, (state, asked) in enumerate(zip(status, buyer_cancel, strict=True)):
        if state == "closed" or asked:
            cell = {"buyer_cancel": asked, "status_changed_raw": changed[i]}
            try:
                cancelled_by[i], cancelled_at[i] = reader.cancellation(state, platform_status[i], cell)
            except RowProblem as problem:
                problems[i] = problem
    starts = [clock or p for clock, p in zip(c["clock_start"], paid, strict=True)]
    rule, promised_at, source = promises.by_column(
        fulfilled_by, starts, c["item_title"], c["sku"], c["category"], c["platform_promised_ship_at"]
    )
    made = {
        **c,
        "paid_at": paid,
        "status": status,
        "refund_status": refund,
        "fulfilled_by": fulfilled_by,
        "deleted": list(map(deleted_of.__getitem__, platform_status)),
        "cancelled_by": cancelled_by,
        "cancelled_at": cancelled_at,
        "currency": [a or b for a, b in zip(c["currency_column"], c["amount_currency"], strict=True)],
        "promise_rule": rule,
        "promised_ship_at": promised_at,
        "promise_source": source,
    }
    return list(zip(*(made[name] for name in IMPORT_COLUMNS), strict=True)), problems
