"""審査会の設定: choosing the minutes style shows the current meeting's first page in it, at
80×24; a Word template that is not a .docx is said at the field; 会議情報 takes an unknown
observers count and 「令和元年度第2回」."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input

from pia_meeting.core.model import Meeting
from pia_meeting.services.demo import load_demo
from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.board import BoardScreen
from pia_meeting.tui.screens.meeting_info import MeetingInfoScreen
from pia_meeting.tui.widgets.field import Field
from tests.support.ui_helpers import replace_text, type_text


def demo(db: Path) -> int:
    store = Store(db)
    meeting_id = load_demo(store)
    store.close()
    return meeting_id


def preview(app: PiaMeetingApp) -> str:
    return str(app.screen.query_one("#style-preview").render())


async def test_choosing_a_style_shows_the_first_page_in_it(db: Path) -> None:
    meeting_id = demo(db)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert "日 時" in preview(app) and "場 所" in preview(app)
        await pilot.press("tab")  # 審査会名 → 書式
        await pilot.press("enter")
        names = [entry.name for entry in app.screen.catalogue]
        for _ in range(names.index("diamond-keys")):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        shown = preview(app)
        assert "◇日時" in shown and "第8回 みなと川市個人情報保護審査会 会議の概要" in shown
        assert str(app.screen.query_one("#label_style").value) == "maru"  # the style's own
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingInfoScreen)
    store = Store(db)
    board = store.get_board(store.get_meeting(meeting_id).board_id or 0)
    store.close()
    assert (board.minutes_style, board.label_style) == ("diamond-keys", "maru")


async def test_a_template_that_is_not_a_docx_is_said_at_the_field(db: Path) -> None:
    meeting_id = demo(db)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+b")
        await pilot.pause()
        app.screen.query_one("#word_template", Input).focus()
        await type_text(pilot, "様式.dotx")
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#field-word_template", Field).error.render())
        assert ".docx ファイルを指定してください" in error
    store = Store(db)
    assert store.get_board(store.get_meeting(meeting_id).board_id or 0).word_template == ""
    store.close()


async def test_meeting_info_takes_unknown_observers_and_the_nendo(db: Path) -> None:
    store = Store(db)
    board = store.board_named("審査会")
    meeting = store.create_meeting(
        Meeting(board_id=board.id, number=1, date="2019-11-07", observers=3)
    )
    store.close()
    app = PiaMeetingApp(db, meeting_id=meeting.id, step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#number", Input).focus()
        await replace_text(pilot, "令和元年度第2回")
        await pilot.press("enter")
        app.screen.query_one("#observers", Input).focus()
        await replace_text(pilot, "")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#number", Input).value == "2"
    store = Store(db)
    saved = store.get_meeting(meeting.id or 0)
    store.close()
    assert (saved.number, saved.observers) == (2, None)


async def test_the_anonymising_setting_shows_only_where_it_has_an_effect(db: Path) -> None:
    """「委員を匿名で表記」 changes labels by department only; the 任期開始 example is this
    年度's first day, not a fixed date (issue 18, item 16)."""
    meeting_id = demo(db)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+b")
        await pilot.pause()
        row = app.screen.query_one("#anonymise-row")
        assert row.display  # the reference's style: (審査会委員)
        await pilot.press("tab", "enter")  # 書式
        names = [entry.name for entry in app.screen.catalogue]  # type: ignore[attr-defined]
        for _ in range(names.index("angle-labels")):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert not row.display  # 〈時枝会長〉 whatever the setting
        today = dt.date.today()
        year = today.year if today.month >= 4 else today.year - 1
        placeholder = app.screen.query_one("#member_from", Input).placeholder
        assert placeholder == f"例: {year}-04-01"
