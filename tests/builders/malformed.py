"""A corpus of the broken files real shops produce, written as bytes; each importer must refuse or
skip them with a message naming the file and line, and leave the store unchanged."""

from __future__ import annotations

import io
import stat
import struct
import zipfile
import zlib
from pathlib import Path

TAOBAO_HEADER = "订单编号,买家会员名,订单状态,订单付款时间,宝贝标题,买家实际支付金额"
GOOD_ROW = '="3901234567890123456",小王,买家已付款，等待卖家发货,2026-11-24 10:00:00,陶瓷杯,49.00'


def _png() -> bytes:
    raw = b"\x00\xff\x00\x00" * 4

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def corpus() -> dict[str, bytes]:
    """name -> file bytes. Names say what is wrong with the file."""
    good = f"{TAOBAO_HEADER}\n{GOOD_ROW}\n"
    return {
        "empty.csv": b"",
        "only_whitespace.csv": b"   \r\n\r\n",
        "header_only.csv": TAOBAO_HEADER.encode("gbk") + b"\r\n",
        "nul_bytes.csv": good.encode("utf-8").replace(b"49.00", b"49\x00.00"),
        "truncated_multibyte.csv": (good.rstrip("\n") + ",陶").encode("utf-8")[:-1],
        "truncated_gbk.csv": good.encode("gbk")[:-3] + "陶".encode("gbk")[:1],
        "shift_jis.csv": "注文番号,購入者\n123,テスト\n".encode("shift_jis"),
        "latin1.csv": "order_no,buyer\n1,Zoë Müller\n".encode("latin-1"),
        "mixed_line_endings.csv": (
            TAOBAO_HEADER + "\r\n" + GOOD_ROW + "\n" + GOOD_ROW.replace("3456", "3457") + "\r"
        ).encode("utf-8"),
        "ten_mb_single_line.csv": (TAOBAO_HEADER + "\n" + "x" * (10 * 1024 * 1024)).encode("utf-8"),
        "formula_injection.csv": (
            TAOBAO_HEADER + '\n="3901234567890123458","=HYPERLINK(""http://evil"",""点我"")",'
            "买家已付款，等待卖家发货,2026-11-24 10:00:00,=1+2,49.00\n"
        ).encode("utf-8-sig"),
        "duplicate_headers.csv": (TAOBAO_HEADER + ",订单编号\n" + GOOD_ROW + ",123\n").encode("utf-8"),
        "binary_png_renamed.csv": _png(),
        "zip_renamed.csv": b"PK\x03\x04" + bytes(range(256)) * 4,
        "unclosed_quote.csv": (TAOBAO_HEADER + '\n"3901234567890123459,小李,"未结束的引号\n').encode("utf-8"),
        "scientific_order_numbers.csv": (
            TAOBAO_HEADER + "\n3.90123E+18,小王,买家已付款，等待卖家发货,2026-11-24 10:00:00,陶瓷杯,49.00\n"
        ).encode("gbk"),
        "utf16_no_bom.csv": good.encode("utf-16-le"),
        "rich_text_names.csv": (
            TAOBAO_HEADER + '\n="3901234567890123460",<b>粗体</b><img src=x onerror=alert(1)>,'
            "买家已付款，等待卖家发货,2026-11-24 10:00:00,<script>alert(1)</script>,49.00\n"
        ).encode("utf-8"),
    }


def write_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, data in corpus().items():
        path = folder / name
        path.write_bytes(data)
        written[name] = path
    return written


# ---- chat records ------------------------------------------------------------------------------

QIANNIU_GOOD = (
    "================================================================\r\n消息对象:甜甜兔\r\n"
    "================================================================\r\n"
    "甜甜兔 (2026-11-20 14:03:22):\r\n在吗？什么时候发货\r\n"
)


def chat_corpus() -> dict[str, bytes]:
    """Broken Qianniu/Wangwang exports and chat CSVs (.txt / .csv as shops save them)."""
    good = QIANNIU_GOOD
    return {
        "chat_empty.txt": b"",
        "chat_no_messages.txt": "消息对象:甜甜兔\r\n只有一行字，没有时间\r\n".encode("gbk"),
        "chat_truncated_gbk.txt": good.encode("gbk") + "好".encode("gbk")[:1],
        "chat_nul_bytes.txt": good.encode("utf-8").replace("在吗".encode(), b"\x00\x00"),
        "chat_bad_time.txt": good.replace("14:03:22", "25:61:99").encode("gbk"),
        "chat_year_zero.txt": good.replace("2026-11-20", "0000-00-00").encode("utf-8"),
        "chat_ten_mb_line.txt": (good + "x" * (10 * 1024 * 1024) + "\r\n").encode("utf-8"),
        "chat_html_sender.txt": good.replace(
            "甜甜兔 (", "<b>甜甜兔</b><img src=x onerror=alert(1)> ("
        ).encode("utf-8"),
        "chat_binary.txt": _png(),
        "chat_csv_ten_mb_cell.csv": (
            'time,sender,text\n2026-11-20 14:03:22,甜甜兔,"' + "y" * (10 * 1024 * 1024) + '"\n'
        ).encode("utf-8"),
        "chat_csv_unclosed_quote.csv": 'time,sender,text\n2026-11-20 14:03:22,甜甜兔,"没有结束\n'.encode(),
        "chat_csv_bad_rows.csv": "time,sender,text\n不是时间,甜甜兔,你好\n2026-11-20 14:03:22,,\n".encode(),
        "chat_csv_formula.csv": b'time,sender,text\n2026-11-20 14:03:22,=HYPERLINK("http://x"),=1+2\n',
    }


