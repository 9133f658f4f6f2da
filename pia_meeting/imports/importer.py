"""Import of published minutes (.txt, .docx) into meetings (SPEC §5, DOMAIN §3).

`read_minutes_file` turns a file into plain text, `parse_minutes` turns that text into a
`ParsedMinutes` tree (no database), and `import_file` writes one new meeting from a file.

The rule that shapes everything here: no text is ever dropped. A header line that cannot be
read into its field, a paragraph with no recognisable speaker, a label with nothing after it:
each is kept as an entry (未分類 when nothing better is known). What is not stored as entry
text is only what the exporter prints again by itself: speaker labels (kept in
`Entry.speaker_label` anyway), header labels, the 「議事録」 of the title line and the 答申
closing lines, which are regenerated from the confirmed 答申.

Plain Python, no Textual; python-docx is imported only when a Word file is read.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pia_meeting.core import clock
from pia_meeting.core.errors import UserError
from pia_meeting.core.labels import department_label
from pia_meeting.core.model import (
    AgendaItem,
    Attendance,
    AuditEvent,
    Entry,
    EntryKind,
    LabelStyle,
    Meeting,
    MeetingStatus,
    Openness,
    Presence,
    RecordStyle,
    Side,
    Toshin,
    ToshinTemplate,
    VoteMode,
)
from pia_meeting.core.pages import pages_in
from pia_meeting.core.text import parse_numeral
from pia_meeting.core.toshin import RESULT_ADOPTED, RESULT_CONTINUED, closing_phrases, wording_hash
from pia_meeting.core.wareki import parse_date_time_range
from pia_meeting.store.facade import Store

SUPPORTED_SUFFIXES = (".txt", ".docx")
DEFAULT_TITLE = Meeting().title
IMPORTED_BOARD_PREFIX = "(取込)"
FALLBACK_CLOSED_REASON = "非公開部分のため省略"

# A paragraph ending in one of these ends a sentence; otherwise a PDF may have cut it.
SENTENCE_ENDS = ("。", "」", "？", "?", "）", ")", "！", "!", "』", "．", "》")
# A cut made by the page width leaves a long line; a short remark without 。 is not a cut.
MIN_BROKEN_LINE = 15

MEMBER_TITLES = ("会長職務代理者", "職務代理者", "副委員長", "委員長", "副会長", "会長", "委員")
STAFF_TITLES = (
    "課長補佐",
    "課長代理",
    "担当課長",
    "担当係長",
    "担当部長",
    "主任主査",
    "主任主事",
    "センター長",
    "事務局長",
    "副主幹",
    "専門員",
    "調整監",
    "課長",
    "部長",
    "局長",
    "次長",
    "室長",
    "所長",
    "館長",
    "区長",
    "係長",
    "主任",
    "主査",
    "主事",
    "主幹",
    "参事",
    "理事",
    "係員",
    "技師",
    "補佐",
)
TITLES = tuple(sorted(MEMBER_TITLES + STAFF_TITLES, key=len, reverse=True))
CHAIR_TITLES = ("会長", "委員長")

SIDE_WORDS: dict[str, Side] = {
    "審査会委員": Side.MEMBER,
    "出席委員": Side.MEMBER,
    "委員": Side.MEMBER,
    "事務局": Side.SECRETARIAT,
    "説明者": Side.EXPLAINER,
    "実施機関": Side.EXPLAINER,
    "参考人": Side.EXPLAINER,
    "説明員": Side.EXPLAINER,
    "関係者": Side.EXPLAINER,
}
EXPLAINER_WORDS = tuple(w for w, s in SIDE_WORDS.items() if s == Side.EXPLAINER)
ANSWER_WORDS = ("回答", "答", "答弁")
QUESTION_WORDS = ("質問", "問")
LABEL_WORDS = frozenset(
    {*SIDE_WORDS, *ANSWER_WORDS, *QUESTION_WORDS, *MEMBER_TITLES, "意見", "議長", "司会"}
)
NOT_LABELS = frozenset({"公開", "非公開", "公開審議", "非公開審議", "一部非公開", "案", "注"})
HEADING_WORDS = frozenset(
    {
        "質疑応答",
        "質疑",
        "質疑応答終了",
        "意見聴取",
        "意見聴取終了",
        "意見交換",
        "審議",
        "審議終了",
        "説明",
        "説明終了",
        "答申",
        "開会",
        "閉会",
        "報告",
        "その他",
    }
)

_UNIT_END = re.compile(r"(?:局|部|室|課|係|班|センター|事務所|館|グループ)$")
_UNIT_TITLE = re.compile(r"^(課|部|局|室|所|館|区|センター)長$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARK = re.compile(r"^(#{1,6})[ \t\u3000]+(\S.*)$")
_WS = re.compile(r"\s+")


# -- the parsed tree ------------------------------------------------------------------------


@dataclass
class ParsedAttendee:
    side: str
    name: str
    title: str = ""
    department: str = ""
    presence: str = Presence.PRESENT


@dataclass
class ParsedEntry:
    kind: str
    text: str
    label: str = ""  # the label as printed in the source, e.g. 「（戸籍住民課）」
    speaker: int | None = None  # index into ParsedMinutes.attendees


@dataclass
class ParsedToshin:
    wording: str
    template: str = ToshinTemplate.CONFORMS
    confirmed: bool = False  # the closing lines were found and are not kept as entries
    result: str = ""


@dataclass
class ParsedItem:
    title: str
    heading: str = ""  # the body heading, when it differs from the title
    is_public: bool = True
    closed_reason: str = ""
    entries: list[ParsedEntry] = field(default_factory=list)
    toshin: ParsedToshin | None = None


@dataclass
class ParsedMinutes:
    number: int | None = None
    title: str = DEFAULT_TITLE
    board_name: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str = ""
    openness: str = ""  # stated in the header; empty = derived from the agenda
    record_style: str = RecordStyle.VERBATIM
    observers: int = 0
    label_style: str = LabelStyle.DEPARTMENT
    attendees: list[ParsedAttendee] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    preamble: list[ParsedEntry] = field(default_factory=list)  # before the first agenda item

    def all_entries(self) -> list[ParsedEntry]:
        return [*self.preamble, *(e for item in self.items for e in item.entries)]

    def meeting_openness(self) -> str:
        if self.openness:
            return self.openness
        if not self.items or all(i.is_public for i in self.items):
            return Openness.PUBLIC
        if not any(i.is_public for i in self.items):
            return Openness.CLOSED
        return Openness.PARTLY


# -- reading files --------------------------------------------------------------------------


def read_minutes_file(path: Path) -> str:
    """The text of a minutes file.

    .txt: UTF-8 (with or without BOM), UTF-16 with BOM, or CP932 (Shift_JIS).
    .docx: paragraphs and tables in document order, a blank line between paragraphs, each
    table row as 「label<TAB>value」 (further lines of a cell as 「<TAB>line」). Paragraphs in
    Word heading styles are marked as the reference marks its headings: 「# 」 for the title,
    「## 」 for Heading 1, 「### 」… for lower levels.
    Anything else, or a file that cannot be read, is a UserError naming the file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UserError(
            f"{path}: 取り込めるのは .txt と .docx のファイルです(この形式には対応していません)"
        )
    if not path.exists():
        raise UserError(f"{path}: ファイルが見つかりません")
    if not path.is_file():
        raise UserError(f"{path}: ファイルではありません")
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = "読み取り権限がありません" if isinstance(exc, PermissionError) else exc.strerror
        raise UserError(f"{path}: ファイルを読めません({reason})") from None
    if suffix == ".docx":
        return _docx_text(path, data)
    return _decode_text(path, data)


