"""Live-capture rules without the screen: who speaks next and in what kind, cleaning what is
typed or pasted, and the draft of the text being typed (SPEC §2.4, §6)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pia_meeting.core.model import Attendance, Entry, EntryKind, Meeting, Side
from pia_meeting.core.text import clean_text
from pia_meeting.core.turns import KIND_CYCLE, CaptureState
from pia_meeting.store.drafts import Draft, DraftWriter
from pia_meeting.store.facade import Store

CHAIR, KYO, SATO, KIKUTAKE, TOMOOKA, HANAMOTO = 1, 2, 3, 4, 5, 6


def _roll() -> list[Attendance]:
    return [
        Attendance(id=CHAIR, side=Side.MEMBER, name="時枝", title="会長"),
        Attendance(id=KYO, side=Side.MEMBER, name="姜", title="委員"),
        Attendance(id=SATO, side=Side.MEMBER, name="佐藤", title="委員"),
        Attendance(
            id=KIKUTAKE, side=Side.EXPLAINER, name="菊竹", title="係長", department="戸籍住民課"
        ),
        Attendance(
            id=TOMOOKA, side=Side.EXPLAINER, name="友岡", title="主任", department="戸籍住民課"
        ),
        Attendance(id=HANAMOTO, side=Side.SECRETARIAT, name="花本", title="係長"),
    ]


def _entry(kind: str, speaker: int | None, text: str = "発言") -> Entry:
    return Entry(kind=kind, speaker_id=speaker, text=text)


# -- who speaks next -------------------------------------------------------------------------


def test_the_first_explainer_speaks_first() -> None:
    state = CaptureState(_roll())
    assert state.speaker_id == KIKUTAKE
    assert state.speaker is not None and state.speaker.name == "菊竹"
    assert state.kind == EntryKind.EXPLANATION


def test_without_explainers_the_first_on_the_roll_speaks_first() -> None:
    members = [p for p in _roll() if p.side == Side.MEMBER]
    assert CaptureState(members).speaker_id == CHAIR


def test_an_empty_roll_has_no_speaker() -> None:
    state = CaptureState([])
    assert state.speaker is None
    state.cycle_speaker()
    assert state.speaker is None
    assert not state.choose_speaker(0)


def test_after_the_first_question_the_first_explainer_answers() -> None:
    state = CaptureState(_roll())
    state.after(_entry(EntryKind.QUESTION, KYO))
    assert state.kind == EntryKind.ANSWER
    assert state.speaker_id == KIKUTAKE


def test_after_a_question_the_last_answerer_answers() -> None:
    state = CaptureState(_roll())
    state.after(_entry(EntryKind.QUESTION, KYO))
    state.after(_entry(EntryKind.ANSWER, TOMOOKA))
    state.after(_entry(EntryKind.QUESTION, SATO))
    assert state.kind == EntryKind.ANSWER
    assert state.speaker_id == TOMOOKA


def test_after_an_answer_the_last_questioner_asks_again() -> None:
    state = CaptureState(_roll())
    state.after(_entry(EntryKind.QUESTION, SATO))
    state.after(_entry(EntryKind.ANSWER, KIKUTAKE))
    assert state.kind == EntryKind.QUESTION
    assert state.speaker_id == SATO


def test_after_an_answer_with_no_question_yet_the_chair_asks() -> None:
    state = CaptureState(_roll())
    state.after(_entry(EntryKind.ANSWER, KIKUTAKE))
    assert state.kind == EntryKind.QUESTION
    assert state.speaker_id == CHAIR


def test_the_chair_is_found_by_role_not_by_position() -> None:
    roll = _roll()
    roll.insert(0, roll.pop(1))  # 姜委員 first on the roll
    state = CaptureState(roll)
    state.after(_entry(EntryKind.ANSWER, KIKUTAKE))
    assert state.speaker_id == CHAIR


def test_an_explanation_keeps_the_speaker_and_kind() -> None:
    state = CaptureState(_roll())
    state.after(_entry(EntryKind.EXPLANATION, KIKUTAKE))
    assert (state.kind, state.speaker_id) == (EntryKind.EXPLANATION, KIKUTAKE)


def test_learn_resumes_from_recorded_entries() -> None:
    state = CaptureState(_roll())
    state.learn(
        [
            _entry(EntryKind.EXPLANATION, KIKUTAKE),
            _entry(EntryKind.QUESTION, KYO),
            _entry(EntryKind.ANSWER, TOMOOKA),
            _entry(EntryKind.QUESTION, SATO),
        ]
    )
    assert (state.kind, state.speaker_id) == (EntryKind.ANSWER, TOMOOKA)
    assert state.last_questioner_id == SATO


def test_cycle_speaker_wraps_both_ways() -> None:
    state = CaptureState(_roll())
    ids = [p.id for p in _roll()]
    seen = []
    for _ in range(len(ids)):
        state.cycle_speaker()
        seen.append(state.speaker_id)
    assert sorted(seen) == sorted(ids)  # every attendee, once
    assert state.speaker_id == KIKUTAKE  # full circle
    state.choose_speaker(0)
    state.cycle_speaker(-1)
    assert state.speaker_id == HANAMOTO  # backwards from the first wraps to the last
    state.cycle_speaker(1)
    assert state.speaker_id == CHAIR


def test_choose_speaker_by_position() -> None:
    state = CaptureState(_roll())
    assert state.choose_speaker(1)
    assert state.speaker_id == KYO
    for index in (-1, 6, 99):
        assert not state.choose_speaker(index)
        assert state.speaker_id == KYO


def test_cycle_kind_visits_every_kind_and_wraps() -> None:
    state = CaptureState(_roll())
    seen = [state.kind]
    for _ in range(len(KIND_CYCLE) - 1):
        state.cycle_kind()
        seen.append(state.kind)
    typed_kinds = {k for k in EntryKind if k != EntryKind.UNCLASSIFIED}
    assert set(seen) == typed_kinds
    assert len(seen) == len(typed_kinds)
    state.cycle_kind()
    assert state.kind == EntryKind.EXPLANATION
    state.cycle_kind(-1)
    assert state.kind == EntryKind.HEADING


# -- cleaning text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31m赤\x1b[0m", "赤"),
        ("\x1b]0;title\x07本文", "本文"),
        ("一行目\r\n二行目\r三行目", "一行目\n二行目\n三行目"),
        ("鈴\x00木\x07委\x08員", "鈴木委員"),
        ("タブ\t区切り", "タブ 区切り"),
        ("  前後の空白  ", "前後の空白"),
        ("評価書[注]のとおり", "評価書[注]のとおり"),
        ("[注]から始まる", "[注]から始まる"),
        ("《菊竹係長が説明》", "《菊竹係長が説明》"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_text_keeps_inner_blank_lines() -> None:
    assert clean_text("一段落目\n\n二段落目") == "一段落目\n\n二段落目"


# -- the draft of the text being typed -------------------------------------------------------


@pytest.fixture
def draft_db(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    path = tmp_path / "data" / "drafts.db"
    store = Store(path)
    board = store.board_named("審査会")
    meeting = store.create_meeting(Meeting(board_id=board.id, number=1))
    store.close()
    assert meeting.id is not None
    yield path, meeting.id


def _draft(meeting_id: int, text: str) -> Draft:
    return Draft(meeting_id, None, text, EntryKind.QUESTION, None)


def _stored_draft(path: Path, meeting_id: int) -> dict[str, object] | None:
    store = Store(path)
    try:
        return store.get_draft(meeting_id)
    finally:
        store.close()


def test_only_the_newest_draft_is_kept(draft_db: tuple[Path, int]) -> None:
    path, meeting_id = draft_db
    writer = DraftWriter(str(path))
    try:
        text = ""
        for char in "評価書の14ページについて伺う。":
            text += char
            writer.submit(_draft(meeting_id, text))
        assert writer.flush()
        assert writer.last_error is None
        stored = _stored_draft(path, meeting_id)
        assert stored is not None
        assert stored["text"] == "評価書の14ページについて伺う。"
        assert stored["kind"] == EntryKind.QUESTION
    finally:
        writer.close()


def test_an_empty_draft_means_no_draft(draft_db: tuple[Path, int]) -> None:
    path, meeting_id = draft_db
    writer = DraftWriter(str(path))
    try:
        writer.submit(_draft(meeting_id, "途中まで"))
        writer.flush()
        assert _stored_draft(path, meeting_id) is not None
        writer.submit(_draft(meeting_id, "   "))
        writer.flush()
        assert _stored_draft(path, meeting_id) is None
    finally:
        writer.close()


def test_draft_survives_the_writer_closing(draft_db: tuple[Path, int]) -> None:
    path, meeting_id = draft_db
    writer = DraftWriter(str(path))
    writer.submit(_draft(meeting_id, "閉じる直前の文字"))
    writer.close()
    stored = _stored_draft(path, meeting_id)
    assert stored is not None and stored["text"] == "閉じる直前の文字"


def test_a_draft_writer_error_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    writer = DraftWriter(str(blocker / "sub" / "drafts.db"))  # parent is a file
    try:
        writer.submit(_draft(1, "文字"))
        # Reported, and tried again rather than given up: it is not saved yet.
        assert not writer.flush(timeout=1.0)
        assert writer.last_error
    finally:
        writer.close()
