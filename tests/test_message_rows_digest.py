"""Seals of an imported chat are byte-identical to what the import sealed before its one-pass rewrite.

store/message_rows.MessageRows.add makes each message's row, content hash and seal in one pass.
A chain sealed by one version must verify and compare equal under the next, so the rows and seal
rows of the benchmark's export (tests/builders/qianniu_export.py, 3 000 messages, a seventh tied
to an order's chain, the rest to their buyers') are pinned by digests taken before that rewrite,
for a seal naming its staff member (seal version 2) and one naming nobody (version 1).
"""

from __future__ import annotations

import hashlib

import pytest

from seller_assistant.core.settings import ShopSettings
from seller_assistant.importers.qianniu import parse_qianniu
from seller_assistant.store import message_rows, open_store, shops
from seller_assistant.store.chat_import import MessagePreparer
from tests.builders.qianniu_export import render, synthetic_conversations
from tests.conftest import NOW_EPOCH, SHANGHAI

# The digest is of rows and seals made in Python (MessageRows.add); the store only hands over a shop
# and an id range, the same on either backend.
pytestmark = pytest.mark.sqlite_only(
    reason="the rows and seals are made in Python, before any backend writes them"
)

DIGESTS = {
    "小美": "a2fd856f230ca6a0c0e100eadcec3b97bbf458f14dc41c4495ae4068f30a35dc",
    None: "99ebac4592ce6cc745f688da003155bdd713401a777d5ff8e9c561a873cabb08",
}


@pytest.mark.parametrize("sealed_by", list(DIGESTS))
def test_rows_and_seals_of_the_benchmark_export_are_as_before(tmp_path, sealed_by):
    store = open_store(tmp_path / "shop.db")
    shop = shops.create_shop(store, ShopSettings(name="青瓷小铺", timezone="Asia/Shanghai"), NOW_EPOCH)
    numbers = ["3912345678901234567", "3912345678901234664"]
    text = render(synthetic_conversations(3000, order_nos=numbers), newline="\r\n")
    records = parse_qianniu(text, "x", SHANGHAI, "青瓷小铺").records
    prepared = MessagePreparer(store, shop, None, "x.txt").prepare(records)
    prepared = [((7, numbers[0]) + m[2:]) if i % 7 == 0 else m for i, m in enumerate(prepared)]
    rows = message_rows.MessageRows(store, shop, NOW_EPOCH, 1, set(), sealed_by=sealed_by)
    made = [rows.add(prepared[start : start + 1000]) for start in range(0, len(prepared), 1000)]
    store.close()
    assert sum(len(batch_rows) for batch_rows, _ in made) == 3000
    assert hashlib.sha256(repr(made).encode()).hexdigest() == DIGESTS[sealed_by]
