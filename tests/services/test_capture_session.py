"""The capture session without a terminal (SPEC §2.4, §3, §6, §7): what Enter records and
refuses, the meeting's status and times kept from its entries, the audit of changes once the
meeting is closed, the privacy review of an entry, the draft of the text being typed, and
following what another instance writes, reading only what changed."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import (
    AgendaItem,
    Attendance,
    Entry,
    EntryKind,
    MeetingStatus,
    Presence,
    Side,
)
from pia_meeting.core.privacy import CHECKED, MASKED
from pia_meeting.services.capture import (
    MAX_ENTRY_CHARS,
    CaptureSession,
    EntryChanges,
    EntryFollower,
    auto_end_key,
    follow_meeting,
)
from pia_meeting.services.editing import EntryEditor
from pia_meeting.store.facade import Store
from tests.support.meetings import make_meeting

MY_NUMBER = "123456789018"  # passes the check digit (DOMAIN §6)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "capture.db"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    store = Store(db)
    yield store
    store.close()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The wall clock, set by the test: `clock[0] = ...`."""
    now = ["2021-11-09T10:00:12+09:00"]
    monkeypatch.setattr("pia_meeting.core.clock.now_iso", lambda: now[0])
    return now


def session_of(store: Store, *, entries: int = 0) -> CaptureSession:
    return CaptureSession(store, make_meeting(store, 15, entries=entries))


def speaker_named(session: CaptureSession, name: str) -> Attendance:
    return next(p for p in session.bundle.attendance if p.name == name)


# -- Enter --------------------------------------------------------------------------------


def test_a_commit_records_the_cleaned_text_as_the_next_entry(store: Store) -> None:
    session = session_of(store)
    chair = speaker_named(session, "時枝")
    session.state.kind = EntryKind.QUESTION
    session.state.speaker_id = chair.id
    done = session.commit("  再委託先の\x1b[31m監督について\x07確認したい。\t\n")
    stored = store.entries(session.meeting_id)
    assert [(e.kind, e.speaker_id, e.text) for e in stored] == [
        ("質問", chair.id, "再委託先の監督について確認したい。")
    ]
    assert done.entry.id == stored[0].id
    assert session.bundle.entries == stored  # the session's copy holds it too
    # After a 質問, the department answers (none has yet: the first 説明者).
    assert session.state.kind == EntryKind.ANSWER
    assert session.state.speaker == speaker_named(session, "菊竹")


@pytest.mark.parametrize("typed", ["", "   \n\t ", "\x1b[2J\x07"])
def test_empty_text_is_refused(store: Store, typed: str) -> None:
    session = session_of(store)
    with pytest.raises(UserError, match="発言内容が空です"):
        session.commit(typed)
    assert store.entries(session.meeting_id) == []


def test_a_text_over_the_limit_is_refused_with_its_length(store: Store) -> None:
    session = session_of(store)
    with pytest.raises(UserError) as refused:
        session.commit("あ" * (MAX_ENTRY_CHARS + 1))
    assert "長すぎます(20,001文字)" in str(refused.value)
    assert "20,000文字以内" in str(refused.value)
    assert store.entries(session.meeting_id) == []
    session.commit("あ" * MAX_ENTRY_CHARS)  # the limit itself is allowed
    assert len(store.entries(session.meeting_id)) == 1


def test_without_an_agenda_item_nothing_is_recorded(store: Store) -> None:
    session = session_of(store)
    store.delete_agenda_item(session.bundle.agenda[0].id or 0)
    session = CaptureSession(store, session.meeting_id)
    assert "議題がありません" in session.problem()
    with pytest.raises(UserError, match="議題がありません"):
        session.commit("発言")


def test_a_heading_has_no_speaker(store: Store) -> None:
    session = session_of(store)
    session.state.kind = EntryKind.HEADING
    assert session.next_entry().speakerless
    assert session.commit("質疑応答").entry.speaker_id is None