def _decode_text(path: Path, data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        candidates: tuple[tuple[str, bytes], ...] = (("utf-8", data[len(codecs.BOM_UTF8) :]),)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = (("utf-16", data),)
    elif b"\x00" in data:
        raise UserError(f"{path}: テキストファイルではないようです(バイナリが含まれています)")
    else:
        # Valid UTF-8 is almost never valid-looking Japanese CP932 by accident: try it first.
        candidates = (("utf-8", data), ("cp932", data))
    for encoding, payload in candidates:
        try:
            return payload.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(
        f"{path}: 文字コードを判別できません(UTF-8 または Shift_JIS で保存してください)"
    )


def _docx_text(path: Path, data: bytes) -> str:
    import io

    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []

        def walk(parent: Any) -> None:
            for child in parent.iterchildren():
                if child.tag == qn("w:p"):
                    paragraph = Paragraph(child, document)
                    text = paragraph.text
                    if text.strip():
                        blocks.append(_heading_mark(paragraph) + text)
                elif child.tag == qn("w:tbl"):
                    blocks.append(_table_text(Table(child, document)))
                elif child.tag == qn("w:sdt"):  # content controls hold ordinary paragraphs
                    content = child.find(qn("w:sdtContent"))
                    if content is not None:
                        walk(content)

        walk(document.element.body)
    except Exception as exc:  # any failure to read a foreign file is the same to the user
        raise UserError(f"{path}: Word ファイルとして読めません({type(exc).__name__})") from None
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"


def _heading_mark(paragraph: Any) -> str:
    try:
        name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, AttributeError):
        return ""
    lowered = name.lower()
    if lowered in ("title", "表題"):
        return "# "
    match = re.match(r"(?:heading|見出し)\s*(\d)", lowered)
    if match:
        return "#" * (int(match.group(1)) + 1) + " "
    return ""


def _table_text(table: Any) -> str:
    lines: list[str] = []
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:  # a merged cell is repeated: keep it once
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        texts = [c.text.split("\n") for c in cells]
        first = "\t".join(t[0] for t in texts)
        rest = [line for t in texts for line in t[1:]]
        if first.strip() or rest:
            lines.append(first)
            lines += [f"\t{line}" for line in rest]
    return "\n".join(lines)


# -- small text helpers ---------------------------------------------------------------------


@dataclass
class _Line:
    text: str  # stripped, heading marks removed
    blank_before: bool
    indented: bool
    level: int = 0  # number of 「#」 marks (a heading), 0 for ordinary text


