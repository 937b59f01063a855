"""Reply templates: load and check them, choose the ones that fit, fill them with supplied facts only."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.lexicon import INTENTS
from seller_assistant.core.limits import read_data_file
from seller_assistant.core.situation import SITUATIONS

HABITS = ("communicate", "negotiate", "act_fast")
# "unknown": for when nothing says whether the goods were sent (no order picked): such a reply asks.
ORDER_STATES = ("any", "unshipped", "shipped", "unknown")
PLACEHOLDERS = (
    "buyer",
    "item",
    "order_no",
    "promised_ship_at",
    "new_date",
    "tracking_no",
    "carrier",
    "refund_amount",
    "report_back_at",
    "reason",
)
# Facts only the shop can supply (the order cannot know them): the reply form asks for them and a
# reply that needs one stays a draft with a visible gap until it is given. Never guessed.
ASKED = ("reason", "new_date", "report_back_at")
# Of those, the dates it promises: each becomes a commitment of this kind when the reply is logged.
CHOSEN_DATES = {"new_date": "ship_by", "report_back_at": "report_back"}
# Why an order is late, as the shop may choose it; anything else the shop types in its own words.
REASONS = ("out_of_stock", "waiting_supplier", "courier_pickup_delayed", "made_to_order")
ACTIONS = (
    "ship_and_upload_tracking",
    "record_commitment",
    "contact_courier_and_set_reminder",
    "accept_refund",
    "offer_reship",
    "answer_work_order",
    "collect_evidence",
)
# A greeting needs no real name: "亲您好" is how Taobao shops address a buyer they do not know.
SOFT_DEFAULTS = {"buyer": {"zh": "亲", "en": "there"}, "item": {"zh": "宝贝", "en": "item"}}
MAX_REPLIES = 5


@dataclass(frozen=True)
class Template:
    id: str
    habit: str
    zh: str
    en: str
    situations: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    order_state: str = "any"
    actions: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # situations in which this template would say something untrue
    source: str = ""  # the file it came from, for error messages and the editor

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def placeholders(self, lang: str) -> list[str]:
        return _fields(self.text(lang))


@dataclass
class Reply:
    template_id: str
    habit: str
    text: str | None  # None until every needed fact is known
    needs: list[str] = field(default_factory=list)  # asked facts still missing, in the text's order
    draft: str = ""  # the text with each missing fact shown as a gap the shop can read
    actions: list[str] = field(default_factory=list)
    promises: dict[str, str] = field(default_factory=dict)  # commitment kind -> the fact it uses

    def to_json(self) -> dict:
        data = {"text": self.text, "habit": self.habit, "template_id": self.template_id}
        if self.needs:
            data["needs"] = self.needs
            data["draft"] = self.draft
        return data


def _fields(text: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def fields_in(text: str) -> list[str]:
    """The {placeholders} a text uses; ValueError when a brace stands alone."""
    return _fields(text)


def default_files() -> list[Path]:
    return sorted(paths.resource("playbook").glob("*.toml"))


def shop_templates_path(db_path: Path) -> Path:
    """A shop's own replies live beside its store, in the same format as resources/playbook/*.toml."""
    return db_path.with_name(db_path.stem + ".replies.toml")


def load_templates(extra_files: Iterable[Path] = ()) -> list[Template]:
    """Shipped templates, then the shop's own; a shop template with a shipped id replaces it."""
    by_id: dict[str, Template] = {}
    for path in [*default_files(), *[Path(p) for p in extra_files if Path(p).exists()]]:
        for template in read_template_file(path):
            by_id[template.id] = template
    return list(by_id.values())


