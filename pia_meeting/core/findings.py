"""What `check` and the 公開用 export find in a whole meeting (SPEC §7): the privacy
detector's findings in every entry, each named as a reader finds it, whether it stops the
公開用, and the cheap consistency notes. Pure: the reviews already made are passed in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pia_meeting.core import clock, labels
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import EntryKind, MeetingBundle
from pia_meeting.core.privacy import (
    CHECKED,
    MY_NUMBER,
    Finding,
    Kind,
    Severity,
    find_personal_data,
    redact,
    redact_all,
)


@dataclass(frozen=True)
class MeetingFinding:
    """A finding in one entry of a meeting. `position`/`end` index the entry's text; `where`
    names the entry as a reader finds it: 「第3件 (10:05 (戸籍住民課)) [ID 42]」."""

    entry_id: int
    agenda_item_id: int | None
    seq: int
    position: int
    end: int
    kind: Kind
    matched: str
    snippet: str  # the surrounding text, the finding redacted
    severity: Severity
    description: str
    resolved: bool
    public: bool  # part of the 公開用 version (public entry of a public agenda item)
    where: str

    @property
    def redacted(self) -> str:
        return redact(self.kind, self.matched)

    @property
    def blocks_public(self) -> bool:
        return self.kind == MY_NUMBER and self.public and not self.resolved


def _snippet(redacted_text: str, finding: Finding, width: int = 12) -> str:
    # Cut from the text with every finding redacted: a neighbour must not show in full.
    start, end = max(0, finding.start - width), finding.end + width
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(redacted_text) else ""
    return " ".join(f"{lead}{redacted_text[start:end]}{tail}".split())


def entry_where(bundle: MeetingBundle, entry_id: int | None) -> str:
    """「第3件 (10:05 (戸籍住民課)) [ID 42]」, prefixed with 「議題2 」 when the meeting has
    more than one agenda item."""
    entry = next((e for e in bundle.entries if e.id == entry_id), None)
    if entry is None:
        return f"[ID {entry_id}]"
    person = bundle.attendee(entry.speaker_id)
    if person is not None:
        label = labels.speaker_label(bundle.board, person, bundle.attendance)
    else:
        label = entry.speaker_label.strip()
    parts = [p for p in (clock.hm_of(entry.spoken_at), label) if p]
    where = f"第{entry.seq}件" + (f" ({' '.join(parts)})" if parts else "")
    item = next((a for a in bundle.agenda if a.id == entry.agenda_item_id), None)
    if item is not None and len(bundle.agenda) > 1:
        where = f"議題{item.seq} {where}"
    return f"{where} [ID {entry.id}]"


def _checked_keys(reviews: Iterable[Mapping[str, Any]]) -> set[tuple[int, str, str]]:
    return {
        (int(r["entry_id"]), str(r["kind"]), str(r["matched"]))
        for r in reviews
        if r["status"] == CHECKED
    }


def scan_meeting(
    bundle: MeetingBundle,
    *,
    reviews: Iterable[Mapping[str, Any]] = (),
    observer_names: Sequence[str] = (),
) -> list[MeetingFinding]:
    """Every finding in the meeting's entries, in the order of the minutes.

    `reviews` are rows of `Store.finding_reviews`: a finding is resolved when reviewed
    'checked' for the same (entry, kind, matched text). Masked text no longer matches, so it
    is not found at all."""
    checked = _checked_keys(reviews)
    public_items = {a.id for a in bundle.agenda if a.is_public}
    known_items = {a.id for a in bundle.agenda}
    found = []
    for entry in bundle.entries:
        if entry.id is None:
            continue
        # Entries outside any known agenda item still print in the 公開用 body.
        in_public_item = entry.agenda_item_id in public_items or (
            entry.agenda_item_id not in known_items
        )
        public = bool(entry.is_public) and in_public_item
        in_entry = find_personal_data(entry.text, observer_names=observer_names)
        if not in_entry:
            continue
        where = entry_where(bundle, entry.id)
        redacted_text = redact_all(entry.text, in_entry)
        for f in in_entry:
            found.append(
                MeetingFinding(
                    entry_id=entry.id,
                    agenda_item_id=entry.agenda_item_id,
                    seq=entry.seq,
                    position=f.start,
                    end=f.end,
                    kind=f.kind,
                    matched=f.matched,
                    snippet=_snippet(redacted_text, f),
                    severity=f.severity,
                    description=f.description,
                    resolved=(entry.id, f.kind, f.matched) in checked,
                    public=public,
                    where=where,
                )
            )
    return found


def blocking_findings(findings: Iterable[MeetingFinding]) -> list[MeetingFinding]:
    """The findings that stop the 公開用 export: unresolved 個人番号 in its public parts."""
    return [f for f in findings if f.blocks_public]


class PrivacyBlockedError(UserError):
    """The 公開用 議事録 would carry a possible 個人番号; `findings` are the blocking ones."""

    def __init__(self, findings: Sequence[MeetingFinding]) -> None:
        self.findings = list(findings)
        lines = [f"  {f.where} {f.redacted}" for f in self.findings]
        super().__init__(
            f"公開用の議事録に個人番号の可能性がある番号が残っているため、出力しません"
            f"({len(self.findings)}件):\n"
            + "\n".join(lines)
            + "\n個人番号であれば伏せ字にし、個人番号でなければ確認済みにしてください。"
        )


# -- consistency (cheap checks shown by `check`, never blocking) -----------------------------


@dataclass(frozen=True)
class ConsistencyNote:
    entry_id: int | None
    where: str
    message: str


_SPEAKERLESS_KINDS = frozenset({EntryKind.HEADING, EntryKind.STAGE, EntryKind.UNCLASSIFIED})


def consistency_notes(bundle: MeetingBundle) -> list[ConsistencyNote]:
    """Entries without a speaker where one is expected; pages beyond the 評価書's page count."""
    pages_of: dict[int | None, int | None] = {}
    for item in bundle.agenda:
        assessment = bundle.assessment_of(item)
        pages_of[item.id] = assessment.page_count if assessment else None
    notes = []
    for entry in bundle.entries:
        if (
            entry.kind not in _SPEAKERLESS_KINDS
            and entry.speaker_id is None
            and not entry.speaker_label.strip()
        ):
            notes.append(
                ConsistencyNote(entry.id, entry_where(bundle, entry.id), "発言者が未設定です")
            )
        limit = pages_of.get(entry.agenda_item_id)
        beyond = [p for p in entry.page_list if limit and p > limit]
        if beyond:
            notes.append(
                ConsistencyNote(
                    entry.id,
                    entry_where(bundle, entry.id),
                    f"評価書のページ数({limit})を超えるページ: "
                    + "、".join(f"p.{p}" for p in beyond),
                )
            )
    return notes
