"""Bad input in the TUI: a Japanese message at the field, nothing already saved changes, no
traceback. And the first launch on an empty database explains itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label

from pia_meeting.core.model import AgendaItem, Attendance, Meeting, Side
from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.capture import CaptureScreen
from pia_meeting.tui.screens.meeting_info import MeetingInfoScreen
from pia_meeting.tui.screens.new_meeting import NewMeetingScreen
from pia_meeting.tui.widgets.field import Field
from pia_meeting.tui.widgets.line_list import LineList
from tests.support.ui_helpers import replace_text, type_text


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data" / "pia_meeting.db"
    store = Store(path)
    board = store.board_named("北九州市個人情報保護審査会")
    for number in (14, 15):
        meeting = store.create_meeting(
            Meeting(
                board_id=board.id,
                number=number,
                date=f"2021-11-{number - 6:02d}",
                start_time="10:00",
                end_time="10:50",
            )
        )
        store.add_agenda_item(AgendaItem(meeting_id=meeting.id, title="住民基本台帳に関する事務"))
        store.add_attendee(
            Attendance(meeting_id=meeting.id, side=Side.MEMBER, name="時枝", title="会長")
        )
    store.close()
    return path


def field_error(app: PiaMeetingApp, field_id: str) -> str:
    return str(app.screen.query_one(f"#field-{field_id}", Field).error.render())


def stored_meeting(db: Path, number: int) -> Meeting:
    store = Store(db)
    try:
        return next(Meeting.from_row(r) for r in store.meetings() if r["number"] == number)
    finally:
        store.close()


async def open_info(app: PiaMeetingApp, pilot) -> MeetingInfoScreen:  # type: ignore[no-untyped-def]
    # The newest meeting (第15回) is the first row of 会議一覧.
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MeetingInfoScreen)
    return app.screen


async def focus_field(pilot, screen: MeetingInfoScreen, field_id: str) -> None:  # type: ignore[no-untyped-def]
    order = ["board", "number", "title", "date", "start_time", "end_time", "place", "observers"]
    for _ in range(order.index(field_id)):
        await pilot.press("tab")
    assert screen.focused is screen.query_one(f"#{field_id}", Input)


@pytest.mark.parametrize(
    ("field_id", "typed", "message"),
    [
        ("date", "2021-02-30", "存在しない日付"),
        ("date", "あした", "日付として読めません"),
        ("date", "平成31年5月1日", "平成31年5月1日はありません"),
        ("date", "令和3年11月10日(火)", "曜日が合いません"),
        ("start_time", "25:00", "存在しない時刻"),
        ("end_time", "09:30", "終了時刻が開始時刻より前"),
        ("number", "", "回を1以上の数字"),
        ("number", "14", "第14回はこの審査会に既にあります"),
        ("observers", "三人", "傍聴人数は0以上の数字"),
    ],
)
async def test_bad_meeting_field_is_refused_at_the_field(
    db: Path, field_id: str, typed: str, message: str
) -> None:
    before = stored_meeting(db, 15)
    app = PiaMeetingApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_info(app, pilot)
        await focus_field(pilot, screen, field_id)
        await replace_text(pilot, typed)
        await pilot.press("enter")
        await pilot.pause()
        assert message in field_error(app, field_id)
        # The whole message is on screen, wrapped to the field's width, not cut.
        area = screen.query_one(f"#field-{field_id}", Field).error.region
        rows = app.screen._compositor.render_strips()[area.y : area.bottom]
        shown = "".join(row.crop(area.x, area.right).text.strip() for row in rows)
        assert field_error(app, field_id).replace(" ", "") in shown.replace(" ", "")
        # Still on the field, with what was typed in sight, so it can be corrected.
        box = screen.query_one(f"#{field_id}", Input)
        assert screen.focused is box
        assert box.content_region.height == 1  # the error marking does not cover the text
        assert typed in box.render_line(0).text
        # Leaving is refused, with the reason, so the typed value is not lost unseen; the
        # bad value is not saved either.
        await pilot.press("alt+right")
        await pilot.pause()
        assert isinstance(app.screen, MeetingInfoScreen)
        assert box.value == typed and screen.focused is box
        # Corrected (here: the stored value put back), the step changes.
        stored = getattr(before, field_id)
        await replace_text(pilot, "" if stored is None else str(stored))
        await pilot.press("alt+right")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingInfoScreen)
    after = stored_meeting(db, 15)
    assert vars(after) == vars(before)


async def test_good_date_is_saved_and_shown_in_wareki(db: Path) -> None:
    app = PiaMeetingApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_info(app, pilot)
        await focus_field(pilot, screen, "date")
        await replace_text(pilot, "令和3年11月9日")
        await pilot.press("enter")
        await pilot.pause()
        assert field_error(app, "date") == ""
        hint = str(screen.query_one("#field-date", Field).hint.render())
        assert hint == "令和3年11月9日(火)"
    assert stored_meeting(db, 15).date == "2021-11-09"


async def test_new_meeting_dialog_refuses_a_duplicate_number(db: Path) -> None:
    app = PiaMeetingApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewMeetingScreen)
        await pilot.press("enter")  # 審査会名 is filled in from the last board
        await replace_text(pilot, "15")
        await pilot.press("enter")
        await type_text(pilot, "2022-01-20")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewMeetingScreen)
        assert "第15回はこの審査会に既にあります" in field_error(app, "number")
    store = Store(db)
    assert len(store.meetings()) == 2
    store.close()


async def test_empty_entry_is_refused_with_a_message(db: Path) -> None:
    app = PiaMeetingApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.press("alt+right", "alt+right")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        await type_text(pilot, "   ")
        await pilot.press("enter")
        await pilot.pause()
        error = screen.query_one("#capture-error", Label)
        assert error.display
        assert "発言内容が空です" in str(error.render())
    store = Store(db)
    assert all(not store.entries(m["id"]) for m in store.meetings())
    store.close()


async def test_markup_in_typed_text_is_kept_literally(db: Path) -> None:
    text = "[注]評価書の[bold]記載[/bold]について確認した。"
    app = PiaMeetingApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.press("alt+right", "alt+right")
        await pilot.pause()
        await type_text(pilot, text)
        await pilot.press("enter")
        await pilot.pause()
        log = app.screen.query_one("#log")
        shown = str(log.get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        assert text in shown
    store = Store(db)
    assert [e.text for m in store.meetings() for e in store.entries(m["id"])] == [text]
    store.close()


async def test_first_launch_explains_itself_and_offers_the_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = PiaMeetingApp(tmp_path / "data" / "pia_meeting.db")
    async with app.run_test(size=(80, 24)) as pilot:
        welcome = app.screen.query_one("#welcome")
        assert welcome.display
        text = str(welcome.render())
        assert "新しい会議" in text and "サンプル会議" in text
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        assert app.screen.query_one("#log").option_count > 0  # type: ignore[attr-defined]


async def test_import_published_minutes_from_the_meeting_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.reference import REFERENCE

    monkeypatch.chdir(tmp_path)
    app = PiaMeetingApp(tmp_path / "pia_meeting.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, f"{tmp_path / 'missing.txt'} {REFERENCE}")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        listing = app.screen.query_one("#meetings", LineList)
        assert listing.row_count == 1
        assert "第15回" in listing.rows[0][1]
    store = Store(tmp_path / "pia_meeting.db")
    meeting = store.meetings()[0]
    assert meeting["date"] == "2021-11-09"
    assert len(store.entries(meeting["id"])) > 80
    store.close()


async def test_export_twice_asks_before_overwriting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pia_meeting.services.demo import load_demo
    from pia_meeting.tui.screens.confirm import ConfirmScreen
    from pia_meeting.tui.screens.export import ExportScreen

    monkeypatch.chdir(tmp_path)
    path = tmp_path / "pia_meeting.db"
    store = Store(path)
    meeting_id = load_demo(store)
    store.close()
    app = PiaMeetingApp(path, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("alt+right", "alt+right")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = list((tmp_path / "exports").glob("*.docx"))
        assert len(written) == 1
        written[0].write_bytes(b"edited by hand")
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert written[0].read_bytes() == b"edited by hand"  # nothing overwritten silently
        await pilot.press("ctrl+e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert written[0].read_bytes().startswith(b"PK")  # a Word file again


async def test_the_inquiry_date_is_saved_or_refused_at_its_field(db: Path) -> None:
    app = PiaMeetingApp(db)
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await open_info(app, pilot)
        box = screen.query_one("#inquiry_number", Input)
        box.focus()
        await replace_text(pilot, "７３")  # a bare number, full-width: the usual form
        await pilot.press("enter")  # on to the 諮問日
        assert box.value == "諮問第73号"
        await pilot.pause()
        assert screen.focused is screen.query_one("#inquiry_date", Input)
        await replace_text(pilot, "令和3年9月31日")
        await pilot.press("enter")
        await pilot.pause()
        assert "存在しない日付" in field_error(app, "inquiry_date")
        await replace_text(pilot, "令和3年10月1日")
        await pilot.press("enter")
        await pilot.pause()
        assert field_error(app, "inquiry_date") == ""
        assert screen.query_one("#inquiry_date", Input).value == "2021-10-01"
        hint = str(screen.query_one("#field-inquiry_date", Field).hint.render())
        assert hint == "令和3年10月1日付け諮問第73号で諮問"
    store = Store(db)
    try:
        meeting = next(r for r in store.meetings() if r["number"] == 15)
        (item,) = store.agenda(meeting["id"])
    finally:
        store.close()
    assert (item.inquiry_number, item.inquiry_date) == ("諮問第73号", "2021-10-01")
