"""Driving the app with keys in Pilot tests.

`pilot.press()` drops CJK punctuation (「。」「、」 arrive with no character) and costs ~65 ms a
key, so text is delivered as key events posted to the app, the way a terminal delivers them.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.pilot import Pilot

SPECIAL_KEYS = {" ": "space", "?": "question_mark"}


async def type_text(pilot: Pilot[object], text: str) -> None:
    app: App[object] = pilot.app
    for char in text:
        app.post_message(events.Key(SPECIAL_KEYS.get(char, char), char))
    await pilot.pause()


async def replace_text(pilot: Pilot[object], text: str) -> None:
    """Clear the focused Input (End, then delete to the start) and type `text`."""
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, text)


def screen_lines(app: App[object]) -> list[str]:
    """The text on the terminal as the user sees it now, one string a row (wide characters
    take one place each, as they are read)."""
    from rich.segment import Segment

    lines: list[str] = []
    for strip in app.screen._compositor.render_strips():
        lines.append("".join(text for text, _, control in strip if not control))
    del Segment
    return lines
