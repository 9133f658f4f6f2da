"""Snapshots of the key screens at 80×24 with Japanese everywhere (the sample meeting).

Update after an intended change of layout with `pytest --snapshot-update`, and look at the
SVGs before committing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_meeting.services.demo import load_demo
from pia_meeting.services.meetings import duplicate_meeting
from pia_meeting.store.facade import Store
from pia_meeting.tui.app import PiaMeetingApp


@pytest.fixture
def demo_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PiaMeetingApp:
    monkeypatch.chdir(tmp_path)
    # The status line shows the clock: fix it so the picture is the same every run.
    monkeypatch.setattr("pia_meeting.tui.widgets.capture_status.now_hm", lambda: "10:05")
    path = tmp_path / "pia_meeting.db"
    store = Store(path)
    meeting_id = load_demo(store)
    store.close()
    return PiaMeetingApp(path, meeting_id=meeting_id, step=4)


def test_capture_screen(demo_app: PiaMeetingApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, terminal_size=(80, 24), press=["_"])


def test_toshin_screen(demo_app: PiaMeetingApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, terminal_size=(80, 24), press=["alt+right", "_"])


def test_chair_view(demo_app: PiaMeetingApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, terminal_size=(80, 24), press=["alt+right", "_", "f5", "_"])


def test_attendance_screen(demo_app: PiaMeetingApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, terminal_size=(80, 24), press=["alt+left", "_"])


def test_meeting_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snap_compare) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "pia_meeting.db"
    store = Store(path)
    meeting_id = load_demo(store)
    duplicate_meeting(store, meeting_id)  # the next meeting, its date not yet set
    store.close()
    assert snap_compare(PiaMeetingApp(path), terminal_size=(80, 24), press=["down", "_"])


def test_capture_log_focused(demo_app: PiaMeetingApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The log has the keys: its own footer (Enter, Del, m, p, v, t, x, c, Ctrl+Z)."""
    assert snap_compare(demo_app, terminal_size=(80, 24), press=["escape", "_"])


def test_entry_edit_dialog(demo_app: PiaMeetingApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(demo_app, terminal_size=(80, 24), press=["escape", "enter", "_"])


def test_meeting_info_agenda(demo_app: PiaMeetingApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def to_the_agenda(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("alt+left", "alt+left")
        await pilot.pause()
        table = pilot.app.screen.query_one("#agenda")
        table.focus()
        table.scroll_visible(animate=False, top=True)
        await pilot.pause()

    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=to_the_agenda)
