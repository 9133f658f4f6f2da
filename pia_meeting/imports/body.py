"""The third stage: the body of a minutes, line by line, into the entries of its agenda items.

A line is one of: a heading (「## …」, an agenda item's heading, a heading word such as
「質疑応答」 or 【質疑の概要】, a programme line such as 「1 開会」); a speaker label with or
without its words on the same line; the words of a label that stood alone; a stage
direction wholly in brackets (「(実施機関退室)」, 「【「異議なし」の声あり】」) or told in the
third person (「…から説明があった。」); the rest of a sentence that a PDF broke over a blank
line (`join_broken`); the next line of the open entry; or a paragraph of its own. Nothing is
dropped: what has no speaker is an entry 未分類, a label with nothing after it too.
"""

from __future__ import annotations

import re
from collections import Counter

from pia_meeting.core.model import EntryKind, Side
from pia_meeting.imports.agenda import (
    ITEM_NUMBER,
    category_of,
    heading_key,
    is_category,
    marked_closed,
    split_inquiry,
    strip_category,
    strip_numbering,
    strip_openness,
)
from pia_meeting.imports.layout import INLINE, OWN_LINE, LayoutObservations
from pia_meeting.imports.lines import Line, ends_sentence, squash
from pia_meeting.imports.people import Resolver, label_name
from pia_meeting.imports.speakers import (
    Speaker,
    Turn,
    entry_kind,
    is_stage_line,
    label_content,
    read_label,
)
from pia_meeting.imports.tree import ParsedEntry, ParsedItem, ParsedMinutes
from pia_meeting.imports.vocabulary import HEADING_WORDS

# A cut made by the page width leaves a long line; a short remark without 。 is not a cut.
MIN_BROKEN_LINE = 15
_ITEM_HEADING_END = re.compile(r"(?:について|の件|事務|評価|点検|審議|諮問|号[)）])$")
# Third-person narrative of a summary record: a stage direction with no speaker.
_NARRATIVE = re.compile(
    r"(?:があった|がなかった|はなかった|もなかった|された|されなかった|に移った|を行った"
    r"|記載しない|省略する|次のとおり(?:である)?)。$"
)
_SPEAKING = (EntryKind.QUESTION, EntryKind.OPINION)


def is_heading_word(text: str) -> bool:
    if len(text) > 30:
        return False
    return squash(strip_numbering(text)).strip("【】■●◆〈〉<>[]［］") in HEADING_WORDS


def split_stage(text: str) -> tuple[str, str] | None:
    """A leading 《…》 and what follows it. The closing 》 is the one that balances the
    opening 《 (a 《》 inside is kept), or the last of the text when it has more 》 than
    《: the exporter writes a ト書き as 《text》 whatever the text holds."""
    if not text.startswith("《"):
        return None
    depth = 0
    for index, ch in enumerate(text):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                rest = text[index + 1 :]
                if rest.count("》") > rest.count("《"):
                    last = text.rindex("》")
                    return text[1:last], text[last + 1 :]
                return text[1:index], rest
    return None