def test_page_tags_from_the_text_and_by_hand_and_the_持ち帰り_flag(store: Store) -> None:
    session = session_of(store)
    assert session.note_text("７８ページに")  # per key: the tags changed
    assert not session.note_text("７８ページに記載")  # the same tags
    session.manual_pages = [14]
    session.toggle_pending()
    shown = session.next_entry()
    assert shown.pages.startswith("p.14") and "78" in shown.pages and shown.pending
    entry = session.commit("７８ページに記載している。").entry
    assert (entry.page_list, entry.pending) == ([14, 78], 1)
    # Reset for the next entry.
    assert (session.manual_pages, session.detected_pages, session.next_pending) == ([], [], False)
    assert session.commit("次の発言。").entry.page_list == []


def test_a_page_beyond_the_document_is_recorded_with_a_warning(store: Store) -> None:
    session = session_of(store)
    session.note_text("99ページ")
    assert session.next_entry().pages_beyond
    done = session.commit("99ページの記載について")
    assert done.entry.page_list == [99]
    assert [n.text for n in done.notices] == [
        "ページが評価書の範囲外です: p.99 Ⅵ 評価実施手続 ※評価書は78ページまで"
    ]


# -- the meeting's status and times ----------------------------------------------------------


def test_the_first_entry_opens_the_meeting_and_the_last_one_ends_it(
    store: Store, clock: list[str]
) -> None:
    session = session_of(store)
    assert session.commit("ただいまから会議を開会する。").notices == ()
    clock[0] = "2021-11-09T10:48:40+09:00"
    session.commit("以上で本日の議事を終了する。")
    meeting = store.get_meeting(session.meeting_id)
    assert meeting.status == MeetingStatus.IN_SESSION
    assert (meeting.start_time, meeting.end_time) == ("10:00", "10:48")
    assert store.get_setting(auto_end_key(meeting.id)) == "10:48"
    clock[0] = "2021-11-09T10:52:00+09:00"
    session.commit("補足する。")
    assert store.get_meeting(session.meeting_id).end_time == "10:52"


def test_an_end_time_set_by_hand_is_left_alone(store: Store, clock: list[str]) -> None:
    session = session_of(store)
    session.commit("開会する。")
    session.bundle.meeting.end_time = "11:30"  # as the 会議情報 screen sets it
    store.update_meeting(session.bundle.meeting)
    clock[0] = "2021-11-09T10:40:00+09:00"
    session.commit("閉会する。")
    assert store.get_meeting(session.meeting_id).end_time == "11:30"


def test_a_start_without_quorum_is_warned_not_blocked(store: Store) -> None:
    session = session_of(store)
    kyo = speaker_named(session, "姜")
    store.update_attendee(replace(kyo, presence=Presence.ABSENT))
    session = CaptureSession(store, session.meeting_id)
    done = session.commit("開会する。")
    assert [(n.text, n.timeout) for n in done.notices] == [
        ("定足数を満たしていません: 委員2名中1名出席(定足数2名に満たない)", 10)
    ]
    assert store.get_meeting(session.meeting_id).status == MeetingStatus.IN_SESSION
    assert session.commit("続ける。").notices == ()  # once, when the meeting starts


# -- changes after the close are audited ------------------------------------------------------


def close(store: Store, session: CaptureSession) -> None:
    meeting = store.get_meeting(session.meeting_id)
    store.update_meeting(replace(meeting, status=MeetingStatus.CLOSED))


def audit_rows(store: Store, session: CaptureSession) -> list[tuple[int | None, str, str, str]]:
    return [(a.row_id, a.old_value, a.new_value, a.reason) for a in store.audit(session.meeting_id)]


def test_changes_while_in_session_are_not_audited(store: Store) -> None:
    session = session_of(store, entries=3)
    first = session.item_entries()[0]
    session.edit(first, replace(first, text="直した。"))
    session.merge_with_next(session.item_entries()[0])
    session.delete(session.item_entries()[-1])
    assert store.audit(session.meeting_id) == []


