"""What a marketplace preset is: the fields it may fill and the shape of its data (one per module)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# Fields a preset may fill besides the user-mappable ORDER_FIELDS of importers.orders.
EXTRA_FIELDS = (
    "clock_start",  # PDD 拼单成功时间: when the platform's 48 h starts, if no promise column
    "item_key",  # sub-order / order-item id
    "spec",  # the item's variant (商品规格, Variation Details)
    "fulfilment",  # who ships: Amazon fulfillment-channel
    "refund_amount",  # Taobao 退款金额
    "close_reason",  # Taobao 订单关闭原因
    "latest_delivery_at",  # the platform's latest delivery date (Amazon, eBay)
    "ship_country",  # the buyer's country (eBay Ship To Country, Amazon ship-country)
    "currency",  # the amount's currency, where a column says it (Amazon currency)
    "buyer_cancel",  # the buyer asked to cancel (Amazon is-buyer-requested-cancellation: true)
    "status_changed_at",  # when the status last changed (Amazon last-updated-date): a cancellation's time
)


@dataclass(frozen=True)
class Preset:
    """How one marketplace writes its order export."""

    name: str  # taobao, jd, pdd, douyin, amazon_unshipped, …, ebay
    format: str  # the --format word that selects it
    label: str  # English, for messages and the dialog
    columns: dict[str, tuple[str, ...]]  # field -> header names; the first present wins
    signature: tuple[str, ...]  # headers that must all be present to detect it
    signature_any: tuple[str, ...] = ()  # … and at least one of these, if given
    status_words: tuple[tuple[str, str], ...] = ()  # before the common words, by substring
    refund_words: tuple[tuple[str, str | None], ...] = ()  # exact words; None = no after-sales
    deleted_words: tuple[str, ...] = ()  # status words meaning the platform deleted the order
    digits_only: bool = False  # order numbers are digits only (Taobao)
    amount_per_order: bool = False  # the amount column repeats the order total per line
    multi_line: bool = True  # one order may span lines (items)
    platform_fulfilment: tuple[str, ...] = ()  # fulfilment values meaning the platform ships
    paid_from_created: bool = False  # no payment column: the clock starts at purchase
    dollar: str | None = None  # the currency a bare "$" amount is in (ebay.com: USD)
    # A cancelled order the buyer did not ask to cancel is the seller's (Amazon's cancellation-rate
    # rule: every cancellation counts unless the buyer requested it through Amazon).
    cancelled_is_sellers: bool = False
    rewrite_time: Callable[[str], str] | None = None  # platform date style -> ISO-like text
    skip_row: Callable[[list[str]], bool] | None = None  # framing lines (eBay's footer)
    notes: tuple[str, ...] = field(default=())  # what we could not confirm, shown in docs/tests

    def detect(self, headers: list[str]) -> bool:
        present = {h.strip() for h in headers}
        return all(name in present for name in self.signature) and (
            not self.signature_any or any(name in present for name in self.signature_any)
        )

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