# ---- help events -------------------------------------------------------------------------------


def events_corpus() -> dict[str, bytes]:
    header = "订单编号,类型,时间,原因,备注\n"
    return {
        "events_unknown_kind.csv": (header + "3901234567890123456,吵架,2026-11-20 10:00,质量,\n").encode(
            "gbk"
        ),
        "events_bad_time.csv": (header + "3901234567890123456,纠纷,昨天下午,质量,\n").encode("utf-8"),
        "events_no_such_order.csv": (header + "3901234567890123999,纠纷,2026-11-20 10:00,质量,\n").encode(
            "utf-8"
        ),
        "events_missing_columns.csv": "订单编号,备注\n3901234567890123456,x\n".encode(),
        "events_short_rows.csv": (header + "3901234567890123456\n,,,,\n3901234567890123456,纠纷\n").encode(
            "utf-8"
        ),
        "events_unclosed_quote.csv": (header + '"3901234567890123456,纠纷,2026-11-20 10:00\n').encode(
            "utf-8"
        ),
        "events_ten_mb_cell.csv": (
            header + '3901234567890123456,纠纷,2026-11-20 10:00,质量,"' + "z" * (10 * 1024 * 1024) + '"\n'
        ).encode("utf-8"),
    }


# ---- TOML data files (rule profiles, ship rules, reply templates) -----------------------------


def toml_corpus() -> dict[str, bytes]:
    return {
        "toml_empty.toml": b"",
        "toml_gbk.toml": 'id = "淘宝"\nname = "淘宝"\n'.encode("gbk"),
        "toml_bom.toml": b"\xef\xbb\xbf[[rule]]\nid = 1\n",
        "toml_binary.toml": _png(),
        "toml_unclosed_table.toml": b'[[rule]\nid = "x"\n',
        "toml_wrong_types.toml": b'id = 3\nplatforms = "taobao"\n[[rule]]\nid = []\nhours = "many"\n'
        b"[[template]]\nid = 5\nzh = 7\n",
        "toml_rule_as_table.toml": b'[rule]\nid = "x"\n[template]\nid = "y"\n',
        "toml_huge_numbers.toml": b'[[rule]]\nid = "x"\ntitle_contains = ["a"]\nhours = 1e308\n',
        "toml_nan.toml": b'[[rule]]\nid = "x"\ntitle_contains = ["a"]\nhours = nan\n',
        "toml_deep_nesting.toml": b"a = " + b"[" * 3000 + b"]" * 3000 + b"\n",
        "toml_nul.toml": b'id = "a\x00b"\n',
    }


# ---- ZIP files given to `verify` ----------------------------------------------------------------


def _zip(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data)
    return buffer.getvalue()