def test_after_the_close_every_change_to_what_was_said_is_audited(store: Store) -> None:
    session = session_of(store, entries=3)
    close(store, session)
    first, second, third = session.item_entries()
    session.edit(first, replace(first, text="第1段落の説明を直した。"))
    session.edit(second, replace(second, kind=EntryKind.OPINION))  # the text is the same
    session.delete(third)
    edited = session.item_entries()[0]
    session.merge_with_next(edited)
    merged = session.item_entries()[0]
    session.edit(merged, merged, split_at=len("第1段落の説明を直した。"))
    new_id = session.item_entries()[1].id
    assert audit_rows(store, session) == [
        (first.id, "第1段落の説明である。", "第1段落の説明を直した。", "閉会後の発言の修正"),
        (third.id, "第3段落の説明である。", "", "閉会後の発言の削除"),
        (
            first.id,
            "第1段落の説明を直した。",
            "第1段落の説明を直した。第2段落の説明である。",
            "閉会後の発言の結合",
        ),
        (
            first.id,
            "第1段落の説明を直した。第2段落の説明である。",
            "第1段落の説明を直した。",
            "閉会後の発言の分割",
        ),
        (new_id, "", "第2段落の説明である。", "閉会後の発言の分割"),
    ]
    assert {a.actor for a in store.audit(session.meeting_id)} == {"事務局"}


def test_the_change_and_its_undo_go_through_the_session(store: Store) -> None:
    session = session_of(store, entries=3)
    first, second, third = session.item_entries()
    assert session.move(first, 1) and not session.move(third, 1)
    assert [e.id for e in session.item_entries()] == [second.id, first.id, third.id]
    ids = session.run_of(third, range_start=second.id)
    assert ids == [second.id, first.id, third.id]
    assert session.run_of(third) == [third.id]
    assert session.run_of(third, range_start=9999) == [third.id]  # not on this item
    session.set_public(ids, False)
    assert [e.is_public for e in session.item_entries()] == [0, 0, 0]
    session.toggle_entry_pending(second)
    assert session.entry(second.id).pending == 1  # type: ignore[union-attr]
    assert session.undo() == "持ち帰り"
    assert session.undo() == "非公開"
    assert [(e.id, e.is_public, e.pending) for e in session.item_entries()] == [
        (second.id, 1, 0),
        (first.id, 1, 0),
        (third.id, 1, 0),
    ]


# -- privacy review of an entry ---------------------------------------------------------------


def test_masking_an_entry_edits_it_undoably_and_records_the_review(store: Store) -> None:
    session = session_of(store)
    entry = session.commit(f"個人番号欄に{MY_NUMBER}と記入された").entry
    assert session.line(entry).open_findings == "個人番号"
    assert session.review(entry, MASKED) == 1
    masked = session.entry(entry.id)
    assert masked is not None and MY_NUMBER not in masked.text and "●" in masked.text
    assert session.open_findings(masked) == []
    reviews = store.finding_reviews(session.meeting_id)
    assert [(r["status"], r["actor"]) for r in reviews] == [(MASKED, "事務局")]
    assert MY_NUMBER not in str(reviews)  # no copy of the number is kept
    assert session.review(masked, MASKED) == 0  # nothing left to mask
    assert session.undo() == "編集"
    assert session.entry(entry.id).text == entry.text  # type: ignore[union-attr]


def test_checking_an_entry_records_that_it_is_not_personal_data(store: Store) -> None:
    session = session_of(store)
    entry = session.commit(f"問い合わせ番号{MY_NUMBER}は管理番号である").entry
    assert session.review(entry, CHECKED) == 1
    assert store.entries(session.meeting_id)[0].text == entry.text  # unchanged
    assert session.open_findings(entry) == [] and session.line(entry).open_findings == ""
    # A session opened later knows the review too.
    assert CaptureSession(store, session.meeting_id).open_findings(entry) == []
    assert session.review(entry, CHECKED) == 0


# -- who speaks next, on which item -----------------------------------------------------------


def test_the_next_agenda_item_learns_its_own_entries(store: Store) -> None:
    session = session_of(store)
    second = store.add_agenda_item(AgendaItem(meeting_id=session.meeting_id, title="第二の議題"))
    session = CaptureSession(store, session.meeting_id)
    chair = speaker_named(session, "時枝")
    store.add_entry(
        Entry(
            meeting_id=session.meeting_id,
            agenda_item_id=second.id,
            kind=EntryKind.QUESTION,
            speaker_id=chair.id,
            text="質問する。",
        )
    )
    session = CaptureSession(store, session.meeting_id)
    assert session.agenda_line() == "議題 1/2: 住民基本台帳 (公開)"
    assert session.next_item()
    assert session.agenda_line() == "議題 2/2: 第二の議題 (公開)"
    assert [e.text for e in session.item_entries()] == ["質問する。"]
    assert session.state.kind == EntryKind.ANSWER  # after that item's 質問
    assert session.next_item() and session.item_index == 0


