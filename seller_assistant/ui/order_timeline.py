"""The order window's timeline: read on a worker, worded as sentences in time order (paid, promised,
commitments, urges, shipped, sealed evidence, edits, help events, notes)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from seller_assistant.core.clock import format_local
from seller_assistant.core.orders import awaits_shipment
from seller_assistant.core.report_timeline import edit_text
from seller_assistant.store import timeline
from seller_assistant.ui import order_actions, workers
from seller_assistant.ui.i18n import choose_language, fill
from seller_assistant.ui.store_opener import worker_store_opener


class OrderTimeline:
    """The timeline half of ui/order_detail.OrderDetail (mixed into it): `self.timeline` is its tree,
    `self._rows` the rows read last."""

    @property
    def timeline_loading(self) -> bool:
        """A timeline read is still on its way (tests wait for it like a person watching)."""
        return self._answered != self._asked

    def _load_timeline(self, order_id: int) -> None:
        self._asked += 1
        # Plain values only in the job: it must not hold the widget or the context (store_opener).
        open_store = worker_store_opener(self.ctx)

        def read(_job: workers.Job) -> tuple[int, dict[str, list[dict]]]:
            store = open_store()
            try:
                return order_id, timeline.timeline_rows(store, order_id)
            finally:
                store.close()

        # A closed detail drops the answer (workers.start); a newer request supersedes this one.
        workers.start(
            read, partial(self._timeline_read, self._asked), partial(self._timeline_failed, self._asked)
        )

    def _timeline_read(self, request: int, result: tuple[int, dict[str, list[dict]]]) -> None:
        self._answered = max(self._answered, request)
        order_id, rows = result
        if request != self._asked or order_id != self.order_id:
            return  # superseded: a newer read (or another order) is on its way
        self._rows = rows
        self.render()

    def _timeline_failed(self, request: int, message: str) -> None:
        self._answered = max(self._answered, request)
        if message and request == self._asked:
            self.ctx.status_message.emit(message)

    def _fill_timeline(self, order: dict, now: int, tz) -> None:
        self.timeline.clear()
        if self._rows is None:
            return  # not read yet: shown when the worker's answer arrives
        for at, what in self.timeline_entries(order, now):
            item = QTreeWidgetItem([format_local(at, tz), what])  # item text is plain, never markup
            item.setToolTip(1, what)
            self.timeline.addTopLevelItem(item)

    def timeline_entries(self, order: dict, now: int) -> list[tuple[int, str]]:
        """(instant, sentence) for everything that happened or is due on this order, in time order,
        from the rows the worker read last (store/timeline.py, the same read as the bundle's)."""
        tz = self.ctx.settings_for(order["shop_id"]).tz()
        rows = self._rows or {}
        entries: list[tuple[int, str]] = self._sealed_entries(rows) + self._edit_entries(rows, tz)
        if order["paid_at"] is not None:
            entries.append((order["paid_at"], self.tr("Paid")))
        if order["promised_ship_at"] is not None:
            if awaits_shipment(order["status"], order["shipped_at"]) and order["promised_ship_at"] < now:
                entries.append((order["promised_ship_at"], self.tr("Ship promise missed: not shipped yet")))
            elif order["promise_override_at"] is not None:
                entries.append((order["promised_ship_at"], self.tr("Ship promise (set by the shop)")))
            else:
                entries.append((order["promised_ship_at"], self.tr("Ship promise")))
        for c in rows.get("commitments", []):
            due = format_local(c["due_at"], tz)
            entries.append(
                (
                    c["made_at"],
                    self._by(
                        fill(
                            self.tr("Promised the buyer: {promise} by {due}. {words}"),
                            promise=_commitment_kind(self, c["kind"]),
                            due=due,
                            words=c["text"],
                        ).strip(),
                        c.get("made_by"),
                    ),
                )
            )
            if c["kept_at"] is not None:
                entries.append((c["kept_at"], self._by(self.tr("Promise kept"), c.get("kept_by"))))
            elif c["due_at"] < now:
                entries.append((c["due_at"], self.tr("Promise missed")))
        for w in rows.get("work_orders", []):
            entries.append(
                (
                    w["opened_at"],
                    self._by(
                        fill(
                            self.tr("Urge work order opened; answer by {due}"),
                            due=format_local(w["due_at"], tz),
                        ),
                        w.get("opened_by"),
                    ),
                )
            )
            if w["answered_at"] is not None:
                entries.append(
                    (
                        w["answered_at"],
                        self._by(
                            fill(self.tr("Work order answered: {answer}"), answer=w["answer"] or ""),
                            w.get("answered_by"),
                        ),
                    )
                )
            elif w["due_at"] < now:
                entries.append((w["due_at"], self.tr("Work order overdue (not answered)")))
        shipments = rows.get("shipments", [])
        for s in shipments:
            entries.append(
                (
                    s["shipped_at"],
                    self._by(
                        fill(
                            self.tr("Shipped {shipment}"),
                            shipment=" ".join(
                                p
                                for p in (
                                    s["carrier"],
                                    s["tracking_no"] or self._without_tracking(order),
                                    self._late_by(order, s["shipped_at"]),
                                )
                                if p
                            ),
                        ),
                        s.get("shipped_by"),
                    ),
                )
            )
        if not shipments and order["shipped_at"] is not None:
            entries.append(
                (
                    order["shipped_at"],
                    fill(
                        self.tr("Shipped {shipment}"),
                        shipment=" ".join(
                            p
                            for p in (
                                order["carrier"],
                                order["tracking_no"],
                                self._without_tracking(order),
                                self._late_by(order, order["shipped_at"]),
                            )
                            if p
                        ),
                    ),
                )
            )
        kinds, reasons = order_actions.event_kind_names(), order_actions.event_reason_names()
        for e in rows.get("events", []):
            entries.append(
                (
                    e["at"],
                    self._by(
                        fill(
                            self.tr("Help event: {kind} ({reason}) {note}"),
                            kind=kinds.get(e["kind"], e["kind"]),
                            reason=reasons.get(e["reason"], e["reason"] or "-"),
                            note=e["note"] or "",
                        ).strip(),
                        e.get("recorded_by"),
                    ),
                )
            )
        for n in rows.get("notes", []):
            entries.append(
                (
                    n["at"],
                    fill(self.tr("Note by {author}: {note}"), author=n["author"] or "-", note=n["text"]),
                )
            )
        entries.sort(key=lambda entry: entry[0])
        return entries

    def _sealed_entries(self, rows: dict[str, list[dict]]) -> list[tuple[int, str]]:
        """What was sealed into the order's chain, each with who sealed it (its seal's name)."""
        entries = []
        for r in rows.get("chat_sealed", []):
            # A count's plural by its own context: PySide's self.tr() tries the classes of the widget
            # in turn and takes the first context's %n-filled source as found.
            if r["item_type"] == "link":
                what = QCoreApplication.translate(
                    "OrderTimeline", "%n chat message(s) tied to this order and sealed", "", r["items"]
                )
            else:
                what = QCoreApplication.translate(
                    "OrderTimeline", "%n chat message(s) sealed", "", r["items"]
                )
            entries.append((r["sealed_at"], self._by(what, r["sealed_by"])))
        for a in rows.get("agreements_sealed", []):
            what = fill(self.tr("Agreement recorded: {text}"), text=a["text"])
            entries.append((a["agreed_at"], self._by(what, a["sealed_by"])))
        for a in rows.get("attachments_sealed", []):
            what = fill(self.tr("Attachment added: {name}"), name=a["original_name"])
            entries.append((a["sealed_at"], self._by(what, a["sealed_by"])))
        return entries

    def _edit_entries(self, rows: dict[str, list[dict]], tz) -> list[tuple[int, str]]:
        """Edits made by hand (a flag, a ship-by time, a message's stage), each with who made it; worded
        by the core, as report.pdf and `history` word them."""
        lang = choose_language(self.ctx.settings.language)
        entries = []
        for e in rows.get("edits", []):
            what = edit_text(e, lang, tz)
            if what:
                entries.append((e["at"], self._by(what, e["made_by"])))
        return entries

    def _by(self, what: str, who: str | None) -> str:
        """A timeline line with who did it, when the store knows (issue 18: several desks)."""
        return fill(self.tr("{what} — by {who}"), what=what, who=who) if who else what


def _commitment_kind(widget: QWidget, kind: str) -> str:
    return {"ship_by": widget.tr("ship"), "report_back": widget.tr("report back")}.get(
        kind, widget.tr("other")
    )