def _split_lines(text: str) -> list[_Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _CONTROL.sub("", text)
    lines: list[_Line] = []
    blank = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        level = 0
        mark = _MARK.match(stripped)
        if mark:
            level, stripped = len(mark.group(1)), mark.group(2).strip()
        indented = raw[:1] in (" ", "\t", "\u3000")
        lines.append(_Line(stripped, blank, indented, level))
        blank = False
    return lines


def _squash(text: str) -> str:
    return _WS.sub("", text)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(SENTENCE_ENDS)


def _split_title(text: str) -> tuple[str, str]:
    """「時枝会長」 → (時枝, 会長); no known title → (text, "")."""
    for title in TITLES:
        if text.endswith(title) and len(text) > len(title):
            return text[: -len(title)], title
    return text, ""


def _ends_with_title(text: str) -> str:
    for title in TITLES:
        if text.endswith(title):
            return title
    return ""


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


# -- header ---------------------------------------------------------------------------------

_HEADER_LABELS: tuple[tuple[str, str], ...] = (
    ("開催日時", "date"),
    ("開催年月日", "date"),
    ("開催日", "date"),
    ("日時", "date"),
    ("日付", "date"),
    ("開催場所", "place"),
    ("場所", "place"),
    ("会場", "place"),
    ("項目", "agenda"),
    ("議題", "agenda"),
    ("案件", "agenda"),
    ("審議事項", "agenda"),
    ("付議事項", "agenda"),
    ("出席者", "attendees"),
    ("出席者等", "attendees"),
    ("出席委員", "members"),
    ("委員", "members"),
    ("事務局", "secretariat"),
    ("説明者", "explainers"),
    ("実施機関", "explainers"),
    ("参考人", "explainers"),
    ("説明員", "explainers"),
    ("関係者", "explainers"),
    ("欠席者", "absent"),
    ("欠席委員", "absent"),
    ("傍聴人の数", "observers"),
    ("傍聴者の数", "observers"),
    ("傍聴人数", "observers"),
    ("傍聴者数", "observers"),
    ("傍聴人", "observers"),
    ("傍聴者", "observers"),
    ("議事内容", "body"),
    ("内容", "body"),
    ("会議の経過", "body"),
    ("議事の経過", "body"),
    ("議事経過", "body"),
    ("審議内容", "body"),
    ("会議内容", "body"),
    ("議事", "body"),
    ("議事(要旨)", "body_summary"),
    ("議事の要旨", "body_summary"),
    ("議事要旨", "body_summary"),
    ("議事概要", "body_summary"),
    ("議事の概要", "body_summary"),
    ("審議の概要", "body_summary"),
    ("会議資料", "materials"),
    ("配布資料", "materials"),
    ("配付資料", "materials"),
    ("資料", "materials"),
    ("会議名", "board"),
    ("審議会等の名称", "board"),
    ("公開または非公開の別", "openness"),
    ("公開又は非公開の別", "openness"),
    ("公開・非公開の別", "openness"),
    ("非公開の理由", "closed_reason"),
    ("非公開理由", "closed_reason"),
)
_HEADER_KEY = {_squash(w).replace("（", "(").replace("）", ")"): k for w, k in _HEADER_LABELS}
_NUMBERING = (
    r"(?:[0-9０-９]{1,2}\s*[.．、)）]?|[(（][0-9０-９]{1,2}[)）]|[①-⑳]"
    r"|第[0-9０-９一二三四五六七八九十]{1,3}|[■●◆◇□・])"
)
_HEADER_RE = re.compile(
    rf"^(?:{_NUMBERING}\s*)?[【\[［〔〈<]?\s*(?P<label>"
    + "|".join(_word_pattern(w) for w, _ in sorted(_HEADER_LABELS, key=lambda p: -len(p[0])))
    + r")\s*[】\]］〕〉>]?(?:\s*[:：]\s*|\s+|$|(?=[0-9０-９令平昭]))(?P<value>.*)$"
)


def _label_key(match: re.Match[str]) -> str:
    label = _squash(match.group("label"))
    return label.replace("（", "(").replace("）", ")").replace("･", "・")


_ATTENDEE_KEYS = {"attendees", "members", "secretariat", "explainers", "absent"}
_KEY_SIDE: dict[str, Side] = {
    "members": Side.MEMBER,
    "secretariat": Side.SECRETARIAT,
    "explainers": Side.EXPLAINER,
    "absent": Side.MEMBER,
}

_TITLE_RE = re.compile(
    r"^(?P<pre>.*?)第\s*(?P<num>[0-9０-９]{1,4}|[〇一二三四五六七八九十百]{1,4})\s*回\s*(?P<rest>.*)$"
)
_DOC_WORDS = ("議事録", "会議録", "議事要旨", "会議要旨", "議事概要", "会議概要")
_DOC_SUFFIX = re.compile(r"\s*(?:" + "|".join(_DOC_WORDS) + r")\s*(?P<summary>[(（]要旨[)）])?\s*$")
_BOARD_RE = re.compile(
    r"(?:[ぁ-ゖ]{2,6}(?=[\u4e00-\u9fff]?[市町村]))?[\u4e00-\u9fff\u30a1-\u30faー・々ヶ]{1,30}?(?:審査会|審議会)"
)
_ITEM_NUMBER = re.compile(
    r"^(?:[(（][0-9０-９一二三四五六七八九十]{1,3}[)）]|[0-9０-９]{1,2}\s*[.．、)）]|[①-⑳]"
    r"|議題\s*[0-9０-９]{1,2}\s*[:：]?|[・■●◆〇○])\s*"
)
_OPENNESS_MARK = re.compile(
    r"\s*[(（【](?P<word>公開審議|公開|一部公開|一部非公開|非公開審議|非公開)[)）】]\s*$"
)
_CLOSED_SENTENCE = re.compile(r"公開しません|公開しない|非公開と(?:する|した|します)|非公開で")
_OBSERVERS_RE = re.compile(r"^(?P<n>\d{1,6})\s*(?:人|名)?$")


def _board_in(text: str) -> str:
    for match in _BOARD_RE.finditer(text):
        name = re.sub(r"^第[〇一二三四五六七八九十百]+回", "", match.group(0))
        if len(name) >= 5 and re.search(r"[都道府県市区町村]", name[:-3]):
            return name
    return ""


def _side_of_group(group: str, side: Side | None, titles: list[str]) -> Side:
    if group in SIDE_WORDS:
        return SIDE_WORDS[group]
    if group.endswith("委員") and not _UNIT_END.search(group[:-2]):
        return Side.MEMBER
    if _UNIT_END.search(group):
        # A department is never the members' side, even on the line that began with them.
        return Side.SECRETARIAT if side == Side.SECRETARIAT else Side.EXPLAINER
    if side is not None:
        return side
    if titles and all(t in MEMBER_TITLES for t in titles):
        return Side.MEMBER
    return Side.EXPLAINER


def _department_of(prefix: str, title: str) -> str:
    """「総務課長」 → 総務課; 「市民課主査」 → 市民課."""
    if not prefix:
        return ""
    unit = _UNIT_TITLE.match(title)
    if unit and not _UNIT_END.search(prefix):
        return prefix + unit.group(1)
    return prefix


def _is_names(token: str) -> bool:
    parts = re.split(r"[、，,]", token)
    for part in parts:
        name, title = _split_title(part)
        if not part or not title or len(name) > 10:
            return False
    return True


@dataclass
class _AttendeeLine:
    side: Side | None  # the side this line switches to (a marker such as 【委員】)
    people: list[ParsedAttendee]
    confident: bool  # the line could not be anything but a list of people


_SIDE_PREFIX = re.compile(
    r"^[【\[［〔〈<(（■●◆・]?\s*(?P<word>"
    + "|".join(sorted(SIDE_WORDS, key=len, reverse=True))
    + r")\s*(?:[】\]］〕〉>)）]\s*|[:：]\s*|\s+|$)(?P<rest>.*)$"
)


def _attendee_line(text: str, side: Side | None, implied_title: str) -> _AttendeeLine | None:
    """People on one header line, in the layouts of DOMAIN §3: 「審査会委員 時枝会長、姜委員」,
    「市民文化スポーツ局…戸籍住民課 菊竹係長、友岡主任」 (several groups on one line when a PDF
    joined them), 「【委員】」, 「会長 尾関 栄作」, 「総務課長 鈴木 一郎」."""
    text = text.strip()
    marker = _SIDE_PREFIX.match(text)
    switched: Side | None = None
    if marker:
        switched = side = SIDE_WORDS[marker.group("word")]
        if marker.group("word") == "委員":
            implied_title = "委員"
        text = marker.group("rest").strip()
    if not text:
        return _AttendeeLine(switched, [], switched is not None)
    if len(text) > 120 or any(ch in text for ch in "。「」？?"):
        return None
    segments: list[tuple[str, list[str]]] = []
    group_parts: list[str] = []
    last_group: str | None = None
    for token in text.split():
        if _is_names(token) and (group_parts or last_group is not None or "、" in token):
            group = "".join(group_parts) if group_parts else (last_group or "")
            segments.append((group, re.split(r"[、，,]", token)))
            last_group, group_parts = group, []
        else:
            group_parts.append(token)
    people: list[ParsedAttendee] = []
    for group, names in segments:
        split = [_split_title(n) for n in names]
        person_side = _side_of_group(group, side, [t for _, t in split])
        department = "" if group in SIDE_WORDS else group
        if person_side == Side.MEMBER and group.endswith("委員"):
            department = ""  # 「審査会委員」 is the member label, printed again by the exporter
        people += [ParsedAttendee(person_side, n, t, department) for n, t in split]
    confident = bool(segments) or switched is not None
    if group_parts:
        person, has_title = _one_person(group_parts, side, implied_title, last_group)
        people.append(person)
        confident = confident or has_title
    return _AttendeeLine(switched, people, confident)


def _one_person(
    tokens: list[str], side: Side | None, implied_title: str, group: str | None
) -> tuple[ParsedAttendee, bool]:
    """「会長 尾関 栄作」, 「総務課 主査 田村 花子」, 「尾関栄作 会長」, 「大野 健」."""
    index = next((i for i, t in enumerate(tokens) if _ends_with_title(t)), None)
    if len(tokens) == 1:
        name, title = _split_title(tokens[0])
        department = group or ""
    elif index is None:
        name, title, department = "".join(tokens), "", group or ""
    elif index == len(tokens) - 1 and tokens[index] in TITLES:
        name, title, department = "".join(tokens[:index]), tokens[index], group or ""
    else:
        title = _ends_with_title(tokens[index])
        prefix = tokens[index][: -len(title)]
        department = "".join(tokens[:index]) + _department_of(prefix, title)
        if not department and group:
            department = group
        name = "".join(tokens[index + 1 :]) or prefix
    has_title = bool(title)
    if not title:
        title = implied_title
    person_side = _side_of_group("", side, [title] if title else [])
    if side is None and not title:
        person_side = Side.MEMBER
    return ParsedAttendee(person_side, name, title, department), has_title


# -- speaker labels -------------------------------------------------------------------------

_PAIRS = {"(": ")", "（": "）", "【": "】", "〔": "〕", "［": "］", "[": "]"}
_BRACKET_LABEL = re.compile(
    r"^(?P<open>[（(【〔［\[])(?P<core>[^（）()【】〔〕［］\[\]\n]{1,24})(?P<close>[）)】〕］\]])"
    r"[ \t\u3000]*(?P<rest>.*)$",
    re.S,
)
_MARU_LABEL = re.compile(
    r"^(?P<open>[〇○◯])(?P<core>[^\s:：]{1,16})(?:$|[\s:：]+(?P<rest>.*)$)", re.S
)
_LETTER = re.compile(r"^委員([A-Za-zＡ-Ｚａ-ｚ])$")


@dataclass
class _Speaker:
    literal: str  # as printed in the source, brackets included
    core: str  # what is inside, without spaces
    index: int | None  # the attendee, when one matches
    side: Side | None
    is_chair: bool = False
    style: str | None = None  # the label style this label is written in


class _Resolver:
    """Matches a label to an imported attendee (DOMAIN §3 label styles)."""

    def __init__(self, people: list[ParsedAttendee], member_label: str = "審査会委員") -> None:
        self.people = people
        self.member_label = member_label

    def _first(self, predicate: Any) -> int | None:
        return next((i for i, p in enumerate(self.people) if predicate(p)), None)

    def resolve(self, core: str) -> int | None:
        people = self.people
        for i, p in enumerate(people):
            if core in (p.name + p.title, p.name) or (
                p.side == Side.SECRETARIAT and core == f"事務局{p.name}"
            ):
                return i
        members = [i for i, p in enumerate(people) if p.side == Side.MEMBER]
        if core in (self.member_label, "審査会委員"):
            chair = next((i for i in members if people[i].title in CHAIR_TITLES), None)
            return chair if chair is not None else (members[0] if members else None)
        if core in ("会長", "副会長", "委員長", "副委員長", "会長職務代理者", "職務代理者"):
            return next((i for i in members if people[i].title == core), None)
        if core == "委員":
            plain = [i for i in members if people[i].title == "委員"]
            return (plain or members or [None])[0]
        letter = _LETTER.match(core)
        if letter:
            index = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".find(
                unicodedata.normalize("NFKC", letter.group(1)).upper()
            )
            plain = [i for i in members if people[i].title not in ("会長", "副会長")]
            return plain[index] if 0 <= index < len(plain) else None
        if core == "事務局":
            return self._first(lambda p: p.side == Side.SECRETARIAT)
        if core in EXPLAINER_WORDS:
            return self._first(lambda p: p.side == Side.EXPLAINER)
        for i, p in enumerate(people):
            if self._family_match(core, p):
                return i
        for i, p in enumerate(people):
            if (
                p.side != Side.MEMBER
                and p.department
                and (p.department.endswith(core) or department_label(p.department) == core)
            ):
                return i
        return None

    @staticmethod
    def _family_match(core: str, p: ParsedAttendee) -> bool:
        """「尾関会長」 for 尾関栄作 会長, 「森市民課長」 for 森正樹 市民課 課長, 「事務局鈴木」."""
        if p.side == Side.SECRETARIAT and core.startswith("事務局") and len(core) > 3:
            rest = core[3:]
            if p.name.startswith(rest) or rest in (p.title, p.name + p.title):
                return True
            core = rest
        if not p.title:
            return False
        endings = {p.title}
        if p.department:
            endings |= {p.department + p.title, department_label(p.department) + p.title}
            unit = _UNIT_TITLE.match(p.title)
            if unit and p.department.endswith(unit.group(1)):
                endings.add(p.department[: -len(unit.group(1))] + p.title)
        for k in range(len(p.name), 0, -1):
            if core.startswith(p.name[:k]) and core[k:] in endings:
                return True
        return False


