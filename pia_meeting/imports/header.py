"""The second stage: the title line and the header of a minutes, up to where its body begins.

Each header line that opens with a key (「開催日時」, 「◇場所」, 「3 出席者」, 「日 時<TAB>…」)
goes to the handler of its field in FIELDS; the lines after it that carry no key go to the
same field's handler for further lines, until one does not take them. A new header form
is a row in vocabulary.HEADER_LABELS, or, for a field of a new kind, a handler here too.

Nothing is dropped: a header line that cannot be read into its field is kept, as it was
printed, among `HeaderReader.extras` (entries 未分類 of the preamble).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from pia_meeting.core.model import EntryKind, Openness, Presence, RecordStyle, Side
from pia_meeting.core.text import parse_numeral
from pia_meeting.core.wareki import parse_date_time_range
from pia_meeting.imports.agenda import (
    ITEM_NUMBER,
    OPENNESS_MARK,
    marked_closed,
    strip_numbering,
    strip_openness,
)
from pia_meeting.imports.lines import Line, squash
from pia_meeting.imports.people import attendee_line, has_chair, people_on_line
from pia_meeting.imports.tree import DEFAULT_TITLE, ParsedEntry, ParsedItem, ParsedMinutes
from pia_meeting.imports.vocabulary import DOC_WORDS, HEADER_LABELS

# -- the title line and the board's name ------------------------------------------------------

_TITLE_RE = re.compile(
    r"^(?P<pre>.*?)第\s*(?P<num>[0-9０-９]{1,4}|[〇一二三四五六七八九十百]{1,4})\s*回\s*(?P<rest>.*)$"
)
_DOC_SUFFIX = re.compile(r"\s*(?:" + "|".join(DOC_WORDS) + r")\s*(?P<summary>[(（]要旨[)）])?\s*$")
_BOARD_RE = re.compile(
    r"(?:[ぁ-ゖ]{2,6}(?=[\u4e00-\u9fff]?[市町村]))?[\u4e00-\u9fff\u30a1-\u30faー・々ヶ]{1,30}?(?:審査会|審議会)"
)
MAX_MEETING_NUMBER = 100000


def board_in(text: str) -> str:
    """The first board name in `text` (「北九州市個人情報保護審査会」), or ""."""
    for match in _BOARD_RE.finditer(text):
        name = re.sub(r"^第[〇一二三四五六七八九十百]+回", "", match.group(0))
        if len(name) >= 5 and re.search(r"[都道府県市区町村]", name[:-3]):
            return name
    return ""


def _meeting_number(match: re.Match[str]) -> int | None:
    number = parse_numeral(match.group("num"))
    return number if number is not None and 0 < number <= MAX_MEETING_NUMBER else None


def read_title(line: Line, out: ParsedMinutes) -> bool:
    """Read 「第15回 特定個人情報保護評価「第三者点検」 議事録」 (or a heading line) into the
    number, title, record style and board of `out`; False when `line` is no title."""
    text = line.text
    if len(text) > 120:
        return False
    match = _TITLE_RE.match(text)
    has_doc_word = any(w in text for w in DOC_WORDS)
    if not match and not has_doc_word and not line.level:
        return False
    if match and not (has_doc_word or line.level or re.search("審査会|審議会|点検", text)):
        return False
    number = _meeting_number(match) if match else None
    if match and number is not None:
        out.number = number
        title = f"{match.group('pre').strip()} {match.group('rest').strip()}".strip()
    else:
        title = text
    suffix = _DOC_SUFFIX.search(title)
    if suffix:
        if suffix.group("summary") or re.search("要旨|概要", suffix.group(0)):
            out.record_style = RecordStyle.SUMMARY
        title = title[: suffix.start()].strip()
    elif re.search(r"[(（]要旨[)）]", title):
        out.record_style = RecordStyle.SUMMARY
    out.title = title or DEFAULT_TITLE
    if not out.board_name:
        out.board_name = board_in(title)
    return True


# -- header keys ------------------------------------------------------------------------------


def _word_pattern(word: str) -> str:
    """A header label that tolerates spaces inside (「日 時」) and either width of brackets."""
    parts = []
    for ch in word:
        if ch == "(":
            parts.append("[(（]")
        elif ch == ")":
            parts.append("[)）]")
        elif ch == "・":
            parts.append("[・･]")
        else:
            parts.append(re.escape(ch))
    return r"\s*".join(parts)


def _label_text(label: str) -> str:
    """A key word as HEADER_FIELD knows it: no spaces, half-width brackets."""
    return squash(label).replace("（", "(").replace("）", ")").replace("･", "・")


HEADER_FIELD = {_label_text(word): key for word, key in HEADER_LABELS}
_NUMBERING = (
    r"(?:[0-9０-９]{1,2}\s*[.．、)）]?|[(（][0-9０-９]{1,2}[)）]|[①-⑳]"
    r"|第[0-9０-９一二三四五六七八九十]{1,3}|[■●◆◇□・])"
)
_HEADER_RE = re.compile(
    rf"^(?:{_NUMBERING}\s*)?[【\[［〔〈<]?\s*(?P<label>"
    + "|".join(_word_pattern(w) for w, _ in sorted(HEADER_LABELS, key=lambda p: -len(p[0])))
    + r")\s*[】\]］〕〉>]?(?:\s*[:：]\s*|\s+|$|(?=[0-9０-９令平昭]))(?P<value>.*)$"
)
_BODY_FIELDS = ("body", "body_summary")
_OBSERVERS_RE = re.compile(r"^(?P<n>\d{1,6})\s*(?:人|名)?$")
_MATERIAL_LINE = re.compile(r"^(?:資料|参考|別紙|[・■●])")


@dataclass
class KeyLine:
    """A header line that opens with a key: 「開催日時 令和3年11月9日(火) 10:00~10:50」."""

    index: int  # in the lines of the text
    field: str  # what the key fills (vocabulary.HEADER_LABELS)
    label: str  # the key word as printed, spaces removed: 「日時」, 「委員」
    value: str  # the rest of the line, maybe empty (the value is on the next line)
    raw: str  # the whole line, kept as an entry when it cannot be read

    @property
    def opens_body(self) -> bool:
        return self.field in _BODY_FIELDS


def key_line(index: int, line: Line) -> KeyLine | None:
    if line.level:
        return None  # a heading is never a header row
    match = _HEADER_RE.match(line.text)
    if match is None:
        return None
    label = _label_text(match.group("label"))
    return KeyLine(index, HEADER_FIELD[label], label, match.group("value").strip(), line.text)


# The handlers. A key handler reads the line of the key; it returns the body's lines when
# the body begins there, else None. A further-line handler says whether it took a line
# that follows the key's; a value reader takes a single value (the key's, or the next
# line's when the key stood alone).
KeyHandler = Callable[["HeaderReader", KeyLine], "list[Line] | None"]
MoreHandler = Callable[["HeaderReader", Line], bool]
ValueReader = Callable[["HeaderReader", str, str], None]


@dataclass
class HeaderReader:
    """Reads the title and header of `lines` into `out`; `read` returns the body's lines."""

    out: ParsedMinutes
    lines: list[Line]
    extras: list[ParsedEntry] = field(default_factory=list)  # lines not read into a field
    closed_reason: str = ""  # 「非公開の理由」 as stated, and the line that stated it
    closed_reason_line: str = ""
    # the field being read, and what its key said about the lines after it
    current: str | None = None
    side: Side | None = None
    implied_title: str = ""
    presence: str = Presence.PRESENT
    pending: ValueReader | None = None  # a key alone on its line: its value comes next
    title_seen: bool = False
    header_seen: bool = False

    def read(self) -> list[Line]:
        for index, line in enumerate(self.lines):
            body = self._line(index, line)
            if body is not None:
                return body
        return []

    def _line(self, index: int, line: Line) -> list[Line] | None:
        key = key_line(index, line)
        if self._title(line, key):
            return None
        if line.level:
            return self.lines[index:]  # a heading: the body has begun
        if key is not None:
            self.header_seen = True
            self.pending = None
            body = FIELDS[key.field].on_key(self, key)
            self.current = key.field
            return body
        if self.pending is not None:
            read_value, self.pending = self.pending, None
            read_value(self, line.text, line.text)
            return None
        if self.current is not None and FIELDS[self.current].on_more(self, line):
            return None
        if not self.header_seen and not self.out.board_name and board_in(line.text) == line.text:
            self.out.board_name = line.text  # a line that is only the board's name
            return None
        return self.lines[index:]

    def _title(self, line: Line, key: KeyLine | None) -> bool:
        # 「会議名\t第5回…審査会」 is a header row; 「議事要旨」 alone is a title.
        labelled = key is not None and (bool(key.value) or not key.opens_body)
        if self.title_seen or self.header_seen or labelled or not read_title(line, self.out):
            return False
        self.title_seen = True
        return True

    def keep(self, text: str) -> None:
        self.extras.append(ParsedEntry(EntryKind.UNCLASSIFIED, text))

    def add_people(self, text: str, raw: str, *, same_line: bool) -> None:
        people = people_on_line(
            text,
            self.side,
            self.implied_title,
            self.presence,
            same_line=same_line,
            chair_known=has_chair(self.out.attendees),
        )
        if people is None:
            self.keep(raw)
        else:
            self.out.attendees.extend(people)

    def add_agenda_line(self, text: str, raw: str) -> None:
        """「(1) 住民基本台帳に関する事務について(公開)」 → an item; a mark alone marks the
        item before it."""
        title = strip_numbering(text).strip()
        closed = marked_closed(title)
        title = strip_openness(title)
        if not title:
            if closed is not None and self.out.items:
                self.out.items[-1].is_public = not closed
            else:
                self.keep(raw)
            return
        self.out.items.append(ParsedItem(title=title, is_public=not closed))


