"""Replies: an order's state for the playbook, logging a sent reply with its promises, the shop's templates."""

from __future__ import annotations

import json
from pathlib import Path

from seller_assistant.core import playbook
from seller_assistant.core.errors import UserError
from seller_assistant.core.playbook import Template
from seller_assistant.core.situation import OrderState
from seller_assistant.store import chats, commitments
from seller_assistant.store.connection import Store, retried


def _rows(store: Store, sql: str, params: tuple) -> list[dict]:
    return list(store.db.query(sql, params))


def order_state(store: Store, order_id: int) -> OrderState:
    orders = _rows(store, "SELECT * FROM orders WHERE id = ?", (order_id,))
    if not orders:
        raise UserError("There is no order with id {order_id}.", order_id=order_id)
    return OrderState(
        order=orders[0],
        work_orders=_rows(
            store, "SELECT * FROM work_orders WHERE order_id = ? ORDER BY opened_at", (order_id,)
        ),
        help_events=_rows(store, "SELECT * FROM help_events WHERE order_id = ? ORDER BY at", (order_id,)),
        commitments=_rows(store, "SELECT * FROM commitments WHERE order_id = ? ORDER BY due_at", (order_id,)),
        messages=chats.messages_for_order(store, order_id),
    )


def find_order_id(store: Store, shop_id: int, ref: str) -> int:
    """An order by its number (what the shop sees), else by its row id."""
    ref = ref.strip()
    row = store.conn.execute(
        "SELECT id FROM orders WHERE shop_id = ? AND order_no = ?", (shop_id, ref)
    ).fetchone()
    if row is None and ref.isdigit() and len(ref) < 12:
        row = store.conn.execute(
            "SELECT id FROM orders WHERE shop_id = ? AND id = ?", (shop_id, int(ref))
        ).fetchone()
    if row is None:
        raise UserError("There is no order {ref} in this shop.", ref=ref)
    return row[0]


@retried
def log_reply(
    store: Store,
    shop_id: int,
    order_id: int,
    *,
    text: str,
    template_id: str | None,
    sender_name: str,
    now: int,
    promises: dict[str, int] | None = None,
    promise_texts: dict[str, str] | None = None,
) -> int:
    """Keep the reply as evidence and each date it promises (kind -> due_at) as a commitment,
    all in one transaction: a promise is never recorded without the message that made it."""
    with store.write():
        message_id = chats.add_message(
            store,
            shop_id,
            order_id=order_id,
            buyer="",
            sender_role="staff",
            sender_name=sender_name,
            sent_at=now,
            text=text,
            source="reply",
            now=now,
            template_id=template_id,
        )
        for kind, due_at in (promises or {}).items():
            note = (promise_texts or {}).get(kind) or text
            commitments.add_commitment(store, shop_id, order_id, kind, due_at, now, note, message_id)
    return message_id


