"""Waiting for the window to open as a person does: its Today page in place of the placeholder."""

from __future__ import annotations


def wait_until_open(qtbot, window, timeout: int = 10_000) -> None:
    """The window paints first with Today's placeholder; the page, the tray and its notifier follow
    in later turns of the event loop (ui/window_opening.py). Fails if either never comes."""
    qtbot.waitUntil(
        lambda: (
            window.pages.is_built("today")
            and window.stack.currentWidget() is window.pages["today"]
            and window.notifier is not None
        ),
        timeout=timeout,
    )
