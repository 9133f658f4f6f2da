"""会議一覧: its columns, the list widget, the first frame, and the keys on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from pia_meeting.core.text import display_width
from pia_meeting.store.facade import Store
from pia_meeting.store.integrity import BackgroundCheck
from pia_meeting.store.listing import MeetingListRow
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.columns import align_columns
from pia_meeting.tui.screens.meetings import FIRST_SCREENFUL, MeetingListScreen
from pia_meeting.tui.widgets.line_list import LineList
from tests.support.meetings import LIST_TITLE, fill_archive
from tests.support.terminal import Terminal

TITLE = LIST_TITLE


def _row(number: int, board: str = "審査会", title: str = TITLE, count: int = 3) -> MeetingListRow:
    return MeetingListRow(
        meeting_id=number,
        number=number,
        date="2021-11-09",
        status="閉会",
        board_name=board,
        agenda_title=title,
        entry_count=count,
    )


def test_columns_line_up_in_display_cells_and_lines_fit(tmp_path: Path) -> None:
    rows = [_row(9, count=7), _row(10, count=120), _row(100, title="短い議題")]
    header, lines = align_columns(rows, 60)
    starts = {line.index("令和") for line in lines}
    assert len({display_width(line[: line.index("令和")]) for line in lines}) == 1, starts
    assert all(display_width(line) <= 60 for line in [header, *lines])
    assert lines[0].endswith("…") and lines[2].endswith("短い議題")
    # counts are right-aligned under 記録
    ends = {display_width(line[: line.index("件") + 1]) for line in lines}
    assert len(ends) == 1
    assert "審査会" not in header  # one board: no column for it


def test_the_board_column_appears_with_a_second_board() -> None:
    header, lines = align_columns([_row(1, board="A審査会"), _row(2, board="B審査会")], 120)
    assert "審査会" in header
    assert "A審査会" in lines[0] and "B審査会" in lines[1]


async def test_a_long_archive_is_listed_in_full_after_the_first_screenful(tmp_path: Path) -> None:
    path = tmp_path / "pia_meeting.db"
    count = FIRST_SCREENFUL + 15
    fill_archive(path, count, boards=2)
    app = PiaMeetingApp(path, checked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        listing = app.screen.query_one("#meetings", LineList)
        assert listing.row_count == count
        assert listing.cursor == 0
        texts = [text for _, text in listing.rows]
        assert texts[0].startswith(f"第{count}回")  # newest first
        assert texts[-1].startswith("第1回 ")
        assert all(display_width(text) <= 80 - 2 for text in texts)  # a cell of margin each side
        assert "審査会" in str(app.screen.query_one("#meetings-header").render())
        # the store is not opened to show the list
        assert app._store is None


async def test_lines_are_cut_again_when_the_terminal_widens(tmp_path: Path) -> None:
    path = tmp_path / "pia_meeting.db"
    fill_archive(path, 3)
    app = PiaMeetingApp(path, checked=True)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#meetings", LineList)
        listing.cursor = 1
        narrow = listing.rows[0][1]
        assert narrow.endswith("…")
        await pilot.resize_terminal(140, 24)
        await pilot.pause()
        wide = listing.rows[0][1]
        assert wide.endswith(TITLE)
        assert listing.cursor == 1  # the selection stays where it was
        assert isinstance(app.screen, MeetingListScreen)


def _header(app: PiaMeetingApp) -> str:
    return str(app.screen.query_one("#meetings-header").render())


async def test_keys_move_through_a_list_longer_than_the_screen(tmp_path: Path) -> None:
    path = tmp_path / "pia_meeting.db"
    fill_archive(path, 50)
    app = PiaMeetingApp(path, checked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#meetings", LineList)
        in_view = listing.size.height
        assert 10 < in_view < 50
        assert _header(app).rstrip().endswith("1/50件")

        await pilot.press("end")
        assert listing.highlighted_id == listing.rows[-1][0]
        assert listing.rows[-1][1].startswith("第1回 ")
        assert listing.first_in_view == 50 - in_view  # the last row is drawn, at the bottom
        assert _header(app).rstrip().endswith("50/50件")
        assert "第1回" in app.screen.query_one("#meetings").render_line(in_view - 1).text

        await pilot.press("pageup")
        assert listing.cursor == 49 - (in_view - 1)
        await pilot.press("home")
        assert listing.cursor == 0 and listing.first_in_view == 0
        await pilot.press("up")  # already at the top: stays
        assert listing.cursor == 0
        for _ in range(in_view):
            await pilot.press("down")
        assert listing.cursor == in_view
        assert listing.first_in_view == 1  # scrolled by one row to keep the cursor in view
        assert _header(app).rstrip().endswith(f"{in_view + 1}/50件")


async def test_the_wheel_scrolls_and_a_click_opens_the_meeting(tmp_path: Path) -> None:
    path = tmp_path / "pia_meeting.db"
    ids = fill_archive(path, 40)
    app = PiaMeetingApp(path, checked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#meetings", LineList)
        await pilot._post_mouse_events([events.MouseScrollDown], listing, offset=(5, 2))
        await pilot._post_mouse_events([events.MouseScrollDown], listing, offset=(5, 2))
        await pilot.pause()
        assert listing.first_in_view == 6
        assert listing.cursor == 6  # the cursor stays in view
        # A click on the third row in view opens that meeting (newest first: ids reversed).
        await pilot.click(listing, offset=(5, 2))
        await pilot.pause()
        assert app.session is not None and app.session.meeting_id == list(reversed(ids))[8]
        assert not isinstance(app.screen, MeetingListScreen)
        # Back at step 1, the list is the screen at the bottom of the stack (drawn with the
        # app's first frame, not pushed after it), and the meeting is still under the cursor.
        app.goto(1)
        await pilot.pause()
        assert app.screen_stack == [app.screen]
        assert isinstance(app.screen, MeetingListScreen)
        assert app.screen.query_one("#meetings", LineList).cursor == 8


async def test_after_the_terminal_gets_shorter_the_rows_shown_are_the_rows_clicked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pia_meeting.db"
    fill_archive(path, 40)
    app = PiaMeetingApp(path, checked=True)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#meetings", LineList)
        for _ in range(20):
            await pilot.press("down")
        await pilot.resize_terminal(80, 12)
        await pilot.pause()
        on_screen = [strip.text for strip in app.screen._compositor.render_strips()]
        assert any("第20回" in line for line in on_screen)  # the cursor's row stays in view
        top_id, top_text = listing.rows[listing.first_in_view]
        assert on_screen[listing.region.y].strip().startswith(top_text.split()[0])
        await pilot.click(listing, offset=(5, 0))
        await pilot.pause()
        assert app.session is not None and app.session.meeting_id == int(top_id)


async def test_an_empty_archive_shows_the_welcome_and_no_list(tmp_path: Path) -> None:
    app = PiaMeetingApp(tmp_path / "pia_meeting.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#welcome").display
        assert not app.screen.query_one("#meetings").display
        await pilot.press("enter", "down", "end")  # nothing to open or move to: no error
        assert isinstance(app.screen, MeetingListScreen)
        assert app.screen.query_one("#meetings", LineList).highlighted_id is None


async def test_what_waits_for_the_first_frame_runs_once_it_is_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rest of the list and the integrity check wait for `Ready` (the first frame), and
    then run without anything else asking for them."""
    path = tmp_path / "pia_meeting.db"
    fill_archive(path, FIRST_SCREENFUL + 5)
    seen: list[str] = []
    read_all = MeetingListScreen.refresh_rows
    monkeypatch.setattr(
        MeetingListScreen,
        "refresh_rows",
        lambda screen, *args: (seen.append("rest of the list"), read_all(screen, *args))[1],
    )
    ready = PiaMeetingApp.on_ready
    monkeypatch.setattr(
        PiaMeetingApp, "on_ready", lambda app: (seen.append("ready"), ready(app))[1]
    )
    check = BackgroundCheck(path, start=False)
    start_check = check.start
    monkeypatch.setattr(check, "start", lambda: (seen.append("check"), start_check())[1])

    app = PiaMeetingApp(path, integrity=check)
    async with app.run_test(size=(80, 24)) as pilot:
        listing = app.screen.query_one("#meetings", LineList)
        for _ in range(100):  # up to 5 s on a slow machine; nothing here asks for the rest
            if listing.row_count == FIRST_SCREENFUL + 5 and len(seen) == 3:
                break
            await pilot.pause(0.05)
        assert listing.row_count == FIRST_SCREENFUL + 5
        assert sorted(seen[1:]) == ["check", "rest of the list"]
        assert seen[0] == "ready"
        check.result()
        assert check.passed
        assert app._store is None  # nothing opened the store for writing on its own


