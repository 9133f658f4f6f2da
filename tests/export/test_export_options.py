"""What 「時刻付き」 and 「チェックリスト」 print, and what they say when they print nothing
(issue 18, items 18 and 19)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pia_meeting.cli import main
from pia_meeting.core.model import Entry, EntryKind
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.imports import import_file
from pia_meeting.services import checklist
from pia_meeting.services.publish import export_notes
from pia_meeting.store.facade import Store
from tests.support.meetings import make_meeting
from tests.support.reference import REFERENCE

TIME = re.compile(r"\[\d\d:\d\d\]")


def test_an_imported_meeting_has_no_times_to_print(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    meeting_id = import_file(store, REFERENCE)
    assert all(e.spoken_at is None for e in store.entries(meeting_id))
    text = render_text(build_minutes(store.load_bundle(meeting_id), with_times=True))
    assert TIME.findall(text) == []
    assert "以上を踏まえ、答申書を作成する。" in text  # the minutes themselves are whole


def test_recorded_times_are_printed_and_headings_carry_none(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    meeting_id = make_meeting(store, 15, entries=2)
    item = store.agenda(meeting_id)[0]
    store.add_entry(
        Entry(
            meeting_id=meeting_id,
            agenda_item_id=item.id,
            kind=EntryKind.HEADING,
            text="質疑応答",
            spoken_at="2021-11-09T10:20:00+09:00",
        )
    )
    store.add_entry(
        Entry(
            meeting_id=meeting_id,
            agenda_item_id=item.id,
            text="質問である。",
            spoken_at="2021-11-09T10:21:00+09:00",
        )
    )
    lines = render_text(build_minutes(store.load_bundle(meeting_id), with_times=True)).splitlines()
    assert "質疑応答" in lines  # no time before a heading
    assert any(line.startswith("[10:21]") and "質問である。" in line for line in lines)
    assert len([line for line in lines if TIME.match(line)]) == 3


def test_the_checklist_says_why_it_is_left_out(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    meeting_id = make_meeting(store, 15, entries=1)
    item_id = store.agenda(meeting_id)[0].id or 0
    bundle = store.load_bundle(meeting_id)
    assert "未回答" in " ".join(export_notes(bundle, checklist=True))
    assert "公開用には付けていません" in " ".join(export_notes(bundle, public=True, checklist=True))
    assert export_notes(bundle) == []
    # A judgement left at 未確認 is no answer either.
    checklist.save(store, item_id, 1, "未確認", "")
    assert "未回答" in " ".join(export_notes(store.load_bundle(meeting_id), checklist=True))
    checklist.save(store, item_id, 2, "問題なし", "")
    answered = store.load_bundle(meeting_id)
    assert export_notes(answered, checklist=True) == []
    assert "【問題なし】" in render_text(build_minutes(answered, checklist=True))


@pytest.mark.usefixtures("in_tmp")
def test_the_command_says_it_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(Path("data") / "pia_meeting.db")
    meeting_id = make_meeting(store, 15, entries=1)
    store.close()
    code = main(["export", str(meeting_id), "--format", "txt", "--checklist"])
    out, err = capsys.readouterr()
    assert code == 0 and out.strip().endswith(".txt")
    assert "チェックリストは未回答のため付けていません" in err
    code = main(["export", str(meeting_id), "--format", "txt", "--public", "--checklist"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "チェックリストは内部用のため、公開用には付けていません" in err