def _label_like(core: str) -> bool:
    if not core or core in NOT_LABELS or any(ch in core for ch in "、。「」，,.．！？!?"):
        return False
    if core in LABEL_WORDS or _LETTER.match(core):
        return True
    if core.startswith("事務局") and len(core) <= 12:
        return True
    if _ends_with_title(core) and len(core) <= 16:
        return True
    return bool(_UNIT_END.search(core)) and len(core) <= 20


def _style_of(open_mark: str, core: str, member_label: str) -> str | None:
    if open_mark == "【":
        return LabelStyle.NAME_ROLE
    if open_mark in "〇○◯":
        return LabelStyle.MARU
    if _LETTER.match(core):
        return LabelStyle.LETTERS
    if core in (*ANSWER_WORDS, *QUESTION_WORDS, "意見"):
        return None
    if core in (member_label, *SIDE_WORDS) or _UNIT_END.search(core):
        return LabelStyle.DEPARTMENT
    if _ends_with_title(core):
        return LabelStyle.NAME
    return None


def _looks_like_question(text: str) -> bool:
    return bool(
        re.search(
            r"(?:か|のか|ですか|ますか)[。？?]|[？?]$|いただきたい|教えて|伺いたい|聞きたい", text
        )
    )


# -- the parser -----------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str, join_broken: bool) -> None:
        self.lines = _split_lines(text)
        self.join_broken = join_broken
        self.out = ParsedMinutes()
        self.extras: list[ParsedEntry] = []  # header lines not read into a field
        self.closed_reason_hint = ""
        self.closed_reason_line = ""
        self.has_chair = False
        self.styles: Counter[str] = Counter()
        # body state
        self.item: ParsedItem | None = None
        self.headed: set[int] = set()  # ids of items whose heading was seen
        self.body_orphans: list[ParsedEntry] = []
        self.speaker: _Speaker | None = None
        self.pending: _Speaker | None = None
        self.open: ParsedEntry | None = None
        self.open_line = ""  # the last line of the open entry
        self.question_seen = False
        self.body_started = False
        self.resolver = _Resolver(self.out.attendees)  # the list fills while the header is read

    # -- header ----------------------------------------------------------------------------

    def _keep(self, text: str) -> None:
        self.extras.append(ParsedEntry(EntryKind.UNCLASSIFIED, text))

    def _title(self, line: _Line) -> bool:
        text = line.text
        if len(text) > 120:
            return False
        match = _TITLE_RE.match(text)
        has_doc_word = any(w in text for w in _DOC_WORDS)
        if not match and not has_doc_word and not line.level:
            return False
        if match and not (has_doc_word or line.level or re.search("審査会|審議会|点検", text)):
            return False
        number = parse_numeral(match.group("num")) if match else None
        if match and number is not None and 0 < number <= 100000:
            self.out.number = number
            title = f"{match.group('pre').strip()} {match.group('rest').strip()}".strip()
        else:
            title = text
        suffix = _DOC_SUFFIX.search(title)
        if suffix:
            if suffix.group("summary") or re.search("要旨|概要", suffix.group(0)):
                self.out.record_style = RecordStyle.SUMMARY
            title = title[: suffix.start()].strip()
        elif re.search(r"[(（]要旨[)）]", title):
            self.out.record_style = RecordStyle.SUMMARY
        self.out.title = title or DEFAULT_TITLE
        if not self.out.board_name:
            self.out.board_name = _board_in(title)
        return True

    def _header(self) -> int:
        """Read the title and header; return the index of the first body line."""
        field_key: str | None = None
        side: Side | None = None
        implied_title = ""
        presence: str = Presence.PRESENT
        pending_single: str | None = None
        title_seen = header_seen = False
        for index, line in enumerate(self.lines):
            text = line.text
            match = None if line.level else _HEADER_RE.match(text)
            # 「会議名\t第5回…審査会」 is a header row; 「議事要旨」 alone is a title.
            labelled = match is not None and (
                bool(match.group("value").strip())
                or _HEADER_KEY[_label_key(match)] not in ("body", "body_summary")
            )
            if not title_seen and not header_seen and not labelled and self._title(line):
                title_seen = True
                continue
            if line.level:
                return index  # a heading: the body has begun
            if match:
                label = _label_key(match)
                key = _HEADER_KEY[label]
                value = match.group("value").strip()
                header_seen = True
                pending_single = None
                if key == "materials" and field_key == "materials":
                    self.extras[-1].text += "\n" + text  # 「資料1 …」 under 「会議資料」
                    continue
                field_key = key
                if key in ("body", "body_summary"):
                    if key == "body_summary" or "要旨" in label:
                        self.out.record_style = RecordStyle.SUMMARY
                    if value:
                        self.lines[index] = _Line(value, True, False)
                        return index
                    return index + 1
                if key in _ATTENDEE_KEYS:
                    side = _KEY_SIDE.get(key)
                    implied_title = "委員" if label == "委員" else ""
                    presence = Presence.ABSENT if key == "absent" else Presence.PRESENT
                    if value:
                        self._attendees(value, text, side, implied_title, presence, True)
                elif key == "agenda":
                    if value:
                        self._agenda(value, text)
                elif key == "materials":
                    self._keep(text)
                elif value:
                    self._single(key, value, text)
                else:
                    pending_single = key
                continue
            if pending_single is not None:
                self._single(pending_single, text, text)
                pending_single = None
                continue
            if field_key in _ATTENDEE_KEYS:
                parsed = _attendee_line(text, side, implied_title)
                if parsed is not None and (parsed.confident or line.indented):
                    if parsed.side is not None:
                        side = parsed.side
                        implied_title = "委員" if parsed.side == Side.MEMBER else ""
                    self._attendees(text, text, side, implied_title, presence, False)
                    continue
            elif field_key == "agenda":
                if line.indented or _ITEM_NUMBER.match(text) or _OPENNESS_MARK.search(text):
                    self._agenda(text, text)
                    continue
            elif field_key == "materials":
                if line.indented or re.match(r"^(?:資料|参考|別紙|[・■●])", text):
                    self.extras[-1].text += "\n" + text
                    continue
            elif field_key == "place" and line.indented and line.text:
                self.out.place += "\n" + text
                continue
            if not header_seen and not self.out.board_name and _board_in(text) == text:
                self.out.board_name = text
                continue
            return index
        return len(self.lines)

    def _single(self, key: str, value: str, raw: str) -> None:
        out = self.out
        if key == "date":
            read = parse_date_time_range(value)
            if read is None or out.date is not None:
                self._keep(raw)
                return
            out.date, out.start_time, out.end_time = read
        elif key == "place" and not out.place:
            out.place = value
        elif key == "observers":
            normal = unicodedata.normalize("NFKC", value).strip()
            match = _OBSERVERS_RE.match(normal)
            if match:
                out.observers = int(match.group("n"))
            elif normal in ("なし", "無し"):
                out.observers = 0
            else:
                self._keep(raw)
        elif key == "board" and not out.board_name:
            title = _TITLE_RE.match(value)
            if title and out.number is None:
                number = parse_numeral(title.group("num"))
                if number is not None and 0 < number <= 100000:
                    out.number = number
                    value = f"{title.group('pre')}{title.group('rest')}".strip()
            out.board_name = _board_in(value) or value
            if out.board_name != value:
                self._keep(raw)
        elif key == "openness" and value in tuple(Openness):
            out.openness = value
        elif key == "closed_reason" and not self.closed_reason_hint:
            self.closed_reason_hint, self.closed_reason_line = value, raw
        else:
            self._keep(raw)

    def _attendees(
        self,
        text: str,
        raw: str,
        side: Side | None,
        implied_title: str,
        presence: str,
        same_line: bool,
    ) -> None:
        parsed = _attendee_line(text, side, implied_title)
        if parsed is None or (not parsed.people and not parsed.side and same_line):
            self._keep(raw)
            return
        chairs = [p for p in parsed.people if p.side == Side.MEMBER and p.title == "会長"]
        if len(chairs) + self.has_chair > 1:
            self._keep(raw)  # two 会長 cannot both be stored: keep the line as it was
            return
        for person in parsed.people:
            person.name = _squash(person.name)
            person.department = _squash(person.department)
            if not person.name:
                self._keep(raw)
                return
        for person in parsed.people:
            person.presence = presence
            if person.side == Side.EXPLAINER and not person.department:
                person.department = "説明者"  # a 説明者 must have one; the side word is all we know
            self.has_chair = self.has_chair or (
                person.side == Side.MEMBER and person.title == "会長"
            )
            self.out.attendees.append(person)

    def _agenda(self, text: str, raw: str) -> None:
        body = _ITEM_NUMBER.sub("", text, count=1).strip()
        mark = _OPENNESS_MARK.search(body)
        is_public = True
        if mark:
            is_public = not mark.group("word").startswith("非公開")
            body = body[: mark.start()].strip()
        if not body:
            if mark and self.out.items:
                self.out.items[-1].is_public = is_public
            else:
                self._keep(raw)
            return
        self.out.items.append(ParsedItem(title=body, is_public=is_public))

    # -- body ------------------------------------------------------------------------------

    def _target(self) -> list[ParsedEntry]:
        return self.item.entries if self.item is not None else self.body_orphans

    def _add(self, entry: ParsedEntry) -> ParsedEntry:
        self._target().append(entry)
        self.body_started = True
        if entry.kind == EntryKind.QUESTION:
            self.question_seen = True
        return entry

    def _label(self, text: str) -> tuple[_Speaker, str] | None:
        match = _BRACKET_LABEL.match(text)
        if match and _PAIRS.get(match.group("open")) != match.group("close"):
            match = None
        if match is None:
            match = _MARU_LABEL.match(text)
        if match is None:
            return None
        core = _squash(match.group("core"))
        index = self.resolver.resolve(core)
        if index is None and not _label_like(core):
            return None
        rest = (match.group("rest") or "").strip()
        literal = text[: len(text) - len(match.group("rest") or "")].rstrip()
        literal = literal.rstrip(":：").rstrip()
        person = self.out.attendees[index] if index is not None else None
        side = Side(person.side) if person else self._side_of_label(core)
        is_chair = bool(person and person.title in CHAIR_TITLES and core != "審査会委員")
        style = _style_of(match.group("open"), core, "審査会委員")
        return _Speaker(literal, core, index, side, is_chair, style), rest

    @staticmethod
    def _side_of_label(core: str) -> Side | None:
        if core in ANSWER_WORDS:
            return Side.EXPLAINER
        if core in QUESTION_WORDS or _LETTER.match(core):
            return Side.MEMBER
        if core in SIDE_WORDS:
            return SIDE_WORDS[core]
        if core.startswith("事務局"):
            return Side.SECRETARIAT
        title = _ends_with_title(core)
        if title in MEMBER_TITLES:
            return Side.MEMBER
        if title or _UNIT_END.search(core):
            return Side.EXPLAINER
        return None

    def _kind(self, speaker: _Speaker | None, text: str) -> str:
        if speaker is None:
            return EntryKind.UNCLASSIFIED
        if speaker.core in ANSWER_WORDS:
            return EntryKind.ANSWER
        if speaker.core in QUESTION_WORDS:
            return EntryKind.QUESTION
        if speaker.side == Side.MEMBER:
            if speaker.is_chair and not _looks_like_question(text):
                return EntryKind.PROCEDURE
            return EntryKind.QUESTION
        if speaker.side == Side.EXPLAINER:
            return EntryKind.ANSWER if self.question_seen else EntryKind.EXPLANATION
        if speaker.side == Side.SECRETARIAT:
            return EntryKind.PROCEDURE
        return EntryKind.UNCLASSIFIED

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
            match = re.match(r"^《(.+?)》(.*)$", text, re.S)
            if not match:
                break
            self._add(self._entry(EntryKind.STAGE, match.group(1)))
            self.open = None
            text = match.group(2).strip()
            continuing = False
            if not text:
                return
        previous = self._target()[-1] if continuing and self._target() else None
        if (
            previous is not None
            and previous.kind not in (EntryKind.STAGE, EntryKind.HEADING)
            and self.speaker is not None
            and previous.label == self.speaker.literal
        ):
            kind = previous.kind  # the rest of one utterance is of the same kind
        else:
            kind = self._kind(self.speaker, text)
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

    def _switch_item(self, item: ParsedItem, text: str) -> None:
        self._flush_pending()
        self.item = item
        self.headed.add(id(item))
        if text != item.title:
            item.heading = text
        mark = _OPENNESS_MARK.search(text)
        if mark and mark.group("word").startswith("非公開"):
            item.is_public = False
        self.speaker = None
        self.open = None
        self.question_seen = False

    def _item_heading(self, text: str, level: int) -> bool:
        key = _heading_key(text)
        if not key:
            return False
        for item in self.out.items:
            if id(item) not in self.headed and key in (
                _heading_key(item.title),
                _heading_key(item.heading),
            ):
                self._switch_item(item, text)
                return True
        first = not self.headed and not self.body_started
        looks = len(text) <= 80 and "。" not in text and not _ends_sentence(text)
        looks = looks and bool(
            re.search(r"(?:について|の件|事務|評価|点検|審議|諮問)$", _strip_openness(text))
        )
        if (level and level <= 2) or (first and looks):
            waiting = [i for i in self.out.items if id(i) not in self.headed]
            if waiting:
                self._switch_item(waiting[0], text)
            else:
                item = ParsedItem(title=_strip_openness(_ITEM_NUMBER.sub("", text, count=1)))
                item.title = item.title or text
                self.out.items.append(item)
                self._switch_item(item, text)
            return True
        return False

    def _broken(self, line: _Line) -> bool:
        """A sentence broken over a blank line by PDF extraction (see MIN_BROKEN_LINE)."""
        entry = self.open
        return bool(
            self.join_broken
            and entry is not None
            and entry.label
            and entry.kind not in (EntryKind.STAGE, EntryKind.HEADING)
            and not _ends_sentence(entry.text)
            and len(self.open_line) >= MIN_BROKEN_LINE
            and not line.indented
            and not line.text.startswith(("《", "「"))
        )

    def _body_line(self, line: _Line) -> None:
        text = line.text
        if line.level:
            self._flush_pending()
            if not (line.level <= 2 and self._item_heading(text, line.level)):
                self._heading(text)
            return
        split = self._label(text)
        if split is not None:
            self._flush_pending()
            speaker, rest = split
            if speaker.style:
                self.styles[speaker.style] += 1
            if not rest:
                self.pending = speaker  # the label on its own line: the words follow
                self.open = None
                return
            self.speaker = speaker
            self._utterance(rest, continuing=False)
            return
        if self.pending is not None:
            self.speaker, self.pending = self.pending, None
            self._utterance(text, continuing=False)
            return
        if self._item_heading(text, 0):
            return
        if _heading_word(text):
            self._heading(text)
            return
        if self.open is not None and not line.blank_before and not line.indented:
            self.open.text += "\n" + text
            self.open_line = text
            return
        if self.open is not None and line.blank_before and self._broken(line):
            self.open.text += text
            self.open_line += text
            return
        self._utterance(text, continuing=True)

    # -- after the body --------------------------------------------------------------------

    def _finish(self) -> None:
        self._flush_pending()
        out = self.out
        if not self.headed and out.items:
            # No agenda heading in the body: what was said belongs to the first item.
            out.items[0].entries[:0] = self.body_orphans
            self.body_orphans = []
        out.preamble = self.extras + self.body_orphans
        for item in out.items:
            _take_closing(item)
            if not item.is_public and not item.closed_reason:
                item.closed_reason = _closed_reason(item) or self.closed_reason_hint
        if self.closed_reason_hint and not any(
            not i.is_public and i.closed_reason == self.closed_reason_hint for i in out.items
        ):
            out.preamble.append(ParsedEntry(EntryKind.UNCLASSIFIED, self.closed_reason_line))
        if self.styles:
            best = max(self.styles.values())
            winners = [s for s, n in self.styles.items() if n == best]
            out.label_style = (
                LabelStyle.DEPARTMENT if LabelStyle.DEPARTMENT in winners else winners[0]
            )
        if "主な質疑は次のとおり" in "".join(e.text for e in out.all_entries()):
            out.record_style = RecordStyle.SUMMARY
        if not out.board_name:
            out.board_name = _board_in("\n".join([out.title, *(e.text for e in out.all_entries())]))

    def parse(self) -> ParsedMinutes:
        start = self._header()
        for line in self.lines[start:]:
            self._body_line(line)
        self._finish()
        return self.out


