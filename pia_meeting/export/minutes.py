"""The 議事録 as a renderer-independent document (SPEC §4).

`build_minutes` decides everything a reader sees (header rows, labels, 《》, what 公開用 leaves
out); the writers (docx, txt, md) only lay the blocks out. Keeping the decisions here means the
three formats cannot drift apart, and the 公開用 rule is enforced in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from pia_meeting.core import clock, labels, wareki
from pia_meeting.core.checklist import items as checklist_items
from pia_meeting.core.checklist import statuses as checklist_statuses
from pia_meeting.core.model import (
    MEMBER_ROLES,
    AgendaItem,
    Attendance,
    Board,
    Entry,
    EntryKind,
    MeetingBundle,
    Side,
)
from pia_meeting.core.pages import compress
from pia_meeting.core.toshin import closing_lines

APPENDIX_TITLE = "評価書ページ別 質疑一覧"
OMITTED_REASON = "非公開部分のため省略"  # when the board has cleared its own default
_OPEN_BRACKETS = ("(", "（", "【", "〔", "[", "〇", "○")


class BlockKind(StrEnum):
    ITEM_HEADING = "item_heading"  # an agenda item's body heading
    HEADING = "heading"  # a 見出し entry (質疑応答, 意見聴取終了)
    PARAGRAPH = "paragraph"  # an utterance
    STAGE = "stage"  # ト書き, rendered 《…》
    OMITTED = "omitted"  # 公開用: what stands in for hidden text
    CLOSING = "closing"  # the 答申 closing lines, generated
    APPENDIX_TITLE = "appendix_title"
    APPENDIX_GROUP = "appendix_group"  # agenda item heading inside the appendix
    APPENDIX_LINE = "appendix_line"  # 「p.14 (label) text」


HEADING_KINDS = frozenset(
    {BlockKind.ITEM_HEADING, BlockKind.HEADING, BlockKind.APPENDIX_TITLE, BlockKind.APPENDIX_GROUP}
)


def stage_text(text: str) -> str:
    """「《…》」; text that already carries the marks (an import) is not wrapped twice."""
    if text.startswith("《") and text.endswith("》"):
        return text
    return f"《{text}》"


def utterance(kind: str, label: str, text: str) -> str:
    """One utterance as printed: 「(label) text」, 「(label)《…》」 or the bare text."""
    if kind == EntryKind.STAGE:
        return f"{label}{stage_text(text)}"
    return f"{label} {text}" if label else text


@dataclass(frozen=True)
class Block:
    """One paragraph-level unit of the body. `text` is the entry's text exactly as typed (it
    may hold newlines); `label` is the printed speaker label, empty when none is printed."""

    kind: BlockKind
    text: str
    label: str = ""
    time: str = ""  # 「10:05」 when clock times are asked for
    entry_id: int | None = None
    page: int | None = None  # appendix lines only: the first page of the reference
    page_to: int | None = None  # and its last, for a range such as p.54–76

    @property
    def is_heading(self) -> bool:
        return self.kind in HEADING_KINDS

    def render(self) -> str:
        """The block as text, e.g. 「[10:05] (戸籍住民課) 前回の評価書では…」."""
        prefix = f"[{self.time}] " if self.time else ""
        if self.kind == BlockKind.STAGE:
            return prefix + utterance(EntryKind.STAGE, self.label, self.text)
        if self.kind == BlockKind.APPENDIX_LINE:
            pages = f"p.{self.page}"
            if self.page_to is not None and self.page_to != self.page:
                pages += f"–{self.page_to}"
            return f"{prefix}{pages} {self.text}"
        if self.kind in (BlockKind.PARAGRAPH, BlockKind.CLOSING):
            return prefix + utterance(EntryKind.EXPLANATION, self.label, self.text)
        return prefix + self.text


@dataclass(frozen=True)
class HeaderRow:
    label: str  # 「日 時」 (spaced as in the published minutes)
    lines: tuple[str, ...]


@dataclass
class MinutesDocument:
    title: str
    header: list[HeaderRow]
    body: list[Block] = field(default_factory=list)
    appendix: list[Block] = field(default_factory=list)
    public: bool = False
    board_name: str = ""

    def text_lines(self) -> Iterator[str]:
        """Every visible line in reading order (what a reader of any format sees)."""
        yield self.title
        for row in self.header:
            yield row.label
            yield from row.lines
        for block in [*self.body, *self.appendix]:
            yield block.render()


# -- header ---------------------------------------------------------------------------------


def _date_line(date: str | None, start: str | None, end: str | None) -> str:
    if not date:
        return ""
    try:
        day = dt.date.fromisoformat(date)
        begin = dt.time.fromisoformat(start) if start else None
        finish = dt.time.fromisoformat(end) if end else None
    except ValueError:
        # A hand-edited database: show what is stored rather than fail the export.
        return " ".join(p for p in (date, f"{start or ''}~{end or ''}".strip("~")) if p)
    return wareki.format_date_time_range(day, begin, finish)


def _member_name(person: Attendance) -> str:
    return f"{person.name}{person.title or '委員'}"


def _role_rank(person: Attendance) -> int:
    # 会長, then 副会長, then everyone else in roll order (sorted() is stable).
    title = person.title if person.title in MEMBER_ROLES else "委員"
    return MEMBER_ROLES.index(title)


def _by_department(people: list[Attendance]) -> list[str]:
    """「市民文化スポーツ局市民総務部戸籍住民課 菊竹係長、友岡主任」, one line per department,
    departments in the order they first appear on the roll."""
    groups: dict[str, list[str]] = {}
    for person in people:
        groups.setdefault(person.department.strip(), []).append(person.display_name)
    return [
        f"{dept} {'、'.join(names)}" if dept else "、".join(names) for dept, names in groups.items()
    ]


def _header(bundle: MeetingBundle) -> list[HeaderRow]:
    meeting, board = bundle.meeting, bundle.board
    present = [p for p in bundle.attendance if p.is_present]
    members = sorted((p for p in present if p.side == Side.MEMBER), key=_role_rank)
    attendees: list[str] = []
    if members:
        group = board.member_label or "審査会委員"
        attendees.append(f"{group} {'、'.join(_member_name(m) for m in members)}")
    attendees += _by_department([p for p in present if p.side == Side.EXPLAINER])
    items = tuple(
        f"{item.title}({'公開審議' if item.is_public else '非公開'})" for item in bundle.agenda
    )
    return [
        HeaderRow("日 時", (_date_line(meeting.date, meeting.start_time, meeting.end_time),)),
        HeaderRow("項 目", items),
        HeaderRow("出席者", tuple(attendees)),
        HeaderRow(
            "事務局", tuple(_by_department([p for p in present if p.side == Side.SECRETARIAT]))
        ),
        # No 傍聴人 row for minutes that did not say (imported): 「0人」 would be invented.
        *([] if meeting.observers is None else [HeaderRow("傍聴人", (f"{meeting.observers}人",))]),
        HeaderRow("内 容", ()),
    ]


# -- body -----------------------------------------------------------------------------------


def _in_parentheses(reason: str) -> str:
    reason = reason.strip()
    if reason.startswith(("(", "（")) and reason.endswith((")", "）")):
        return reason
    return f"({reason})"


class _LabelFor:
    """Resolves an entry's speaker label once per speaker (the roll does not change)."""

    def __init__(self, bundle: MeetingBundle) -> None:
        self.bundle = bundle
        self.cache: dict[int, str] = {}

    def __call__(self, entry: Entry) -> str:
        person = self.bundle.attendee(entry.speaker_id)
        if person is not None and person.id is not None:
            if person.id not in self.cache:
                self.cache[person.id] = labels.speaker_label(
                    self.bundle.board, person, self.bundle.attendance
                )
            return self.cache[person.id]
        literal = entry.speaker_label.strip()
        if not literal:
            return ""
        # An imported label may or may not carry its brackets.
        if literal.startswith(_OPEN_BRACKETS):
            return literal
        return labels.wrap_label(self.bundle.board.label_style, literal)


