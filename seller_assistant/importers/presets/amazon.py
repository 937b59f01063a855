"""Amazon Seller Central order reports: tab-separated UTF-8, ISO-8601 times with an offset, one
line per order item (order-item-id).

Headers confirmed from open-source Amazon report importers found by code search (the Unshipped
Orders report: order-id, order-item-id, purchase-date, payments-date, reporting-date, promise-date,
days-past-promise, buyer-email, buyer-name, …) and /work/shared/FORMATS.md for the Order report
(…, earliest-ship-date, latest-ship-date, …) and the All Orders report (amazon-order-id, …,
order-status, fulfillment-channel, …).
"""

from __future__ import annotations

from seller_assistant.importers.presets.model import Preset

_COMMON = {
    "item_key": ("order-item-id",),
    "created_at": ("purchase-date",),
    "paid_at": ("payments-date",),
    "buyer": ("buyer-name",),
    "sku": ("sku",),
    "item_title": ("product-name",),
    "quantity": ("quantity-purchased",),
    "receiver_name": ("recipient-name",),
    "receiver_phone": ("ship-phone-number", "buyer-phone-number"),
    "receiver_address": ("ship-address-1",),
    "ship_country": ("ship-country",),
    "currency": ("currency",),
}
# Amazon's order words; 'Pending' is an order whose payment is not yet authorised: not to ship.
_STATUS = (
    ("pending", "awaiting_payment"),
    ("unshipped", "paid"),
    ("partially shipped", "shipped"),
    ("shipping", "shipped"),
    ("shipped", "shipped"),
    ("canceled", "closed"),
    ("cancelled", "closed"),
)

UNSHIPPED = Preset(
    name="amazon_unshipped",
    format="amazon",
    label="Amazon Unshipped Orders report",
    columns={
        "order_no": ("order-id",),
        **_COMMON,
        "promised_ship_at": ("promise-date",),
        "buyer_cancel": ("is-buyer-requested-cancellation",),
    },
    signature=("order-id", "order-item-id", "promise-date"),
    status_words=_STATUS,
)

ORDERS = Preset(
    name="amazon_orders",
    format="amazon",
    label="Amazon Order report",
    columns={
        "order_no": ("order-id",),
        **_COMMON,
        "amount": ("item-price",),
        "promised_ship_at": ("latest-ship-date",),
        "latest_delivery_at": ("latest-delivery-date",),
        "buyer_cancel": ("is-buyer-requested-cancellation",),
    },
    signature=("order-id", "order-item-id", "latest-ship-date"),
    status_words=_STATUS,
)

ALL_ORDERS = Preset(
    name="amazon_all_orders",
    format="amazon",
    label="Amazon All Orders report",
    columns={
        "order_no": ("amazon-order-id",),
        "created_at": ("purchase-date",),
        "status": ("order-status",),
        "fulfilment": ("fulfillment-channel",),
        "item_title": ("product-name",),
        "sku": ("sku",),
        "quantity": ("quantity",),
        "amount": ("item-price",),
        "currency": ("currency",),
        "ship_country": ("ship-country",),
        "status_changed_at": ("last-updated-date",),
    },
    signature=("amazon-order-id", "order-status", "fulfillment-channel"),
    status_words=_STATUS,
    # fulfillment-channel: 'Amazon' (FBA, AFN) ships from Amazon's warehouse; 'Merchant' is the shop.
    platform_fulfilment=("amazon", "afn"),
    # No payments-date in this report: Amazon's handling time runs from the purchase.
    paid_from_created=True,
    # order-status Cancelled: the seller's cancellation (dated by last-updated-date) unless an Unshipped
    # or Order report said the buyer requested it (is-buyer-requested-cancellation, a column
    # open-source Amazon report parsers read). Amazon's own cancellations of orders whose payment
    # failed cannot be told apart in this report: counted as the seller's (not confirmed).
    cancelled_is_sellers=True,
    notes=(
        "no promise column: the shop's handling time applies from purchase-date",
        "a cancelled order's time is last-updated-date (?)",
    ),
)

PRESETS = (UNSHIPPED, ORDERS, ALL_ORDERS)