def _strip_openness(text: str) -> str:
    mark = _OPENNESS_MARK.search(text)
    return text[: mark.start()].strip() if mark else text


def _heading_key(text: str) -> str:
    return _squash(_strip_openness(_ITEM_NUMBER.sub("", text.strip(), count=1)))


def _heading_word(text: str) -> bool:
    core = _squash(text).strip("【】■●◆〈〉<>[]［］")
    return core in HEADING_WORDS


def _closed_reason(item: ParsedItem) -> str:
    for entry in item.entries:
        for line in entry.text.split("\n"):
            if _CLOSED_SENTENCE.search(line):
                return line.strip()
    return ""


_QUESTION_RE = re.compile(
    r"答申の方向性は、?「(?P<wording>.+)」と(?:認めて|して)よろしいか[。？?]?$"
)


def _guess_template(wording: str) -> str:
    if "条件として" in wording:
        return ToshinTemplate.CONDITIONAL
    if "留意されたい" in wording:
        return ToshinTemplate.WITH_RIDERS
    return ToshinTemplate.CONFORMS


def _take_closing(item: ParsedItem) -> None:
    """The chair's closing lines (DOMAIN §4 E) → a confirmed 答申, when the exporter would
    print exactly those lines again at the same place (the end of the item). Otherwise the
    lines stay entries, and a 答申 wording found in them is kept as an unconfirmed draft."""
    phrases = closing_phrases()
    # (entry, line index, text) of the item's trailing lines, last first.
    tail: list[tuple[ParsedEntry, int, str]] = []
    for entry in reversed(item.entries):
        if entry.kind in (EntryKind.STAGE, EntryKind.HEADING) or len(tail) >= 3:
            break
        lines = entry.text.split("\n")
        for index in range(len(lines) - 1, -1, -1):
            tail.append((entry, index, lines[index].strip()))
            if len(tail) >= 3:
                break
    texts = [t for _, _, t in tail]
    take = 0
    toshin: ParsedToshin | None = None
    if texts[:1] == [phrases["continued"]]:
        toshin = ParsedToshin(
            phrases["continued"], ToshinTemplate.CONTINUED, True, RESULT_CONTINUED
        )
        take = 1
    elif len(texts) >= 2 and texts[0] == phrases["consent"]:
        match = _QUESTION_RE.search(texts[1])
        if match and texts[1] == phrases["question"].replace("{wording}", match.group("wording")):
            wording = match.group("wording")
            toshin = ParsedToshin(wording, _guess_template(wording), True, RESULT_ADOPTED)
            take = 3 if len(texts) >= 3 and texts[2] == phrases["intro"] else 2
    if toshin is not None:
        for entry, index, _ in tail[:take]:
            lines = entry.text.split("\n")
            del lines[index]
            entry.text = "\n".join(lines)
        item.entries = [e for e in item.entries if e.text.strip()]
        item.toshin = toshin
        return
    for entry in item.entries:
        for line in entry.text.split("\n"):
            match = _QUESTION_RE.search(line.strip())
            if match:
                wording = match.group("wording")
                item.toshin = ParsedToshin(wording, _guess_template(wording))
                return