# -- the fields -------------------------------------------------------------------------------


def _never(reader: HeaderReader, line: Line) -> bool:
    return False


@dataclass(frozen=True)
class Field:
    """What a header key does with its own line, and with the lines that follow it."""

    on_key: KeyHandler
    on_more: MoreHandler = _never


def _single(read_value: ValueReader) -> KeyHandler:
    """A field of one value, on the key's line or, when the key stands alone, the next."""

    def on_key(reader: HeaderReader, key: KeyLine) -> None:
        if key.value:
            read_value(reader, key.value, key.raw)
        else:
            reader.pending = read_value

    return on_key


def _date(reader: HeaderReader, value: str, raw: str) -> None:
    read = parse_date_time_range(value)
    if read is None or reader.out.date is not None:
        reader.keep(raw)  # unreadable, or a second date (会議録の確定日, say)
        return
    reader.out.date, reader.out.start_time, reader.out.end_time = read


def _place(reader: HeaderReader, value: str, raw: str) -> None:
    if reader.out.place:
        reader.keep(raw)
    else:
        reader.out.place = value


def _more_place(reader: HeaderReader, line: Line) -> bool:
    if line.indented and line.text:
        reader.out.place += "\n" + line.text
        return True
    return False


def _observers(reader: HeaderReader, value: str, raw: str) -> None:
    normal = unicodedata.normalize("NFKC", value).strip()
    match = _OBSERVERS_RE.match(normal)
    if match:
        reader.out.observers = int(match.group("n"))
    elif normal in ("なし", "無し"):
        reader.out.observers = 0
    else:
        reader.keep(raw)


