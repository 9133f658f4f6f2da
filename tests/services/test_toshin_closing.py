"""The chair's closing lines become entries of the log at the confirmation; lines typed for
them are replaced, kept or followed, never printed twice (issue 18, items 1 and 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_meeting.core.closing import REACTION
from pia_meeting.core.model import Entry, EntryKind, Toshin
from pia_meeting.core.quorum import QuorumState
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.services.toshin import ClosingChoice, ToshinService
from pia_meeting.store.facade import Store
from tests.support.meetings import make_meeting

QUORUM = QuorumState(in_office=2, present=2, required=2, rule="majority")
WORDING = "全項目評価書の記載は妥当である。"
INTRO = "以上を踏まえ、答申書を作成する。"
QUESTION = f"第三者点検についての答申の方向性は、「{WORDING}」と認めてよろしいか。"
CONSENT = "異議がないのでこの旨で答申する。"
LATER = "なお、議題(2)については非公開で審議するため、会議を公開しない。"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "t.db")


def say(
    store: Store, meeting_id: int, who: str, text: str, kind: str = EntryKind.PROCEDURE
) -> Entry:
    roll = {p.name: p.id for p in store.attendance(meeting_id)}
    item = store.agenda(meeting_id)[0]
    return store.add_entry(
        Entry(
            meeting_id=meeting_id,
            agenda_item_id=item.id,
            kind=kind,
            speaker_id=roll.get(who),
            text=text,
        )
    )


def confirm(store: Store, meeting_id: int, choice: ClosingChoice = ClosingChoice.REPLACE) -> Toshin:
    item = store.agenda(meeting_id)[0]
    service = ToshinService(store)
    toshin = service.save_draft(Toshin(agenda_item_id=item.id), WORDING, [], "A")
    service.confirm(
        toshin, meeting_id=meeting_id, confirmed_by="時枝会長", quorum=QUORUM, closing=choice
    )
    return toshin


def texts(store: Store, meeting_id: int) -> list[str]:
    return [e.text for e in store.entries(meeting_id)]


def minutes(store: Store, meeting_id: int) -> str:
    return render_text(build_minutes(store.load_bundle(meeting_id)))


def test_confirming_writes_the_closing_lines_as_the_chair_s_entries(store: Store) -> None:
    meeting_id = make_meeting(store, 15, entries=2)
    confirm(store, meeting_id)
    entries = store.entries(meeting_id)
    assert [e.text for e in entries[2:]] == [INTRO, QUESTION, REACTION, CONSENT]
    chair = next(p for p in store.attendance(meeting_id) if p.name == "時枝")
    assert [e.speaker_id for e in entries[2:]] == [chair.id, chair.id, None, chair.id]
    assert [e.kind for e in entries[2:]] == ["議事進行", "議事進行", "ト書き", "議事進行"]
    text = minutes(store, meeting_id)
    for line in (INTRO, QUESTION, CONSENT):
        assert text.count(line) == 1
    # The chair is named again after the room's 異議なし (item 9).
    assert f"《{REACTION}》\n\n(審査会委員) {CONSENT}" in text


def test_what_is_typed_after_the_confirmation_follows_the_closing_lines(store: Store) -> None:
    meeting_id = make_meeting(store, 15, entries=1)
    confirm(store, meeting_id)
    say(store, meeting_id, "時枝", LATER)
    text = minutes(store, meeting_id)
    assert text.index(CONSENT) < text.index(LATER)


def type_as_said(store: Store, meeting_id: int) -> list[Entry]:
    typed = [
        say(store, meeting_id, "時枝", "以上を踏まえ、答申書を作成する。"),
        say(store, meeting_id, "時枝", f"答申の方向性は「{WORDING}」としてよろしいか。"),
        say(store, meeting_id, "", "(「異議なし」の声あり)", EntryKind.STAGE),
        say(store, meeting_id, "時枝", "異議がないので、この旨で答申する。"),
    ]
    say(store, meeting_id, "時枝", LATER)
    return typed


def test_typed_closing_lines_are_recognised_before_the_confirmation(store: Store) -> None:
    meeting_id = make_meeting(store, 15, entries=1)
    typed = type_as_said(store, meeting_id)
    item = store.agenda(meeting_id)[0]
    toshin = ToshinService(store).save_draft(Toshin(agenda_item_id=item.id), WORDING, [], "A")
    found = ToshinService(store).closing_of(toshin, meeting_id=meeting_id)
    assert [e.id for e in found.entries] == [e.id for e in typed]
    assert not found.same
    assert [line.text for line in found.lines] == [INTRO, QUESTION, REACTION, CONSENT]


def test_replacing_puts_the_lines_where_the_typed_ones_were(store: Store) -> None:
    meeting_id = make_meeting(store, 15, entries=1)
    typed = type_as_said(store, meeting_id)
    confirm(store, meeting_id, ClosingChoice.REPLACE)
    assert texts(store, meeting_id)[1:] == [INTRO, QUESTION, REACTION, CONSENT, LATER]
    seqs = [e.seq for e in store.entries(meeting_id)]
    assert seqs == list(range(1, len(seqs) + 1))
    # What was typed is in the audit log, word for word.
    kept = {a.old_value for a in store.audit(meeting_id) if a.table_name == "entries"}
    assert kept == {e.text for e in typed}
    text = minutes(store, meeting_id)
    assert text.count("答申書を作成する") == 1
    assert text.index(CONSENT) < text.index(LATER)


def test_keeping_the_typed_lines_adds_nothing(store: Store) -> None:
    meeting_id = make_meeting(store, 15, entries=1)
    type_as_said(store, meeting_id)
    before = texts(store, meeting_id)
    confirm(store, meeting_id, ClosingChoice.KEEP)
    assert texts(store, meeting_id) == before
    text = minutes(store, meeting_id)
    assert text.count("答申書を作成する") == 1
    assert QUESTION not in text  # the generated wording is nowhere: what was said stands


def test_adding_keeps_the_typed_lines_and_puts_the_closing_at_the_end(store: Store) -> None:
    meeting_id = make_meeting(store, 15, entries=1)
    type_as_said(store, meeting_id)
    confirm(store, meeting_id, ClosingChoice.ADD)
    assert texts(store, meeting_id)[-5:] == [LATER, INTRO, QUESTION, REACTION, CONSENT]


def test_lines_typed_word_for_word_are_left_as_they_are(store: Store) -> None:
    meeting_id = make_meeting(store, 15, entries=1)
    ids = [
        say(store, meeting_id, "時枝", INTRO).id,
        say(store, meeting_id, "時枝", QUESTION).id,
        say(store, meeting_id, "", REACTION, EntryKind.STAGE).id,
        say(store, meeting_id, "時枝", CONSENT).id,
    ]
    confirm(store, meeting_id, ClosingChoice.REPLACE)
    assert [e.id for e in store.entries(meeting_id)][1:] == ids
    assert not [a for a in store.audit(meeting_id) if a.table_name == "entries"]


def test_a_toshin_confirmed_before_the_lines_were_logged_still_prints_them(store: Store) -> None:
    meeting_id = make_meeting(store, 15, entries=1)
    toshin = confirm(store, meeting_id)
    # As a 答申 confirmed by an earlier version (or given by an import) is stored.
    for entry in store.entries(meeting_id)[1:]:
        store.delete_entry(entry.id or 0)
    stored = store.get_toshin(toshin.agenda_item_id or 0)
    assert stored is not None
    stored.closing_in_log = 0
    store.put_toshin(stored)
    text = minutes(store, meeting_id)
    assert text.count(QUESTION) == 1
    assert REACTION not in text  # the style prints none


def test_a_label_is_printed_again_after_a_stage_direction_between_one_speaker_s_lines(
    store: Store,
) -> None:
    meeting_id = make_meeting(store, 15)
    say(store, meeting_id, "時枝", "質疑がなければ、答申の方向性を確認したい。")
    say(store, meeting_id, "時枝", "「異議なし」の声あり", EntryKind.STAGE)  # typed under the chair
    say(store, meeting_id, "時枝", "異議がないので、この旨で答申する。")
    text = minutes(store, meeting_id)
    assert "《「異議なし」の声あり》\n\n(審査会委員) 異議がないので、この旨で答申する。" in text
    # A ト書き that opens a turn, labelled, does not end it (the reference's 《…説明》).
    say(store, meeting_id, "菊竹", "菊竹係長が概要を説明", EntryKind.STAGE)
    say(store, meeting_id, "菊竹", "事前に配布した資料に沿って説明させていただく。")
    text = minutes(store, meeting_id)
    assert (
        "(戸籍住民課)《菊竹係長が概要を説明》\n\n事前に配布した資料に沿って説明させていただく。"
        in text
    )
