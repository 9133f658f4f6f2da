"""The 検索 screen and the side panel's search widget: keys, hits, and opening a hit."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.message import Message

from pia_meeting.core.model import (
    Entry,
    EntryKind,
)
from pia_meeting.services.search import make_snippet, search
from pia_meeting.store.facade import Store
from pia_meeting.store.fts import normalise
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.messages import OpenMeeting
from pia_meeting.tui.screens.capture import CaptureScreen, EntryLog
from pia_meeting.tui.screens.meetings import MeetingListScreen
from pia_meeting.tui.screens.search import SearchScreen
from pia_meeting.tui.widgets.search_panel import SearchPanel, SearchResults, fit_snippet
from tests.support.ui_helpers import type_text


def test_a_snippet_fits_one_line_and_keeps_the_match_in_view() -> None:
    snippet = make_snippet("前置き" * 10 + "再委託" + "後の文" * 30, [normalise("再委託")])
    line = fit_snippet(snippet, 30)
    assert ("再委託", True) in line
    assert sum(cell_len(text) for text, _ in line) <= 30
    assert line[0][0].startswith("…") and line[-1][0].endswith("…")
    assert fit_snippet([("短い", False), ("再委託", True)], 30) == [
        ("短い", False),
        ("再委託", True),
    ]


async def test_search_screen_opens_the_meeting_at_the_entry(archive_db: Path) -> None:
    store = Store(archive_db)
    expected = next(h for h in search(store, "再委託"))
    # A long meeting after the hit: it is far above the end of the log.
    for n in range(40):
        store.add_entry(
            Entry(
                meeting_id=expected.meeting_id,
                agenda_item_id=expected.agenda_item_id,
                kind=EntryKind.EXPLANATION,
                text=f"資料の{n + 1}ページ目について説明する。",
            )
        )
    store.close()
    app = PiaMeetingApp(archive_db)
    asked: list[OpenMeeting] = []

    def hook(message: Message) -> None:
        if isinstance(message, OpenMeeting):
            asked.append(message)

    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        assert isinstance(app.screen, MeetingListScreen)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        panel = app.screen.query_one(SearchPanel)
        assert panel.query_input.has_focus

        # A bad year is shown at once, in Japanese; nothing is searched.
        app.screen.query_one("#search-year").focus()
        await type_text(pilot, "令和")
        await pilot.press("ctrl+f")
        await type_text(pilot, "委託")
        await pilot.press("enter")
        await pilot.pause()
        assert "年として読めません" in str(panel.status.render())
        assert "-error" in panel.status.classes

        app.screen.query_one("#search-year").focus()
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "R3")
        await pilot.press("ctrl+f", "end", "ctrl+u")
        await type_text(pilot, "再委託")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one(SearchResults)
        assert results.option_count == 1
        assert results.has_focus
        assert "第15回" in str(results.get_option_at_index(0).prompt)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        assert app.session is not None and app.session.meeting_id == expected.meeting_id
        assert [(m.meeting_id, m.entry_id, m.step) for m in asked] == [
            (expected.meeting_id, expected.entry_id, 4)
        ]
        log = app.screen.query_one("#log", EntryLog)
        assert log.highlighted is not None
        assert log.get_option_at_index(log.highlighted).id == str(expected.entry_id)
        await pilot.pause()
        # And it is in sight, not only under a cursor somewhere above the screen.
        text = next(e.text for e in app.screen.capture.bundle.entries if e.id == expected.entry_id)  # type: ignore[attr-defined]
        area = log.region
        rows = app.screen._compositor.render_strips()[area.y : area.bottom]
        shown = "".join(row.crop(area.x, area.right).text.strip() for row in rows)
        assert text[:12] in shown


async def test_search_screen_closes_with_escape_and_opens_from_the_palette(
    archive_db: Path,
) -> None:
    app = PiaMeetingApp(archive_db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_search()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        app.action_search()  # not twice
        assert sum(isinstance(s, SearchScreen) for s in app.screen_stack) == 1
        await type_text(pilot, "存在しない語句")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one(SearchPanel)
        assert "該当する発言はありません" in str(panel.status.render())
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingListScreen)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "検索" in commands
