"""The second stage: the title line and the header of a minutes, up to where its body begins.

Each header line that opens with a key (「開催日時」, 「◇場所」, 「3 出席者」, 「日 時<TAB>…」,
「出席委員:…」, a key split over two lines by a PDF's table: 「名」 / 「称 …」) goes to the
handler of its field in FIELDS; the lines after it that carry no key go to the same field's
handler for further lines, until one does not take them. A key alone on its line takes its
value from the next line. A date or a place printed with no key is read as one.

The reader never stops at a line it does not know: a preamble (審議結果, 会議概要, 掲載日:…),
an address under the place, a contact: each is kept, as printed and in order, among
`HeaderReader.extras` (entries 未分類 of the preamble), with where the header printed it
(`ParsedEntry.anchor`: under the title, as a further line of a row's value, or after the row
read last), so that the export prints it there again. The lines of a field that not every
style prints (会議資料, 議事録署名人, 「欠席者 なし」, a category of the agenda …) are kept in
`ParsedMinutes.reprinted` as well as read: imports.fit keeps them only for a style that
does not print them itself. The body begins at a body key (「議事内容」, 「会議記録」,
「議事(要旨)」 …), a heading, or the first speaker label; the unknown lines just before a
label go to the body with it (an agenda heading, say).

A new header form is usually a row in vocabulary.HEADER_LABELS; a field of a new kind needs
its handler in FIELDS too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from pia_meeting.core.model import (
    AFTER_ROW,
    PREAMBLE_ANCHOR,
    TITLE_ANCHOR,
    EntryKind,
    Openness,
    Presence,
    RecordStyle,
    Side,
)
from pia_meeting.core.text import parse_numeral
from pia_meeting.core.wareki import parse_date_time_range
from pia_meeting.imports import layout
from pia_meeting.imports.agenda import (
    ITEM_NUMBER,
    OPENNESS_MARK,
    category_of,
    is_category,
    marked_closed,
    split_inquiry,
    strip_category,
    strip_numbering,
    strip_openness,
)
from pia_meeting.imports.lines import Line, squash
from pia_meeting.imports.people import PeopleReader, attendee_line, has_chair
from pia_meeting.imports.speakers import looks_like_label
from pia_meeting.imports.tree import ParsedEntry, ParsedItem, ParsedMinutes
from pia_meeting.imports.vocabulary import DOC_WORDS, HEADER_LABELS, SUMMARY_WORDS

# -- the title line and the board's name ------------------------------------------------------

_NUMERAL = r"[0-9０-９]{1,4}|[〇一二三四五六七八九十百]{1,4}"
_TITLE_RE = re.compile(rf"^(?P<pre>.*?)第\s*(?P<num>{_NUMERAL})\s*回\s*(?P<rest>.*)$")
_DOC_SUFFIX = re.compile(
    r"\s*の?\s*(?:" + "|".join(sorted(DOC_WORDS, key=len, reverse=True)) + r")"
    r"\s*(?P<summary>[(（](?:" + "|".join(SUMMARY_WORDS) + r")[)）])?\s*$"
)
_BOARD_RE = re.compile(
    r"(?:[ぁ-ゖ]{2,6}(?=[\u4e00-\u9fff]?[市町村]))?[\u4e00-\u9fff\u30a1-\u30faー・々ヶ]{1,30}?(?:審査会|審議会)"
)
# What precedes a board's name in a title and is not part of it: 「令和5年度」, 「第3回」.
_NOT_BOARD = re.compile(
    rf"(?:令和|平成|昭和)?\s*(?:元|[0-9０-９]{{1,4}}|[〇一二三四五六七八九十]{{1,3}})\s*年度"
    rf"|第\s*(?:{_NUMERAL})\s*回"
)
MAX_MEETING_NUMBER = 100000


def board_in(text: str) -> str:
    """The first board name in `text` (「北九州市個人情報保護審査会」), or ""."""
    text = _NOT_BOARD.sub(" ", text)
    for match in _BOARD_RE.finditer(text):
        name = re.sub(r"^(?:第[〇一二三四五六七八九十百]+)?回", "", match.group(0))
        if len(name) >= 5 and re.search(r"[都道府県市区町村]", name[:-3]):
            return name
    return ""


def _meeting_number(match: re.Match[str]) -> int | None:
    number = parse_numeral(match.group("num"))
    return number if number is not None and 0 < number <= MAX_MEETING_NUMBER else None


def _strip_doc_word(title: str, out: ParsedMinutes) -> str:
    suffix = _DOC_SUFFIX.search(title)
    if not suffix:
        if re.search(r"[(（](?:" + "|".join(SUMMARY_WORDS) + r")[)）]", title):
            out.record_style = RecordStyle.SUMMARY
        return title
    words = squash(suffix.group(0)).lstrip("の")
    out.layout.title_words = words
    if any(w in words for w in SUMMARY_WORDS):
        out.record_style = RecordStyle.SUMMARY
    return title[: suffix.start()].strip()


def read_title(line: Line, out: ParsedMinutes) -> bool:
    """Read 「第15回 特定個人情報保護評価「第三者点検」 議事録」 (or a heading line) into the
    number, title, record style and board of `out`; False when `line` is no title."""
    text = line.text
    if len(text) > 120:
        return False
    match = _TITLE_RE.match(text)
    squashed = squash(text)
    has_doc_word = any(w in squashed for w in DOC_WORDS)
    if not match and not has_doc_word and not line.level:
        return False
    if match and not (has_doc_word or line.level or re.search("審査会|審議会|点検", text)):
        return False
    if squashed in DOC_WORDS:  # 「会 議 録」: the document word alone
        _strip_doc_word(squashed, out)
        return True
    number = _meeting_number(match) if match else None
    if match and number is not None:
        out.number = number
        title = f"{match.group('pre').strip()} {match.group('rest').strip()}".strip()
    else:
        title = text
    out.title = _strip_doc_word(title, out)
    if not out.board_name:
        out.board_name = board_in(out.title)
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
    return r"[ \t\u3000]*".join(parts)


def _label_text(label: str) -> str:
    """A key word as HEADER_FIELD knows it: no spaces, half-width brackets."""
    return squash(label).replace("（", "(").replace("）", ")").replace("･", "・")


HEADER_FIELD = {_label_text(word): key for word, key in HEADER_LABELS}
_NUMBERING = (
    r"(?:[0-9０-９]{1,2}\s*[.．、)）]?|[(（][0-9０-９]{1,2}[)）]|[①-⑳⑴-⒇]"
    r"|第[0-9０-９一二三四五六七八九十]{1,3}|[■●◆◇□・※○〇])"
)
_HEADER_RE = re.compile(
    rf"^(?P<numbering>{_NUMBERING}\s*)?(?P<open>[【\[［〔])?\s*(?P<label>"
    + "|".join(_word_pattern(w) for w, _ in sorted(HEADER_LABELS, key=lambda p: -len(p[0])))
    + r")(?P<note>[(（][^)）]{1,10}[)）])?\s*[】\]］〕]?"
    r"(?P<sep>\s*[:：]\s*|\s+|$|(?=[0-9０-９令平昭]))(?P<value>.*)$"
)
_BODY_FIELDS = ("body", "body_summary")
_ROWS_OF_KEYS = frozenset({"members", "secretariat", "explainers", "attendees", "materials"})
# 「議事」 heads the body, or lists the agenda when more header keys follow it (◇議事).
_AGENDA_OR_BODY = frozenset({"議事"})
_OBSERVERS_RE = re.compile(r"^(?P<n>\d{1,6})\s*(?P<unit>人|名)?$")
_OBSERVERS_IN = re.compile(r"傍聴(?:人|者)(?:は|の数)?\s*(?P<none>なし|無し|いない|0人|0名)")
_MATERIAL_LINE = re.compile(r"^(?:資料|参考|別紙|[・■●])")
_PLACE_WORDS = re.compile(
    r"会議室|委員会室|庁舎|市役所|区役所|役場|会館|ホール|センター|[0-9０-９]階|議場"
)
_ADDRESS_LINE = re.compile(r"^[(（]?\s*(?:所在地|住所|〒)")
_RANGE_MARKS = str.maketrans({"∼": "~", "〜": "~", "～": "~"})
# A line a PDF's table cell wrapped: the next line goes on with it (「…全項目評価書(案)及び」).
_WRAPPED = ("及び", "並びに", "、", "・", "の", "と", "及")

# The header row (core.styles.RowStyle.field) that prints what a key's field reads.
_ROW_OF_FIELD = {
    "date": "date",
    "place": "place",
    "observers": "observers",
    "board": "text",
    "openness": "openness",
    "closed_reason": "closed_reason",
    "signer": "signers",
    "record_form": "record_style",
    "agenda": "agenda",
    "materials": "materials",
    "absent": "absent",
    "body": "body",
    "body_summary": "body",
}
_PEOPLE_FIELDS = frozenset({"attendees", "members", "secretariat", "explainers"})


def header_row(field: str, side: Side | None) -> str:
    """The name of the header row that prints `field` (core.model.Entry.header_anchor):
    「place」, 「attendees:事務局」 …"""
    if field in _PEOPLE_FIELDS:
        return f"attendees:{side.value}" if side else "attendees"
    return _ROW_OF_FIELD.get(field, "")


@dataclass
class KeyLine:
    """A header line that opens with a key: 「開催日時 令和3年11月9日(火) 10:00~10:50」."""

    index: int  # in the lines of the text
    field: str  # what the key fills (vocabulary.HEADER_LABELS)
    label: str  # the key word as printed, spaces removed: 「日時」, 「委員」
    value: str  # the rest of the line, maybe empty (the value is on the next line)
    raw: str  # the whole line, kept as an entry when it cannot be read
    form: str = ""  # the header form this key is written in (layout.*)

    @property
    def opens_body(self) -> bool:
        return self.field in _BODY_FIELDS


def _key_form(match: re.Match[str], line: Line) -> str:
    numbering = (match.group("numbering") or "").strip()
    label = match.group("label")
    if numbering.startswith(("◇", "◆", "■", "●", "□", "○", "〇", "※")):
        return layout.DIAMOND_KEYS
    if numbering:
        return layout.NUMBERED_SECTIONS
    between = match.group(0)[match.end("label") - match.start() : match.start("value")]
    if "\t" in between:
        return layout.TWO_COLUMN_TABLE
    if re.search(r"[:：]", match.group("sep") or ""):
        return layout.KEY_COLON_VALUE
    if re.search(r"\s", label) and len(squash(label)) <= 4:
        return layout.BARE_PDF_TABLE
    if not match.group("value").strip():
        return layout.KEY_LINE_VALUE_LINE
    return layout.BARE_PDF_TABLE


def key_line(index: int, line: Line) -> KeyLine | None:
    if line.level:
        return None  # a heading is never a header row
    match = _HEADER_RE.match(line.text)
    if match is None:
        return None
    label = _label_text(match.group("label"))
    value = match.group("value").strip()
    if value.startswith(("の", "は", "が", "を", "に", "、", "。")):
        return None  # 「資料の…」, 「議題は…」: a sentence, not a key
    form = _key_form(match, line)
    return KeyLine(index, HEADER_FIELD[label], label, value, line.text, form)


def merge_split_keys(lines: list[Line]) -> list[Line]:
    """A key that a PDF's table cell broke over two lines (「名」 / 「称 令和2年度…」) is put
    back on one line; nothing else changes."""
    merged: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        if nxt is not None and len(line.text) <= 2 and key_line(index, line) is None:
            joined = Line(line.text + nxt.text, line.blank_before, line.indented)
            key = key_line(index, joined)
            if key is not None and len(key.label) > len(squash(line.text)):
                merged.append(joined)
                index += 2
                continue
        merged.append(line)
        index += 1
    return merged


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
    closed_reason: str = ""  # 「非公開の理由」 as stated, the line that stated it and where
    closed_reason_line: str = ""
    closed_reason_anchor: str = ""
    # the field being read, and what its key said about the lines after it
    current: str | None = None
    side: Side | None = None
    implied_title: str = ""
    presence: str = Presence.PRESENT
    pending: ValueReader | None = None  # a key alone on its line: its value comes next
    pending_key: KeyLine | None = None
    title_seen: bool = False
    header_seen: bool = False
    date_text: str = ""  # the date as printed, for times on the line below it
    board_value: str = ""  # the 会議名 / 名称 as written, for a title the title line lacks
    # lines kept as extras since the last line a field took: they may open the body
    unknown_run: list[tuple[int, ParsedEntry]] = field(default_factory=list)
    people: PeopleReader | None = None
    # where a kept line is printed: the header row of the last key read into its field,
    # the key line being read and where a line kept in its place goes, and whether that
    # key stood alone on its line with its value still to come
    last_row: str = ""
    key_raw: str = ""
    key_kept: bool = False
    key_anchor: str = ""
    awaiting: bool = False
    category: str = ""  # the 分類 heading the agenda lines are under (審議事項 …)
    kept: int = 0  # lines kept so far (ParsedEntry.position)
    materials_entry: ParsedEntry | None = None

    def __post_init__(self) -> None:
        self.lines = merge_split_keys(self.lines)
        self.people = PeopleReader("\n".join(line.text for line in self.lines))

    def read(self) -> list[Line]:
        for index, line in enumerate(self.lines):
            body = self._line(index, line)
            if body is not None:
                self._finish()
                return body
        self._finish()
        return []

    def _finish(self) -> None:
        out = self.out
        if self.pending is not None and self.pending_key is not None:
            self.keep(self.pending_key.raw)  # a key whose value never came
        if not out.title and self.board_value:
            out.title = self.board_value
        if not out.title and out.board_name:
            out.title = out.board_name

    def _line(self, index: int, line: Line) -> list[Line] | None:
        key = key_line(index, line)
        if self._title(line, key):
            return None
        if line.level:
            # A heading: the body has begun; a body key made a heading (「## 議事(要旨)」, as
            # a Word file's heading reads) opens it as the key does.
            plain = key_line(index, Line(line.text, line.blank_before, line.indented))
            if plain is not None and plain.opens_body and not plain.value:
                return self._key(plain)
            return self.lines[index:]
        if key is not None and not self._is_value(key):
            return self._key(key)
        if self.pending is not None:
            read_value, self.pending, self.pending_key = self.pending, None, None
            read_value(self, line.text, line.text)
            self.awaiting = False
            self._took()
            return None
        if self.current is not None and FIELDS[self.current].on_more(self, line):
            self.awaiting = False
            self._took()
            return None
        if self._keyless(line):
            self._took()
            return None
        if looks_like_label(line.text):
            return self._body_from(index)
        # The value of a key that stood alone, which its field could not read, is printed
        # as that row's value (「事務局」 / 「総務課長ほか3名」); any other line after it.
        anchor = self.current_row() if self.awaiting else None
        printed_by = "mark" if not self.title_seen and not self.header_seen else ""
        self.unknown_run.append((index, self.keep(line.text, anchor=anchor, printed_by=printed_by)))
        self.current = None
        self.awaiting = False
        return None

    def current_row(self) -> str:
        """The header row of the field being read."""
        return header_row(self.current or "", self.side)

    def _anchor(self) -> str:
        """Where a line kept now is printed: after the row read last, else under the title
        before any key."""
        if self.last_row:
            return AFTER_ROW + self.last_row
        return PREAMBLE_ANCHOR if self.header_seen else TITLE_ANCHOR

    def _row_read(self, row: str) -> None:
        """`row` of the header was read: what is kept next is printed after it."""
        self.last_row = row
        if row not in self.out.header_rows:
            self.out.header_rows.append(row)

    def _key(self, key: KeyLine) -> list[Line] | None:
        self.key_anchor = self._anchor() if self.last_row else PREAMBLE_ANCHOR
        self.header_seen = True
        self.pending = self.pending_key = None
        self.key_raw, self.key_kept = key.raw, False
        self._took()
        # 「委員 野々村 恵」 under 【委員】 and 「資料1 …」 under 会議資料 read as keys of the
        # field being read: rows of it, not keys of the header's layout.
        if key.field != self.current or key.field not in _ROWS_OF_KEYS:
            if key.form:
                self.out.layout.note("header_form", key.form)
            self.out.layout.header_keys.append(key.label)
        if key.field == "body" and key.label in _AGENDA_OR_BODY and self._more_keys(key.index):
            key.field = "agenda"  # 「◇議事」 listing the items, more header keys after it
        body = FIELDS[key.field].on_key(self, key)
        self.current = key.field
        self.awaiting = not key.value
        row = header_row(key.field, self.side)
        if not self.key_kept and row:
            self._row_read(row)
        if self.pending is not None:
            self.pending_key = key
        return body

    def _is_value(self, key: KeyLine) -> bool:
        """Whether a line that reads as a key is the value of the key before it, which stood
        alone: 「会議名」 / 「第5回…審査会」, 「掲載形式」 / 「議事要旨」 (no body key there)."""
        if self.pending is None:
            return False
        waiting = self.pending_key.field if self.pending_key is not None else ""
        return key.field == "board" or (waiting == "record_form" and not key.value)

    def _more_keys(self, index: int) -> bool:
        """Whether a header key that is no body key follows within a few lines."""
        for offset, line in enumerate(self.lines[index + 1 : index + 16], index + 1):
            key = key_line(offset, line)
            if key is not None:
                return not key.opens_body
        return False

    def _took(self) -> None:
        self.unknown_run = []

    def _body_from(self, index: int) -> list[Line]:
        """The body begins at line `index`, with the unknown lines just before it."""
        start = index
        if self.unknown_run and self.header_seen:
            start = self.unknown_run[0][0]
            kept = {id(entry) for _, entry in self.unknown_run}
            self.extras = [e for e in self.extras if id(e) not in kept]
        return self.lines[start:]

    def _keyless(self, line: Line) -> bool:
        """A date, or a place, printed with no key (「令和7年6月11日(水曜日)午後2時…」)."""
        out = self.out
        text = line.text.translate(_RANGE_MARKS)
        if out.date is None and re.match(r"^(?:令和|平成|昭和|[0-9０-９]{4}\s*年)", text):
            read = parse_date_time_range(text)
            if read is not None:
                out.date, out.start_time, out.end_time = read
                out.layout.note("date_form", layout.date_form(text))
                out.layout.note("header_form", layout.NO_KEYS)
                self.current = "date"
                self._row_read("date")
                return True
        if (
            not out.place
            and out.date is not None
            and len(text) <= 60
            and "。" not in text
            and _PLACE_WORDS.search(text)
        ):
            out.place = line.text
            self.current = "place"
            self._row_read("place")
            return True
        if not self.header_seen and not out.board_name and board_in(line.text) == line.text:
            out.board_name = line.text  # a line that is only the board's name
            return True
        return False

    def _title(self, line: Line, key: KeyLine | None) -> bool:
        # 「会議名\t第5回…審査会」 is a header row; 「議事要旨」 alone is a title.
        labelled = key is not None and (bool(key.value) or not key.opens_body)
        if self.title_seen or self.header_seen or labelled or not read_title(line, self.out):
            return False
        self.title_seen = True
        return True

    def keep(self, text: str, *, anchor: str | None = None, printed_by: str = "") -> ParsedEntry:
        """Keep a line the header does not read into a field, printed where it stood (see
        `_anchor`), or one a style may print again (`printed_by`, imports.fit)."""
        if text == self.key_raw and not printed_by:
            self.key_kept = True
        self.kept += 1
        entry = ParsedEntry(
            EntryKind.UNCLASSIFIED,
            text,
            anchor=self._anchor() if anchor is None else anchor,
            printed_by=printed_by,
            position=self.kept,
        )
        (self.out.reprinted if printed_by else self.extras).append(entry)
        return entry

    def single(self, read_value: ValueReader, value: str, raw: str, shown: str, row: str) -> None:
        """Read one value; when it was read and `row` is a row not every style has, its
        lines are kept too, for a style without the row (imports.fit)."""
        before = self.kept
        read_value(self, value, raw)
        if row and self.kept == before:
            self.keep(shown, anchor=self.key_anchor, printed_by=f"row:{row}")

    def add_people(self, text: str, raw: str, *, same_line: bool) -> None:
        assert self.people is not None
        people = self.people.read(
            text,
            self.side,
            self.implied_title,
            self.presence,
            same_line=same_line,
            chair_known=has_chair(self.out.attendees),
        )
        anchor = None if same_line else self.current_row()
        if people is None:
            self.keep(raw, anchor=anchor)
            return
        self.out.attendees.extend(people.people)
        for note in people.forms:
            self.out.layout.note("attendee_form", note)
        if people.name_form:
            self.out.layout.note("name_form", people.name_form)
        if people.left_over:
            # 「総務課長ほか3名」: what names no one is kept as printed
            self.keep(raw, anchor=anchor)

    def add_agenda_line(self, text: str, raw: str) -> None:
        """「(1) 住民基本台帳に関する事務について(公開)(諮問第41号)」 → an item; a mark alone
        marks the item before it; a category heading (審議事項, 報告事項) is no item; a line
        that is only a 諮問番号 (「(1)諮問第23号」) takes its title from the next line."""
        numbered = ITEM_NUMBER.match(text) is not None
        title = strip_numbering(text).strip()
        closed = marked_closed(title)
        title = strip_openness(title)
        title, inquiry = split_inquiry(title)
        prefix = category_of(title)
        title = strip_category(title)
        items = self.out.items
        if is_category(title):
            # 「審議事項」 over the items after it: their 分類, printed again by a style that
            # lists the agenda under its categories.
            self.category = category_of(title + " ") or squash(title)
            self.keep(text.strip(), anchor="agenda", printed_by="category_line")
            return
        category, form = (prefix, "prefix") if prefix else (self.category, "line")
        if not title and inquiry:
            items.append(
                ParsedItem(
                    title="",
                    inquiry=inquiry,
                    is_public=not closed,
                    category=category,
                    category_form=form if category else "",
                )
            )
            return
        if not title:
            if closed is not None and items:
                items[-1].is_public = not closed
            else:
                self.keep(raw)
            return
        if items and not items[-1].title and not numbered:
            items[-1].title = title  # the title under its 諮問番号
            items[-1].is_public = items[-1].is_public and not closed
            return
        items.append(
            ParsedItem(
                title=title,
                is_public=not closed,
                inquiry=inquiry,
                category=category,
                category_form=form if category else "",
            )
        )


# -- the fields -------------------------------------------------------------------------------


def _never(reader: HeaderReader, line: Line) -> bool:
    return False


@dataclass(frozen=True)
class Field:
    """What a header key does with its own line, and with the lines that follow it."""

    on_key: KeyHandler
    on_more: MoreHandler = _never


def _single(read_value: ValueReader, row: str = "") -> KeyHandler:
    """A field of one value, on the key's line or, when the key stands alone, the next.
    `row`: a header row that not every style prints (see HeaderReader.single)."""

    def on_key(reader: HeaderReader, key: KeyLine) -> None:
        if key.value:
            reader.single(read_value, key.value, key.raw, key.raw, row)
            return

        def next_line(reader: HeaderReader, value: str, raw: str) -> None:
            reader.single(read_value, value, raw, f"{key.raw}\n{raw}", row)

        reader.pending = next_line

    return on_key


def _date(reader: HeaderReader, value: str, raw: str) -> None:
    text = value.translate(_RANGE_MARKS)
    read = parse_date_time_range(text)
    if read is None or reader.out.date is not None:
        reader.keep(raw)  # unreadable, or a second date (会議録の確定日, say)
        reader.current = None
        return
    reader.out.date, reader.out.start_time, reader.out.end_time = read
    reader.out.layout.note("date_form", layout.date_form(text))
    reader.date_text = text


def _more_date(reader: HeaderReader, line: Line) -> bool:
    """The times on a line of their own under the date (「午後1時30分∼午後3時10分」)."""
    out = reader.out
    if out.date is None or out.start_time is not None:
        return False
    day = reader.date_text
    read = parse_date_time_range(f"{day} {line.text.translate(_RANGE_MARKS)}") if day else None
    if read is None or read[0] != out.date or read[1] is None:
        return False
    out.start_time, out.end_time = read[1], read[2]
    return True


def _place(reader: HeaderReader, value: str, raw: str) -> None:
    if reader.out.place:
        reader.keep(raw)
    else:
        reader.out.place = value


def _more_place(reader: HeaderReader, line: Line) -> bool:
    # An address under the room (「(所在地:…)」) is kept, but is not the place: it is
    # printed under it.
    if line.indented and _ADDRESS_LINE.match(line.text):
        reader.keep(line.text, anchor="place")
        return True
    if line.indented and line.text and not reader.out.place.endswith(")"):
        reader.out.place += "\n" + line.text
        return True
    return False


def _observers(reader: HeaderReader, value: str, raw: str) -> None:
    normal = unicodedata.normalize("NFKC", value).strip()
    match = _OBSERVERS_RE.match(normal)
    if match:
        reader.out.observers = int(match.group("n"))
        reader.out.layout.note("observers_unit", match.group("unit") or "")
    elif normal in ("なし", "無し", "いない", "おりません"):
        reader.out.observers = 0
        reader.out.layout.note("observers_unit", normal)  # the word for none, as written
    else:
        reader.keep(raw)


def _board(reader: HeaderReader, value: str, raw: str) -> None:
    out = reader.out
    title = _TITLE_RE.match(value)
    if title and out.number is None:
        number = _meeting_number(title)
        if number is not None:
            out.number = number
    reader.board_value = _strip_doc_word(
        f"{title.group('pre').strip()} {title.group('rest').strip()}".strip() if title else value,
        out,
    )
    found = board_in(value)
    if out.board_name or not found:
        if not found or found != out.board_name:
            reader.keep(raw)
        return
    out.board_name = found


def _openness(reader: HeaderReader, value: str, raw: str) -> None:
    """「公開」, 「一部非公開」, and 「公開(傍聴者なし)」, which says how many came too."""
    word = next((o for o in sorted(Openness, key=len, reverse=True) if value.startswith(o)), "")
    rest = value[len(word) :].strip()
    observers = _OBSERVERS_IN.search(rest) if rest else None
    if word and (not rest or (observers and rest.strip("()（）") == squash(observers.group(0)))):
        reader.out.openness = word
        if observers and reader.out.observers is None:
            reader.out.observers = 0
            reader.out.layout.note("observers_unit", "なし")
        return
    if word:
        reader.out.openness = word
    reader.keep(raw)


def _closed_reason(reader: HeaderReader, value: str, raw: str) -> None:
    if value in ("―", "-", "－", "ー", "なし", "無し", "—"):
        # 「―」: no reason, which a style may print itself for a meeting with none
        reader.keep(raw, printed_by=f"none:closed_reason:{value}")
    elif reader.closed_reason:
        reader.keep(raw)
    else:
        reader.closed_reason, reader.closed_reason_line = value, raw
        reader.closed_reason_anchor = reader.key_anchor


def _signer(reader: HeaderReader, value: str, raw: str) -> None:
    if reader.out.signer:
        reader.keep(raw)  # a second one: kept as printed
    else:
        reader.out.signer = value


def _record_form(reader: HeaderReader, value: str, raw: str) -> None:
    """「掲載形式 議事録全文」 / 「要点筆記」."""
    if any(w in value for w in SUMMARY_WORDS):
        reader.out.record_style = RecordStyle.SUMMARY
    elif "全文" in value:
        reader.out.record_style = RecordStyle.VERBATIM
    else:
        reader.keep(raw)


def _people(side: Side | None, presence: str = Presence.PRESENT) -> KeyHandler:
    """出席者 (the side comes from the lines), 委員, 事務局, 説明者 …, 欠席者."""

    def on_key(reader: HeaderReader, key: KeyLine) -> None:
        reader.side = side
        reader.implied_title = "委員" if side == Side.MEMBER else ""
        reader.presence = presence
        if key.value:
            if presence == Presence.ABSENT and key.value in ("なし", "無し"):
                reader.keep(key.raw, printed_by=f"none:absent:{key.value}")
                return
            reader.add_people(key.value, key.raw, same_line=True)

    return on_key


def _more_people(reader: HeaderReader, line: Line) -> bool:
    parsed = attendee_line(line.text, reader.side, reader.implied_title)
    # (a key that stood alone takes the line below as its value)
    if parsed is None or not (parsed.confident or line.indented or reader.awaiting):
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
    waiting = bool(reader.out.items) and not reader.out.items[-1].title
    if (
        line.indented
        or waiting
        or reader.awaiting  # the key stood alone: this is its first item
        or ITEM_NUMBER.match(text)
        or OPENNESS_MARK.search(text)
        or is_category(text)
    ):
        reader.add_agenda_line(text, text)
        return True
    return False


def _materials(reader: HeaderReader, key: KeyLine) -> None:
    """「会議資料」 and the lines under it, into the meeting's materials; its lines are kept
    too, for a style that prints no 会議資料 (imports.fit)."""
    kept = reader.materials_entry
    if reader.current == "materials" and kept is not None:
        _material(reader, kept, key.raw)  # 「資料1 …」 under 「会議資料」
        return
    reader.materials_entry = reader.keep(
        key.raw, anchor=reader.key_anchor, printed_by="row:materials"
    )
    if key.label == "資料":  # 「資料1 諮問書」 with no 会議資料 over it: a document itself
        reader.out.materials.append(key.raw)
    elif key.value:
        reader.out.materials.append(key.value)


def _material(reader: HeaderReader, kept: ParsedEntry, text: str) -> None:
    kept.text += "\n" + text
    reader.out.materials.append(text)


def _more_materials(reader: HeaderReader, line: Line) -> bool:
    kept, materials = reader.materials_entry, reader.out.materials
    wrapped = bool(materials) and materials[-1].endswith(_WRAPPED)
    if kept is not None and (line.indented or _MATERIAL_LINE.match(line.text) or wrapped):
        _material(reader, kept, line.text)
        return True
    return False


def _body(reader: HeaderReader, key: KeyLine) -> list[Line]:
    if key.field == "body_summary" or any(w in key.label for w in SUMMARY_WORDS):
        reader.out.record_style = RecordStyle.SUMMARY
    reader.out.layout.body_key = key.label
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
    "date": Field(_single(_date), _more_date),
    "place": Field(_single(_place), _more_place),
    "observers": Field(_single(_observers, "observers")),
    "board": Field(_single(_board)),
    "openness": Field(_single(_openness, "openness")),
    "closed_reason": Field(_single(_closed_reason)),
    "signer": Field(_single(_signer, "signers")),
    "record_form": Field(_single(_record_form, "record_style")),
    "agenda": Field(_agenda, _more_agenda),
    "materials": Field(_materials, _more_materials),
    "body": Field(_body),
    "body_summary": Field(_body),
    **_PEOPLE_KEYS,
}
