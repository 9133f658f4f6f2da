"""The 議事録 as a renderer-independent document (SPEC §4).

`build_minutes` decides everything a reader sees from the stored meeting and the board's
minutes style (core.styles): the title, the header rows (export.minutes_header), labels,
ト書き brackets, the closing lines, what 公開用 leaves out. The writers (docx, txt, md) only lay
the blocks out. Keeping the decisions here means the three formats cannot drift apart, and the
公開用 rule is enforced in one place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum

from pia_meeting.core import clock, labels
from pia_meeting.core.checklist import is_answered as checklist_answered
from pia_meeting.core.checklist import items as checklist_items
from pia_meeting.core.checklist import statuses as checklist_statuses
from pia_meeting.core.closing import script as closing_script
from pia_meeting.core.closing import typed_closing
from pia_meeting.core.model import (
    PREAMBLE_ANCHOR,
    TITLE_ANCHOR,
    AgendaItem,
    Entry,
    EntryKind,
    MeetingBundle,
    RecordStyle,
)
from pia_meeting.core.pages import compress, section_of
from pia_meeting.core.styles import MinutesStyle, StageStyle, board_style, fill, fill_lines
from pia_meeting.export.minutes_header import (
    HeaderNotes,
    HeaderRow,
    header_rows,
    item_values,
    meeting_values,
)

__all__ = ["HeaderRow", "MinutesDocument", "build_minutes"]

APPENDIX_TITLE = "評価書ページ別 質疑一覧"
OMITTED_REASON = "非公開部分のため省略"  # when the board has cleared its own default
_OPEN_BRACKETS = ("(", "（", "【", "〔", "[", "〇", "○", "〈", "<", "＜", "《", "◯")
# Pairs that may already surround a ト書き as typed or imported.
_STAGE_PAIRS = {"(": ")", "（": "）", "【": "】", "《": "》", "〈": "〉", "[": "]", "〔": "〕"}


class BlockKind(StrEnum):
    ITEM_HEADING = "item_heading"  # an agenda item's body heading
    HEADING = "heading"  # a 見出し entry (質疑応答, 意見聴取終了)
    PARAGRAPH = "paragraph"  # an utterance
    STAGE = "stage"  # ト書き, in the style's brackets
    OMITTED = "omitted"  # 公開用: what stands in for hidden text
    CLOSING = "closing"  # the 答申 closing lines, generated
    APPENDIX_TITLE = "appendix_title"
    APPENDIX_GROUP = "appendix_group"  # agenda item heading inside the appendix
    APPENDIX_SECTION = "appendix_section"  # the 評価書's section: 「Ⅵ 評価実施手続」
    APPENDIX_LINE = "appendix_line"  # 「p.14 (label) text」
    APPENDIX_ANSWER = "appendix_answer"  # under a question: 「　(label) its answer」


HEADING_KINDS = frozenset(
    {
        BlockKind.ITEM_HEADING,
        BlockKind.HEADING,
        BlockKind.APPENDIX_TITLE,
        BlockKind.APPENDIX_GROUP,
        BlockKind.APPENDIX_SECTION,
    }
)
ANSWER_INDENT = "\u3000"  # an answer under its question, one full-width space in
_SPOKEN = frozenset({BlockKind.PARAGRAPH, BlockKind.CLOSING, BlockKind.STAGE, BlockKind.OMITTED})


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


def _outer_pair(text: str) -> str | None:
    """The opening bracket when `text` is one bracketed whole (「(実施機関退室)」), else None."""
    text = text.strip()
    close = _STAGE_PAIRS.get(text[:1])
    if close is None or not text.endswith(close):
        return None
    depth = 0
    for index, char in enumerate(text):
        depth += 1 if char == text[0] else -1 if char == close else 0
        if depth == 0 and index < len(text) - 1:
            return None  # 「(a)と(b)」: two, not one
    return text[0]


def stage_parts(text: str, stage: StageStyle) -> tuple[str, str, str]:
    """(open, text, close) of a ト書き in the style: a text already in the style's brackets
    is kept as it is; one in other brackets takes the style's; a sentence (ending in 。)
    is printed bare when the style says so."""
    opening = _outer_pair(text)
    if opening is not None:
        inner = text.strip()[1:-1]
        if opening == stage.open and text.strip().endswith(stage.close or opening):
            return "", text, ""
        return stage.open, inner, stage.close
    if stage.narrative == "bare" and text.rstrip().endswith("。"):
        return "", text, ""
    return stage.open, text, stage.close


@dataclass(frozen=True)
class Block:
    """One paragraph-level unit of the body. `text` is the entry's text exactly as typed (it
    may hold newlines); `label` is the printed speaker label, empty when none is printed;
    `joiner` goes between the label and the text (a newline puts the label on a line of its
    own); `open`/`close` are the ト書き brackets; `indent` starts each line of the text."""

    kind: BlockKind
    text: str
    label: str = ""
    time: str = ""  # 「10:05」 when clock times are asked for
    entry_id: int | None = None
    page: int | None = None  # appendix lines only: the first page of the reference
    page_to: int | None = None  # and its last, for a range such as p.54–76
    joiner: str = " "
    open: str = ""
    close: str = ""
    indent: str = ""

    @property
    def is_heading(self) -> bool:
        return self.kind in HEADING_KINDS

    def render(self) -> str:
        """The block as text, e.g. 「[10:05] (戸籍住民課) 前回の評価書では…」."""
        prefix = f"[{self.time}] " if self.time else ""
        if self.kind == BlockKind.APPENDIX_LINE:
            pages = f"p.{self.page}"
            if self.page_to is not None and self.page_to != self.page:
                pages += f"–{self.page_to}"
            return f"{prefix}{pages} {self.text}"
        if self.kind == BlockKind.APPENDIX_ANSWER:
            lines = f"{prefix}{self.text}".split("\n")
            return "\n".join(ANSWER_INDENT + line for line in lines)
        if self.kind not in _SPOKEN:
            return prefix + self.text
        body = f"{self.open}{self.text}{self.close}"
        if self.indent:
            body = "\n".join(self.indent + line for line in body.split("\n"))
        return prefix + (f"{self.label}{self.joiner}{body}" if self.label else body)


@dataclass
class MinutesDocument:
    title: str
    header: list[HeaderRow]
    body: list[Block] = field(default_factory=list)
    appendix: list[Block] = field(default_factory=list)
    public: bool = False
    board_name: str = ""
    style: MinutesStyle = field(default_factory=MinutesStyle)
    mark: str = ""  # 【公開用】/【内部用】 on the first page, as the style says
    preamble: list[str] = field(default_factory=list)  # fixed lines under the title

    @property
    def header_form(self) -> str:
        return self.style.header.form

    def text_lines(self) -> Iterator[str]:
        """Every visible line in reading order (what a reader of any format sees)."""
        if self.mark:
            yield self.mark
        yield self.title
        yield from self.preamble
        for row in self.header:
            if row.label:
                yield row.label
            yield from row.lines
        for block in [*self.body, *self.appendix]:
            yield block.render()


# -- body -----------------------------------------------------------------------------------


# A closed item's sentence as minutes print it: 「本議題は、…の規定により公開しません。」
_CLOSED_SUBJECT = re.compile(r"^(?:本議題|本件|この議題|当該議題)(?:は|については)、?")
_CLOSED_END = re.compile(
    r"(?:により|のため)(?:非公開|公開し(?:ない|ません))[^。]*。?$|"
    r"(?:により|のため)非公開(?:とする|とした|で審議)?。?$"
)


def _reason(pattern: str, reason: str) -> str:
    """The reason as the pattern takes it: without outer brackets, and where the pattern
    says 「{理由}により…」 itself, without a trailing 「により非公開」 (and the subject of a
    whole sentence: 「本議題は、…の規定により公開しません。」 gives 「…の規定」)."""
    reason = reason.strip()
    if _outer_pair(reason) in ("(", "（"):
        reason = reason[1:-1].strip()
    if "{理由}により" in pattern and _CLOSED_END.search(reason):
        reason = _CLOSED_SUBJECT.sub("", _CLOSED_END.sub("", reason)).strip()
    return reason


_LEADING_NUMBER = re.compile(r"^\s*[(（]?([0-9]+)[)）]?[\s.、]")


def leading_number(text: str) -> int | None:
    """The number a heading starts with: 「1 開会」 → 1, 「(2)その他」 → 2."""
    match = _LEADING_NUMBER.match(unicodedata.normalize("NFKC", text) + " ")
    return int(match.group(1)) if match else None


# The marks a label is written with, around what names the speaker: brackets, 〇, a colon.
_LABEL_MARKS = frozenset("()（）【】〔〕［］[]〈〉<>＜＞《》〇○◯:：")
_INLINE_OPENERS = frozenset("〇○◯")
_INLINE_CLOSERS = frozenset(":：")


def label_variant(printed: str, core: str, styled: str) -> str | None:
    """The label as the minutes printed it for one utterance (`printed`, kept by an
    import) when it is the style's label (`styled`, of `core`) in other marks:
    「〇会長」 where the style prints 〈会長〉, 「会長：」 where it prints the bare role. None
    when it is the style's own, or names the speaker otherwise (a name since changed): then
    the style's label is printed."""
    bare, want = "".join(printed.split()), "".join(core.split())
    if not bare or not want or bare == "".join(styled.split()):
        return None
    at = bare.find(want)
    if at < 0:
        return None
    opening, closing = bare[:at], bare[at + len(want) :]
    if len(opening) > 1 or len(closing) > 1:
        return None
    if not set(opening + closing) <= _LABEL_MARKS:
        return None
    return f"{opening}{core}{closing}"


