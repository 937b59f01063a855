"""Cell values from exports into plain values: order numbers, money in cents, instants, statuses.

Each parser raises RowProblem with a sentence the user can act on; the importer adds the line.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from seller_assistant.core.clock import parse_instant, to_epoch
from seller_assistant.core.errors import UserError
from seller_assistant.core.limits import limits
from seller_assistant.core.messages import Message


class RowProblem(ValueError):
    """One cell of one row cannot be used; the row is skipped and reported.

    `field` is the order field the cell was read for (amount, paid_at …), so the importer can name
    the file's column in the row error."""

    def __init__(self, message: str | Message, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _shown(text: str) -> str:
    """A cell quoted in a message: a 1000-character cell is cut, not printed whole."""
    return text if len(text) <= 40 else text[:37] + "…"


_EXCEL_WRAPPED = re.compile(r'^="(.*)"$', re.S)
# What a spreadsheet does to a long number: 1.23457E+18, 1,23457E+18 — the digits are gone.
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_DIGITS = re.compile(r"^[0-9]+$")
_ORDER_NO = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_\-#/.]*$")
_EMPTY = frozenset({"", "null", "none", "nan", "-", "--", "n/a", "无"})
_PROTECTED_START = frozenset("='")
_PLAIN_MONEY = re.compile(r"^(\d+)(?:\.(\d{1,2}))?$")


def unwrap(raw: str | None) -> str:
    """The text Excel-proofing hid: ="…", a leading tab or apostrophe, surrounding spaces."""
    if not raw:
        return ""
    # Fast path first: most cells are plain (called for ~20 cells of every row).
    if raw[0] not in _PROTECTED_START and not raw[0].isspace() and not raw[-1].isspace():
        return raw
    text = raw.strip()
    match = _EXCEL_WRAPPED.match(text)
    if match:
        text = match.group(1).strip()
    if text.startswith("'"):
        text = text[1:].strip()
    return text


def text_or_none(raw: str | None) -> str | None:
    text = unwrap(raw)
    if not text or (len(text) <= 4 and text.lower() in _EMPTY):
        return None
    return text


def order_number(raw: str | None, digits_only: bool, marketplace: str | None = None) -> str:
    """`marketplace` picks the length limit (limits.toml); Taobao's digits-only numbers by default."""
    text = unwrap(raw)
    if not text:
        raise RowProblem(Message("the order number is empty"), "order_no")
    if _SCIENTIFIC.match(text):
        raise RowProblem(
            Message(
                "the order number '{text}' was turned into scientific notation by a spreadsheet and has lost "
                "its last digits; export the file again and import it without opening it in Excel",
                text=text,
            ),
            "order_no",
        )
    too_long = limits().order_number_problem(text, marketplace or ("taobao" if digits_only else "other"))
    if too_long:
        raise RowProblem(
            Message("the order number '{text}' {problem}", text=_shown(text), problem=too_long), "order_no"
        )
    if digits_only:
        if not _DIGITS.match(text):
            raise RowProblem(
                Message("'{text}' is not a Taobao order number (it must be digits only)", text=_shown(text)),
                "order_no",
            )
    elif not _ORDER_NO.match(text):
        raise RowProblem(Message("'{text}' is not an order number", text=_shown(text)), "order_no")
    return text


def cents(raw: str | None, field: str = "amount") -> int | None:
    """'¥1,234.50' -> 123450; empty -> None. Decimal all the way: money is never a float.
    An amount outside limits.toml (negative, 1e30, three decimals) is a RowProblem."""
    text = unwrap(raw)
    plain = _PLAIN_MONEY.match(text)
    if plain and len(plain.group(1)) <= 9:  # '49.00', '12.5', '300': exact without Decimal
        whole, fraction = plain.groups()
        return int(whole) * 100 + (int(fraction.ljust(2, "0")) if fraction else 0)
    if text.lower() == "nan":
        raise RowProblem(Message("the amount '{text}' is not a number", text=text), field)
    if len(text) <= 4 and text.lower() in _EMPTY:
        return None
    cleaned = text.replace("¥", "").replace("￥", "").replace("元", "").replace("$", "").strip()
    cleaned = cleaned.replace("£", "").replace("€", "").strip()
    for prefix in ("RMB", "CNY", "USD", "EUR", "GBP", "CAD", "AUD", "US", "AU", "C"):
        if cleaned.upper().startswith(prefix):
            cleaned = cleaned[len(prefix) :].strip()
            break
    cleaned = _without_group_separators(cleaned)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise RowProblem(Message("the amount '{text}' is not a number", text=_shown(text)), field) from None
    if not value.is_finite():
        raise RowProblem(Message("the amount '{text}' is not a number", text=_shown(text)), field)
    wrong = limits().amount_problem(value)
    if wrong:
        raise RowProblem(Message("the amount '{text}' {problem}", text=_shown(text), problem=wrong), field)
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_DECIMAL_COMMA = re.compile(r"^-?\d{1,3}(?:[.\s\u00a0\u202f]\d{3})*,\d{1,2}$")


def _without_group_separators(number: str) -> str:
    """'1,234.50' -> '1234.50'; a European '90,00' or '1.234,56' (eBay's EUR sites, as an open-source
    eBay report parser reads them) -> '90.00' / '1234.56'. A comma followed by three digits stays a
    thousands separator, as Chinese and US exports write it."""
    if _DECIMAL_COMMA.match(number):
        return re.sub(r"[.\s\u00a0\u202f]", "", number).replace(",", ".")
    return number.replace(",", "")


# How an amount cell names its currency. eBay's Orders report writes "$24.99" on ebay.com and
# "C $24.99" / "AU $24.99" / "£24.99" on other sites (sellers' downloads; not a published spec).
_CURRENCY_MARKS = (
    ("US $", "USD"),
    ("C $", "CAD"),
    ("AU $", "AUD"),
    ("USD", "USD"),
    ("CAD", "CAD"),
    ("AUD", "AUD"),
    ("GBP", "GBP"),
    ("EUR", "EUR"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("¥", "CNY"),
    ("￥", "CNY"),
)


def currency_of(raw: str | None, dollar: str | None = None) -> str | None:
    """The currency an amount cell names ('£12.00' -> GBP), None when it names none. A bare '$' is
    `dollar` (the export's own site currency, e.g. USD for ebay.com), else unknown."""
    text = unwrap(raw).upper()
    if text[:1].isdigit() and text[-1:].isdigit():
        return None  # '49.00': no mark (none begins or ends with a digit)
    for mark, code in _CURRENCY_MARKS:
        if text.startswith(mark) or text.endswith(mark):
            return code
    if text.startswith("$"):
        return dollar
    return None


def currency_code(raw: str | None) -> str | None:
    """A currency column's value (Amazon 'currency': USD) as a three-letter code, else None."""
    text = unwrap(raw).upper()
    return text if len(text) == 3 and text.isalpha() else None


# Country names exports write for the countries whose buyers a rule singles out (eBay: US buyers).
_COUNTRIES = {
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "us": "US",
    "united kingdom": "GB",
    "uk": "GB",
    "gb": "GB",
    "great britain": "GB",
    "canada": "CA",
    "ca": "CA",
    "australia": "AU",
    "au": "AU",
    "germany": "DE",
    "de": "DE",
    "china": "CN",
    "cn": "CN",
    "中国": "CN",
}


def country_code(raw: str | None) -> str | None:
    """'United States' or 'US' -> 'US'; another country as written (it is not the one a rule asks
    about, and is kept as the export said it); empty -> None."""
    text = text_or_none(raw)
    if text is None:
        return None
    return _COUNTRIES.get(text.lower(), text)


def whole_number(raw: str | None, field: str = "quantity") -> int | None:
    text = unwrap(raw)
    if text.isdigit() and text.isascii() and len(text) <= 6:
        return int(text)
    if len(text) <= 4 and text.lower() in _EMPTY and text.lower() != "nan":
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise RowProblem(
            Message("the quantity '{text}' is not a whole number", text=_shown(text)), field
        ) from None
    if not value.is_finite() or value != value.to_integral_value():
        raise RowProblem(Message("the quantity '{text}' is not a whole number", text=_shown(text)), field)
    wrong = (
        limits().quantity_problem(int(value))
        if abs(value.adjusted()) < 30
        else Message("is not a plausible quantity")
    )
    if wrong:
        raise RowProblem(Message("the quantity '{text}' {problem}", text=_shown(text), problem=wrong), field)
    return int(value)


# The exports' own 'YYYY-MM-DD HH:MM:SS', ASCII digits only (re's \d would take any script's digits).
_EXPORT_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\Z")
_FAST_TIME = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


class InstantReader:
    """Reads export times as instants; naive times are in the shop's zone.

    The common 'YYYY-MM-DD HH:MM:SS' takes a fast path: the zone's offset is looked up once per
    local hour (offsets change on hour boundaries), which keeps 100 000-row imports quick.
    """

    def __init__(self, tz: tzinfo):
        self.tz = tz
        self._hour_start = lru_cache(maxsize=65536)(self._epoch_of_hour)
        # 'YYYY-MM-DD HH' -> its epoch, for hours whose full time the careful path below has read
        # once (year checked, date real): a later time in that hour is only its minutes and seconds.
        self._read_hours: dict[str, int] = {}

    def _epoch_of_hour(self, year: int, month: int, day: int, hour: int) -> int:
        return to_epoch(datetime(year, month, day, hour, tzinfo=self.tz))

    def __call__(self, raw: str | None, label: str, field: str | None = None) -> int | None:
        if raw and len(raw) == 19 and _EXPORT_TIME.match(raw):
            base = self._read_hours.get(raw[:13])
            if base is not None:
                minute, second = int(raw[14:16]), int(raw[17:19])
                if minute <= 59 and second <= 59:
                    return base + minute * 60 + second
        text = unwrap(raw)
        if (
            not text
            or (len(text) <= 4 and text.lower() in _EMPTY)
            or text.startswith(("0000-00-00", "1970-01-01"))
        ):
            return None
        match = _FAST_TIME.match(text)
        if match:
            year, month, day, hour, minute, second = match.groups()
            self._check_year(int(year), text, label, field)
            try:
                base = self._hour_start(int(year), int(month), int(day), int(hour or 0))
            except ValueError:
                raise RowProblem(
                    Message("the {label} '{text}' is not a real date", label=Message(label), text=text), field
                ) from None
            minute, second = int(minute or 0), int(second or 0)
            if minute > 59 or second > 59:
                raise RowProblem(
                    Message("the {label} '{text}' is not a real time", label=Message(label), text=text), field
                )
            if text is raw and len(raw) == 19 and _EXPORT_TIME.match(raw):
                self._read_hours[raw[:13]] = base
            return base + minute * 60 + second
        try:
            moment = parse_instant(text, self.tz)
        except UserError:
            raise RowProblem(
                Message(
                    "the {label} '{text}' is not a date and time", label=Message(label), text=_shown(text)
                ),
                field,
            ) from None
        self._check_year(moment.year, text, label, field)
        return to_epoch(moment)

    @staticmethod
    def _check_year(year: int, text: str, label: str, field: str | None) -> None:
        # Years 0001 and 9999 parse, but a time zone shift or a +48 h promise then overflows every
        # later export of the order: refused here, by its line and column.
        wrong = limits().year_problem(year)
        if wrong:
            raise RowProblem(
                Message(
                    "the {label} '{text}' is not plausible: {problem}",
                    label=Message(label),
                    text=_shown(text),
                    problem=wrong,
                ),
                field,
            )


# The marketplaces' own words for an order's state, matched in this order by substring; the first
# hit wins, so the more specific phrases ("未发货，退款成功", "unshipped") come before the general ones.
_STATUS_WORDS = (
    ("退款成功", "refunded"),
    ("交易关闭(退款", "refunded"),
    ("交易关闭（退款", "refunded"),
    ("全额退款", "refunded"),
    ("refund", "refunded"),
    ("关闭", "closed"),
    ("取消", "closed"),
    ("cancel", "closed"),
    ("交易成功", "completed"),
    ("已完成", "completed"),
    ("完成", "completed"),
    ("已签收", "completed"),
    ("complete", "completed"),
    ("delivered", "completed"),
    ("等待买家付款", "awaiting_payment"),
    ("待付款", "awaiting_payment"),
    ("未付款", "awaiting_payment"),
    ("付款确认中", "awaiting_payment"),
    ("awaiting payment", "awaiting_payment"),
    ("unpaid", "awaiting_payment"),
    ("等待卖家发货", "paid"),
    ("待发货", "paid"),
    ("未发货", "paid"),
    ("备货", "paid"),
    ("等待出库", "paid"),
    ("unshipped", "paid"),
    ("not shipped", "paid"),
    ("awaiting shipment", "paid"),
    ("pending shipment", "paid"),
    ("已发货", "shipped"),
    ("部分发货", "shipped"),
    ("待签收", "shipped"),
    ("等待买家确认", "shipped"),
    ("等待确认收货", "shipped"),
    ("shipped", "shipped"),
    ("dispatched", "shipped"),
    ("已付款", "paid"),
    ("paid", "paid"),
    ("pending", "awaiting_payment"),
)


@lru_cache(maxsize=1024)
def status_from_words(words: str) -> str | None:
    """Our status for a marketplace's status text, or None when the words are unknown."""
    lowered = words.strip().lower()
    if not lowered:
        return None
    for phrase, status in _STATUS_WORDS:
        if phrase in lowered:
            return status
    return None


def infer_status(paid_at: int | None, shipped_at: int | None, completed_at: int | None) -> str:
    """When the file gives no (known) status: the latest thing that happened to the order."""
    if completed_at is not None:
        return "completed"
    if shipped_at is not None:
        return "shipped"
    if paid_at is not None:
        return "paid"
    return "awaiting_payment"
