"""The 適合性/妥当性 checklist of a 第三者点検 (DOMAIN §5): optional, per agenda item."""

from __future__ import annotations

from dataclasses import dataclass

from pia_meeting.core.bundled import read_json
from pia_meeting.core.errors import ValidationError
from pia_meeting.store.facade import Store


@dataclass(frozen=True)
class ChecklistRow:
    no: int
    group: str  # 適合性 / 妥当性
    text: str
    status: str  # 未確認 / 問題なし / 指摘あり / 該当なし
    memo: str


def statuses() -> list[str]:
    return list(read_json("checklist.json")["statuses"])


def load(store: Store, agenda_item_id: int) -> list[ChecklistRow]:
    saved = {
        row["item_no"]: row
        for row in store.query(
            "select item_no, status, memo from checklist_items where agenda_item_id = ?",
            (agenda_item_id,),
        )
    }
    default = statuses()[0]
    rows = []
    for item in read_json("checklist.json")["items"]:
        row = saved.get(item["no"], {})
        rows.append(
            ChecklistRow(
                no=item["no"],
                group=item["group"],
                text=item["text"],
                status=row.get("status") or default,
                memo=row.get("memo") or "",
            )
        )
    return rows


def save(store: Store, agenda_item_id: int, no: int, status: str, memo: str) -> None:
    if status not in statuses():
        raise ValidationError("status", f"判定は {'・'.join(statuses())} のいずれかです")
    if no not in {item["no"] for item in read_json("checklist.json")["items"]}:
        raise ValidationError("no", f"チェック項目({no})はありません")
    with store.atomic():
        store.db["checklist_items"].upsert(  # type: ignore[union-attr]
            {"agenda_item_id": agenda_item_id, "item_no": no, "status": status, "memo": memo},
            pk=("agenda_item_id", "item_no"),
        )


def next_status(current: str) -> str:
    options = statuses()
    return (
        options[(options.index(current) + 1) % len(options)] if current in options else options[0]
    )


def is_used(rows: list[ChecklistRow]) -> bool:
    """Whether anyone filled it in (only then is it printed with the minutes)."""
    default = statuses()[0]
    return any(row.status != default or row.memo for row in rows)