class _LabelFor:
    """Resolves an entry's speaker label once per speaker (the roll does not change)."""

    def __init__(self, bundle: MeetingBundle, style: MinutesStyle) -> None:
        self.bundle, self.style = bundle, style
        self.cache: dict[int, tuple[str, str]] = {}

    def __call__(self, entry: Entry) -> str:
        return self.printed(entry)[0]

    def printed(self, entry: Entry) -> tuple[str, str | None]:
        """The label, and what joins it to the text when that is not the style's (a label
        printed inline where the style puts it on its own line: 「〇会長 皆さん…」)."""
        person = self.bundle.attendee(entry.speaker_id)
        if person is not None and person.id is not None:
            if person.id not in self.cache:
                roll, board = self.bundle.attendance, self.bundle.board
                core = labels.label_core(board, person, roll, self.style)
                self.cache[person.id] = (core, labels.wrap(board, core, self.style))
            core, styled = self.cache[person.id]
            variant = label_variant(entry.speaker_label, core, styled)
            if variant is None:
                return styled, None
            if variant[-1] in _INLINE_CLOSERS:
                return variant, ""
            if variant[0] in _INLINE_OPENERS and variant.endswith(core):
                return variant, " "
            return variant, None
        literal = entry.speaker_label.strip()
        if not literal:
            return "", None
        # An imported label may or may not carry its brackets.
        if literal.startswith(_OPEN_BRACKETS):
            return literal, None
        return labels.wrap(self.bundle.board, literal, self.style), None