def parse_minutes(text: str, *, join_broken_sentences: bool = True) -> ParsedMinutes:
    """Read published minutes (any layout of DOMAIN §3) into a tree; nothing is written.

    `join_broken_sentences` joins a sentence that a PDF broke over a blank line; Word files
    have real paragraphs, so their import turns it off. Raises UserError only when there is
    no text at all.
    """
    if not text.strip():
        raise UserError("議事録として読める文字がありません(空のファイルです)")
    return _Parser(text, join_broken_sentences).parse()


# -- writing --------------------------------------------------------------------------------


def import_file(store: Store, path: Path) -> int:
    """Import one minutes file as a new meeting (status 確定) and return its id.

    Everything is written in one transaction: on any error nothing of this file is stored,
    and the UserError names the file.
    """
    path = Path(path)
    text = read_minutes_file(path)
    try:
        parsed = parse_minutes(text, join_broken_sentences=path.suffix.lower() != ".docx")
        with store.atomic():
            return _write(store, parsed, f"{IMPORTED_BOARD_PREFIX}{path.stem}", path.name)
    except UserError as exc:
        raise UserError(f"{path}: 取り込めませんでした({exc})") from None
    except sqlite3.Error as exc:
        raise UserError(f"{path}: 取り込めませんでした(データベースのエラー: {exc})") from None


