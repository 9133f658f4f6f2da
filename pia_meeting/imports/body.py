"""The third stage: the body of a minutes, line by line, into the entries of its agenda items.

A line is one of: a heading (「## …」, an agenda item's heading, a heading word such as
「質疑応答」); a speaker label with or without its words on the same line; the words of a
label that stood alone; the next line of the open entry; the rest of a sentence that a PDF
broke over a blank line (`join_broken`); or a paragraph of its own. Nothing is dropped:
what has no speaker is an entry 未分類, a label with nothing after it too.
"""

from __future__ import annotations

import re
from collections import Counter

from pia_meeting.core.model import EntryKind
from pia_meeting.imports.agenda import heading_key, marked_closed, strip_numbering, strip_openness
from pia_meeting.imports.lines import Line, ends_sentence, squash
from pia_meeting.imports.people import Resolver
from pia_meeting.imports.speakers import Speaker, entry_kind, read_label
from pia_meeting.imports.tree import ParsedEntry, ParsedItem, ParsedMinutes
from pia_meeting.imports.vocabulary import HEADING_WORDS

# A cut made by the page width leaves a long line; a short remark without 。 is not a cut.
MIN_BROKEN_LINE = 15
_STAGE_DIRECTION = re.compile(r"^《(.+?)》(.*)$", re.S)
_ITEM_HEADING_END = re.compile(r"(?:について|の件|事務|評価|点検|審議|諮問)$")


def is_heading_word(text: str) -> bool:
    return squash(text).strip("【】■●◆〈〉<>[]［］") in HEADING_WORDS


class BodyReader:
    """Reads body lines into the items of `out` (those the header listed, and those the
    body heads that it did not). What comes before any item heading is in `orphans`; the
    label styles seen are counted in `styles`."""

    def __init__(self, out: ParsedMinutes, *, join_broken: bool) -> None:
        self.out = out
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
        self.question_seen = False  # in the current item
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
        if not self._continues(line):
            self._utterance(text, continuing=True)

    def _label(self, speaker: Speaker, rest: str) -> None:
        self._flush_pending()
        if speaker.style:
            self.styles[speaker.style] += 1
        if not rest:
            self.pending = speaker  # the label on its own line: the words follow
            self.open = None
            return
        self.speaker = speaker
        self._utterance(rest, continuing=False)

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
            return True
        return False

    def _broken(self, line: Line) -> bool:
        """A sentence broken over a blank line by PDF extraction (see MIN_BROKEN_LINE)."""
        entry = self.open
        return bool(
            self.join_broken
            and entry is not None
            and entry.label
            and entry.kind not in (EntryKind.STAGE, EntryKind.HEADING)
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
        if entry.kind == EntryKind.QUESTION:
            self.question_seen = True
        return entry

    def _entry(self, kind: str, text: str) -> ParsedEntry:
        speaker = self.speaker
        return ParsedEntry(
            kind,
            text,
            label=speaker.literal if speaker else "",
            speaker=speaker.index if speaker else None,
        )

    def _utterance(self, text: str, *, continuing: bool) -> None:
        """Text of the current speaker; a leading 《…》 is a ト書き of its own."""
        while text.startswith("《"):
            match = _STAGE_DIRECTION.match(text)
            if not match:
                break
            self._add(self._entry(EntryKind.STAGE, match.group(1)))
            self.open = None
            text = match.group(2).strip()
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
            kind = entry_kind(self.speaker, text, after_question=self.question_seen)
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
        self.item = item
        self.headed.add(id(item))
        if text != item.title:
            item.heading = text
        if marked_closed(text):
            item.is_public = False
        self.speaker = None
        self.open = None
        self.question_seen = False

    def _item_heading(self, text: str, level: int) -> bool:
        """Whether `text` heads an agenda item: one the header listed, a heading of level
        1 or 2, or the first line of a body that looks like a title (「…について」)."""
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
        if not ((level and level <= 2) or self._looks_like_first_item(text)):
            return False
        waiting = [i for i in self.out.items if id(i) not in self.headed]
        if waiting:
            self._switch_item(waiting[0], text)
        else:
            item = ParsedItem(title=strip_openness(strip_numbering(text)))
            item.title = item.title or text
            self.out.items.append(item)
            self._switch_item(item, text)
        return True

    def _looks_like_first_item(self, text: str) -> bool:
        return (
            not self.headed
            and not self.started
            and len(text) <= 80
            and "。" not in text
            and not ends_sentence(text)
            and bool(_ITEM_HEADING_END.search(strip_openness(text)))
        )