class _BodyWriter:
    """The blocks of the body, entry by entry. A label is printed only when the speaker
    changes, so that one speaker's consecutive paragraphs read as in the published minutes."""

    def __init__(
        self, bundle: MeetingBundle, style: MinutesStyle, *, public: bool, with_times: bool
    ) -> None:
        self.bundle, self.style = bundle, style
        self.public, self.with_times = public, with_times
        self.label_for = _LabelFor(bundle, style)
        self.blocks: list[Block] = []
        self.previous: str | None = None  # label of the previous utterance; None: none
        self.previous_speaker: int | None = None
        self.hidden_run = False
        self.lead_due = False  # the summary lead-in is still to come in this item
        # The chair's closing lines in the log (entry id → place in them): labelled as the
        # style labels its closing lines, not as other paragraphs.
        self.closing_run: dict[int, int] = {}
        line = style.labels.placement == "line"
        self.joiner = "\n" if line else style.labels.separator
        self.indent = style.labels.indent if line else ""

    def start_item(self, item: AgendaItem) -> None:
        self.lead_due = bool(
            self.style.summary.lead and self.bundle.meeting.record_style == RecordStyle.SUMMARY
        )
        toshin = self.bundle.toshins.get(item.id or 0)
        if toshin is None or not toshin.is_frozen or not toshin.closing_in_log:
            return
        chair = labels.chair_person(self.bundle.attendance)
        chair_ids = {chair.id} if chair is not None and chair.id is not None else set()
        run = typed_closing(self.bundle.entries_of(item.id), chair_ids, self.style.closing)
        self.closing_run.update({e.id: n for n, e in enumerate(run) if e.id is not None})

    def shown_label(self, entry: Entry, label: str) -> str:
        """The label printed before the entry: when the speaker changes, or before every
        paragraph when the style says so; for the chair's closing lines, as the style
        prints those (its first line labelled always, or only when the chair has not just
        spoken; the lines after it as one turn)."""
        if not label:
            return ""
        place = self.closing_run.get(entry.id or 0)
        if place is None:
            again = self.style.labels.repeat == "always"
            return label if again or label != self.previous else ""
        if place == 0:
            if self.style.closing.label == "always":
                return label
            same = label == self.previous and self.previous_speaker == entry.speaker_id
            return "" if same else label
        return label if label != self.previous else ""

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def reset(self) -> None:
        self.previous, self.previous_speaker = None, None

    def entries(self, entries: list[Entry]) -> None:
        for entry in entries:
            self.entry(entry)

    def entry(self, entry: Entry) -> None:
        if self.public and not entry.is_public:
            if not self.hidden_run:
                reason = self.bundle.board.closed_reason_default.strip() or OMITTED_REASON
                pattern = self.style.closed.entries
                self.add(
                    Block(BlockKind.OMITTED, fill(pattern, {"理由": _reason(pattern, reason)}))
                )
            self.hidden_run = True
            self.reset()  # whoever speaks after the gap is named again
            return
        self.hidden_run = False
        # Only a time that was recorded (an imported entry has none); a heading is not said.
        time = clock.hm_of(entry.spoken_at) if self.with_times else ""
        if entry.kind == EntryKind.HEADING:
            self.add(Block(BlockKind.HEADING, entry.text, entry_id=entry.id))
            self.reset()
            return
        if entry.kind == EntryKind.QUESTION:
            self.summary_lead()
        label, joiner = self.label_for.printed(entry)
        shown = self.shown_label(entry, label)
        if entry.kind == EntryKind.STAGE:
            opening, text, closing = stage_parts(entry.text, self.style.stage)
            if not self.style.stage.label:
                # It stands alone; whoever speaks next is named again.
                self.add(
                    Block(BlockKind.STAGE, text, "", time, entry.id, open=opening, close=closing)
                )
                self.reset()
                return
            joiner = "\n" if self.joiner == "\n" else ""
            block = Block(BlockKind.STAGE, text, shown, time, entry.id, joiner=joiner)
            self.add(replace(block, open=opening, close=closing))
            if not shown:
                # It came between a speaker's lines (「異議なし」の声あり): whoever speaks
                # next is named again. One that opens a turn, labelled, does not end it.
                self.reset()
                return
        else:
            block = Block(
                BlockKind.PARAGRAPH,
                entry.text,
                shown,
                time,
                entry.id,
                joiner=self.joiner if joiner is None else joiner,
                indent=self.indent if joiner is None else "",
            )
            self.add(block)
        self.previous, self.previous_speaker = label, entry.speaker_id

    def summary_lead(self) -> None:
        """「主な質疑は次のとおり。」 before an item's first question in 要点 minutes, unless
        the text just before already says it (an import)."""
        if not self.lead_due:
            return
        self.lead_due = False
        lead = self.style.summary.lead
        last = self.blocks[-1].text if self.blocks else ""
        if _squash(last).endswith(_squash(lead)):
            return
        self.add(Block(BlockKind.PARAGRAPH, lead))
        self.reset()

    def closing(self, item: AgendaItem) -> None:
        """The chair's closing lines of a 答申 whose lines are not in the log."""
        toshin = self.bundle.toshins.get(item.id or 0)
        if toshin is None or not toshin.is_frozen or toshin.closing_in_log:
            return
        wording = self.style.closing
        roll = self.bundle.attendance
        chair = labels.chair_label(self.bundle.board, roll, self.style)
        chair_person = labels.chair_person(roll)
        chair_id = chair_person.id if chair_person else None
        for line in closing_script(toshin, wording, in_log=False):
            if line.is_stage:
                self.add(Block(BlockKind.STAGE, line.text))
                self.reset()
                continue
            same = self.previous == chair and (
                self.previous_speaker == -1
                or (wording.label == "on_change" and self.previous_speaker == chair_id)
            )
            shown = "" if same else chair
            self.add(
                Block(BlockKind.CLOSING, line.text, shown, joiner=self.joiner, indent=self.indent)
            )
            self.previous, self.previous_speaker = chair, -1


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _orphans(bundle: MeetingBundle, placed: frozenset[int] = frozenset()) -> list[Entry]:
    """Entries not attached to a known agenda item: they are still part of the record.
    Lines of the header that the header printed (`placed`) are not among them."""
    known = {item.id for item in bundle.agenda}
    return [e for e in bundle.entries if e.agenda_item_id not in known and e.id not in placed]


