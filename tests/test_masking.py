"""Masking that holds: personal data found however it is written, in every file, and not guessable back.

Writings come from what buyers type in Qianniu chats (our own examples): separators, +86, full-width
digits from a Chinese input method, numbers spelled in Chinese numerals to dodge platform filters.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from seller_assistant.core.evidence import content_hash, link_hash
from seller_assistant.core.masking import digits_of, is_id_number, mask_patterns, masker_for_order
from seller_assistant.store import chats, shops

from .bundle_fixtures import ORDER_NO, add_disputed_order
from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

PHONE_ONLY = "我的手机是 13912345678 ，到了打我电话"
FULL = "0123456789"
WIDE = "０１２３４５６７８９"
HAN = "〇一二三四五六七八九"


def _write_number(number: str, digits: str, separator: str, groups: tuple[int, ...]) -> str:
    out, index = [], 0
    for size in groups:
        out.append("".join(digits[int(d)] for d in number[index : index + size]))
        index += size
    return separator.join(out)


@st.composite
def phone_writings(draw) -> tuple[str, str]:
    number = (
        "1"
        + draw(st.sampled_from("3456789"))
        + "".join(draw(st.lists(st.sampled_from(FULL), min_size=9, max_size=9)))
    )
    digits = draw(st.sampled_from([FULL, WIDE, HAN]))
    separator = draw(st.sampled_from(["", " ", "-", ".", "·", "－", "—"]))
    groups = draw(st.sampled_from([(11,), (3, 4, 4), (3, 8), (3, 3, 5), (4, 4, 3)]))
    prefix = draw(st.sampled_from(["", "+86 ", "+86-", "86", "＋８６", "0086 "]))
    before = draw(st.sampled_from(["电话", "手机：", "打我", "号码是 ", "联系", ""]))
    after = draw(st.sampled_from(["", "，谢谢", " 到了打", "哦", "。"]))
    return number, before + prefix + _write_number(number, digits, separator, groups) + after


@settings(max_examples=400, deadline=None)
@given(phone_writings())
def test_a_mobile_is_masked_however_it_is_written(case):
    number, text = case
    masked = mask_patterns(text)
    assert number not in digits_of(masked), (text, masked)
    assert masked.count("*") >= 4


def _id_number(body17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights, strict=True)) % 11]


@settings(max_examples=300, deadline=None)
@given(
    area=st.integers(110000, 659999),
    year=st.integers(1940, 2010),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    serial=st.integers(0, 999),
    lower_x=st.booleans(),
    spaced=st.booleans(),
)
def test_an_id_number_is_masked_with_its_check_digit(area, year, month, day, serial, lower_x, spaced):
    number = _id_number(f"{area}{year:04d}{month:02d}{day:02d}{serial:03d}")
    written = number.lower() if lower_x else number
    if spaced:
        written = f"{written[:6]} {written[6:14]} {written[14:]}"
    assert is_id_number(number)
    masked = mask_patterns(f"身份证号{written}，请核对")
    assert number.rstrip("X") not in digits_of(masked)


@settings(max_examples=200, deadline=None)
@given(
    local=st.from_regex(r"[a-z][a-z0-9._]{2,12}", fullmatch=True),
    domain=st.sampled_from(["qq.com", "163.com", "example.cn", "mail.shop.com.cn"]),
    at=st.sampled_from(["@", "＠"]),
)
def test_an_email_is_masked(local, domain, at):
    masked = mask_patterns(f"发票发到 {local}{at}{domain} 谢谢")
    assert local not in masked or len(local) <= 1


def test_order_tracking_and_times_stay_readable():
    text = "订单3901234567890123456 单号75312345678901 时间 2026-11-20 08:40:00 价格12.50元"
    assert mask_patterns(text) == text


def test_addresses_and_door_numbers_are_masked():
    assert "302" not in mask_patterns("寄到阳光小区5栋302")
    assert "501" not in mask_patterns("3号楼2单元501室")
    assert "88号" not in mask_patterns("浙江省杭州市西湖区文三路88号5栋302室")


# ---- the bundle ------------------------------------------------------------------------------


def _masked_bundle(cli, store, tmp_path, texts) -> dict[str, bytes]:
    order = add_disputed_order(store)
    shop_id = shops.require_shop(store)
    for offset, text in enumerate(texts):
        chats.add_message(
            store,
            shop_id,
            order_id=order.order_id,
            buyer="甜甜兔兔",
            sender_role="buyer",
            sender_name="甜甜兔兔",
            sent_at=NOW_EPOCH - 3000 + offset,
            text=text,
            source="manual",
            now=NOW_EPOCH,
        )
    path = tmp_path / "share.zip"
    assert cli("export-evidence", ORDER_NO, "--out", str(path), "--share").code == 0
    assert cli("verify", str(path)).code == 0
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_every_file_of_a_masked_bundle_hides_every_writing(cli, store, tmp_path):
    writings = [
        "139.1234.5678",
        "139 1234 5678",
        "+86 139-1234-5678",
        "１３９１２３４５６７８",
        "一三九一二三四五六七八",
        "身份证11010519491231002X",
        "邮箱 lin.xiaoyu@example.com",
    ]
    members = _masked_bundle(cli, store, tmp_path, writings)
    texts = {
        "chat.txt": members["chat.txt"].decode("utf-8"),
        "chat.html": members["chat.html"].decode("utf-8"),
        "manifest.json": members["manifest.json"].decode("utf-8"),
        "report.pdf": "".join(p.extract_text() for p in PdfReader(io.BytesIO(members["report.pdf"])).pages),
    }
    for name, text in texts.items():
        for line in text.splitlines():
            assert "13912345678" not in digits_of(line), (name, line)
            assert "110105194912310" not in digits_of(line), (name, line)
        assert "lin.xiaoyu" not in text, name


def test_a_masked_phone_cannot_be_recovered_by_trying_all_10000_completions(cli, store, tmp_path):
    members = _masked_bundle(cli, store, tmp_path, [PHONE_ONLY])
    manifest = json.loads(members["manifest.json"])["manifest"]
    items = manifest["chain"]["items"]
    index = next(
        i
        for i, item in enumerate(items)
        if "content_masked" in item and "到了打我电话" in item["content_masked"]["text"]
    )
    item = items[index]
    shown = item["content_masked"]["text"]
    assert "139****5678" in shown
    published = set()  # every hash-like value the shared bundle holds
    for value in manifest["chain"]["items"]:
        published.update(v for v in value.values() if isinstance(v, str) and len(v) == 64)
        published.update(value.get("redacted", {}).values())
    published.add(manifest["chain"]["head"])
    for entry in manifest["head_log"]["entries"]:
        published.update(v for v in entry.values() if isinstance(v, str))
    true_text = PHONE_ONLY
    assert shown.replace("****", "1234") == true_text
    hits = 0
    for guess in range(10_000):
        text = shown.replace("****", f"{guess:04d}")
        content = {**item["content_masked"], "text": text}
        c_hash = content_hash(item["item_type"], content)
        candidates = {
            c_hash,
            link_hash(item["prev_hash"], c_hash, item["item_type"], item["seq"]),
            hashlib.sha256(
                json.dumps(text, ensure_ascii=False).encode("utf-8")
            ).hexdigest(),  # the old field hash
        }
        hits += bool(candidates & published)
    assert hits == 0
    # The same attack on what the bundle held before (the store's own content hash) finds it:
    # so the test would fail if the bundle still published it.
    original = store.conn.execute(
        "SELECT content_hash FROM evidence_items WHERE item_type = 'message' AND item_id ="
        " (SELECT id FROM messages WHERE text = ?)",
        (true_text,),
    ).fetchone()[0]
    assert content_hash("message", {**item["content_masked"], "text": true_text}) == original


def test_a_platform_bundle_is_not_masked(cli, store, tmp_path):
    order = add_disputed_order(store)
    path = tmp_path / "platform.zip"
    assert cli("export-evidence", order.order_no, "--out", str(path)).code == 0
    manifest = json.loads(zipfile.ZipFile(path).read("manifest.json"))["manifest"]
    assert manifest["masking"] == {"enabled": False}
    assert masker_for_order({}, False).text("13912345678") == "13912345678"


def test_editing_masked_text_breaks_the_chain_and_the_kept_key_opens_the_rest(cli, store, tmp_path):
    members = _masked_bundle(cli, store, tmp_path, [PHONE_ONLY])
    path = tmp_path / "share.zip"
    result = cli("verify", str(path))
    assert result.code == 0 and "opens all" in result.out  # in the shop's own store, with its key
    manifest = json.loads(members["manifest.json"])["manifest"]
    item = next(
        i
        for i in manifest["chain"]["items"]
        if "content_masked" in i and "到了打" in i["content_masked"]["text"]
    )
    item["content_masked"]["text"] = "卖家说****不给退款"
    from seller_assistant.core.bundle import encode_manifest

    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, encode_manifest(manifest) if name == "manifest.json" else data)
    result = cli("verify", str(forged))
    assert result.code == 1 and "evidence chain" in result.out
