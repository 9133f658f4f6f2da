"""Changing entries already committed — edit, split, merge, move, delete, 非公開, 持ち帰り —
each undoable. Plain Python over a Store; the capture screen keeps one EntryEditor."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace

from pia_meeting.core import clock
from pia_meeting.core.errors import NotFoundError, UserError, ValidationError
from pia_meeting.core.labels import speaker_label
from pia_meeting.core.model import Entry
from pia_meeting.store.facade import DatabaseBusyError, Store

_CHANGED_ELSEWHERE = (
    "発言の記録がほかで変更されています。画面を開き直してから、もう一度操作してください"
)


Ids = Callable[[int | None], int | None]
Revert = Callable[[Ids], dict[int, int]]


@dataclass
class Change:
    """One undoable change: a description and how to put things back.

    Entry ids are not AUTOINCREMENT: after the newest entry is deleted, the next entry typed
    takes its id, and undoing the delete then brings the entry back under a new id. The
    changes recorded before it name the entry by its old id; `renamed` maps those ids to the
    ones the rows have now, and `revert` is given `now` to read them through."""

    description: str
    revert: Revert
    released: frozenset[int] = frozenset()  # ids of the entries this change removed
    created: frozenset[int] = frozenset()  # ids of the entries this change inserted
    renamed: dict[int, int] = field(default_factory=dict)
    focus: int | None = None  # the entry to show once the change is undone (its id then)

    def now(self, entry_id: int | None) -> int | None:
        return None if entry_id is None else self.renamed.get(entry_id, entry_id)

    def rename(self, old: int, new: int) -> None:
        """The entry this change knows as `old` (after earlier renames) now has id `new`."""
        originals = [o for o, current in self.renamed.items() if current == old]
        if not originals and old not in self.renamed:
            originals = [old]
        for original in originals:
            self.renamed[original] = new


@dataclass(frozen=True)
class Undone:
    """A change put back: what it was, and the entry to show (None when it is gone)."""

    description: str
    entry_id: int | None


class EntryEditor:
    """The changes to one meeting's entries, each undoable. The capture screen is given the
    editor of its meeting, kept by the app while it runs: leaving 議事 and coming back keeps
    what can be undone (`depth` changes, the oldest forgotten first)."""

    def __init__(self, store: Store, *, depth: int = 100) -> None:
        self.store = store
        self.history: list[Change] = []
        self.depth = depth
        self.forgotten = 0  # how many changes fell off the end of the history

    # -- low-level row work ---------------------------------------------------------------

    @contextmanager
    def _change(self, failure: str) -> Iterator[None]:
        """One write transaction; a database refusal a user can cause (a row deleted or
        changed in the meantime) becomes a UserError saying `failure`."""
        try:
            with self.store.atomic():
                yield
        except sqlite3.IntegrityError:
            raise UserError(f"{failure}。{_CHANGED_ELSEWHERE}") from None
        except NotFoundError:
            raise NotFoundError(f"{failure}。{_CHANGED_ELSEWHERE}") from None

    def _exists(self, table: str, row_id: int | None) -> bool:
        if row_id is None:
            return False
        sql = f"select 1 from {table} where id = ?"
        return self.store.conn.execute(sql, (row_id,)).fetchone() is not None

    def _ids(self, sql: str, params: tuple[object, ...]) -> list[int]:
        return [int(row[0]) for row in self.store.conn.execute(sql, params).fetchall()]

    def _shift(self, entry: Entry, from_seq: int, delta: int) -> None:
        self.store.conn.execute(
            "update entries set seq = seq + ? where meeting_id = ? and agenda_item_id is ? "
            "and seq >= ?",
            (delta, entry.meeting_id, entry.agenda_item_id, from_seq),
        )

    def _label_of(self, entry: Entry) -> str:
        """The entry's speaker label as printed now, kept in case the speaker is taken off
        the roll before the entry is put back."""
        if entry.speaker_id is None:
            return entry.speaker_label
        roll = self.store.attendance(entry.meeting_id or 0)
        person = next((p for p in roll if p.id == entry.speaker_id), None)
        if person is None:
            return entry.speaker_label
        board = self.store.get_board(self.store.get_meeting(entry.meeting_id or 0).board_id or 0)
        return speaker_label(board, person, roll)

    def _put_back(self, entry: Entry, label: str = "") -> int:
        """Re-insert a removed entry at its own place and return its id: its own id when
        that is still free, a new one when a later entry took it."""
        if not self._exists("meetings", entry.meeting_id):
            raise UserError("会議が削除されているため、発言を元に戻せません")
        if entry.agenda_item_id is not None and not self._exists(
            "agenda_items", entry.agenda_item_id
        ):
            raise UserError("議題が削除されているため、発言を元に戻せません")
        row = asdict(entry)
        if entry.speaker_id is not None and not self._exists("attendances", entry.speaker_id):
            # The speaker left the roll meanwhile: keep the label the minutes printed.
            row["speaker_id"] = None
            row["speaker_label"] = label or entry.speaker_label
        if entry.answers_entry_id is not None and not self._exists(
            "entries", entry.answers_entry_id
        ):
            row["answers_entry_id"] = None
        if self._exists("entries", entry.id):
            row.pop("id")
        self._shift(entry, entry.seq, 1)
        return self.store.insert_row("entries", row)

    def _write(self, entry: Entry) -> None:
        row = asdict(entry)
        row.pop("id")
        self.store.update_row("entries", entry.id or 0, row)

    def _restore(self, before: Entry, now: Ids) -> None:
        """Write a snapshot back over the row it was taken from."""
        self._write(
            replace(before, id=now(before.id), answers_entry_id=now(before.answers_entry_id))
        )

    def _repoint_reviews(self, review_ids: list[int], entry_id: int) -> None:
        for review_id in review_ids:
            self.store.conn.execute(
                "update privacy_reviews set entry_id = ? where id = ?", (entry_id, review_id)
            )

    def _remember(
        self,
        description: str,
        revert: Revert,
        *,
        released: tuple[int | None, ...] = (),
        created: tuple[int | None, ...] = (),
        focus: int | None = None,
    ) -> None:
        self.history.append(
            Change(
                description,
                revert,
                released=frozenset(i for i in released if i is not None),
                created=frozenset(i for i in created if i is not None),
                focus=focus,
            )
        )
        if len(self.history) > self.depth:
            self.forgotten += len(self.history) - self.depth
            del self.history[: -self.depth]

    def _renamed(self, old: int, new: int) -> None:
        """An entry came back as `new` instead of `old`: the older changes that know it as
        `old` read `new` from now on. They go back to the one that inserted the entry, and
        not past one that removed an earlier entry of that id."""
        for change in reversed(self.history):
            if old in change.released:
                return
            made_it = any(change.now(i) == old for i in change.created)
            change.rename(old, new)
            if made_it:
                return

    # -- operations -----------------------------------------------------------------------

    def edit(self, updated: Entry) -> Entry:
        if not updated.text.strip():
            raise ValidationError("text", "発言内容が空です")
        before = self.store.get_entry(updated.id or 0)
        updated.updated_at = clock.now_iso()
        with self._change("発言を更新できません"):
            self._write(updated)
        self._remember("編集", lambda now: self._restore_all([before], now), focus=updated.id)
        return updated

    def _restore_all(self, before: list[Entry], now: Ids) -> dict[int, int]:
        with self._change("元に戻せません"):
            for entry in before:
                self._restore(entry, now)
        return {}

    def delete(self, entry_id: int) -> Entry:
        entry = self.store.get_entry(entry_id)
        linked = self._ids("select id from entries where answers_entry_id = ?", (entry_id,))
        reviews = self._ids("select id from privacy_reviews where entry_id = ?", (entry_id,))
        label = self._label_of(entry)
        with self._change("発言を削除できません"):
            self.store.conn.execute(
                "update entries set answers_entry_id = null where answers_entry_id = ?",
                (entry_id,),
            )
            # Its privacy reviews are set aside (kept, tied to no entry) so that a later
            # entry given the same id does not take them over.
            self._repoint_reviews(reviews, -entry_id)
            self.store.conn.execute("delete from entries where id = ?", (entry_id,))
            self._shift(entry, entry.seq + 1, -1)

        def revert(now: Ids) -> dict[int, int]:
            with self._change("削除した発言を元に戻せません"):
                restored = self._put_back(
                    replace(entry, answers_entry_id=now(entry.answers_entry_id)), label
                )
                for answer_id in linked:
                    self.store.conn.execute(
                        "update entries set answers_entry_id = ? "
                        "where id = ? and answers_entry_id is null",
                        (restored, now(answer_id)),
                    )
                self._repoint_reviews(reviews, restored)
            return {entry_id: restored} if restored != entry_id else {}

        self._remember("削除", revert, released=(entry_id,), focus=entry_id)
        return entry

    def split(self, entry_id: int, at: int) -> tuple[Entry, Entry]:
        """Split the text at character `at`: the second half becomes the next entry."""
        entry = self.store.get_entry(entry_id)
        head, tail = entry.text[:at].strip(), entry.text[at:].strip()
        if not head or not tail:
            raise UserError("分割する位置の前後に文章が必要です")
        first = replace(entry, text=head, updated_at=clock.now_iso())
        second = replace(
            entry, id=None, seq=entry.seq + 1, text=tail, answers_entry_id=None, pending=0
        )
        with self._change("発言を分割できません"):
            self._write(first)
            self._shift(entry, entry.seq + 1, 1)
            row = asdict(second)
            row.pop("id")
            second.id = self.store.insert_row("entries", row)

        def revert(now: Ids) -> dict[int, int]:
            with self._change("分割を元に戻せません"):
                # Reviews made on the second half go back, with its text, to the first.
                self.store.conn.execute(
                    "update privacy_reviews set entry_id = ? where entry_id = ?",
                    (now(entry.id), now(second.id)),
                )
                self.store.conn.execute(
                    "update entries set answers_entry_id = null where answers_entry_id = ?",
                    (now(second.id),),
                )
                self.store.conn.execute("delete from entries where id = ?", (now(second.id),))
                self._shift(entry, entry.seq + 2, -1)
                self._restore(entry, now)
            return {}

        self._remember("分割", revert, created=(second.id,), focus=entry_id)
        return first, second

    def merge_with_next(self, entry_id: int) -> Entry:
        """Join the next entry of the same agenda item onto this one. The result is
        非公開 when either part was, 持ち帰り when either was, and answers what the first
        answered, else what the second did."""
        entry = self.store.get_entry(entry_id)
        rows = list(
            self.store.query(
                "select * from entries where meeting_id = ? and agenda_item_id is ? and seq > ? "
                "order by seq limit 1",
                (entry.meeting_id, entry.agenda_item_id, entry.seq),
            )
        )
        if not rows:
            raise UserError("次の発言がありません")
        following = Entry.from_row(rows[0])
        # Neither part may end up answering the merged entry itself.
        answers = next(
            (
                link
                for link in (entry.answers_entry_id, following.answers_entry_id)
                if link is not None and link not in (entry.id, following.id)
            ),
            None,
        )
        merged = replace(
            entry,
            text=entry.text + following.text,
            pages=_union_pages(entry.pages, following.pages),
            is_public=min(entry.is_public, following.is_public),
            pending=max(entry.pending, following.pending),
            answers_entry_id=answers,
            updated_at=clock.now_iso(),
        )
        linked = self._ids(
            "select id from entries where answers_entry_id = ? and id != ?",
            (following.id, entry.id),
        )
        reviews = self._ids("select id from privacy_reviews where entry_id = ?", (following.id,))
        label = self._label_of(following)
        with self._change("発言を結合できません"):
            self._write(merged)
            for answer_id in linked:
                self.store.conn.execute(
                    "update entries set answers_entry_id = ? where id = ?", (entry.id, answer_id)
                )
            self._repoint_reviews(reviews, entry_id)
            self.store.conn.execute("delete from entries where id = ?", (following.id,))
            self._shift(entry, following.seq + 1, -1)

        def revert(now: Ids) -> dict[int, int]:
            old = following.id or 0
            with self._change("結合を元に戻せません"):
                restored = self._put_back(
                    replace(following, answers_entry_id=now(following.answers_entry_id)), label
                )
                self._restore(entry, lambda i: restored if i == old else now(i))
                for answer_id in linked:
                    self.store.conn.execute(
                        "update entries set answers_entry_id = ? "
                        "where id = ? and answers_entry_id = ?",
                        (restored, now(answer_id), now(entry_id)),
                    )
                self._repoint_reviews(reviews, restored)
            return {old: restored} if restored != old else {}

        self._remember("結合", revert, released=(following.id,), focus=entry_id)
        return merged

    def move(self, entry_id: int, delta: int) -> bool:
        """Swap with the neighbour above (-1) or below (+1). False at either end."""
        entry = self.store.get_entry(entry_id)
        rows = list(
            self.store.query(
                "select id, seq from entries where meeting_id = ? and agenda_item_id is ? "
                "and seq = ?",
                (entry.meeting_id, entry.agenda_item_id, entry.seq + delta),
            )
        )
        if not rows:
            return False
        other_id, other_seq = rows[0]["id"], rows[0]["seq"]

        def place(failure: str, now: Ids, *, moved: bool) -> dict[int, int]:
            """The two entries at their places after the move (`moved`) or before it."""
            one, two = now(entry_id), now(other_id)
            seq_one, seq_two = (other_seq, entry.seq) if moved else (entry.seq, other_seq)
            with self._change(failure):
                self.store.conn.execute(
                    "update entries set seq = case id when ? then ? when ? then ? end "
                    "where id in (?, ?)",
                    (one, seq_one, two, seq_two, one, two),
                )
            return {}

        place("発言を移動できません", lambda i: i, moved=True)
        self._remember(
            "移動", lambda now: place("移動を元に戻せません", now, moved=False), focus=entry_id
        )
        return True

    def set_flags(
        self, entry_ids: list[int], *, is_public: int | None = None, pending: int | None = None
    ) -> None:
        before = [self.store.get_entry(i) for i in entry_ids]
        with self._change("発言を変更できません"):
            for entry in before:
                changed = replace(
                    entry,
                    is_public=entry.is_public if is_public is None else is_public,
                    pending=entry.pending if pending is None else pending,
                )
                self._write(changed)
        self._remember(
            "非公開" if is_public is not None else "持ち帰り",
            lambda now: self._restore_all(before, now),
            focus=entry_ids[0] if entry_ids else None,
        )

    def link_answer(self, answer_id: int, question_id: int | None) -> None:
        """Record that `answer_id` answers the 持ち帰り question `question_id` (None unlinks)."""
        before = self.store.get_entry(answer_id)
        if question_id is not None:
            question = self.store.get_entry(question_id)
            if question.id == answer_id:
                raise UserError("同じ発言どうしは結び付けられません")
        with self._change("回答を結び付けられません"):
            self._write(replace(before, answers_entry_id=question_id))
        self._remember(
            "回答の結び付け", lambda now: self._restore_all([before], now), focus=answer_id
        )

    def undo(self) -> str | None:
        """Revert the last change; returns its description, None when there is nothing
        (see `undo_change`)."""
        done = self.undo_change()
        return done.description if done is not None else None

    def undo_change(self) -> Undone | None:
        """Revert the last change; what it was and the entry it concerned, None when there
        is nothing. A change that can no longer be reverted is dropped with a UserError
        saying why; one refused only because the database was busy stays, to be tried
        again."""
        if not self.history:
            return None
        change = self.history.pop()
        target = change.now(change.focus)
        try:
            renamed = change.revert(change.now)
        except DatabaseBusyError:
            self.history.append(change)
            raise
        for old, new in renamed.items():
            self._renamed(old, new)
        if target is not None:
            target = renamed.get(target, target)
            if not self._exists("entries", target):
                target = None  # the undo took it away (a split joined again)
        return Undone(change.description, target)


def _union_pages(a: str, b: str) -> str:
    return json.dumps(sorted(set(json.loads(a or "[]")) | set(json.loads(b or "[]"))))


def open_pending(store: Store, board_id: int) -> list[dict[str, object]]:
    """Questions marked 持ち帰り on this board that no entry answers yet, oldest first."""
    return list(
        store.query(
            """
            select e.id, e.text, e.spoken_at, e.meeting_id, m.number, m.date
            from entries e join meetings m on m.id = e.meeting_id
            where m.board_id = ? and e.pending = 1
              and not exists (select 1 from entries a where a.answers_entry_id = e.id)
            order by m.date, e.seq
            """,
            (board_id,),
        )
    )