def _header_entries(bundle: MeetingBundle, *, public: bool) -> list[Entry]:
    """The entries that are lines of the header (Entry.header_anchor), in order; the 公開用
    prints none that is not public."""
    known = {item.id for item in bundle.agenda}
    return [
        e
        for e in bundle.entries
        if e.header_anchor and e.agenda_item_id not in known and (e.is_public or not public)
    ]


def _preamble(
    style: MinutesStyle, values: dict[str, str], notes: list[Entry]
) -> tuple[list[str], set[int]]:
    """The lines under the title: the header's lines printed there (「掲載日:…」), then the
    style's own lines, then the header's lines printed after them; and the entries taken."""
    under: dict[str, list[str]] = {TITLE_ANCHOR: [], PREAMBLE_ANCHOR: []}
    taken: set[int] = set()
    for entry in notes:
        if entry.header_anchor in under and entry.id is not None:
            under[entry.header_anchor] += entry.text.split("\n")
            taken.add(entry.id)
    own = [line for pattern in style.title.lines for line in fill_lines(pattern, values)]
    return [*under[TITLE_ANCHOR], *own, *under[PREAMBLE_ANCHOR]], taken


def _split_at_closing(bundle: MeetingBundle, item: AgendaItem) -> tuple[list[Entry], list[Entry]]:
    """The item's entries before and after the chair's closing lines: they follow the entry
    that was last when the 答申 was confirmed; entries typed afterwards come after them."""
    entries = bundle.entries_of(item.id)
    toshin = bundle.toshins.get(item.id or 0)
    after = toshin.closing_after if toshin is not None else None
    for index, entry in enumerate(entries):
        if entry.id is not None and entry.id == after:
            return entries[: index + 1], entries[index + 1 :]
    return entries, []