def _with_mode(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    return info


def _manifest(body: dict) -> bytes:
    from seller_assistant.core.bundle import encode_manifest

    return encode_manifest(body)


def zip_corpus() -> dict[str, bytes]:
    """Hostile or broken bundles: each must be refused (UserError) or reported altered, never crash."""
    from seller_assistant.core.evidence import GENESIS

    sha = "0" * 64
    good_chat = _zip([("chat.txt", b"hello")])
    bomb = bytearray(_zip([("chat.txt", b"a" * 4096)]))
    central = bomb.rindex(b"PK\x01\x02")
    bomb[central + 24 : central + 28] = struct.pack("<I", 0xFFFFFFF0)
    odd_method = bytearray(_zip([("manifest.json", _manifest({"files": []}))]))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = odd_method.index(signature)
        odd_method[at + offset : at + offset + 2] = struct.pack("<H", 99)
    return {
        "zip_empty.zip": b"",
        "zip_text.zip": "这不是压缩包".encode(),
        "zip_truncated.zip": good_chat[: len(good_chat) // 2],
        "zip_slip.zip": _zip([("../../evil.txt", b"x"), ("manifest.json", b"{}")]),
        "zip_absolute.zip": _zip([("/etc/evil", b"x")]),
        "zip_backslash.zip": _zip([("..\\..\\evil.txt", b"x")]),
        "zip_symlink.zip": _zip([(_with_mode("link", stat.S_IFLNK | 0o777), b"/etc/passwd")]),
        "zip_device.zip": _zip([(_with_mode("dev", stat.S_IFCHR | 0o666), b"")]),
        "zip_bomb_header.zip": bytes(bomb),
        "zip_unknown_compression.zip": bytes(odd_method),
        "zip_duplicate_names.zip": _zip([("a.txt", b"1"), ("A.TXT", b"2")]),
        "zip_no_manifest.zip": good_chat,
        "zip_manifest_not_json.zip": _zip([("manifest.json", b"\xff\xfe not json")]),
        "zip_manifest_list.zip": _zip([("manifest.json", b"[1, 2, 3]")]),
        "zip_manifest_deep.zip": _zip([("manifest.json", b"[" * 100000 + b"]" * 100000)]),
        "zip_manifest_bad_files.zip": _zip(
            [("manifest.json", _manifest({"files": [{"path": 1, "sha256": 2}]}))]
        ),
        "zip_manifest_bad_chain.zip": _zip(
            [
                (
                    "manifest.json",
                    _manifest(
                        {
                            "files": [],
                            "chain": {
                                "head": None,
                                "items": [
                                    {"seq": 1, "prev_hash": GENESIS, "content": {"a": 1}},
                                    {
                                        "seq": "2",
                                        "prev_hash": [],
                                        "hash": {},
                                        "item_type": 5,
                                        "content_hash": None,
                                    },
                                ],
                            },
                        }
                    ),
                )
            ]
        ),
        "zip_manifest_chain_wrong_types.zip": _zip(
            [
                (
                    "manifest.json",
                    _manifest(
                        {
                            "files": [{"path": "chat.txt", "sha256": sha, "size": -1}],
                            "chain": {
                                "head": 5,
                                "items": [
                                    {
                                        "seq": 1,
                                        "prev_hash": GENESIS,
                                        "item_type": ["x"],
                                        "content_hash": 7,
                                        "hash": None,
                                    }
                                ],
                            },
                        }
                    ),
                ),
                ("chat.txt", b"hi"),
            ]
        ),
        "zip_manifest_fake_wrapper.zip": _zip(
            [
                (
                    "manifest.json",
                    b'{"manifest_sha256": "' + b"f" * 64 + b'",\n"manifest": {"files": "nope"}}\n',
                )
            ]
        ),
    }


# ---- values that parse but cannot be true (limits.toml) ----------------------------------------


def poisoned_orders() -> dict[str, tuple[str, str]]:
    """order number -> (Taobao export field, the cell): one implausible cell per row, the rest of the
    row as the seller centre writes it. Each must be a row error naming its line and column."""
    return {
        "3901234567890120001": ("paid", "9999-12-31 23:59:59"),
        "3901234567890120002": ("paid", "0001-01-01 00:00:00"),
        "3901234567890120003": ("created", "1999-12-31 23:00"),
        "3901234567890120004": ("paid_amount", "1e30"),
        "3901234567890120005": ("paid_amount", "12345678901234567890"),
        "3901234567890120006": ("paid_amount", "-49.00"),
        "3901234567890120007": ("paid_amount", "NaN"),
        "3901234567890120008": ("paid_amount", "49.005"),
        "3901234567890120009": ("quantity", "12345678901234567890"),
        "3901234567890120010": ("quantity", "-3"),
        "3901234567890120011": ("refund", "1e30"),
        "3901234567890120012": ("shipped", "2101-01-01 00:00:00"),
        "3" * 1000: ("order_no", "3" * 1000),
    }


def write_poisoned_taobao_export(path: Path) -> Path:
    """A GBK Taobao export (tests/builders/taobao_export.py) with one good order first, then the poisoned rows."""
    from tests.builders.taobao_export import order, write_taobao_export

    rows = [order("3901234567890120000")]
    for number, (field, cell) in poisoned_orders().items():
        rows.append(order(number) if field == "order_no" else order(number, **{field: cell}))
    return write_taobao_export(path, rows, number_style="formula")


# ---- XLSX that would inflate or sprawl ---------------------------------------------------------


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    """A real workbook written by openpyxl (what Excel and WPS save is the same OOXML layout)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_bomb(padding_mb: int = 64) -> bytes:
    """A valid workbook whose sheet XML ends in `padding_mb` MB of spaces (legal XML whitespace):
    a few hundred KB on disk that inflate over 1000 times."""
    good = zipfile.ZipFile(
        io.BytesIO(xlsx_bytes([["订单编号", "买家会员名"], ["3901234567890123456", "小王"]]))
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in good.infolist():
            data = good.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                with out.open(info.filename, "w", force_zip64=True) as member:
                    member.write(data)
                    chunk = b" " * (1 << 20)
                    for _ in range(padding_mb):
                        member.write(chunk)
                continue
            out.writestr(info.filename, data)
    return buffer.getvalue()
