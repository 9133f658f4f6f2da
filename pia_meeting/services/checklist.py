"""A meeting's answers to the 第三者点検 checklist (DOMAIN §5), one row per agenda item and
checklist item."""

from __future__ import annotations

from pia_meeting.core.checklist import ChecklistRow, rows_with, validate
from pia_meeting.store.facade import Store


def load(store: Store, agenda_item_id: int) -> list[ChecklistRow]:
    saved = {
        int(row["item_no"]): (str(row["status"] or ""), str(row["memo"] or ""))
        for row in store.query(
            "select item_no, status, memo from checklist_items where agenda_item_id = ?",
            (agenda_item_id,),
        )
    }
    return rows_with(saved)


def save(store: Store, agenda_item_id: int, no: int, status: str, memo: str) -> None:
    validate(no, status)
    with store.atomic():
        store.conn.execute(
            "insert into checklist_items (agenda_item_id, item_no, status, memo)"
            " values (?, ?, ?, ?) on conflict (agenda_item_id, item_no)"
            " do update set status = excluded.status, memo = excluded.memo",
            (agenda_item_id, no, status, memo),
        )