def _answers(entries: list[Entry]) -> dict[int, list[Entry]]:
    """Each question's answers: those linked to it, else the answers that follow it."""
    linked: dict[int, list[Entry]] = {}
    for entry in entries:
        if entry.answers_entry_id is not None:
            linked.setdefault(entry.answers_entry_id, []).append(entry)
    answers: dict[int, list[Entry]] = {}
    for index, entry in enumerate(entries):
        if entry.kind != EntryKind.QUESTION or entry.id is None:
            continue
        if entry.id in linked:
            answers[entry.id] = linked[entry.id]
            continue
        following = []
        for later in entries[index + 1 :]:
            if later.kind != EntryKind.ANSWER or later.answers_entry_id is not None:
                break
            following.append(later)
        answers[entry.id] = following
    return answers


def _appendix_item(
    bundle: MeetingBundle,
    item: AgendaItem | None,
    entries: list[Entry],
    label_for: _LabelFor,
    *,
    public: bool,
) -> list[Block]:
    """The lines of one item's 評価書: by section (when the outline is known), then page;
    within a page, in the order spoken; a question with its answers under it. An answer
    listed under its question is not listed again for the same pages. `public`: without
    the 非公開 entries (which answers which is read with them)."""
    assessment = bundle.assessment_of(item) if item is not None else None
    answers = _answers(entries)
    if public:
        answers = {q: [a for a in found if a.is_public] for q, found in answers.items()}
        entries = [e for e in entries if e.is_public]
    under_question = {
        answer.id: set(question.page_list)
        for question in entries
        if question.id is not None and question.page_list
        for answer in answers.get(question.id, [])
    }
    lines: list[tuple[int, int, list[Block]]] = []
    for order, entry in enumerate(entries):
        shown = under_question.get(entry.id)
        pages = [p for p in entry.page_list if shown is None or p not in shown]
        for first, last in compress(pages):
            text = utterance(entry.kind, label_for(entry), entry.text)
            line = [
                Block(BlockKind.APPENDIX_LINE, text, entry_id=entry.id, page=first, page_to=last)
            ]
            line += [
                Block(
                    BlockKind.APPENDIX_ANSWER,
                    utterance(answer.kind, label_for(answer), answer.text),
                    entry_id=answer.id,
                )
                for answer in answers.get(entry.id or 0, [])
            ]
            # A range (「54ページから76ページまで」) is listed once, under its first page.
            lines.append((first, order, line))
    blocks: list[Block] = []
    section = ""
    for first, _, group in sorted(lines, key=lambda t: t[:2]):
        named = section_of(first, assessment)
        if named and named != section:
            blocks.append(Block(BlockKind.APPENDIX_SECTION, named))
        section = named or section
        blocks += group
    return blocks


