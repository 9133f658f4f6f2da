"""The 適合性/妥当性 checklist of a 第三者点検 (DOMAIN §5): its items and judgements, as
shipped in `resources/checklist.json`. Reading and saving a meeting's answers is
`services.checklist`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pia_meeting.core.bundled import read_json
from pia_meeting.core.errors import ValidationError


@dataclass(frozen=True)
class ChecklistRow:
    no: int
    group: str  # 適合性 / 妥当性
    text: str
    status: str  # 未確認 / 問題なし / 指摘あり / 該当なし
    memo: str


def items() -> list[dict[str, Any]]:
    return list(read_json("checklist.json")["items"])


def statuses() -> list[str]:
    return list(read_json("checklist.json")["statuses"])


def rows_with(saved: dict[int, tuple[str, str]]) -> list[ChecklistRow]:
    """Every item of the checklist, with the judgement and memo saved for it (by item no)."""
    default = statuses()[0]
    rows = []
    for item in items():
        status, memo = saved.get(item["no"], ("", ""))
        rows.append(
            ChecklistRow(
                no=item["no"],
                group=item["group"],
                text=item["text"],
                status=status or default,
                memo=memo or "",
            )
        )
    return rows


def is_answered(saved: dict[int, tuple[str, str]]) -> bool:
    """Whether anything of the checklist was filled in: a judgement other than 未確認, or a
    memo."""
    unset = statuses()[0]
    return any((status and status != unset) or memo.strip() for status, memo in saved.values())


def validate(no: int, status: str) -> None:
    if status not in statuses():
        raise ValidationError("status", f"判定は {'・'.join(statuses())} のいずれかです")
    if no not in {item["no"] for item in items()}:
        raise ValidationError("no", f"チェック項目({no})はありません")


def next_status(current: str) -> str:
    options = statuses()
    return (
        options[(options.index(current) + 1) % len(options)] if current in options else options[0]
    )


def is_used(rows: list[ChecklistRow]) -> bool:
    """Whether anyone filled it in (only then is it printed with the minutes)."""
    default = statuses()[0]
    return any(row.status != default or row.memo for row in rows)
