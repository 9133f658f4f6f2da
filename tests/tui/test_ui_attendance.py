"""The 出欠 screen: 「委員名簿から」 (Ctrl+B) adds the members in office on the day and names
any the roll refuses instead of crashing; the quorum counts the members in office."""

from __future__ import annotations

from pathlib import Path

from pia_meeting.core.model import Attendance, Meeting, Member, Side
from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.attendance import AttendanceScreen
from tests.support.ui_helpers import type_text

BOARD = "北九州市個人情報保護審査会"


def make_meeting(path: Path, *, date: str | None = "2021-11-09") -> int:
    store = Store(path)
    board = store.board_named(BOARD)
    for name, role, start, end in [
        ("時枝", "会長", "2020-04-01", None),
        ("姜", "委員", "2020-04-01", None),
        ("重永", "委員", None, None),
        ("日高", "副会長", "2019-04-01", "2021-11-09"),  # the meeting day is the last day
        ("前田", "委員", "2018-04-01", "2021-03-31"),  # retired before the meeting
        ("新井", "委員", "2021-12-01", None),  # appointed after it
    ]:
        store.add_member(
            Member(board_id=board.id, name=name, role=role, in_office_from=start, in_office_to=end)
        )
    meeting = store.create_meeting(Meeting(board_id=board.id, number=15, date=date))
    # The chair of the day was entered by hand under another name: a second 会長 is refused.
    store.add_attendee(
        Attendance(meeting_id=meeting.id, side=Side.MEMBER, name="[b]松木[/b]", title="会長")
    )
    store.close()
    return meeting.id or 0


def roll(db: Path, meeting_id: int) -> list[tuple[str, str]]:
    store = Store(db)
    try:
        return [(p.name, p.title) for p in store.attendance(meeting_id)]
    finally:
        store.close()


def messages(app: PiaMeetingApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_from_the_board_skips_a_second_chair_and_adds_the_rest(db: Path) -> None:
    meeting_id = make_meeting(db)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, AttendanceScreen)
        quorum = str(app.screen.query_one("#quorum").render())
        # Four members in office on the day (時枝, 姜, 重永, 日高), one on the roll so far.
        assert "委員4名中1名出席(定足数3名に満たない)" in quorum
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)  # still running, same screen
        shown = messages(app)
        assert any(
            "委員名簿から3名を追加しました" in m and "時枝会長" in m and "会長は既に登録" in m
            for m in shown
        ), shown
        quorum = str(app.screen.query_one("#quorum").render())
        assert "委員4名中4名出席(定足数を満たす)" in quorum
    assert roll(db, meeting_id) == [
        ("[b]松木[/b]", "会長"),
        ("姜", "委員"),
        ("重永", "委員"),
        ("日高", "副会長"),
    ]


async def test_without_a_date_only_members_with_no_end_of_term_are_added(db: Path) -> None:
    meeting_id = make_meeting(db, date=None)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+b")
        await pilot.pause()
    # 時枝 refused as a second 会長; 日高 and 前田 have an end of term; 新井 has none.
    assert roll(db, meeting_id) == [
        ("[b]松木[/b]", "会長"),
        ("姜", "委員"),
        ("重永", "委員"),
        ("新井", "委員"),
    ]


async def test_a_name_that_looks_like_markup_is_shown_as_typed(db: Path) -> None:
    meeting_id = make_meeting(db)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=3)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, AttendanceScreen)
        screen.query_one("#roll").focus()
        await pilot.press("enter")  # edit the first on the roll
        await pilot.pause()
        assert str(screen.query_one("#form-title").render()) == "編集中: [b]松木[/b]会長"
        await pilot.press("end")
        await type_text(pilot, "[")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("[b]松木[/b][会長を更新しました" in m for m in messages(app)), messages(app)
