"""The sample meeting: loads whole, in one transaction, and reads like a finished session."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from pia_meeting.core.labels import speaker_label
from pia_meeting.core.model import EntryKind, MeetingBundle, Presence, Side, ToshinTemplate
from pia_meeting.core.quorum import quorum_state
from pia_meeting.core.toshin import closing_lines, closing_phrases, is_intact
from pia_meeting.services import demo
from pia_meeting.services.demo import demo_data, load_demo
from pia_meeting.store.facade import Store

PAGE_REF = re.compile(r"(\d+)ページ(?:から(\d+)ページまで)?")


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    path = ":memory:" if request.param == "memory" else tmp_path / "data" / "demo.db"
    opened = Store(path)
    yield opened
    opened.close()


@pytest.fixture
def bundle(store: Store) -> MeetingBundle:
    return store.load_bundle(load_demo(store))


def test_counts(bundle: MeetingBundle) -> None:
    data = demo_data()
    assert bundle.meeting.number == data["meeting"]["number"]
    assert bundle.meeting.date == "2025-10-21"
    assert (bundle.meeting.start_time, bundle.meeting.end_time) == ("14:00", "15:05")
    assert bundle.meeting.observers == 1
    assert len(bundle.agenda) == 1
    assert len(bundle.members_in_office) == 5
    # The entries as typed, then the chair's closing lines the confirmation wrote.
    closing = [
        "以上を踏まえ、答申書を作成する。",
        "「異議なし」の声あり",
        "異議がないのでこの旨で答申する。",
    ]
    assert len(bundle.entries) == len(data["entries"]) + 4
    assert [e.text for e in bundle.entries[-4:] if "よろしいか" not in e.text] == closing
    assert 35 <= len(data["entries"]) <= 50
    sides = [p.side for p in bundle.attendance]
    assert sides.count(Side.MEMBER) == 5
    assert sides.count(Side.SECRETARIAT) == 2
    departments = {p.department for p in bundle.attendance if p.side == Side.EXPLAINER}
    assert len(departments) == 2
    assert all(re.search(r"局.+部.+課$", d) for d in departments)
    item = bundle.agenda[0]
    assessment = bundle.assessment_of(item)
    assert assessment is not None
    assert item.title == f"{assessment.name}に係る特定個人情報保護評価について"
    assert item.inquiry_number == "諮問第12号"
    assert (assessment.kind, assessment.page_count) == ("全項目", 64)
    kinds = {e.kind for e in bundle.entries}
    assert {"説明", "質問", "回答", "意見", "議事進行", "ト書き", "見出し"} <= kinds
    headings = [e.text for e in bundle.entries if e.kind == EntryKind.HEADING]
    assert headings == ["質疑応答", "意見聴取終了"]


def test_quorum_line(bundle: MeetingBundle) -> None:
    state = quorum_state(bundle.attendance, bundle.board.quorum_rule)
    assert state.met
    assert state.line == "委員5名中4名出席(定足数を満たす)"
    absent = [p for p in bundle.attendance if p.presence == Presence.ABSENT]
    assert len(absent) == 1 and absent[0].side == Side.MEMBER


def test_toshin_frozen_and_verified(bundle: MeetingBundle) -> None:
    toshin = bundle.toshins[bundle.agenda[0].id or 0]
    assert toshin.template == ToshinTemplate.WITH_RIDERS
    assert toshin.is_frozen
    assert is_intact(toshin)
    assert 1 <= len(toshin.rider_list) <= 2
    assert toshin.confirmed_at and toshin.confirmed_at.startswith(bundle.meeting.date or "")
    lines = closing_lines(toshin)
    assert lines[0] == closing_phrases()["intro"]
    assert lines[-1] == closing_phrases()["consent"]
    assert "国民健康保険に関する事務について" in lines[1]


def test_speakers_resolved(bundle: MeetingBundle) -> None:
    labels = set()
    for entry in bundle.entries:
        person = bundle.attendee(entry.speaker_id)
        if entry.kind == EntryKind.HEADING:
            assert person is None
            continue
        if entry.kind == EntryKind.STAGE and "異議なし" in entry.text:
            assert person is None  # the room's reaction, no one's line
            continue
        assert person is not None, entry.text
        assert person.is_present
        labels.add(speaker_label(bundle.board, person, bundle.attendance))
    assert {"(審査会委員)", "(国民健康保険課)", "(情報政策課)", "(事務局)"} <= labels
    questions = [e for e in bundle.entries if e.kind == EntryKind.QUESTION]
    assert all(bundle.attendee(q.speaker_id).side == Side.MEMBER for q in questions)  # type: ignore[union-attr]
    answer_sides = {
        bundle.attendee(e.speaker_id).department  # type: ignore[union-attr]
        for e in bundle.entries
        if e.kind == EntryKind.ANSWER
    }
    assert len(answer_sides) == 2


def test_multi_paragraph_answer(bundle: MeetingBundle) -> None:
    entries = bundle.entries
    runs = [
        a
        for a, b in itertools.pairwise(entries)
        if a.kind == b.kind == EntryKind.ANSWER and a.speaker_id == b.speaker_id
    ]
    assert runs


def test_times_increase_within_the_session(bundle: MeetingBundle) -> None:
    times = [e.spoken_at or "" for e in bundle.entries]
    assert times == sorted(times)
    start = f"{bundle.meeting.date}T{bundle.meeting.start_time}"
    end = f"{bundle.meeting.date}T{bundle.meeting.end_time}"
    for spoken in times:
        assert spoken.endswith("+09:00")
        assert start <= spoken[:16] <= end


def test_pages_match_the_text(bundle: MeetingBundle) -> None:
    assessment = bundle.assessment_of(bundle.agenda[0])
    assert assessment is not None and assessment.page_count
    tagged = 0
    for entry in bundle.entries:
        expected: set[int] = set()
        for first, last in PAGE_REF.findall(entry.text):
            expected.update(range(int(first), int(last or first) + 1))
        assert set(entry.page_list) == expected, entry.text
        assert all(1 <= p <= assessment.page_count for p in entry.page_list)
        tagged += bool(expected)
    assert tagged >= 8
    assert json.loads(assessment.outline)


def test_pending_question_linked(bundle: MeetingBundle) -> None:
    pending = [e for e in bundle.entries if e.pending]
    assert len(pending) == 1
    question = pending[0]
    assert question.kind == EntryKind.QUESTION
    answers = [e for e in bundle.entries if e.answers_entry_id == question.id]
    assert len(answers) == 1
    answer = answers[0]
    assert answer.kind == EntryKind.ANSWER
    assert bundle.entries.index(answer) > bundle.entries.index(question) + 1


def test_no_twelve_digit_runs(bundle: MeetingBundle) -> None:
    texts = [e.text for e in bundle.entries]
    texts += bundle.toshins[bundle.agenda[0].id or 0].rider_list
    for text in texts:
        plain = unicodedata.normalize("NFKC", text)
        assert not re.search(r"\d{12}", plain), text
        assert not re.search(r"\d{4}[\s-]\d{4}[\s-]\d{4}", plain), text


def test_loading_twice_gives_two_meetings(store: Store) -> None:
    first = load_demo(store)
    second = load_demo(store)
    assert first != second
    rows = store.meetings()
    assert len(rows) == 2
    assert len({row["number"] for row in rows}) == 2
    assert len({row["board_id"] for row in rows}) == 1
    assert len(store.boards()) == 1
    board_id = rows[0]["board_id"]
    assert len(store.members(board_id)) == 5
    assert store.get_meeting(second).number == store.get_meeting(first).number + 1
    for meeting_id in (first, second):
        toshin = store.load_bundle(meeting_id).toshins
        assert all(is_intact(t) for t in toshin.values())


def test_existing_board_is_reused_as_it_is(store: Store) -> None:
    board = store.board_named(demo_data()["board"]["name"])
    board.toshin_addressee = "別の宛先"
    store.update_board(board)
    meeting_id = load_demo(store)
    assert store.get_meeting(meeting_id).board_id == board.id
    assert store.get_board(board.id or 0).toshin_addressee == "別の宛先"


def test_fresh_board_takes_the_demo_settings(bundle: MeetingBundle) -> None:
    assert bundle.board.name == "みなと川市個人情報保護審査会"
    assert bundle.board.label_style == "department"
    assert bundle.board.anonymise_members == 1
    assert bundle.board.toshin_addressee == "みなと川市長"


def test_all_or_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(demo, "_toshin", broken)
    with pytest.raises(RuntimeError):
        load_demo(store)
    assert store.meetings() == []
    assert store.boards() == []
    assert store.db["entries"].count == 0


def test_durable_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    first = Store(path)
    meeting_id = load_demo(first)
    first.close()
    again = Store(path)
    try:
        bundle = again.load_bundle(meeting_id)
        assert len(bundle.entries) == len(demo_data()["entries"]) + 4  # and the closing lines
        assert bundle.toshins
    finally:
        again.close()


def test_demo_data_is_a_copy() -> None:
    data = demo_data()
    data["entries"].clear()
    assert demo_data()["entries"]


def test_no_textual_import() -> None:
    code = "import sys, pia_meeting.services.demo; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
