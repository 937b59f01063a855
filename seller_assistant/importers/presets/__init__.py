"""Marketplace order-export presets: which export a header row is, and how its columns and words read.

One module per marketplace holds its Preset (data: header names, status words, quirks). The order
importer asks `detect(headers)` and reads every row through the preset it gets; `generic` is the
fallback for a shop's own table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# Fields a preset may fill besides the user-mappable ORDER_FIELDS of importers.orders.
EXTRA_FIELDS = (
    "clock_start",      # PDD 拼单成功时间: when the platform's 48 h starts, if no promise column
    "item_key",         # sub-order / order-item id
    "spec",             # the item's variant (商品规格, Variation Details)
    "fulfilment",       # who ships: Amazon fulfillment-channel
    "refund_amount",    # Taobao 退款金额
    "close_reason",     # Taobao 订单关闭原因
    "latest_delivery_at",  # the platform's latest delivery date (Amazon, eBay)
    "ship_country",     # the buyer's country (eBay Ship To Country, Amazon ship-country)
    "currency",         # the amount's currency, where a column says it (Amazon currency)
    "buyer_cancel",     # the buyer asked to cancel (Amazon is-buyer-requested-cancellation: true)
    "status_changed_at",  # when the status last changed (Amazon last-updated-date): a cancellation's time
)


@dataclass(frozen=True)
class Preset:
    """How one marketplace writes its order export."""

    name: str                                   # taobao, jd, pdd, douyin, amazon_unshipped, …, ebay
    format: str                                 # the --format word that selects it
    label: str                                  # English, for messages and the dialog
    columns: dict[str, tuple[str, ...]]         # field -> header names; the first present wins
    signature: tuple[str, ...]                  # headers that must all be present to detect it
    signature_any: tuple[str, ...] = ()         # … and at least one of these, if given
    status_words: tuple[tuple[str, str], ...] = ()          # before the common words, by substring
    refund_words: tuple[tuple[str, str | None], ...] = ()   # exact words; None = no after-sales
    deleted_words: tuple[str, ...] = ()         # status words meaning the platform deleted the order
    digits_only: bool = False                   # order numbers are digits only (Taobao)
    amount_per_order: bool = False              # the amount column repeats the order total per line
    multi_line: bool = True                     # one order may span lines (items)
    platform_fulfilment: tuple[str, ...] = ()   # fulfilment values meaning the platform ships
    paid_from_created: bool = False             # no payment column: the clock starts at purchase
    dollar: str | None = None                   # the currency a bare "$" amount is in (ebay.com: USD)
    # A cancelled order the buyer did not ask to cancel is the seller's (Amazon's cancellation-rate
    # rule: every cancellation counts unless the buyer requested it through Amazon).
    cancelled_is_sellers: bool = False
    rewrite_time: Callable[[str], str] | None = None         # platform date style -> ISO-like text
    skip_row: Callable[[list[str]], bool] | None = None      # framing lines (eBay's footer)
    notes: tuple[str, ...] = field(default=())  # what we could not confirm, shown in docs/tests

    def detect(self, headers: list[str]) -> bool:
        present = {h.strip() for h in headers}
        return all(name in present for name in self.signature) and (
            not self.signature_any or any(name in present for name in self.signature_any))

    def mapping(self, headers: list[str]) -> dict[str, str]:
        """Field -> header for this file (exports of different years lack some columns)."""
        present = {h.strip(): h for h in headers}
        mapping: dict[str, str] = {}
        for target, names in self.columns.items():
            for name in names:
                if name in present:
                    mapping[target] = present[name]
                    break
        return mapping


def all_presets() -> tuple[Preset, ...]:
    """In detection order: the most specific signatures first."""
    from seller_assistant.importers.presets import amazon, douyin, ebay, jd, pdd, taobao

    return (taobao.PRESET, jd.PRESET, pdd.PRESET, douyin.PRESET, *amazon.PRESETS, ebay.PRESET)


FORMATS = ("auto", "taobao", "jd", "pdd", "douyin", "amazon", "ebay", "generic")
_ALIASES = {"pinduoduo": "pdd", "tmall": "taobao"}


def detect(headers: list[str]) -> Preset | None:
    for preset in all_presets():
        if preset.detect(headers):
            return preset
    return None


def for_format(format: str, headers: list[str]) -> Preset | None:
    """The preset `--format` asks for (Amazon's three reports told apart by their header); None
    for generic. A UserError when the file is not that export."""
    from seller_assistant.core.errors import UserError

    format = _ALIASES.get(format, format)
    if format == "generic":
        return None
    if format == "auto":
        return detect(headers)
    candidates = [p for p in all_presets() if p.format == format]
    if not candidates:
        raise UserError(f"'{format}' is not an order file format (use {', '.join(FORMATS)}).")
    for preset in candidates:
        if preset.detect(headers):
            return preset
    wanted = " + ".join(candidates[0].signature)
    raise UserError(f"this is not a {candidates[0].label} (it lacks the columns {wanted}); "
                    "import it with --format generic.")


def normalise_format(format: str) -> str:
    return _ALIASES.get(format, format)