def _board(reader: HeaderReader, value: str, raw: str) -> None:
    out = reader.out
    if out.board_name:
        reader.keep(raw)
        return
    title = _TITLE_RE.match(value)
    if title and out.number is None:
        number = _meeting_number(title)
        if number is not None:
            out.number = number
            value = f"{title.group('pre')}{title.group('rest')}".strip()
    out.board_name = board_in(value) or value
    if out.board_name != value:
        reader.keep(raw)


def _openness(reader: HeaderReader, value: str, raw: str) -> None:
    if value in tuple(Openness):
        reader.out.openness = value
    else:
        reader.keep(raw)


def _closed_reason(reader: HeaderReader, value: str, raw: str) -> None:
    if reader.closed_reason:
        reader.keep(raw)
    else:
        reader.closed_reason, reader.closed_reason_line = value, raw


def _people(side: Side | None, presence: str = Presence.PRESENT) -> KeyHandler:
    """出席者 (the side comes from the lines), 委員, 事務局, 説明者 …, 欠席者."""

    def on_key(reader: HeaderReader, key: KeyLine) -> None:
        reader.side = side
        reader.implied_title = "委員" if key.label == "委員" else ""
        reader.presence = presence
        if key.value:
            reader.add_people(key.value, key.raw, same_line=True)

    return on_key


