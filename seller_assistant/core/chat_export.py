"""An order's chat as chat.txt (pasted-record layout platforms accept) and chat.html (escaped)."""

from __future__ import annotations

import html
from datetime import tzinfo

from seller_assistant.core.clock import format_local
from seller_assistant.core.i18n import t
from seller_assistant.core.masking import NO_MASKING, Masker
from seller_assistant.core.visible_text import show_controls


def sender_label(message: dict, lang: str, masker: Masker = NO_MASKING) -> str:
    name = show_controls(masker.text(message.get("sender_name") or "")) or ""
    role = message.get("sender_role") or ""
    if name:
        return name
    try:
        return t(f"bundle.role_{role}", lang)
    except KeyError:
        return role


def stage_label(stage: str | None, lang: str) -> str:
    if not stage:
        return ""
    try:
        return t(f"bundle.stage_{stage}", lang)
    except KeyError:
        return stage


def correction_note(message: dict, lang: str, masker: Masker = NO_MASKING) -> str | None:
    """The line saying a message was withdrawn (with the shop's reason) or moved to another order."""
    withdrawn = message.get("withdrawn")
    if withdrawn:
        key = "bundle.superseded_mark" if withdrawn.get("kind") == "superseded" else "bundle.withdrawn_mark"
        return t(key, lang, reason=masker.text(withdrawn.get("reason")) or "")
    if message.get("moved_to"):
        return t("bundle.moved_mark", lang, order_no=message["moved_to"])
    return None


def chat_text(
    messages: list[dict],
    header: str,
    tz: tzinfo,
    lang: str,
    masker: Masker = NO_MASKING,
    attachment_lines: dict[int, list[str]] | None = None,
) -> str:
    """`nickname (2026-11-20 14:03:22):` then the text, a blank line between messages, like Qianniu."""
    attachment_lines = attachment_lines or {}
    lines = [header, ""]
    if not messages:
        lines.append(t("bundle.no_messages", lang))
    for message in messages:
        when = format_local(message["sent_at"], tz, with_seconds=True)
        lines.append(f"{sender_label(message, lang, masker)} ({when}):")
        note = correction_note(message, lang, masker)
        if note:
            lines.append(note)
        lines.extend(show_controls(masker.text(message.get("text")) or "").splitlines() or [""])
        lines.extend(attachment_lines.get(message.get("id"), []))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_CSS = """
body { font-family: "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif; max-width: 46em;
       margin: 2em auto; color: #222; }
.msg { margin: .6em 0; padding: .4em .7em; border-radius: 6px; background: #f3f3f3; }
.msg.staff { background: #e6f1ff; } .msg.platform { background: #fff4d6; } .msg.system { background: #eee; }
.meta { font-size: 85%; color: #666; } .text { white-space: pre-wrap; } .stage { color: #a60; }
.att { font-size: 85%; color: #245; }
.note { font-weight: bold; color: #a00; } del { color: #777; }
"""


def chat_html(
    messages: list[dict],
    header: str,
    tz: tzinfo,
    lang: str,
    masker: Masker = NO_MASKING,
    attachment_lines: dict[int, list[str]] | None = None,
) -> str:
    """A self-contained page; every piece of shop data goes through html.escape."""
    attachment_lines = attachment_lines or {}
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{esc(header)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(header)}</h1>",
    ]
    if not messages:
        parts.append(f"<p>{esc(t('bundle.no_messages', lang))}</p>")
    for message in messages:
        role = message.get("sender_role") or ""
        css_role = role if role in ("buyer", "staff", "platform", "system") else "buyer"
        when = format_local(message["sent_at"], tz, with_seconds=True)
        stage = stage_label(message.get("stage"), lang)
        parts.append(f'<div class="msg {css_role}"><div class="meta">')
        parts.append(f"<b>{esc(sender_label(message, lang, masker))}</b> {esc(when)}")
        if stage:
            parts.append(f' <span class="stage">[{esc(stage)}]</span>')
        parts.append("</div>")
        note = correction_note(message, lang, masker)
        text = esc(show_controls(masker.text(message.get("text")) or ""))
        if note:
            parts.append(f'<div class="note">{esc(note)}</div>')
            text = f"<del>{text}</del>"
        parts.append(f'<div class="text">{text}</div>')
        for line in attachment_lines.get(message.get("id"), []):
            parts.append(f'<div class="att">{esc(line)}</div>')
        parts.append("</div>")
    parts.append("</body></html>\n")
    return "".join(parts)