def _entry_blocks(
    entries: list[Entry],
    label_for: _LabelFor,
    *,
    board: Board,
    public: bool,
    with_times: bool,
) -> list[Block]:
    """The blocks for one agenda item's entries. A label is printed only when the speaker
    changes, so that one speaker's consecutive paragraphs read as in the published minutes."""
    blocks: list[Block] = []
    previous: str | None = None  # label of the previous entry; None = nothing to continue
    hidden_run = False
    for entry in entries:
        if public and not entry.is_public:
            if not hidden_run:
                reason = board.closed_reason_default.strip() or OMITTED_REASON
                blocks.append(Block(BlockKind.OMITTED, _in_parentheses(reason)))
            hidden_run = True
            previous = None  # whoever speaks after the gap is named again
            continue
        hidden_run = False
        time = clock.hm_of(entry.spoken_at) if with_times else ""
        if entry.kind == EntryKind.HEADING:
            blocks.append(Block(BlockKind.HEADING, entry.text, time=time, entry_id=entry.id))
            previous = None
            continue
        label = label_for(entry)
        shown = label if label and label != previous else ""
        kind = BlockKind.STAGE if entry.kind == EntryKind.STAGE else BlockKind.PARAGRAPH
        blocks.append(Block(kind, entry.text, label=shown, time=time, entry_id=entry.id))
        previous = label
    return blocks