def _more_people(reader: HeaderReader, line: Line) -> bool:
    parsed = attendee_line(line.text, reader.side, reader.implied_title)
    if parsed is None or not (parsed.confident or line.indented):
        return False
    if parsed.side is not None:  # 【委員】, 【事務局】 …: the lines below are of that side
        reader.side = parsed.side
        reader.implied_title = "委員" if parsed.side == Side.MEMBER else ""
    reader.add_people(line.text, line.text, same_line=False)
    return True


def _agenda(reader: HeaderReader, key: KeyLine) -> None:
    if key.value:
        reader.add_agenda_line(key.value, key.raw)


def _more_agenda(reader: HeaderReader, line: Line) -> bool:
    text = line.text
    if line.indented or ITEM_NUMBER.match(text) or OPENNESS_MARK.search(text):
        reader.add_agenda_line(text, text)
        return True
    return False


def _materials(reader: HeaderReader, key: KeyLine) -> None:
    if reader.current == "materials":
        reader.extras[-1].text += "\n" + key.raw  # 「資料1 …」 under 「会議資料」
    else:
        reader.keep(key.raw)


def _more_materials(reader: HeaderReader, line: Line) -> bool:
    if line.indented or _MATERIAL_LINE.match(line.text):
        reader.extras[-1].text += "\n" + line.text
        return True
    return False


def _body(reader: HeaderReader, key: KeyLine) -> list[Line]:
    if key.field == "body_summary" or "要旨" in key.label:
        reader.out.record_style = RecordStyle.SUMMARY
    rest = reader.lines[key.index + 1 :]
    if key.value:  # 「内 容<TAB>(事務局) 開会する。」: the body begins on the key's line
        return [Line(key.value, True, False), *rest]
    return rest


_PEOPLE_KEYS: dict[str, Field] = {
    "attendees": Field(_people(None), _more_people),
    "members": Field(_people(Side.MEMBER), _more_people),
    "secretariat": Field(_people(Side.SECRETARIAT), _more_people),
    "explainers": Field(_people(Side.EXPLAINER), _more_people),
    "absent": Field(_people(Side.MEMBER, Presence.ABSENT), _more_people),
}
FIELDS: dict[str, Field] = {
    "date": Field(_single(_date)),
    "place": Field(_single(_place), _more_place),
    "observers": Field(_single(_observers)),
    "board": Field(_single(_board)),
    "openness": Field(_single(_openness)),
    "closed_reason": Field(_single(_closed_reason)),
    "agenda": Field(_agenda, _more_agenda),
    "materials": Field(_materials, _more_materials),
    "body": Field(_body),
    "body_summary": Field(_body),
    **_PEOPLE_KEYS,
}