def orders_needing_reply(
    store: Store, shop_id: int, now: int, lead_seconds: int, limit: int = 60
) -> list[dict]:
    """Orders the guidance says to talk to now: open urges, late or nearly late, refunds, logistics
    exceptions, disputes. Each row has id, order_no, buyer, item_title and `reason`."""
    # One indexed read per condition (each term matches a partial index: orders_awaiting_ship,
    # orders_open_issues, work_orders_open, help_events_at), combined with UNION: an OR of them
    # walked every order of the shop with correlated EXISTS (3.6 s at 1 M orders). Only the few
    # candidates are then looked up and given their reason.
    sql = """
    WITH candidates(id) AS (
        SELECT id FROM orders WHERE shop_id = :shop AND shipped_at IS NULL AND status = 'paid'
            AND promised_ship_at <= :now + :lead
        UNION SELECT id FROM orders WHERE shop_id = :shop
            AND (refund_status = 'requested' OR logistics_status = 'exception')
        UNION SELECT order_id FROM work_orders WHERE shop_id = :shop AND answered_at IS NULL
        UNION SELECT order_id FROM help_events WHERE shop_id = :shop AND at > :now - 30 * 86400
            AND kind IN ('dispute','intervention')
    )
    SELECT o.id, o.order_no, o.buyer, o.item_title,
        CASE
            WHEN EXISTS (SELECT 1 FROM help_events e WHERE e.order_id = o.id AND e.kind IN ('dispute','intervention')
                         AND e.at > :now - 30 * 86400) THEN 'dispute_open'
            WHEN o.refund_status = 'requested' THEN 'refund_requested'
            WHEN o.shipped_at IS NULL AND o.status = 'paid' AND o.promised_ship_at <= :now + :lead
                THEN 'cannot_ship_in_time'
            WHEN EXISTS (SELECT 1 FROM work_orders w WHERE w.order_id = o.id AND w.answered_at IS NULL)
                THEN 'urge_received'
            WHEN o.logistics_status = 'exception' THEN 'logistics_abnormal'
        END AS reason
    FROM candidates c JOIN orders o ON o.id = c.id
    WHERE o.shop_id = :shop
    """
    # Most pressing situation first, then the nearest deadline.
    sql = f"""SELECT * FROM ({sql}) AS needing ORDER BY CASE reason WHEN 'cannot_ship_in_time' THEN 0
        WHEN 'urge_received' THEN 1 WHEN 'dispute_open' THEN 2 WHEN 'refund_requested' THEN 3 ELSE 4 END,
        id LIMIT :limit"""
    return _rows(store, sql, {"shop": shop_id, "now": now, "lead": lead_seconds, "limit": limit})


def preview_orders(store: Store, shop_id: int, limit: int = 40) -> list[dict]:
    """Real orders to preview a template on: the latest paid first (id, order_no, buyer, item_title)."""
    return _rows(
        store,
        "SELECT id, order_no, buyer, item_title FROM orders WHERE shop_id = ? "
        "ORDER BY paid_at DESC, id DESC LIMIT ?",
        (shop_id, limit),
    )


# -- the shop's own templates: a TOML file beside the store, the same format as resources/playbook ----


def shop_templates_path(store: Store) -> Path:
    """Beside the store file; a shared store's beside its attachments in the shop's shared folder,
    so every desk answers with the same templates (a UserError when this desk names no such folder)."""
    if store.shared:
        return store.attachments_dir.with_suffix(".replies.toml")
    return playbook.shop_templates_path(store.path)


def _readable_templates_path(store: Store) -> Path | None:
    """Where the shop's templates are read from; None on a desk that names no shared folder yet
    (it shows the shipped templates, and saving says what to set)."""
    try:
        return shop_templates_path(store)
    except UserError:
        return None


def load_shop_templates(store: Store) -> list[Template]:
    path = _readable_templates_path(store)
    return playbook.read_template_file(path) if path is not None and path.exists() else []


def all_templates(store: Store) -> list[Template]:
    path = _readable_templates_path(store)
    return playbook.load_templates([path] if path is not None else [])


def save_shop_templates(store: Store, templates: list[Template]) -> Path:
    """Write the shop's templates, checked first; written to a side file then renamed, so a crash
    never leaves half a file."""
    text = templates_to_toml(templates)
    import tomllib

    playbook.parse_templates(tomllib.loads(text), str(shop_templates_path(store)))
    path = shop_templates_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)  # a shared folder's first file
    temporary = path.with_suffix(".toml.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return path


def templates_to_toml(templates: list[Template]) -> str:
    def string(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string

    def array(values) -> str:
        return "[" + ", ".join(string(v) for v in values) + "]"

    parts = ["# This shop's own reply templates (same format as resources/playbook/*.toml).\n"]
    for template in templates:
        parts.append(
            "\n[[template]]\n"
            f"id = {string(template.id)}\nhabit = {string(template.habit)}\n"
            f"situations = {array(template.situations)}\nintents = {array(template.intents)}\n"
            f"order_state = {string(template.order_state)}\nactions = {array(template.actions)}\n"
            f"unless = {array(template.unless)}\n"
            f"zh = {string(template.zh)}\nen = {string(template.en)}\n"
        )
    return "".join(parts)
