"""report.pdf: the human-readable half of a bundle, in the shop's language, with the CJK font embedded."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from PIL import Image as PILImage

from seller_assistant import __version__
from seller_assistant.core.bundle_model import AttachmentSource, BundleData
from seller_assistant.core.chat_export import correction_note, sender_label, stage_label
from seller_assistant.core.clock import format_local, zone
from seller_assistant.core.errors import UserError
from seller_assistant.core.fonts import FONT_ENV, find_cjk_font, find_fallback_fonts
from seller_assistant.core.i18n import t
from seller_assistant.core.masking import Masker
from seller_assistant.core.report_timeline import label, timeline_entries
from seller_assistant.core.visible_text import show_controls

FONT = "cjk"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
REPLACEMENT = "\u25a1"  # □
_GREY = (110, 110, 110)
_NOTE_RED = (170, 0, 0)
_AGREEMENT_FILL = (255, 243, 196)
_IMAGE_MAX_W = 90.0  # mm: a screenshot stays readable and two fit on a page
_IMAGE_MAX_H = 110.0


@dataclass
class ReportInput:
    data: BundleData
    masker: Masker
    include: frozenset[str]
    created_at: int
    files: list[dict]  # path, size, sha256 of every other member
    members: dict[str, str] = field(default_factory=dict)  # attachment sha256 -> member name
    warnings: list[str] = field(default_factory=list)


class _Report(FPDF):
    def __init__(self, shop: str, order_no: str, lang: str, demo: bool = False) -> None:
        super().__init__(format="A4")
        self._shop, self._order_no, self._lang, self._demo = shop, order_no, lang, demo
        self.covered: set[int] = set()  # code points some embedded font can draw
        self._replaced_here = False  # a character on this page was drawn as the replacement mark
        self.set_auto_page_break(True, margin=16)
        self.set_margins(15, 16, 15)

    def clean(self, text: object) -> str:
        """Text as drawn: control characters dropped, bidi controls shown as marks, and each
        character no font here can draw shown as □, with a note at the foot of the page."""
        text = show_controls(_CONTROL.sub("", "" if text is None else str(text))) or ""
        covered = self.covered
        if not covered or all(ord(ch) in covered or ch in "\n\t" for ch in text):
            return text
        self._replaced_here = True
        return "".join(ch if ord(ch) in covered or ch in "\n\t" else REPLACEMENT for ch in text)

    def header(self) -> None:
        self.set_font(FONT, size=8)
        self.set_text_color(*_GREY)
        self.cell(0, 5, self.clean(self._shop), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self._demo:  # made-up data must never pass for a real order's evidence
            self.set_text_color(*_NOTE_RED)
            self.set_font(FONT, size=11)
            self.cell(
                0, 6, self.clean(t("bundle.demo_stamp", self._lang)), new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self) -> None:
        if self._replaced_here:
            self._replaced_here = False
            self.set_y(-15)
            self.set_font(FONT, size=7)
            self.set_text_color(*_NOTE_RED)
            self.cell(0, 4, t("bundle.replacement_note", self._lang, mark=REPLACEMENT), align="C")
        self.set_y(-11)
        self.set_font(FONT, size=8)
        self.set_text_color(*_GREY)
        text = t(
            "bundle.page_footer",
            self._lang,
            shop=self._shop,
            order_no=self._order_no,
            page=self.page_no(),
            pages="{nb}",
        )
        self.cell(0, 5, self.clean(text), align="C")
        self.set_text_color(0, 0, 0)


def render_report(report: ReportInput, progress: Callable[[], None] | None = None) -> bytes:
    data, lang = report.data, report.data.lang
    tz = zone(data.timezone)
    pdf = _Report(data.shop_name, data.order.get("order_no", ""), lang, data.demo)
    _add_font(pdf)
    _add_fallback_fonts(pdf)
    pdf.set_title(f"{t('bundle.report_title', lang)} {data.order.get('order_no', '')}")
    pdf.set_creator(f"Seller Assistant {__version__}")
    pdf.add_page()
    writer = _Writer(pdf, report, tz, lang)
    writer.title_block()
    writer.order_block()
    writer.timeline()
    if "chat" in report.include:
        writer.chat(progress)
    writer.agreements()
    if "events" in report.include:
        writer.work_orders_and_events()
    if "notes" in report.include:
        writer.notes()
    if "attachments" in report.include:
        writer.attachments()
    writer.integrity()
    return bytes(pdf.output())


def _add_fallback_fonts(pdf: _Report) -> None:
    """Fonts for what the CJK font lacks (emoji, Extension B); what none can draw becomes □."""
    names = []
    for index, path in enumerate(find_fallback_fonts()):
        name = f"fallback{index}"
        try:
            pdf.add_font(name, "", str(path), collection_font_number=0)
        except Exception:  # noqa: BLE001,S112 - an unusable font is skipped; □ covers what it would draw
            continue
        names.append(name)
        pdf.covered.update(pdf.fonts[name].cmap)
    pdf.covered.update(pdf.fonts[FONT.lower()].cmap if FONT.lower() in pdf.fonts else ())
    if names:
        pdf.set_fallback_fonts(names, exact_match=False)


def _add_font(pdf: FPDF) -> None:
    path = find_cjk_font()
    if path is None:
        raise UserError(
            "No Chinese font was found for the report; install WenQuanYi Micro Hei or point {font_env} at a .ttf/.ttc font.",
            font_env=FONT_ENV,
        )
    try:
        pdf.add_font(FONT, "", str(path), collection_font_number=0)
    except Exception as exc:  # noqa: BLE001 - a broken font file is the user's to fix
        raise UserError(
            "The font {path} cannot be used for the report ({problem}).", path=path, problem=exc
        ) from exc


class _Writer:
    def __init__(self, pdf: _Report, report: ReportInput, tz: tzinfo, lang: str) -> None:
        self.pdf, self.r, self.tz, self.lang = pdf, report, tz, lang
        self.m = report.masker
        self.data = report.data

    # -- small pieces -------------------------------------------------------------------------
    def tr(self, key: str, **values) -> str:
        return t(f"bundle.{key}", self.lang, **values)

    def when(self, seconds: int | None) -> str:
        return format_local(seconds, self.tz, with_seconds=True) if seconds else ""

    def heading(self, text: str) -> None:
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 40:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(FONT, size=13)
        pdf.set_fill_color(230, 236, 245)
        pdf.cell(0, 8, self.pdf.clean(text), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
        pdf.set_font(FONT, size=9.5)

    def para(
        self,
        text: str,
        size: float = 9.5,
        fill: tuple | None = None,
        color=None,
        h: float = 5,
        style: str = "",
    ) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, style=style, size=size)
        if color:
            pdf.set_text_color(*color)
        if fill:
            pdf.set_fill_color(*fill)
        self.line(self.pdf.clean(text), h, fill=bool(fill))
        pdf.set_text_color(0, 0, 0)
        if style:
            pdf.set_font(FONT, size=size)

    def line(self, text: str, h: float, fill: bool = False) -> None:
        """One line with cell() when it fits (most chat lines): several times cheaper than
        multi_cell's line breaking, which matters for a 2 000-message chat."""
        pdf = self.pdf
        if "\n" not in text and pdf.get_string_width(text) < pdf.w - pdf.r_margin - pdf.get_x() - 1:
            pdf.cell(0, h, text, fill=fill, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            pdf.multi_cell(
                0, h, text, fill=fill, wrapmode=WrapMode.CHAR, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )

    def field_row(self, label: str, value: str) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, size=9.5)
        pdf.set_text_color(*_GREY)
        pdf.cell(34, 6, self.pdf.clean(label))
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(
            0,
            6,
            self.pdf.clean(value) or "-",
            wrapmode=WrapMode.CHAR,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    # -- sections -----------------------------------------------------------------------------
    def title_block(self) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, size=18)
        pdf.cell(
            0,
            11,
            self.pdf.clean(f"{self.tr('report_title')} · {self.data.order.get('order_no', '')}"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.para(
            self.tr(
                "generated", at=self.when(self.r.created_at), zone=self.data.timezone, version=__version__
            ),
            size=8.5,
            color=_GREY,
        )
        statement = self.tr("masked_statement" if self.m.enabled else "unmasked_statement")
        pdf.ln(1)
        self.para(statement, size=9.5, fill=(255, 236, 236) if not self.m.enabled else (228, 244, 228), h=6)
        if self.r.warnings:
            pdf.ln(1)
            self.para(self.tr("warnings") + ":\n" + "\n".join(self.r.warnings), fill=(255, 230, 200))

    def order_block(self) -> None:
        o, m = self.data.order, self.m
        self.heading(self.tr("section_order"))
        amount = o.get("amount_cents")
        items = o.get("item_title") or ""
        if o.get("sku"):
            items += f"（{o['sku']}）"
        if o.get("quantity"):
            items += f" × {o['quantity']}"
        tracking = " ".join(v for v in (o.get("carrier"), o.get("tracking_no")) if v)
        receiver = " ".join(
            m.text(v) or ""
            for v in (o.get("receiver_name"), o.get("receiver_phone"), o.get("receiver_address"))
            if v
        )
        rows = [
            ("field_order_no", o.get("order_no") or ""),
            ("field_buyer", m.text(o.get("buyer")) or ""),
            ("field_status", o.get("platform_status") or o.get("status") or ""),
            ("field_items", m.text(items)),
            ("field_amount", f"¥{amount / 100:.2f}" if amount is not None else ""),
            ("field_paid_at", self.when(o.get("paid_at"))),
            ("field_promised_at", self.when(o.get("promised_ship_at"))),
            ("field_shipped_at", self.when(o.get("shipped_at"))),
            ("field_tracking", tracking),
            ("field_receiver", receiver),
            ("field_buyer_message", m.text(o.get("buyer_message")) or ""),
            ("field_refund", label("refund", o.get("refund_status"), self.lang)),
        ]
        for key, value in rows:
            self.field_row(self.tr(key), value)

    def timeline(self) -> None:
        self.heading(self.tr("section_timeline"))
        for at, text in timeline_entries(self.data, self.m, self.r.include, self.lang, self.tz):
            self.pdf.set_font(FONT, size=8.5)
            self.pdf.set_text_color(*_GREY)
            self.pdf.cell(36, 4.6, self.when(at))
            self.pdf.set_text_color(0, 0, 0)
            self.line(self.pdf.clean(text), 4.6)

    def chat(self, progress: Callable[[], None] | None) -> None:
        self.heading(self.tr("section_chat"))
        agreed = {a.get("message_id"): a for a in self.data.agreements if a.get("message_id")}
        by_message: dict[int, list[AttachmentSource]] = {}
        for attachment in self.data.attachments:
            if attachment.message_id is not None:
                by_message.setdefault(attachment.message_id, []).append(attachment)
        if not self.data.messages:
            self.para(self.tr("no_messages"))
        for index, message in enumerate(self.data.messages):
            if progress and index % 200 == 0:
                progress()
            stage = stage_label(message.get("stage"), self.lang)
            role = _role(message.get("sender_role"), self.lang)
            meta = f"{self.when(message['sent_at'])}  {sender_label(message, self.lang, self.m)}（{role}）"
            if stage:
                meta += f"  [{stage}]"
            self.para(meta, size=8, color=_GREY, h=4.4)
            agreement = agreed.get(message.get("id"))
            fill = _AGREEMENT_FILL if agreement else None
            if agreement:
                self.para(
                    self.tr(
                        "agreement_line",
                        kind=label("agreement", agreement.get("kind"), self.lang),
                        text=self.m.text(agreement.get("text")) or "",
                    ),
                    fill=fill,
                    h=5,
                )
            note = correction_note(message, self.lang, self.m)
            if note:
                self.para(note, size=9, color=_NOTE_RED, h=5)
                # struck through: withdrawn or moved, still shown
                self.para(self.m.text(message.get("text")) or "", size=9.5, color=_GREY, h=5, style="S")
            else:
                self.para(self.m.text(message.get("text")) or "", size=9.5, fill=fill, h=5)
            for attachment in by_message.get(message.get("id"), []):
                self.attachment_item(attachment)
            self.pdf.ln(1.2)

    def agreements(self) -> None:
        if not self.data.agreements:
            return
        self.heading(self.tr("section_agreements"))
        for agreement in self.data.agreements:
            self.para(
                f"{self.when(agreement.get('agreed_at'))}  "
                + self.tr(
                    "agreement_line",
                    kind=label("agreement", agreement.get("kind"), self.lang),
                    text=self.m.text(agreement.get("text")) or "",
                ),
                fill=_AGREEMENT_FILL,
                h=6,
            )
            self.pdf.ln(1)

    def work_orders_and_events(self) -> None:
        d, m = self.data, self.m
        if d.work_orders:
            self.heading(self.tr("section_work_orders"))
            for wo in d.work_orders:
                self.para(
                    f"{self.when(wo.get('opened_at'))}  "
                    + self.tr(
                        "event_work_order",
                        kind=label("work", wo.get("kind"), self.lang),
                        due=self.when(wo.get("due_at")),
                    )
                )
                if wo.get("answered_at"):
                    self.para(
                        f"{self.when(wo.get('answered_at'))}  "
                        + self.tr("event_work_order_answered", answer=m.text(wo.get("answer")) or "")
                    )
        if d.help_events:
            self.heading(self.tr("section_events"))
            for event in d.help_events:
                self.para(
                    f"{self.when(event.get('at'))}  "
                    + self.tr(
                        "event_help",
                        kind=label("help", event.get("kind"), self.lang),
                        reason=label("reason", event.get("reason"), self.lang),
                        note=m.text(event.get("note")) or "",
                    )
                )
        if d.commitments:
            self.heading(self.tr("section_commitments"))
            for c in d.commitments:
                self.para(
                    f"{self.when(c.get('due_at'))}  "
                    + self.tr(
                        "event_commitment",
                        kind=label("commitment", c.get("kind"), self.lang),
                        text=m.text(c.get("text")) or "",
                    )
                )

    def notes(self) -> None:
        if not self.data.notes:
            return
        self.heading(self.tr("section_notes"))
        for note in self.data.notes:
            self.para(
                f"{self.when(note.get('at'))}  {self.m.text(note.get('author')) or ''}: "
                f"{self.m.text(note.get('text')) or ''}"
            )

    def attachments(self) -> None:
        if not self.data.attachments:
            return
        self.heading(self.tr("section_attachments"))
        for attachment in self.data.attachments:
            # Images already shown beside their chat message are listed, not drawn twice.
            shown = (
                attachment.message_id is not None
                and "chat" in self.r.include
                and any(msg.get("id") == attachment.message_id for msg in self.data.messages)
            )
            if shown:
                self.para(self.attachment_line(attachment), size=8.5)
            else:
                self.attachment_item(attachment)

    def attachment_line(self, attachment: AttachmentSource) -> str:
        member = self.r.members.get(attachment.sha256, "-")
        return self.tr("attachment_line", name=self.m.text(attachment.original_name) or "", member=member)

    def attachment_item(self, attachment: AttachmentSource) -> None:
        self.para(self.attachment_line(attachment), size=8.5, color=(30, 60, 110))
        if not attachment.is_image or attachment.path is None or "attachments" not in self.r.include:
            return
        member = self.r.members.get(attachment.sha256, "-")
        try:
            self.image(attachment)
        except Exception:  # noqa: BLE001 - a broken screenshot must not stop the whole report
            self.para(self.tr("image_unreadable", member=member), size=8.5, color=_GREY)

    def image(self, attachment: AttachmentSource) -> None:
        pdf = self.pdf
        with PILImage.open(attachment.path) as picture:  # Pillow refuses decompression bombs
            pixel_w, pixel_h = picture.size
            picture.verify()
        ratio = pixel_h / pixel_w if pixel_w else 1.0
        width = _IMAGE_MAX_W
        height = width * ratio
        if height > _IMAGE_MAX_H:
            height = _IMAGE_MAX_H
            width = height / ratio
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()
        top = pdf.get_y()
        pdf.image(str(attachment.path), x=pdf.l_margin, y=top, w=width, h=height)
        pdf.set_y(top + height + 2)

    def integrity(self) -> None:
        """The last page: how anyone checks each file with tools every computer has, in Chinese
        and English whatever the report's language, and what the bundle proves and does not."""
        pdf = self.pdf
        pdf.add_page()
        self.heading(self.tr("section_integrity"))
        for lang in ("zh", "en"):
            self.para(t("bundle.integrity_howto", lang), size=9)
            self.para("    Windows:       certutil -hashfile <file> SHA256", size=8.5, color=_GREY, h=4.6)
            self.para("    macOS / Linux: shasum -a 256 <file>", size=8.5, color=_GREY, h=4.6)
            pdf.ln(1.5)
        for entry in self.r.files:
            self.para(entry["path"], size=8.5, h=4.5)
            self.para(f"  SHA-256 {entry['sha256']}  ({entry['size']} bytes)", size=7.5, color=_GREY, h=4.2)
        pdf.ln(3)
        if self.data.chain_head:
            text = self.tr("chain_head", count=len(self.data.chain), head=self.data.chain_head)
        else:
            text = self.tr("chain_empty")
        self.para(text, size=9, fill=(236, 236, 236), h=5.5)
        log_head = self.data.head_log_head
        if log_head:
            self.para(self.tr("head_log_head", n=log_head["n"], hash=log_head["hash"]), size=8.5, h=5)
        anchor = self.data.head_log_anchor
        if anchor and "gen_time" in anchor:
            at = datetime.fromtimestamp(anchor["gen_time"], UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            seq = next((e["seq"] for e in self.data.head_log_entries if e["n"] == anchor["from_n"]), 0)
            self.para(
                self.tr(
                    "anchor_line",
                    n=anchor["n"],
                    authority=anchor["authority"],
                    at=at,
                    url=anchor["tsa_url"],
                    seq=seq,
                ),
                size=8.5,
                h=5,
            )
        else:
            self.para(self.tr("anchor_none"), size=8.5, h=5)
        pdf.ln(2)
        for lang in ("zh", "en"):
            self.para(t("bundle.what_it_proves", lang), size=8.5, h=4.6)
            pdf.ln(1)


def _role(role: str | None, lang: str) -> str:
    return label("role", role, lang)
