"""A big chat history parsed in pieces by several processes reads exactly as one reader reads the whole file.

The file below strings together conversations in every Qianniu layout of tests/test_chat_layouts.py
(each under a 消息对象 block header, as the client's file export writes them), plus what makes
cutting risky: a conversation whose `name HH:MM:SS` lines lean on the date line of the conversation
before it, lines that cannot be read (errors with line numbers), and a staff broadcast — the same
message at the same second ending one conversation and starting the next, which fingerprints count
as a run. The pieces are read through the same functions the parser processes run
(imports/chat_parsers.read_piece), here in this process, and joined by the reader's own code.
"""

from __future__ import annotations

import pytest

from seller_assistant.core.grams import bigram_words
from seller_assistant.importers import chat_chunks
from seller_assistant.importers.qianniu import parse_qianniu
from seller_assistant.imports import chat_parsers
from seller_assistant.store.chat_import import MessagePreparer
from tests.conftest import SHANGHAI
from tests.test_chat_layouts import QIANNIU_LAYOUTS

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

SHOP_NAME = "测试小店"
SEPARATOR = "=" * 64


def _conversation(buyer: str, body: str, date: str | None = None) -> str:
    dated = f"日期: {date}\n" if date else ""
    return f"{SEPARATOR}\n消息对象:{buyer}\n{SEPARATOR}\n{dated}{body}\n"


LEANS_ON_THE_DATE_BEFORE = """\
甜甜兔兔 14:09:00
还有别的颜色吗
测试小店:小美 14:09:30
有的亲，还有青色
"""
"""`name HH:MM:SS` lines with no date line of their own: the date is the last conversation's."""

BROADCAST = "测试小店:小美 (2026-11-21 10:00:00):\n双十一活动：全店满200减30\n"
UNREADABLE = "这行没有发送人\n测试小店:小美 (2026-02-30 10:00:00):\n不存在的日子\n"


def _file() -> str:
    """The file export's blocks (a 日期 line first), each holding one layout or a risky case."""
    parts = [_conversation("首位", QIANNIU_LAYOUTS["name(time):"])]  # before any date line: cut too
    for round_ in range(3):
        for index, (name, body) in enumerate(QIANNIU_LAYOUTS.items()):
            parts.append(_conversation(f"买家{round_}{index}", body, "2026-11-20"))
            if name == "date, then name hh:mm:ss":
                parts.append(_conversation(f"买家{round_}{index}b", LEANS_ON_THE_DATE_BEFORE))
        parts.append(
            _conversation(f"甲{round_}", "甲 (2026-11-21 09:59:00):\n在吗\n" + BROADCAST, "2026-11-21")
        )
        parts.append(
            _conversation(
                f"乙{round_}", BROADCAST + BROADCAST + "乙 (2026-11-21 10:01:00):\n好的\n", "2026-11-21"
            )
        )
        parts.append(
            _conversation(f"丙{round_}", UNREADABLE + "丙 (2026-11-21 10:02:00):\n收到\n", "2026-11-21")
        )
    return "".join(parts)


class _InThisProcess:
    """A parser process's work done here: what it would send back for each piece it is sent."""

    def __init__(self, store) -> None:
        self.preparer = MessagePreparer(store, 1, None, "qianniu")
        self.replies: list[tuple] = []

    def send(self, piece) -> None:
        if piece is None:
            p = self.preparer
            self.replies.append(("done", (p.messages, p.linked, p.unlinked)))
        else:
            piece = chat_parsers.read_piece(self.preparer, piece[0], piece[1], SHANGHAI, SHOP_NAME)
            self.replies.append(("piece", piece))

    def recv(self):
        return self.replies.pop(0)


@pytest.mark.parametrize("parsers", [1, 2, 3])
def test_a_file_read_in_pieces_gives_exactly_one_readers_messages_errors_and_fingerprints(store, parsers):
    text = _file()
    alone = parse_qianniu(text, "聊天记录.txt", SHANGHAI, SHOP_NAME)
    expected = MessagePreparer(store, 1, None, "qianniu").prepare(alone.records)

    joined = chat_parsers.Parsers([_InThisProcess(store) for _ in range(parsers)], 1)
    got = list(joined.prepared(text, piece_chars=1))  # cut wherever a cut is safe
    messages = [m for prepared, _words in got for m in prepared]

    assert len(got) == 28  # 31 conversations, cut before each but the 3 leaning on the date before
    assert messages == expected
    assert [w for _prepared, words in got for w in words] == [bigram_words(m[6]) for m in expected]
    assert joined.errors == alone.errors and len(alone.errors) == 9  # same lines, same words
    assert joined.messages == len(expected)
    # The broadcast ends one conversation and starts the next: three messages, three fingerprints.
    broadcast = [m[9] for m in messages if m[6] == "双十一活动：全店满200减30"]
    assert len(broadcast) == 9 and len(set(broadcast)) == 3


def test_no_cut_before_a_conversation_that_leans_on_the_date_before_it():
    text = _conversation("甲", "日期: 2026-11-20\n甲 (14:00:00):\n在吗\n") + _conversation(
        "乙", LEANS_ON_THE_DATE_BEFORE
    )
    assert chat_chunks.cuts(text, 1) == [len(SEPARATOR) + 1]  # before the first block's header only
    dated = _conversation("乙", "日期: 2026-11-21\n" + LEANS_ON_THE_DATE_BEFORE)
    first = _conversation("甲", "日期: 2026-11-20\n甲 (14:00:00):\n在吗\n")
    assert chat_chunks.cuts(first + dated, 1) == [len(SEPARATOR) + 1, len(first) + len(SEPARATOR) + 1]


def test_a_file_with_no_date_lines_may_be_cut_at_any_conversation():
    conversations = [_conversation(f"买家{i}", QIANNIU_LAYOUTS["name(time):"]) for i in range(4)]
    text = "".join(conversations)
    starts = [sum(map(len, conversations[:i])) + len(SEPARATOR) + 1 for i in range(4)]
    assert chat_chunks.cuts(text, 1) == starts
    assert chat_chunks.tail(text, starts[1]) == "消息对象:买家1\n"


@pytest.mark.parametrize(("cores", "parsers"), [(1, 0), (2, 0), (4, 2), (16, 3)])
def test_parser_processes_only_where_cores_are_spare_and_the_file_is_big(monkeypatch, cores, parsers):
    """The reader and the writer take two cores; a small file is read before a process starts."""
    monkeypatch.setattr(chat_parsers, "_cores", lambda: cores)
    assert chat_parsers.parsers_for(80_000_000) == parsers
    assert chat_parsers.parsers_for(chat_parsers.PARALLEL_MIN_BYTES - 1) == 0
