"""Undo that stays and shows what it undid, and coming back to 議事 where the work was: the
box has the keys at once, the agenda item last worked on, the log at its end (issue 18,
items 6, 7 and 10)."""

from __future__ import annotations

from pathlib import Path

from textual import events

from pia_meeting.core.model import AgendaItem, Entry
from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp
from pia_meeting.tui.screens.capture import CaptureBox, CaptureScreen
from pia_meeting.tui.widgets.capture_log import CaptureLog
from tests.support.meetings import fresh_meeting, stored


def add_second_item(db: Path, meeting_id: int, entries: int = 3) -> int:
    store = Store(db)
    try:
        item = store.add_agenda_item(AgendaItem(meeting_id=meeting_id, title="国民健康保険"))
        for index in range(entries):
            store.add_entry(
                Entry(meeting_id=meeting_id, agenda_item_id=item.id, text=f"議題2の{index + 1}。")
            )
        return item.id or 0
    finally:
        store.close()


def log_of(app: PiaMeetingApp) -> CaptureLog:
    return app.screen.query_one("#log", CaptureLog)


def in_view(log: CaptureLog, index: int) -> bool:
    """Whether the option at `index` is within the visible part of the log."""
    top = log.scroll_offset.y
    first_line = log._index_to_line[index]  # where the option starts, in lines
    return top <= first_line < top + log.scrollable_content_region.height


async def test_undo_selects_the_undone_entry_and_brings_it_into_view(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15, entries=40)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")  # to the log, on the last entry
        log = log_of(app)
        await pilot.press("home")
        await pilot.press("down", "down")
        target = log.highlighted_id
        await pilot.press("p")  # 非公開: the entry at the top
        await pilot.pause()
        await pilot.press("end")  # the user looks at the end of the log
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert log.highlighted_id == target
        assert in_view(log, log.highlighted or 0)
        await pilot.press("t")  # the next key acts on the entry undone, the one in view
        await pilot.pause()
    entries = {e.id: e for e in stored(db, meeting_id)}
    assert entries[target].is_public == 1
    assert entries[target].pending == 1
    assert sum(e.pending for e in entries.values()) == 1


async def test_undo_history_survives_leaving_the_capture_screen(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15, entries=3)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "home", "delete", "y")
        await pilot.pause()
        assert len(stored(db, meeting_id)) == 2
        await pilot.press("alt+right")  # 答申, then back to 議事
        await pilot.pause()
        await pilot.press("alt+left")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        await pilot.press("escape", "ctrl+z")
        await pilot.pause()
        assert stored(db, meeting_id)[0].text == "第1段落の説明である。"
        assert log_of(app).highlighted == 0  # the entry put back, selected
        # Nothing left: said so, with what can be undone at all.
        notes: list[str] = []
        app.notify = lambda message, **_: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert notes and "元に戻せるのは" in notes[-1]


async def test_undo_on_another_agenda_item_goes_there(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15, entries=3)
    add_second_item(db, meeting_id)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "home", "p")  # 非公開 on 議題 1
        await pilot.pause()
        await pilot.press("i", "ctrl+g")  # on to 議題 2
        await pilot.pause()
        await pilot.press("escape", "ctrl+z")
        await pilot.pause()
        agenda = str(app.screen.query_one("#agenda-line").render())
        assert "議題 1/2:" in agenda
        assert log_of(app).highlighted == 0
    assert all(e.is_public for e in stored(db, meeting_id))


async def test_keys_typed_right_after_coming_back_land_in_the_box(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15, entries=3)
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The keys of a typist who goes on at once, as the terminal sends them.
        app.post_message(events.Key("alt+right", None))
        for char in "pt":
            app.post_message(events.Key(char, char))
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        assert app.screen.query_one(CaptureBox).text == "pt"
    assert all(e.is_public and not e.pending for e in stored(db, meeting_id))


async def test_coming_back_opens_the_item_last_worked_on_at_its_end(db: Path) -> None:
    meeting_id = fresh_meeting(db, 15, entries=30)
    second = add_second_item(db, meeting_id, entries=30)
    store = Store(db)
    try:
        hit = store.entries(meeting_id)[3].id  # an old entry of 議題 1, shown from a search
    finally:
        store.close()
    app = PiaMeetingApp(db, meeting_id=meeting_id, step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        screen.show_entry(hit or 0)
        await pilot.pause()
        await pilot.press("i", "ctrl+g")  # work goes on on 議題 2
        await pilot.pause()
        await pilot.press("alt+right")
        await pilot.pause()
        await pilot.press("alt+left")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaptureScreen)
        assert screen.capture.item is not None and screen.capture.item.id == second
        log = log_of(app)
        assert log.highlighted == log.option_count - 1
        assert in_view(log, log.option_count - 1)
        assert app.focused is screen.query_one(CaptureBox)