def _appendix(bundle: MeetingBundle, label_for: _LabelFor, *, public: bool) -> list[Block]:
    groups: list[tuple[str, list[Block]]] = []
    sections: list[tuple[AgendaItem | None, list[Entry]]] = [(None, _orphans(bundle))]
    sections += [(item, bundle.entries_of(item.id)) for item in bundle.agenda]
    for item, entries in sections:
        if item is not None and public and not item.is_public:
            continue
        lines = _appendix_item(bundle, item, entries, label_for, public=public)
        if lines:
            heading = item.body_heading(bundle.assessment_of(item)) if item else ""
            groups.append((heading, lines))
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
    filled = [
        item for item in bundle.agenda if checklist_answered(bundle.checklist.get(item.id or 0, {}))
    ]
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
    style: MinutesStyle | None = None,
) -> MinutesDocument:
    """The 議事録 of one meeting in `style` (the board's own by default). `public` gives the
    公開用 version: closed items and 非公開 entries are replaced by their reason (or left out,
    as the style says) and none of their text is carried."""
    style = style or board_style(bundle.board)
    values = meeting_values(bundle, style)
    in_header = _header_entries(bundle, public=public)
    preamble, under_title = _preamble(style, values, in_header)
    notes = HeaderNotes.of([e for e in in_header if e.id not in under_title], style.header.rows)
    doc = MinutesDocument(
        title=fill(style.title.pattern, values).strip(),
        header=header_rows(bundle, style, notes),
        public=public,
        board_name=bundle.board.name,
        style=style,
        mark=style.marks.public if public else style.marks.internal,
        preamble=preamble,
    )
    writer = _BodyWriter(bundle, style, public=public, with_times=with_times)
    writer.entries(_orphans(bundle, frozenset(notes.placed | under_title)))
    _items(bundle, style, writer, public=public)
    doc.body = writer.blocks
    if appendix_pages:
        doc.appendix = _appendix(bundle, writer.label_for, public=public)
    if checklist and not public:
        doc.appendix += _checklist_appendix(bundle)
    return doc


def _items(
    bundle: MeetingBundle, style: MinutesStyle, writer: _BodyWriter, *, public: bool
) -> None:
    agenda, closed = style.agenda, style.closed
    last = 0  # the number of the last numbered heading so far
    notes: list[str] = []
    for index, item in enumerate(bundle.agenda, start=1):
        for block in writer.blocks:
            if block.kind == BlockKind.HEADING:
                last = max(last, leading_number(block.text) or 0)
        number = last + 1 if agenda.continue_numbering else index
        last = number
        values = item_values(agenda, item, number, item.body_heading(bundle.assessment_of(item)))
        hidden = public and not item.is_public
        reason = (
            item.closed_reason.strip()
            or bundle.board.closed_reason_default.strip()
            or OMITTED_REASON
        )
        values["理由"] = _reason(closed.note if closed.mode == "omit" else closed.item, reason)
        if hidden and closed.mode == "omit":
            notes += fill_lines(closed.note, values)
            continue
        for line in fill_lines(agenda.heading, values):
            writer.add(Block(BlockKind.ITEM_HEADING, line))
        writer.reset()
        if hidden:
            for line in fill_lines(closed.item, values):
                writer.add(Block(BlockKind.OMITTED, line))
            continue
        writer.start_item(item)
        before, after = _split_at_closing(bundle, item)
        writer.entries(before)
        writer.closing(item)
        writer.entries(after)
    for note in notes:
        writer.add(Block(BlockKind.PARAGRAPH, note))