class BodyReader:
    """Reads body lines into the items of `out` (those the header listed, and those the
    body heads that it did not). What comes before any item heading is in `orphans`; the
    label styles seen are counted in `styles`."""

    def __init__(self, out: ParsedMinutes, *, join_broken: bool) -> None:
        self.out = out
        self.layout: LayoutObservations = out.layout
        self.join_broken = join_broken
        self.resolver = Resolver(out.attendees)
        self.styles: Counter[str] = Counter()
        self.orphans: list[ParsedEntry] = []
        self.item: ParsedItem | None = None
        self.headed: set[int] = set()  # ids of items whose heading was seen
        self.speaker: Speaker | None = None
        self.pending: Speaker | None = None  # a label on its own line: its words follow
        self.open: ParsedEntry | None = None  # the entry a next line may continue
        self.open_line = ""  # the last line of the open entry
        self.turn = Turn()
        self.started = False  # an entry was added

    def read(self, lines: list[Line]) -> None:
        for line in lines:
            self._line(line)
        self._flush_pending()

    def _line(self, line: Line) -> None:
        text = line.text
        if line.level:
            self._flush_pending()
            if not (line.level <= 2 and self._item_heading(text, line.level)):
                self._heading(text)
            return
        label = read_label(text, self.resolver)
        if label is not None:
            self._label(*label)
            return
        if self.pending is not None:
            self.speaker, self.pending = self.pending, None
            self._utterance(text, continuing=False)
            return
        if self._item_heading(text, 0):
            return
        if is_heading_word(text):
            self._heading(text)
            return
        if self._unlabelled(line):
            return
        if not self._continues(line):
            self._utterance(text, continuing=True)

    def _unlabelled(self, line: Line) -> bool:
        """A stage direction with no speaker: wholly in brackets, or narrative; the rest
        of a sentence a PDF broke comes first (「…審」 / 「議に移った。」 is one sentence)."""
        text = line.text
        stage = is_stage_line(text)
        if stage is not None:
            self.layout.note("stage_brackets", text[0] + text[-1])
            self._stage(stage)
            return True
        if line.blank_before and self._broken(line):
            return False
        if _NARRATIVE.search(text):
            self._stage(text)
            return True
        return False

    def _label(self, speaker: Speaker, rest: str) -> None:
        self._flush_pending()
        if speaker.style:
            self.styles[speaker.style] += 1
        self.layout.note("label_brackets", speaker.brackets)
        self.layout.note("label_placement", OWN_LINE if speaker.own_line else INLINE)
        self.layout.note("label_content", label_content(speaker))
        self._name_in_label(speaker)
        if not rest:
            self.pending = speaker  # the label on its own line: the words follow
            self.open = None
            return
        self.speaker = speaker
        self._utterance(rest, continuing=False)

    def _name_in_label(self, speaker: Speaker) -> None:
        """The person's 発言者ラベル when the label names them otherwise than by the surname
        of their name as written (「長谷部会長」 for 長谷部隆司, written without a space)."""
        if speaker.index is None:
            return
        person = self.out.attendees[speaker.index]
        part = label_name(speaker.core, person)
        if part and not person.label and part != (person.name.split() or [""])[0]:
            person.label = part

    def _continues(self, line: Line) -> bool:
        """Add `line` to the open entry when it goes on from it: the next line of its
        paragraph, or the rest of a sentence broken over a blank line."""
        if self.open is None or line.indented:
            return False
        if not line.blank_before:
            self.open.text += "\n" + line.text
            self.open_line = line.text
            return True
        if self._broken(line):
            self.open.text += line.text
            self.open_line += line.text
            if not self.open.label and _NARRATIVE.search(self.open.text):
                self.open.kind = EntryKind.STAGE  # a narrative sentence, now whole
            elif self._first_paragraph() and self.speaker and self.speaker.side == Side.MEMBER:
                # 「…のか。」 may only now end the sentence: ask again what the member does.
                self.open.kind = entry_kind(self.speaker, self.open.text, self.turn)
            return True
        return False

    def _first_paragraph(self) -> bool:
        """Whether the open entry opened its speaker's turn (its kind was its own)."""
        target = self._target()
        if not target or target[-1] is not self.open:
            return False
        before = target[-2] if len(target) > 1 else None
        return before is None or before.label != self.open.label

    def _broken(self, line: Line) -> bool:
        """A sentence broken over a blank line by PDF extraction (see MIN_BROKEN_LINE)."""
        entry = self.open
        return bool(
            self.join_broken
            and entry is not None
            and entry.kind != EntryKind.HEADING
            and not ends_sentence(entry.text)
            and len(self.open_line) >= MIN_BROKEN_LINE
            and not line.indented
            and not line.text.startswith(("《", "「"))
        )

    # -- entries -------------------------------------------------------------------------

    def _target(self) -> list[ParsedEntry]:
        return self.item.entries if self.item is not None else self.orphans

    def _add(self, entry: ParsedEntry) -> ParsedEntry:
        self._target().append(entry)
        self.started = True
        member = self.speaker is not None and self.speaker.side == Side.MEMBER
        if entry.kind in _SPEAKING and member:
            self.turn.question_seen = True
        if entry.kind not in (EntryKind.STAGE, EntryKind.HEADING):
            self.turn.last_member_turn = entry.kind in _SPEAKING and member
        return entry

    def _entry(self, kind: str, text: str) -> ParsedEntry:
        speaker = self.speaker
        return ParsedEntry(
            kind,
            text,
            label=speaker.literal if speaker else "",
            speaker=speaker.index if speaker else None,
        )

    def _stage(self, text: str) -> None:
        """A stage direction of its own, spoken by no one."""
        self._flush_pending()
        self._add(ParsedEntry(EntryKind.STAGE, text))
        self.open = None

    def _utterance(self, text: str, *, continuing: bool) -> None:
        """Text of the current speaker; a leading 《…》 is a ト書き of its own."""
        while (stage := split_stage(text)) is not None:
            self.layout.note("stage_brackets", "《》")
            self._add(self._entry(EntryKind.STAGE, stage[0]))
            self.open = None
            text = stage[1].strip()
            continuing = False
            if not text:
                return
        target = self._target()
        previous = target[-1] if continuing and target else None
        if (
            previous is not None
            and previous.kind not in (EntryKind.STAGE, EntryKind.HEADING)
            and self.speaker is not None
            and previous.label == self.speaker.literal
        ):
            kind = previous.kind  # the rest of one utterance is of the same kind
        else:
            kind = entry_kind(self.speaker, text, self.turn)
        self.open = self._add(self._entry(kind, text))
        self.open_line = text

    def _heading(self, text: str) -> None:
        self._flush_pending()
        self._add(ParsedEntry(EntryKind.HEADING, text))
        self.speaker = None
        self.open = None

    def _flush_pending(self) -> None:
        if self.pending is not None:
            # A label with nothing after it: kept as it was printed.
            self._add(ParsedEntry(EntryKind.UNCLASSIFIED, self.pending.literal))
            self.pending = None

    # -- agenda items --------------------------------------------------------------------

    def _switch_item(self, item: ParsedItem, text: str) -> None:
        self._flush_pending()
        self._category_heading(item)
        self.item = item
        self.headed.add(id(item))
        if text != item.title:
            item.heading = text
        if marked_closed(text):
            item.is_public = False
        if not item.inquiry:
            item.inquiry = split_inquiry(strip_openness(strip_numbering(text)))[1]
        self.speaker = None
        self.open = None
        self.turn = Turn()

    def _category_heading(self, item: ParsedItem) -> None:
        """A category heading just before the item's (「3 審議事項」 / 「「国民健康保険…」」) is
        its 分類; a style whose item heading carries it prints it again (imports.fit)."""
        target = self._target()
        last = target[-1] if target else None
        if last is None or last.kind != EntryKind.HEADING or not is_category(last.text):
            return
        word = category_of(strip_numbering(last.text).strip() + " ")
        if item.category and item.category != word:
            return
        item.category = word
        item.category_form = item.category_form or "line"
        item.category_heading = last

    def _item_heading(self, text: str, level: int) -> bool:
        """Whether `text` heads an agenda item: one the header listed, a heading of level
        1 or 2, the first line of a body that looks like a title (「…について」), or a
        numbered title (「2 児童手当に関する事務…について(諮問第15号)」)."""
        if len(text) > 160 or is_category(text):
            return False  # a paragraph, or a category heading over the item (「3 審議事項」)
        key = heading_key(text)
        if not key:
            return False
        for item in self.out.items:
            if id(item) not in self.headed and key in (
                heading_key(item.title),
                heading_key(item.heading),
            ):
                self._switch_item(item, text)
                return True
        if not ((level and level <= 2) or self._looks_like_item(text)):
            return False
        waiting = [i for i in self.out.items if id(i) not in self.headed]
        if waiting and (level or not self.headed):
            self._switch_item(waiting[0], text)
        else:
            title, inquiry = split_inquiry(strip_openness(strip_numbering(text)))
            category = category_of(title)
            item = ParsedItem(
                title=strip_category(title) or text,
                inquiry=inquiry,
                category=category,
                category_form="prefix" if category else "",
            )
            self.out.items.append(item)
            self._switch_item(item, text)
        return True

    def _looks_like_item(self, text: str) -> bool:
        bare = strip_openness(text)
        if len(text) > 100 or "。" in text or not _ITEM_HEADING_END.search(bare):
            return False
        if ITEM_NUMBER.match(text) and not ends_sentence(split_inquiry(bare)[0]):
            return True
        return not self.headed and not self.started and not ends_sentence(text)
