"""How a background job opens its own store connection without holding on to any Qt object."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from seller_assistant.store import Store
from seller_assistant.ui.context import AppContext, open_window_store


def worker_store_opener(ctx: AppContext) -> Callable[[], Store]:
    """A job runs on a pool thread: if it kept a widget or the context alive and dropped the last
    reference there, Qt would destroy the object off the GUI thread. So jobs get this plain function
    (address, mode, desk and its staff member only) instead of `ctx.open_worker_store`."""
    return partial(open_window_store, ctx.location, ctx.read_only, ctx.store.desk, ctx.store.staff)