def test_one_agenda_item_has_no_next(store: Store) -> None:
    session = session_of(store)
    assert not session.next_item()


def test_a_speaker_added_to_the_roll_speaks_next(store: Store) -> None:
    session = session_of(store)
    session.state.kind = EntryKind.OPINION
    person = store.add_attendee(
        Attendance(
            meeting_id=session.meeting_id,
            side=Side.EXPLAINER,
            name="坂本",
            title="主任",
            department="総務局情報政策課",
        )
    )
    session.add_speaker(person)
    assert session.state.speaker_id == person.id and session.state.kind == EntryKind.OPINION
    assert session.next_entry().speaker == "(情報政策課) 坂本主任"
    assert ("(情報政策課)", "坂本主任") in session.speaker_rows()


# -- the text being typed ---------------------------------------------------------------------


def test_the_draft_names_the_meeting_item_kind_and_speaker(store: Store) -> None:
    session = session_of(store)
    draft = session.draft("入力中の文章")
    assert (draft.meeting_id, draft.agenda_item_id, draft.text) == (
        session.meeting_id,
        session.item.id,  # type: ignore[union-attr]
        "入力中の文章",
    )
    assert (draft.kind, draft.speaker_id) == (session.state.kind, session.state.speaker_id)


def test_a_saved_draft_is_offered_and_restores_item_kind_and_speaker(store: Store) -> None:
    session = session_of(store)
    second = store.add_agenda_item(AgendaItem(meeting_id=session.meeting_id, title="第二の議題"))
    session = CaptureSession(store, session.meeting_id)  # no draft writer: saved at once
    assert session.saved_draft() is None
    session.next_item()
    session.state.kind = EntryKind.OPINION
    session.state.speaker_id = speaker_named(session, "姜").id
    session.save_draft("途中まで入力した")
    again = CaptureSession(store, session.meeting_id)  # the next start
    draft = again.saved_draft()
    assert draft is not None and draft.text == "途中まで入力した" and draft.saved_at
    again.restore(draft)
    assert again.item is not None and again.item.id == second.id
    assert (again.state.kind, again.state.speaker_id) == (EntryKind.OPINION, draft.speaker_id)
    again.save_draft("")  # declined, or committed: no draft any more
    assert again.saved_draft() is None


# -- following another instance ---------------------------------------------------------------


@pytest.fixture
def follow(
    db: Path, store: Store, clock: list[str]
) -> Iterator[tuple[Store, CaptureSession, EntryFollower]]:
    """The writer (`store`), the read-only window's session, and its follower on a
    connection of its own; the clock stands still unless the test moves it."""
    meeting_id = make_meeting(store, 15, entries=2)
    reader = Store(db)
    watched = Store(db)
    session = CaptureSession(reader, meeting_id)
    follower = EntryFollower(watched, meeting_id, session.bundle.entries, session.bundle.attendance)
    yield store, session, follower
    reader.close()
    watched.close()


def texts(session: CaptureSession) -> list[str]:
    return [e.text for e in session.bundle.entries]


def test_nothing_changed_is_nothing_to_show(
    follow: tuple[Store, CaptureSession, EntryFollower],
) -> None:
    writer, session, follower = follow
    assert follower.poll() is None  # the first look: the same as shown
    assert follower.poll() is None  # nobody wrote
    writer.save_draft(session.meeting_id, None, "入力中", "説明", None)
    assert follower.poll() is None  # a commit, but not to an entry


