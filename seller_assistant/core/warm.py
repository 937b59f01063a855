"""Reads ahead of need what the window reads on first use (reply rules and templates, the intent
model, the message catalogues, the time zone names), so a worker pays for it instead of the GUI thread."""

from __future__ import annotations

from seller_assistant.core.errors import UserError

CATALOGUES = ("orders", "replies", "risk", "shops", "evidence")


def warm_caches() -> None:
    """Fill the loaders' caches. A file that cannot be read is left for its first real use, which
    names it to the shop: warming up has no one to tell."""
    from seller_assistant.core import clock, i18n, intents, playbook, reply_guard, situation

    loaders = [
        clock.zone_names,
        reply_guard.load_rules,
        playbook.load_templates,
        intents.base_model,
        intents.default_lexicon,
        situation.second_need_phrases,
    ]
    loaders.append(lambda: i18n.preload(*CATALOGUES))
    for load in loaders:
        try:
            load()
        except (UserError, ValueError, OSError):
            pass
