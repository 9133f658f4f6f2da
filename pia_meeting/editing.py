"""Changing entries already committed — edit, split, merge, move, delete, 非公開, 持ち帰り —
each undoable. Plain Python over a Store; the capture screen keeps one EntryEditor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from . import clock
from .errors import UserError, ValidationError
from .model import Entry
from .storage import Store


@dataclass
class Change:
    """One undoable change: a description and how to put things back."""

    description: str
    revert: Callable[[], None]


class EntryEditor:
    def __init__(self, store: Store, *, depth: int = 100) -> None:
        self.store = store
        self.history: list[Change] = []
        self.depth = depth

    # -- low-level row work ---------------------------------------------------------------

    def _shift(self, entry: Entry, from_seq: int, delta: int) -> None:
        self.store.db.execute(
            "update entries set seq = seq + ? where meeting_id = ? and agenda_item_id is ? "
            "and seq >= ?",
            (delta, entry.meeting_id, entry.agenda_item_id, from_seq),
        )

    def _put_back(self, entry: Entry) -> None:
        """Re-insert a deleted entry with its own id at its own place."""
        self._shift(entry, entry.seq, 1)
        self.store.db["entries"].insert(asdict(entry))  # type: ignore[union-attr]

    def _write(self, entry: Entry) -> None:
        row = asdict(entry)
        row.pop("id")
        self.store.db["entries"].update(entry.id, row)  # type: ignore[union-attr]

    def _remember(self, description: str, revert: Callable[[], None]) -> None:
        self.history.append(Change(description, revert))
        del self.history[: -self.depth]

    # -- operations -----------------------------------------------------------------------

    def edit(self, updated: Entry) -> Entry:
        if not updated.text.strip():
            raise ValidationError("text", "発言内容が空です")
        before = self.store.get_entry(updated.id or 0)
        updated.updated_at = clock.now_iso()
        with self.store.atomic():
            self._write(updated)
        self._remember("編集", lambda: self._restore_fields(before))
        return updated

    def _restore_fields(self, before: Entry) -> None:
        with self.store.atomic():
            self._write(before)

    def delete(self, entry_id: int) -> Entry:
        entry = self.store.get_entry(entry_id)
        linked = [
            row["id"]
            for row in self.store.db.query(
                "select id from entries where answers_entry_id = ?", (entry_id,)
            )
        ]
        with self.store.atomic():
            self.store.db.execute(
                "update entries set answers_entry_id = null where answers_entry_id = ?",
                (entry_id,),
            )
            self.store.db.execute("delete from entries where id = ?", (entry_id,))
            self._shift(entry, entry.seq + 1, -1)

        def revert() -> None:
            with self.store.atomic():
                self._put_back(entry)
                for answer_id in linked:
                    self.store.db.execute(
                        "update entries set answers_entry_id = ? where id = ?",
                        (entry_id, answer_id),
                    )

        self._remember("削除", revert)
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
        with self.store.atomic():
            self._write(first)
            self._shift(entry, entry.seq + 1, 1)
            row = asdict(second)
            row.pop("id")
            second.id = int(self.store.db["entries"].insert(row).last_pk)  # type: ignore[union-attr]

        def revert() -> None:
            with self.store.atomic():
                self.store.db.execute("delete from entries where id = ?", (second.id,))
                self._shift(entry, entry.seq + 2, -1)
                self._write(entry)

        self._remember("分割", revert)
        return first, second

    def merge_with_next(self, entry_id: int) -> Entry:
        entry = self.store.get_entry(entry_id)
        rows = list(
            self.store.db.query(
                "select * from entries where meeting_id = ? and agenda_item_id is ? and seq > ? "
                "order by seq limit 1",
                (entry.meeting_id, entry.agenda_item_id, entry.seq),
            )
        )
        if not rows:
            raise UserError("次の発言がありません")
        following = Entry.from_row(rows[0])
        merged = replace(
            entry,
            text=entry.text + following.text,
            pages=_union_pages(entry.pages, following.pages),
            updated_at=clock.now_iso(),
        )
        with self.store.atomic():
            self._write(merged)
            self.store.db.execute(
                "update entries set answers_entry_id = ? where answers_entry_id = ?",
                (entry.id, following.id),
            )
            self.store.db.execute("delete from entries where id = ?", (following.id,))
            self._shift(entry, following.seq + 1, -1)

        def revert() -> None:
            with self.store.atomic():
                self._write(entry)
                self._put_back(following)

        self._remember("結合", revert)
        return merged

    def move(self, entry_id: int, delta: int) -> bool:
        """Swap with the neighbour above (-1) or below (+1). False at either end."""
        entry = self.store.get_entry(entry_id)
        rows = list(
            self.store.db.query(
                "select id, seq from entries where meeting_id = ? and agenda_item_id is ? "
                "and seq = ?",
                (entry.meeting_id, entry.agenda_item_id, entry.seq + delta),
            )
        )
        if not rows:
            return False
        other_id, other_seq = rows[0]["id"], rows[0]["seq"]

        def swap() -> None:
            with self.store.atomic():
                self.store.db.execute(
                    "update entries set seq = case id when ? then ? when ? then ? end "
                    "where id in (?, ?)",
                    (entry_id, other_seq, other_id, entry.seq, entry_id, other_id),
                )

        swap()
        self._remember("移動", swap)
        return True

    def set_flags(
        self, entry_ids: list[int], *, is_public: int | None = None, pending: int | None = None
    ) -> None:
        before = [self.store.get_entry(i) for i in entry_ids]
        with self.store.atomic():
            for entry in before:
                changed = replace(
                    entry,
                    is_public=entry.is_public if is_public is None else is_public,
                    pending=entry.pending if pending is None else pending,
                )
                self._write(changed)

        def revert() -> None:
            with self.store.atomic():
                for entry in before:
                    self._write(entry)

        self._remember("非公開" if is_public is not None else "持ち帰り", revert)

    def link_answer(self, answer_id: int, question_id: int | None) -> None:
        """Record that `answer_id` answers the 持ち帰り question `question_id` (None unlinks)."""
        before = self.store.get_entry(answer_id)
        if question_id is not None:
            question = self.store.get_entry(question_id)
            if question.id == answer_id:
                raise UserError("同じ発言どうしは結び付けられません")
        with self.store.atomic():
            self._write(replace(before, answers_entry_id=question_id))
        self._remember("回答の結び付け", lambda: self._restore_fields(before))

    def undo(self) -> str | None:
        """Revert the last change; returns its description, None when there is nothing."""
        if not self.history:
            return None
        change = self.history.pop()
        change.revert()
        return change.description


def _union_pages(a: str, b: str) -> str:
    import json

    return json.dumps(sorted(set(json.loads(a or "[]")) | set(json.loads(b or "[]"))))


def open_pending(store: Store, board_id: int) -> list[dict[str, object]]:
    """Questions marked 持ち帰り on this board that no entry answers yet, oldest first."""
    return list(
        store.db.query(
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