def test_new_entries_are_read_alone(
    follow: tuple[Store, CaptureSession, EntryFollower],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    writer, session, follower = follow
    item_id = session.item.id  # type: ignore[union-attr]
    writer.add_entry(Entry(meeting_id=session.meeting_id, agenda_item_id=item_id, text="新しい。"))
    read: list[list[int]] = []
    original = follower.store.entries_by_id

    def entries_by_id(ids: list[int]) -> list[Entry]:
        read.append(list(ids))
        return original(ids)

    monkeypatch.setattr(follower.store, "entries_by_id", entries_by_id)
    changes = follower.poll()
    assert changes is not None and [e.text for e in changes.changed] == ["新しい。"]
    assert len(read) == 1 and changes.changed[0].id in read[0] and len(read[0]) <= 3
    session.apply(changes)
    assert texts(session) == ["第1段落の説明である。", "第2段落の説明である。", "新しい。"]


def test_what_was_written_before_the_follower_started_is_not_missed(db: Path, store: Store) -> None:
    meeting_id = make_meeting(store, 15, entries=1)
    shown = store.entries(meeting_id)
    item_id = shown[0].agenda_item_id
    store.add_entry(Entry(meeting_id=meeting_id, agenda_item_id=item_id, text="その間の発言。"))
    watched = Store(db)
    try:
        changes = EntryFollower(watched, meeting_id, shown, store.attendance(meeting_id)).poll()
    finally:
        watched.close()
    assert changes is not None and [e.text for e in changes.changed] == ["その間の発言。"]


def test_edits_deletes_moves_and_flags_are_followed(
    follow: tuple[Store, CaptureSession, EntryFollower],
) -> None:
    writer, session, follower = follow
    editor = EntryEditor(writer)
    first, second = writer.entries(session.meeting_id)
    editor.edit(replace(first, text="第1段落を直した。"))
    changes = follower.poll()
    assert changes is not None and [e.id for e in changes.changed] == [first.id]
    session.apply(changes)
    # Again within the same second, to a text of the same length.
    editor.edit(replace(writer.get_entry(first.id or 0), text="第1段落を改めた。"))
    session.apply(follower.poll())  # type: ignore[arg-type]
    assert texts(session) == ["第1段落を改めた。", "第2段落の説明である。"]
    editor.set_flags([second.id or 0], is_public=0)  # a flag: updated_at is not touched
    session.apply(follower.poll())  # type: ignore[arg-type]
    assert [e.is_public for e in session.bundle.entries] == [1, 0]
    editor.move(first.id or 0, 1)
    changes = follower.poll()
    assert changes is not None and changes.order == (second.id, first.id)
    session.apply(changes)
    assert texts(session) == ["第2段落の説明である。", "第1段落を改めた。"]
    editor.delete(second.id or 0)
    changes = follower.poll()
    assert changes is not None and changes.order == (first.id,)
    assert second.id not in {e.id for e in changes.changed}  # gone: nothing to read
    session.apply(changes)
    assert texts(session) == ["第1段落を改めた。"]
    editor.undo()  # the delete: the entry comes back
    session.apply(follower.poll())  # type: ignore[arg-type]
    assert texts(session) == ["第2段落の説明である。", "第1段落を改めた。"]


def test_a_speaker_new_to_the_roll_comes_with_the_roll(
    follow: tuple[Store, CaptureSession, EntryFollower],
) -> None:
    writer, session, follower = follow
    person = writer.add_attendee(
        Attendance(meeting_id=session.meeting_id, side=Side.MEMBER, name="佐藤", title="委員")
    )
    item_id = session.item.id  # type: ignore[union-attr]
    writer.add_entry(
        Entry(
            meeting_id=session.meeting_id,
            agenda_item_id=item_id,
            speaker_id=person.id,
            text="一点伺う。",
        )
    )
    changes = follower.poll()
    assert changes is not None and changes.roll is not None
    session.apply(changes)
    line = session.line(session.bundle.entries[-1])
    assert line.label == "(審査会委員)" and line.who == "佐藤委員"


def test_following_runs_on_its_own_thread_until_stopped(db: Path, store: Store) -> None:
    meeting_id = make_meeting(store, 15, entries=1)
    shown = store.entries(meeting_id)
    reported: queue.Queue[tuple[EntryChanges, int]] = queue.Queue()
    stop = threading.Event()

    def report(changes: EntryChanges) -> None:
        reported.put((changes, threading.get_ident()))

    thread = threading.Thread(
        target=follow_meeting,
        args=(str(db), meeting_id, shown, store.attendance(meeting_id)),
        kwargs={"report": report, "stop": stop, "interval": 0.02},
    )
    thread.start()
    try:
        item_id = shown[0].agenda_item_id
        store.add_entry(Entry(meeting_id=meeting_id, agenda_item_id=item_id, text="追加。"))
        changes, on_thread = reported.get(timeout=5)
        assert [e.text for e in changes.changed] == ["追加。"]
        assert on_thread == thread.ident != threading.get_ident()
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()