def _write(store: Store, parsed: ParsedMinutes, fallback_board: str, source: str) -> int:
    name = parsed.board_name or fallback_board
    is_new_board = all(b.name != name.strip() for b in store.boards())
    board = store.board_named(name)
    assert board.id is not None
    if is_new_board and board.label_style != parsed.label_style:
        board.label_style = parsed.label_style  # print the labels the way this body does
        store.update_board(board)
    number = parsed.number
    taken = {r["number"] for r in store.meetings() if r["board_id"] == board.id}
    if number is None or number in taken:
        number = store.next_meeting_number(board.id)
    meeting = store.create_meeting(
        Meeting(
            board_id=board.id,
            number=number,
            title=parsed.title,
            date=parsed.date.isoformat() if parsed.date else None,
            start_time=parsed.start_time.strftime("%H:%M") if parsed.start_time else None,
            end_time=parsed.end_time.strftime("%H:%M") if parsed.end_time else None,
            place=parsed.place,
            openness=parsed.meeting_openness(),
            record_style=parsed.record_style,
            observers=parsed.observers,
            status=MeetingStatus.FINAL,
        )
    )
    assert meeting.id is not None
    people: list[int] = []
    for person in parsed.attendees:
        row = store.add_attendee(
            Attendance(
                meeting_id=meeting.id,
                side=person.side,
                name=person.name,
                title=person.title,
                department=person.department,
                presence=person.presence,
            )
        )
        assert row.id is not None
        people.append(row.id)
    spoken_at = None
    if parsed.date:
        moment = dt.datetime.combine(parsed.date, parsed.start_time or dt.time(0, 0))
        spoken_at = moment.isoformat()

    def add_entries(entries: list[ParsedEntry], item_id: int | None) -> None:
        for entry in entries:
            if not entry.text.strip():
                continue
            store.add_entry(
                Entry(
                    meeting_id=meeting.id,
                    agenda_item_id=item_id,
                    kind=entry.kind,
                    speaker_id=people[entry.speaker] if entry.speaker is not None else None,
                    speaker_label=entry.label,
                    text=entry.text,
                    spoken_at=spoken_at,
                    pages=json.dumps(pages_in(entry.text)),
                )
            )

    add_entries(parsed.preamble, None)
    for parsed_item in parsed.items:
        reason = parsed_item.closed_reason
        if not parsed_item.is_public and not reason.strip():
            reason = board.closed_reason_default.strip() or FALLBACK_CLOSED_REASON
        item = store.add_agenda_item(
            AgendaItem(
                meeting_id=meeting.id,
                title=parsed_item.title,
                heading=parsed_item.heading,
                is_public=int(parsed_item.is_public),
                closed_reason=reason,
            )
        )
        add_entries(parsed_item.entries, item.id)
        if parsed_item.toshin is not None:
            store.put_toshin(_toshin(parsed_item.toshin, item.id))
    store.record_audit(
        AuditEvent(
            meeting_id=meeting.id,
            table_name="meetings",
            row_id=meeting.id,
            field="import",
            new_value=source,
            reason="公開された議事録からの取込",
            actor="事務局",
        )
    )
    return meeting.id


def _toshin(parsed: ParsedToshin, item_id: int | None) -> Toshin:
    toshin = Toshin(
        agenda_item_id=item_id,
        template=parsed.template,
        wording=parsed.wording,
        vote_mode=VoteMode.CONSENT,
    )
    if parsed.confirmed:
        toshin.result = parsed.result or RESULT_ADOPTED
        toshin.confirmed_at = clock.now_iso()
        toshin.confirmed_by = "会長"
        toshin.text_hash = wording_hash(toshin.wording, toshin.rider_list)
    return toshin