def read_template_file(path: Path) -> list[Template]:
    """The file's templates; parsed once while the file stays the same (the reply panel asks for
    every template each time an order is picked, and parsing them all held the window)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return _parse_template_file(path)
    # The inode too: the app saves a file by renaming a new one over it.
    return list(_parsed_template_file(str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=64)
def _parsed_template_file(path: str, *_version: int) -> tuple[Template, ...]:
    return tuple(_parse_template_file(Path(path)))


def _parse_template_file(path: Path) -> list[Template]:
    try:
        data = tomllib.loads(read_data_file(path).decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UserError("{path}: not valid TOML ({problem}).", path=path, problem=exc) from None
    except RecursionError:
        raise UserError("{path}: nested too deeply to be a reply template file.", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError("{path}: cannot be read ({problem}).", path=path, problem=exc) from None
    return parse_templates(data, str(path))


def parse_templates(data: dict, source: str) -> list[Template]:
    entries = data.get("template", [])
    if not isinstance(entries, list):
        raise UserError("{source}: 'template' must be a list of [[template]] tables.", source=source)
    seen: set[str] = set()
    templates = []
    for index, entry in enumerate(entries, start=1):
        template = _check_template(entry, f"{source}: [[template]] #{index}")
        if template.id in seen:
            raise UserError("{source}: template id '{id}' appears twice.", source=source, id=template.id)
        seen.add(template.id)
        templates.append(Template(**{**template.__dict__, "source": source}))
    return templates


def _check_template(entry: dict, where: str) -> Template:
    def need_text(key: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise UserError("{where}: '{key}' must be a non-empty text.", where=where, key=key)
        return value

    def names(key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not isinstance(value, list) or any(v not in allowed for v in value):
            bad = next((v for v in value if v not in allowed), value) if isinstance(value, list) else value
            raise UserError(
                "{where}: '{key}' has '{bad}', not one of {allowed}.",
                where=where,
                key=key,
                bad=bad,
                allowed=", ".join(allowed),
            )
        return tuple(value)

    template_id = need_text("id")
    where = f"{where} ({template_id})"
    habit = entry.get("habit")
    if habit not in HABITS:
        raise UserError(
            "{where}: 'habit' must be one of {habits}, not {habit}.",
            where=where,
            habits=", ".join(HABITS),
            habit=repr(habit),
        )
    order_state = entry.get("order_state", "any")
    if order_state not in ORDER_STATES:
        raise UserError(
            "{where}: 'order_state' must be one of {states}.", where=where, states=", ".join(ORDER_STATES)
        )
    texts = {lang: need_text(lang) for lang in ("zh", "en")}
    for lang, text in texts.items():
        try:
            used = _fields(text)
        except ValueError as exc:
            raise UserError(
                "{where}: '{lang}' has a broken placeholder ({problem}).", where=where, lang=lang, problem=exc
            ) from None
        unknown = [name for name in used if name not in PLACEHOLDERS]
        if unknown:
            raise UserError(
                "{where}: '{lang}' uses unknown placeholder {placeholder}; known: {known}.",
                where=where,
                lang=lang,
                placeholder="{" + unknown[0] + "}",
                known=", ".join(PLACEHOLDERS),
            )
    situations = names("situations", SITUATIONS)
    intents = names("intents", INTENTS)
    if not situations and not intents:
        raise UserError("{where}: needs 'situations' or 'intents' to say when it fits.", where=where)
    return Template(
        template_id,
        habit,
        texts["zh"],
        texts["en"],
        situations,
        intents,
        order_state,
        names("actions", ACTIONS),
        names("unless", SITUATIONS),
    )


def choose(
    templates: list[Template],
    needs: list[str],
    situations: list[str],
    goods: bool | None,
) -> list[Template]:
    """Templates that fit, best first. `needs` are what the message asks for, main one first;
    `situations` the order's (or, with no order, what the message tells); `goods` whether the buyer
    has the goods (shipped), None when nothing says. A template for one order state is used only
    when that state is known, so nothing offers a refund for goods the buyer may not have, or a
    ship date for goods already sent; a template written for a situation only in that situation."""
    primary = situations[0] if situations else None
    ranked = []
    for position, template in enumerate(templates):
        if template.order_state != "any" and template.order_state != _goods_state(goods):
            continue
        if template.situations and not set(template.situations) & set(situations):
            continue
        if set(template.unless) & set(situations):
            continue
        score = 0
        if primary in template.situations:
            score += 4
        elif set(template.situations) & set(situations):
            score += 2
        for rank, need in enumerate(needs):
            if need in template.intents:
                score += 3 if rank == 0 else 2
        if score:
            ranked.append((-score, position, template))
    return [template for *_, template in sorted(ranked)][:MAX_REPLIES]


def _goods_state(goods: bool | None) -> str:
    return "unknown" if goods is None else "shipped" if goods else "unshipped"


def gap(name: str, lang: str) -> str:
    """How a missing fact shows in a draft: a readable blank, never a placeholder."""
    return t("replies.gap", lang, fact=t(f"replies.fact_{name}", lang))


def fill(template: Template, lang: str, facts: dict[str, str]) -> Reply:
    """The reply's text with every placeholder filled; else text None, the facts still needed and
    a draft that shows each as a gap. Only `facts` are stated: nothing is made up to fill a hole."""
    text = template.text(lang)
    values = {}
    needs = []
    for name in dict.fromkeys(_fields(text)):
        value = facts.get(name) or SOFT_DEFAULTS.get(name, {}).get(lang)
        if value:
            values[name] = value
        else:
            needs.append(name)
    promises = {kind: name for name, kind in CHOSEN_DATES.items() if name in values}
    draft = text.format(**values, **{name: gap(name, lang) for name in needs})
    filled = None if needs else draft
    return Reply(
        template.id,
        template.habit,
        filled,
        needs,
        draft=draft,
        actions=list(template.actions),
        promises=promises,
    )


# -- the template editor shows fields as labels in the shop's words, the file keeps {placeholders} ----


def field_labels(lang: str) -> dict[str, str]:
    return {name: "【" + t(f"replies.field_{name}", lang) + "】" for name in PLACEHOLDERS}


def fields_as_labels(text: str, lang: str) -> str:
    """ "{buyer}您好" -> "【买家昵称】您好": what a shop owner reads in the editor."""
    for name, label in field_labels(lang).items():
        text = text.replace("{" + name + "}", label)
    return text


def labels_as_fields(text: str, lang: str) -> str:
    """Back to the file's form. Any other 【…】 is the shop's own text and stays as written."""
    for name, label in field_labels(lang).items():
        text = text.replace(label, "{" + name + "}")
    return text