def test_the_first_frame_on_the_terminal_lists_the_meetings(tmp_path: Path) -> None:
    """Start-up (SPEC §9), in a real terminal: the frame that first shows the list's header
    already has the newest meeting in it. (A screen pushed while the app starts was drawn
    inside Textual's start batch and reached the terminal in pieces, the rows last.)"""
    path = tmp_path / "pia_meeting.db"
    fill_archive(path, FIRST_SCREENFUL + 5)
    term = Terminal(path, columns=80, lines=24)  # a frame smaller than the terminal's buffer
    try:
        seen = term.first_shown_with("議題")
        assert f"第{FIRST_SCREENFUL + 5}回" in seen
        term.wait_for(f"1/{FIRST_SCREENFUL + 5}件")  # then the rest of the list is read
        term.send(b"\x11")  # Ctrl+Q
        assert term.process.wait(timeout=10) == 0
    finally:
        term.close()


async def test_deleting_a_meeting_names_it_and_enter_does_not_say_yes(tmp_path: Path) -> None:
    from pia_meeting.tui.screens.confirm import ConfirmScreen

    path = tmp_path / "pia_meeting.db"
    fill_archive(path, 3, boards=2)
    app = PiaMeetingApp(path, checked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question
        assert "第3回" in question and "審査会" in question and "平成22年4月4日" in question
        # All of it on screen, wrapped in the dialog rather than cut.
        screen_text = "".join(row.text.strip() for row in app.screen._compositor.render_strips())
        assert "の会議を削除しますか?" in screen_text.replace("█", "").replace(" ", "")
        await pilot.press("enter")  # an Enter meant to open the meeting: いいえ
        await pilot.pause()
        assert isinstance(app.screen, MeetingListScreen)
        assert app.screen.query_one("#meetings", LineList).row_count == 3
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.query_one("#meetings", LineList).row_count == 2


async def test_the_next_step_from_the_list_opens_the_meeting_under_the_cursor(
    tmp_path: Path,
) -> None:
    from pia_meeting.tui.screens.meeting_info import MeetingInfoScreen

    path = tmp_path / "pia_meeting.db"
    ids = fill_archive(path, 3)
    app = PiaMeetingApp(path, checked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "alt+right")
        await pilot.pause()
        assert isinstance(app.screen, MeetingInfoScreen)
        assert (
            app.session is not None and app.session.meeting_id == ids[1]
        )  # newest first: the second row is the second newest


def test_with_several_boards_the_agenda_title_still_shows_at_80_columns() -> None:
    rows = [
        MeetingListRow(
            meeting_id=n,
            number=n,
            date="2021-11-09",
            status="閉会",
            board_name=board,
            agenda_title=TITLE,
            entry_count=12,
        )
        for n, board in enumerate(
            ("みなと川市個人情報保護審査会", "架空町情報公開・個人情報保護審査会")
        )
    ]
    header, lines = align_columns(rows, 78)
    assert "審査会" in header and "議題" in header
    for line in lines:
        assert TITLE[:6] in line  # the agenda title begins on every line
        assert display_width(line) <= 78
    assert "みなと川市" in lines[0] and "架空町" in lines[1]


async def test_the_import_prompt_shows_a_summary_a_file(tmp_path: Path) -> None:
    from tests.support.paths import SHARED

    path = tmp_path / "list.db"
    Store(path).close()
    specimen = SHARED / "specimens" / "03-diamond-keys.txt"
    app = PiaMeetingApp(path, checked=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("Input").value = f"{specimen} {tmp_path / 'none.pdf'}"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert any(
            m.startswith("03-diamond-keys.txt: 会議ID") and "出席者 15名" in m for m in shown
        )
        assert any("取り込めなかったファイル(1件)" in m for m in shown)
        rows = [text for _, text in app.screen.query_one("#meetings").rows]  # type: ignore[attr-defined]
        assert any("第84回" in row for row in rows)
