"""Changing committed entries and undoing it (EntryEditor): merge keeps closed text closed,
undo brings entries back even when their id was taken meanwhile, and what a user can cause
is a Japanese message, not a database error."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from pia_meeting.core.errors import UserError
from pia_meeting.core.findings import scan_meeting
from pia_meeting.core.model import AgendaItem, Attendance, Entry, EntryKind, Meeting, Side
from pia_meeting.core.privacy import CHECKED
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.services.editing import EntryEditor
from pia_meeting.store.facade import Store

PUBLIC_TEXT = "委託先には誓約書を提出させている。"
CLOSED_TEXT = "監査の結果、委託先の施錠管理に不備が見つかった。"


@dataclass
class Session:
    store: Store
    editor: EntryEditor
    meeting_id: int
    item_id: int
    member_id: int
    explainer_id: int

    def add(self, text: str, **fields: object) -> Entry:
        values: dict[str, object] = {
            "meeting_id": self.meeting_id,
            "agenda_item_id": self.item_id,
            "speaker_id": self.explainer_id,
            "kind": EntryKind.ANSWER,
            "text": text,
            **fields,
        }
        entry = Entry(**values)  # type: ignore[arg-type]
        return self.store.add_entry(entry)

    def texts(self) -> list[str]:
        return [e.text for e in self.store.entries(self.meeting_id)]

    def entry(self, text: str) -> Entry:
        return next(e for e in self.store.entries(self.meeting_id) if e.text == text)

    def public_minutes(self) -> str:
        return render_text(build_minutes(self.store.load_bundle(self.meeting_id), public=True))


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    store = Store(tmp_path / "editing.db")
    board = store.board_named("北九州市個人情報保護審査会")
    meeting = store.create_meeting(Meeting(board_id=board.id, number=15, date="2021-11-09"))
    item = store.add_agenda_item(AgendaItem(meeting_id=meeting.id, title="住民基本台帳"))
    member = store.add_attendee(
        Attendance(meeting_id=meeting.id, side=Side.MEMBER, name="時枝", title="会長")
    )
    explainer = store.add_attendee(
        Attendance(
            meeting_id=meeting.id,
            side=Side.EXPLAINER,
            name="菊竹",
            title="係長",
            department="市民文化スポーツ局市民総務部戸籍住民課",
        )
    )
    yield Session(
        store,
        EntryEditor(store),
        meeting.id or 0,
        item.id or 0,
        member.id or 0,
        explainer.id or 0,
    )
    store.close()


# -- merge -----------------------------------------------------------------------------------


def test_merging_a_closed_entry_into_a_public_one_keeps_the_text_out_of_the_public_minutes(
    session: Session,
) -> None:
    first = session.add(PUBLIC_TEXT)
    session.add(CLOSED_TEXT, is_public=0)
    assert CLOSED_TEXT not in session.public_minutes()
    merged = session.editor.merge_with_next(first.id or 0)
    assert merged.is_public == 0
    assert session.store.get_entry(first.id or 0).is_public == 0
    assert CLOSED_TEXT not in session.public_minutes()
    assert PUBLIC_TEXT + CLOSED_TEXT in render_text(
        build_minutes(session.store.load_bundle(session.meeting_id))
    )


def test_merge_keeps_a_pending_question_pending_and_its_answer_link(session: Session) -> None:
    question = session.add("前回の持ち帰りの質問である。", pending=1)
    first = session.add("補足として説明する。")
    second = session.add("前回の質問について回答する。", answers_entry_id=question.id)
    marked = session.add("この点は持ち帰って確認する。", pending=1)
    session.editor.merge_with_next(first.id or 0)
    merged = session.store.get_entry(first.id or 0)
    assert merged.answers_entry_id == question.id
    session.editor.merge_with_next(first.id or 0)
    merged = session.store.get_entry(first.id or 0)
    assert merged.pending == 1
    assert merged.answers_entry_id == question.id
    assert session.texts() == [
        "前回の持ち帰りの質問である。",
        "補足として説明する。前回の質問について回答する。この点は持ち帰って確認する。",
    ]
    assert session.editor.undo() == "結合"
    assert session.editor.undo() == "結合"
    assert session.store.entries(session.meeting_id) == [
        question,
        first,
        second,
        marked,
    ]


def test_undoing_a_merge_restores_both_entries_exactly(session: Session) -> None:
    session.add("はじめの発言である。")
    first = session.add(PUBLIC_TEXT, pages="[3]")
    second = session.add(CLOSED_TEXT, is_public=0, pending=1, pages="[5]")
    answer = session.add("その点について回答する。")
    session.editor.link_answer(answer.id or 0, second.id)
    answer = session.store.get_entry(answer.id or 0)
    session.editor.history.clear()
    before = session.store.entries(session.meeting_id)

    session.editor.merge_with_next(first.id or 0)
    assert session.store.get_entry(answer.id or 0).answers_entry_id == first.id
    session.editor.undo()
    assert session.store.entries(session.meeting_id) == before


# -- undo when the id was taken ----------------------------------------------------------------


def test_undo_of_deleting_the_newest_entry_after_a_new_one_was_typed(session: Session) -> None:
    session.add("一つ目の発言である。")
    newest = session.add("削除される発言である。")
    session.editor.delete(newest.id or 0)
    typed = session.add("削除の後に入力した発言である。")
    assert typed.id == newest.id  # the id was free again and was taken

    assert session.editor.undo() == "削除"
    assert session.texts() == [
        "一つ目の発言である。",
        "削除される発言である。",
        "削除の後に入力した発言である。",
    ]
    restored = session.entry("削除される発言である。")
    assert restored.id != typed.id
    assert replace(restored, id=None) == replace(newest, id=None)
    assert session.store.get_entry(typed.id or 0).text == "削除の後に入力した発言である。"


def test_older_undos_follow_an_entry_that_came_back_under_a_new_id(session: Session) -> None:
    newest = session.add("誤字のある発言でる。")
    session.editor.edit(replace(newest, text="誤字を直した発言である。"))
    session.editor.delete(newest.id or 0)
    typed = session.add("削除の後に入力した発言である。")

    session.editor.undo()  # the delete
    session.editor.undo()  # the edit: on the entry that came back, not on the one typed
    assert session.texts() == ["誤字のある発言でる。", "削除の後に入力した発言である。"]
    assert session.store.get_entry(typed.id or 0).text == "削除の後に入力した発言である。"


def test_undo_of_a_merge_after_the_second_ones_id_was_taken(session: Session) -> None:
    first = session.add(PUBLIC_TEXT)
    second = session.add(CLOSED_TEXT, is_public=0)
    session.editor.merge_with_next(first.id or 0)
    typed = session.add("結合の後に入力した発言である。")
    assert typed.id == second.id

    session.editor.undo()
    assert session.texts() == [PUBLIC_TEXT, CLOSED_TEXT, "結合の後に入力した発言である。"]
    assert session.entry(CLOSED_TEXT).is_public == 0
    assert session.entry(PUBLIC_TEXT).is_public == 1
    assert CLOSED_TEXT not in session.public_minutes()
    assert "結合の後に入力した発言である。" in session.public_minutes()


def test_undo_of_a_delete_relinks_the_answers_to_the_entry_brought_back(
    session: Session,
) -> None:
    answer = session.add("持ち帰りの質問に回答する。")
    question = session.add("この点は持ち帰って確認されたい。", pending=1)
    session.editor.link_answer(answer.id or 0, question.id)
    session.editor.history.clear()
    session.editor.delete(question.id or 0)
    session.add("削除の後に入力した発言である。")

    session.editor.undo()
    restored = session.entry("この点は持ち帰って確認されたい。")
    assert restored.pending == 1
    assert session.store.get_entry(answer.id or 0).answers_entry_id == restored.id


def test_a_privacy_check_stays_with_its_entry_not_with_its_old_id(session: Session) -> None:
    phone = "電話番号は093-582-2000である。"
    entry = session.add(phone)
    session.store.mark_finding(entry.id or 0, "phone", "093-582-2000", CHECKED, "事務局")

    def resolved() -> list[tuple[str, bool]]:
        bundle = session.store.load_bundle(session.meeting_id)
        reviews = session.store.finding_reviews(session.meeting_id)
        return [
            (next(e.text for e in bundle.entries if e.id == f.entry_id), f.resolved)
            for f in scan_meeting(bundle, reviews=reviews)
        ]

    assert resolved() == [(phone, True)]
    session.editor.delete(entry.id or 0)
    retyped = session.add("別件の電話番号も093-582-2000である。")
    assert retyped.id == entry.id
    # A new entry given the old id does not inherit the check.
    assert resolved() == [("別件の電話番号も093-582-2000である。", False)]

    session.editor.undo()
    assert sorted(resolved()) == sorted(
        [(phone, True), ("別件の電話番号も093-582-2000である。", False)]
    )


# -- what a user can cause is a message ----------------------------------------------------------


def test_undo_after_the_speaker_left_the_roll_keeps_the_label(session: Session) -> None:
    session.add("一つ目の発言である。", speaker_id=session.member_id, kind=EntryKind.QUESTION)
    entry = session.add("説明者の発言である。")
    session.editor.delete(entry.id or 0)
    session.store.delete_attendee(session.explainer_id)

    session.editor.undo()
    assert "(戸籍住民課) 説明者の発言である。" in session.public_minutes()


def test_undo_after_the_agenda_item_was_deleted_is_a_message(session: Session) -> None:
    entry = session.add("議題ごと消される発言である。")
    session.editor.delete(entry.id or 0)
    session.store.delete_agenda_item(session.item_id)
    with pytest.raises(UserError) as caught:
        session.editor.undo()
    assert "議題が削除されている" in str(caught.value)
    assert session.editor.undo() is None


def test_linking_to_an_entry_deleted_elsewhere_is_a_message(session: Session) -> None:
    answer = session.add("回答である。")
    question = session.add("質問である。", pending=1)
    session.store.delete_entry(question.id or 0)
    with pytest.raises(UserError):
        session.editor.link_answer(answer.id or 0, question.id)


def test_editing_an_entry_deleted_elsewhere_is_a_message(session: Session) -> None:
    entry = session.add("別の画面で消される発言である。")
    session.editor.edit(replace(entry, text="直した発言である。"))
    session.store.delete_entry(entry.id or 0)
    with pytest.raises(UserError) as caught:
        session.editor.undo()
    assert "元に戻せません" in str(caught.value)


def test_undoing_a_move_puts_the_entry_back(session: Session) -> None:
    first, second, third = (session.add(text) for text in ("一つ目。", "二つ目。", "三つ目。"))
    assert session.editor.move(second.id or 0, -1)
    assert session.texts() == ["二つ目。", "一つ目。", "三つ目。"]
    assert session.editor.undo() == "移動"
    assert session.texts() == ["一つ目。", "二つ目。", "三つ目。"]
    assert not session.editor.move(third.id or 0, 1)  # the last cannot go further down
    assert first.id is not None