def _closing_blocks(bundle: MeetingBundle, item: AgendaItem) -> list[Block]:
    toshin = bundle.toshins.get(item.id or 0)
    if toshin is None or not toshin.is_frozen:
        return []
    lines = closing_lines(toshin)
    chair = labels.chair_label(bundle.board, bundle.attendance)
    return [
        Block(BlockKind.CLOSING, line, label=chair if i == 0 else "")
        for i, line in enumerate(lines)
    ]


def _orphans(bundle: MeetingBundle) -> list[Entry]:
    """Entries not attached to a known agenda item: they are still part of the record."""
    known = {item.id for item in bundle.agenda}
    return [e for e in bundle.entries if e.agenda_item_id not in known]


def _appendix(bundle: MeetingBundle, label_for: _LabelFor, *, public: bool) -> list[Block]:
    groups: list[tuple[str, list[Block]]] = []
    sections: list[tuple[AgendaItem | None, list[Entry]]] = [(None, _orphans(bundle))]
    sections += [(item, bundle.entries_of(item.id)) for item in bundle.agenda]
    for item, entries in sections:
        if item is not None and public and not item.is_public:
            continue
        lines: list[tuple[int, int, Block]] = []
        for order, entry in enumerate(entries):
            if public and not entry.is_public:
                continue
            text = utterance(entry.kind, label_for(entry), entry.text)
            # A range (「54ページから76ページまで」) is listed once, under its first page.
            lines += [
                (
                    first,
                    order,
                    Block(
                        BlockKind.APPENDIX_LINE, text, entry_id=entry.id, page=first, page_to=last
                    ),
                )
                for first, last in compress(entry.page_list)
            ]
        if lines:
            heading = item.body_heading(bundle.assessment_of(item)) if item else ""
            # Page ascending; within a page, in the order spoken.
            groups.append((heading, [b for _, _, b in sorted(lines, key=lambda t: t[:2])]))
    if not groups:
        return []
    blocks = [Block(BlockKind.APPENDIX_TITLE, APPENDIX_TITLE)]
    for heading, lines_ in groups:
        # Page numbers belong to one 評価書: name the item when there is more than one.
        if len(groups) > 1 and heading:
            blocks.append(Block(BlockKind.APPENDIX_GROUP, heading))
        blocks += lines_
    return blocks


CHECKLIST_TITLE = "第三者点検チェックリスト(適合性・妥当性)"


def _checklist_appendix(bundle: MeetingBundle) -> list[Block]:
    """The DOMAIN §5 checklist of each item that was filled in (internal minutes only)."""
    items = checklist_items()
    unset = checklist_statuses()[0]
    blocks: list[Block] = []
    filled = [item for item in bundle.agenda if bundle.checklist.get(item.id or 0)]
    for agenda_item in filled:
        answers = bundle.checklist[agenda_item.id or 0]
        if len(filled) > 1:
            heading = agenda_item.body_heading(bundle.assessment_of(agenda_item))
            blocks.append(Block(BlockKind.APPENDIX_GROUP, heading))
        for entry in items:
            status, memo = answers.get(entry["no"], (unset, ""))
            line = f"({entry['no']}) [{entry['group']}] {entry['text']} 【{status}】"
            blocks.append(Block(BlockKind.PARAGRAPH, f"{line} {memo}".rstrip()))
    return [Block(BlockKind.APPENDIX_TITLE, CHECKLIST_TITLE), *blocks] if blocks else []


def build_minutes(
    bundle: MeetingBundle,
    *,
    public: bool = False,
    with_times: bool = False,
    appendix_pages: bool = False,
    checklist: bool = False,
) -> MinutesDocument:
    """The 議事録 of one meeting. `public` gives the 公開用 version: closed items and
    非公開 entries are replaced by their reason and none of their text is carried."""
    meeting, board = bundle.meeting, bundle.board
    number = f"第{meeting.number}回 " if meeting.number else ""
    doc = MinutesDocument(
        title=f"{number}{meeting.title} 議事録",
        header=_header(bundle),
        public=public,
        board_name=board.name,
    )
    label_for = _LabelFor(bundle)

    def entry_blocks(entries: list[Entry]) -> list[Block]:
        return _entry_blocks(entries, label_for, board=board, public=public, with_times=with_times)

    doc.body += entry_blocks(_orphans(bundle))
    for item in bundle.agenda:
        heading = item.body_heading(bundle.assessment_of(item))
        doc.body.append(Block(BlockKind.ITEM_HEADING, heading))
        if public and not item.is_public:
            reason = (
                item.closed_reason.strip() or board.closed_reason_default.strip() or OMITTED_REASON
            )
            doc.body.append(Block(BlockKind.OMITTED, _in_parentheses(reason)))
            continue
        entries = bundle.entries_of(item.id)
        doc.body += entry_blocks(entries)
        doc.body += _closing_blocks(bundle, item)
    if appendix_pages:
        doc.appendix = _appendix(bundle, label_for, public=public)
    if checklist and not public:
        doc.appendix += _checklist_appendix(bundle)
    return doc
