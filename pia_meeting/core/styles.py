"""Minutes styles (書式): how a board's published 議事録 looks, as data (SPEC §4).

A style is a tree of frozen dataclasses, read from a TOML file with `tomllib`. The built-in
styles are the files of `pia_meeting/resources/styles/` (one a layout: the reference's and one
per specimen family); a secretariat exports one, edits it and imports it again (`pia-meeting
style …`); a board picks one and may override any of its keys (JSON of the same shape, e.g.
what the import detected). Every key a file may hold is a field below, with its default; a
file says only what differs from the defaults, which are the reference's layout.

A file that is not right is refused as a whole (StyleError, a UserError): the message names
the key and, for a file, its line. Nothing of a refused file is applied.

Patterns (`title.pattern`, `agenda.line` …) fill placeholders in braces: {回}, {年度},
{審査会名}, {会議名} …; the text between [ and ] is printed only when every placeholder inside
it has a value (「[第{回}回 ]」 disappears for a meeting without a number); a newline (\\n)
starts a new line.
"""

from __future__ import annotations

import json
import re
import tomllib
import types
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import Board, LabelStyle

DEFAULT_STYLE = "department-table"
STYLE_SUFFIX = ".toml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class StyleError(UserError):
    """A style file or a board's overrides that cannot be used: the message names the key
    (and the line of a file) and says what is wrong, in Japanese."""


def _choices(*values: str, doc: str = "") -> Any:
    return {"choices": values, "doc": doc}


def _doc(text: str) -> Any:
    return {"doc": text}


# Placeholders a pattern may use, by where it is used.
MEETING_FIELDS: tuple[str, ...] = ("年度", "回", "審査会名", "会議名", "開催日時", "場所")
MEETING_FIELDS += ("傍聴人", "公開区分", "記録方式", "署名人")
ITEM_FIELDS = ("番号", "議題", "諮問番号", "分類", "公開区分", "見出し")
PERSON_FIELDS = ("氏名", "姓", "役職", "所属", "所属役職")
CLOSED_FIELDS = ("理由", "番号", "議題")


# -- the style tree ---------------------------------------------------------------------------


@dataclass(frozen=True)
class About:
    name: str = DEFAULT_STYLE  # the file's identifier: lower-case letters, digits and -
    title: str = ""  # what the board settings list shows
    description: str = ""


@dataclass(frozen=True)
class TitleStyle:
    pattern: str = field(default="[第{回}回 ]{会議名} 議事録", metadata=_doc("表題"))
    lines: tuple[str, ...] = field(default=(), metadata=_doc("表題の下の固定の行"))


@dataclass(frozen=True)
class MarksStyle:
    """A visible mark on the first page: which version this is."""

    public: str = ""  # e.g. 【公開用】
    internal: str = ""  # e.g. 【内部用】


@dataclass(frozen=True)
class DateStyle:
    weekday: str = field(default="short", metadata=_choices("short", "long", "none"))
    time: str = field(default="clock", metadata=_choices("clock", "ampm", "kanji"))
    zero_minutes: bool = True  # 「午後2時00分」 (false: 「午後2時」)
    noon: str = ""  # 「正午」 for 12:00 in the ampm form
    between: str = " "  # between the date and the times
    range: str = "~"  # between the start and the end
    until: str = ""  # after the end, e.g. 「まで」
    time_line: str = field(default="same", metadata=_choices("same", "next"))


@dataclass(frozen=True)
class GroupStyle:
    """One group of attendees in a header row: who, and how they are written."""

    side: str = field(default="委員", metadata=_choices("委員", "説明者", "事務局"))
    heading: str = ""  # a line of its own before the group, e.g. 【委員】
    prefix: str = ""  # before the group's first line, e.g. 「{委員表記} 」「審議会委員…」
    layout: str = field(
        default="joined",
        metadata=_choices("joined", "by_department", "one_per_line", "first_and_count"),
    )
    person: str = "{姓}{役職}"  # one person: {氏名} {姓} {役職} {所属} {所属役職}
    officer: str = ""  # the 会長 and 副会長, when written otherwise: 「({役職}){氏名}」
    join: str = "、"
    last_join: str = ""  # before the last person, e.g. 「及び」
    repeat_department: bool = True  # false: a department is not repeated for the next person
    count: str = "ほか{n}名"  # first_and_count: after the first person


@dataclass(frozen=True)
class RowStyle:
    """One row of the header, in order. `field` says what it shows."""

    field: str = field(
        default="text",
        metadata=_choices(
            "text",
            "date",
            "place",
            "attendees",
            "absent",
            "observers",
            "agenda",
            "materials",
            "openness",
            "closed_reason",
            "signers",
            "record_style",
            "body",
        ),
    )
    label: str = ""  # the key as printed, e.g. 「日 時」; empty: the value alone
    pattern: str = ""  # text: the value, e.g. 「[{年度}]第{回}回{審査会名}」
    groups: tuple[GroupStyle, ...] = ()  # attendees
    unit: str = "人"  # observers: 「0人」「1名」
    none: str = ""  # observers: for 0 (「なし」); absent, closed_reason: for nobody (「―」)
    full: str = "全文"  # record_style: for 全文 minutes
    summary: str = "要点筆記"  # record_style: for 要点 minutes
    label_summary: str = ""  # body: the label of 要点 minutes, e.g. 「議事(要旨)」
    in_table: bool = True  # table form: a row of the table (false: printed after the table)
    lines: tuple[str, ...] = ()  # text: fixed lines of the value
    # the header's number and key prefix before the label (false: the label as written,
    # such as 「※ 会議資料一覧」 or 「[議事概要]」 among ◇ keys)
    marked: bool = True


@dataclass(frozen=True)
class HeaderStyle:
    form: str = field(default="table", metadata=_choices("table", "sections", "inline"))
    number: str = ""  # sections, inline: before each key, e.g. 「{n} 」
    key_prefix: str = ""  # e.g. 「◇」
    key_suffix: str = ""  # inline: between the key and its value, e.g. 「:」
    blank_lines: bool = False  # sections: a blank line around each key and value (text)
    rows: tuple[RowStyle, ...] = (
        RowStyle(field="date", label="日 時"),
        RowStyle(field="place", label="場 所"),
        RowStyle(field="agenda", label="項 目"),
        RowStyle(
            field="attendees",
            label="出席者",
            groups=(
                GroupStyle(side="委員", prefix="{委員表記} ", person="{姓}{役職}"),
                GroupStyle(side="説明者", layout="by_department", person="{姓}{役職}"),
            ),
        ),
        RowStyle(
            field="attendees",
            label="事務局",
            groups=(GroupStyle(side="事務局", layout="by_department", person="{姓}{役職}"),),
        ),
        RowStyle(field="observers", label="傍聴人", unit="人"),
        RowStyle(field="body", label="内 容"),
    )


@dataclass(frozen=True)
class AgendaStyle:
    number: str = "({n})"  # 「({n})」「{n}」「{⑴}」「{①}」
    public_mark: str = "(公開審議)"
    closed_mark: str = "(非公開)"
    line: str = "{議題}{公開区分}"  # an item in the header
    category_line: str = ""  # before the items of a new 分類 in the header, e.g. 「{分類}」
    heading: str = "{見出し}"  # an item's heading in the body
    continue_numbering: bool = False  # numbers follow numbered headings before the item


@dataclass(frozen=True)
class LabelsStyle:
    """The speaker label that opens an utterance."""

    form: str = field(
        default=LabelStyle.DEPARTMENT.value, metadata=_choices(*(s.value for s in LabelStyle))
    )
    # What is between the brackets, by side; empty: what `form` says.
    member: str = field(default="", metadata=_choices("", "group", "role", "name_role", "letter"))
    secretariat: str = field(
        default="", metadata=_choices("", "group", "group_name", "post", "name_role")
    )
    explainer: str = field(default="", metadata=_choices("", "unit", "word", "post", "name_role"))
    word: str = "実施機関"  # explainer = word: 「実施機関」「回答」
    open: str | None = None  # brackets; None: the form's
    close: str | None = None
    name: str = field(default="full", metadata=_choices("surname", "display", "full"))
    role: str = field(default="full", metadata=_choices("short", "full"))
    placement: str = field(default="inline", metadata=_choices("inline", "line"))
    # on_change: a label only when the speaker changes; always: on every utterance
    repeat: str = field(default="on_change", metadata=_choices("on_change", "always"))
    separator: str = " "  # inline: between the label and the text
    indent: str = ""  # line: before each line of the text


@dataclass(frozen=True)
class StageStyle:
    """ト書き (stage directions)."""

    open: str = "《"
    close: str = "》"
    narrative: str = field(default="wrap", metadata=_choices("wrap", "bare"))
    label: bool = True  # the speaker's label before it (false: a ト書き stands alone)


@dataclass(frozen=True)
class ClosedStyle:
    """How the 公開用 shows what is not public."""

    mode: str = field(default="sentence", metadata=_choices("sentence", "omit"))
    item: str = "({理由})"  # a closed item, in place of its content
    note: str = ""  # omit: after the body, once per closed item
    entries: str = "({理由})"  # a run of 非公開 entries in a public item


@dataclass(frozen=True)
class ClosingStyle:
    """The chair's closing lines of a 答申; empty: the wording of toshin_templates.json."""

    # always: the first line carries the chair's label; on_change: not when the chair has
    # just spoken (「…なければ、」 and 「以上を踏まえ…」 read as one turn)
    label: str = field(default="always", metadata=_choices("always", "on_change"))
    intro: str = ""
    question: str = ""
    reaction: str = ""  # a line between the question and the consent: 「(「異議なし」の声あり)」
    consent: str = ""
    counted: str = ""
    counted_tie: str = ""
    rejected: str = ""
    continued: str = ""


@dataclass(frozen=True)
class SummaryStyle:
    lead: str = ""  # 要点 minutes: before the first question of an item


@dataclass(frozen=True)
class WordStyle:
    """Names of the paragraph styles the Word file is written with (a template may define
    them: its own look is then used)."""

    title: str = "Title"
    item_heading: str = "Heading 1"
    heading: str = "Heading 2"
    body: str = "Minutes Body"
    header_label: str = "Minutes Header Label"  # a key in the header table (均等割付)
    header_value: str = "Minutes Header Value"  # a value in the table, a key line
    header_key: str = "Minutes Header Key"  # a key of its own line (sections)
    section_value: str = "Minutes Section Value"  # a value under its key (sections)
    mark: str = "Minutes Mark"


@dataclass(frozen=True)
class MinutesStyle:
    style: About = About()
    title: TitleStyle = TitleStyle()
    marks: MarksStyle = MarksStyle()
    dates: DateStyle = DateStyle()
    header: HeaderStyle = HeaderStyle()
    agenda: AgendaStyle = AgendaStyle()
    labels: LabelsStyle = LabelsStyle()
    stage: StageStyle = StageStyle()
    closed: ClosedStyle = ClosedStyle()
    closing: ClosingStyle = ClosingStyle()
    summary: SummaryStyle = SummaryStyle()
    word: WordStyle = WordStyle()

    @property
    def name(self) -> str:
        return self.style.name

    @property
    def display(self) -> str:
        """「表形式・(審査会委員)(課名)  department-table」 for lists."""
        return f"{self.style.title}  {self.style.name}" if self.style.title else self.name


# -- patterns ---------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


def fill(pattern: str, values: Mapping[str, str]) -> str:
    """`pattern` with its placeholders filled; an optional part ([…]) whose placeholders are
    not all filled is left out. Unknown placeholders stay as written."""

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        return values[key] if key in values else match.group(0)

    def optional(match: re.Match[str]) -> str:
        inner = match.group(1)
        keys = _PLACEHOLDER.findall(inner)
        if any(not values.get(key) for key in keys):
            return ""
        return _PLACEHOLDER.sub(one, inner)

    return _PLACEHOLDER.sub(one, _OPTIONAL.sub(optional, pattern))


def fill_lines(pattern: str, values: Mapping[str, str]) -> list[str]:
    """The filled pattern as lines (a newline in the pattern starts one); empty lines go."""
    return [line for line in fill(pattern, values).split("\n") if line.strip()]


def _check_pattern(pattern: str, allowed: tuple[str, ...]) -> str:
    """Why `pattern` cannot be used, or ''."""
    depth = 0
    for char in pattern:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth < 0 or depth > 1:
            return "[ と ] の対応が取れていません([ ] は入れ子にできません)"
    if depth:
        return "[ と ] の対応が取れていません"
    for key in _PLACEHOLDER.findall(pattern):
        if key not in allowed:
            names = "、".join(f"{{{a}}}" for a in allowed)
            return f"{{{key}}} は使えない差し込み項目です(使えるもの: {names})"
    return ""


# Which placeholders each pattern-valued key may use (the path without array indices).
PATTERN_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("title", "pattern"): MEETING_FIELDS,
    ("title", "lines"): MEETING_FIELDS,
    ("header", "rows", "pattern"): MEETING_FIELDS,
    ("header", "rows", "lines"): MEETING_FIELDS,
    ("header", "number"): ("n",),
    ("header", "rows", "groups", "prefix"): ("委員表記",),
    ("header", "rows", "groups", "person"): PERSON_FIELDS,
    ("header", "rows", "groups", "officer"): PERSON_FIELDS,
    ("header", "rows", "groups", "count"): ("n",),
    ("agenda", "line"): ITEM_FIELDS,
    ("agenda", "category_line"): ITEM_FIELDS,
    ("agenda", "heading"): ITEM_FIELDS,
    ("closed", "item"): CLOSED_FIELDS,
    ("closed", "note"): CLOSED_FIELDS,
    ("closed", "entries"): ("理由",),
    ("closing", "question"): ("wording",),
    ("closing", "counted"): ("for", "against", "abstain"),
    ("closing", "rejected"): ("for", "against", "abstain"),
}
_NUMBER_FORMS = ("{n}", "{⑴}", "{①}")


# -- reading a style --------------------------------------------------------------------------

T = TypeVar("T")
Path_ = tuple[str | int, ...]


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class _Reader:
    """Builds the dataclass tree from a dict, refusing what does not fit."""

    def __init__(self, where: str, text: str | None) -> None:
        self.where = where  # the file's name, or 「審査会の上書き設定」
        self.text = text  # the TOML source, for line numbers

    def fail(self, path: Path_, detail: str) -> StyleError:
        line = _line_of(self.text, path) if self.text is not None else None
        at = f" の{line}行目" if line else ""
        key = f"「{_dotted(path)}」" if path else ""
        return StyleError(f"書式 {self.where}{at}: {key}{detail}")

    def build(self, cls: type[T], data: Any, path: Path_) -> T:
        if not isinstance(data, dict):
            raise self.fail(path, "は表([…])で書いてください")
        hints = get_type_hints(cls)
        known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                names = "、".join(known)
                raise self.fail((*path, key), f"という項目はありません(使える項目: {names})")
            values[key] = self.value(hints[key], known[key].metadata, value, (*path, key))
        return cls(**values)

    def value(self, hint: Any, meta: Mapping[str, Any], value: Any, path: Path_) -> Any:
        origin, args = get_origin(hint), get_args(hint)
        if origin is types.UnionType:  # `str | None`: None is the default, never written
            hint = next(a for a in args if a is not type(None))
            origin, args = get_origin(hint), get_args(hint)
        if is_dataclass(hint):
            return self.build(hint, value, path)  # type: ignore[arg-type]
        if origin is tuple:
            if not isinstance(value, list):
                raise self.fail(path, "は配列([…] または [[…]])で書いてください")
            item = args[0]
            return tuple(self.value(item, {}, v, (*path, i)) for i, v in enumerate(value))
        if hint is bool:
            if not isinstance(value, bool):
                raise self.fail(path, "は true か false で書いてください")
            return value
        if hint is str:
            if not isinstance(value, str):
                raise self.fail(path, 'は文字列("…")で書いてください')
            choices = meta.get("choices")
            if choices and value not in choices:
                shown = " / ".join(f'"{c}"' for c in choices)
                raise self.fail(path, f'の値 "{value}" は使えません(使える値: {shown})')
            self.check_text(path, value)
            return value
        raise TypeError(f"no reader for {hint!r}")  # pragma: no cover - a field's type

    def check_text(self, path: Path_, value: str) -> None:
        bare = tuple(p for p in path if isinstance(p, str))
        if bare == ("agenda", "number") and not any(f in value for f in _NUMBER_FORMS):
            forms = "、".join(_NUMBER_FORMS)
            raise self.fail(path, f"には番号の位置として {forms} のどれかを入れてください")
        allowed = PATTERN_KEYS.get(bare)
        if allowed is not None:
            problem = _check_pattern(value, allowed)
            if problem:
                raise self.fail(path, f'の "{value}": {problem}')


_TABLE_ARRAY = re.compile(r"^\[\[\s*([^\]]+?)\s*\]\]\s*(?:#.*)?$")
_TABLE = re.compile(r"^\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r'^("?)([^"=\s]+)\1\s*=')


def _line_of(text: str | None, path: Path_) -> int | None:
    """The line of `path` in a TOML text (1-based), or of the nearest table that holds it;
    None when it cannot be found."""
    if not text or not path:
        return None
    best: tuple[int, int] | None = None  # (length of the path matched, line)
    table: Path_ = ()
    counters: dict[Path_, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        array, plain, key = _TABLE_ARRAY.match(line), _TABLE.match(line), _KEY.match(line)
        if array:
            base = _resolve(array.group(1), counters)
            counters[base] = counters.get(base, -1) + 1
            table = current = (*base, counters[base])
        elif plain:
            table = current = _resolve(plain.group(1), counters)
        elif key:
            current = (*table, *key.group(2).split("."))
        else:
            continue
        matched = _common(current, path)
        if matched and (best is None or matched > best[0]):
            best = (matched, number)
    return best[1] if best else None


def _resolve(dotted: str, counters: dict[Path_, int]) -> Path_:
    """The path of a table header: a part that names an array of tables takes the index of
    its last table (「header.rows.groups」 inside the third row: header, rows, 2, groups)."""
    names = [part.strip().strip('"') for part in dotted.split(".")]
    parts: list[str | int] = []
    for index, name in enumerate(names):
        parts.append(name)
        if index < len(names) - 1 and tuple(parts) in counters:
            parts.append(counters[tuple(parts)])
    return tuple(parts)


def _common(a: Path_, b: Path_) -> int:
    """How long a prefix of `b` is `a` (0 unless `a` is a prefix of `b`)."""
    if len(a) > len(b) or b[: len(a)] != a:
        return 0
    return len(a)


def parse_style(text: str, where: str) -> MinutesStyle:
    """A style from the text of a TOML file (`where` names it in messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = re.search(r"\(at line (\d+), column (\d+)\)", message)
        place = f" の{at.group(1)}行目{at.group(2)}文字目" if at else ""
        raise StyleError(
            f'書式 {where}{place}: TOMLとして読めません(キー = "値" の形で書いてください。'
            f"詳細: {message})"
        ) from None
    return style_from_dict(data, where, text)


def style_from_dict(data: Any, where: str, text: str | None = None) -> MinutesStyle:
    reader = _Reader(where, text)
    style = reader.build(MinutesStyle, data, ())
    if not _NAME.match(style.style.name):
        raise reader.fail(
            ("style", "name"),
            f'の "{style.style.name}" は名前に使えません(半角の英小文字・数字・- で'
            "40文字まで。例: my-city)",
        )
    if not isinstance(data.get("style"), dict) or "name" not in data["style"]:
        raise reader.fail(("style",), "に name(書式の名前)を書いてください")
    return style


def style_dict(style: MinutesStyle) -> dict[str, Any]:
    """The style as plain data (lists for tuples), the shape of a file and of overrides."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if v is not None}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return dict(plain(asdict(style)))


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """`over` laid on `base`: tables merge key by key, anything else (arrays too) replaces."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def with_overrides(style: MinutesStyle, overrides: Mapping[str, Any], where: str) -> MinutesStyle:
    """`style` with a board's overrides laid on it; StyleError names a bad key."""
    if not overrides:
        return style
    data = merge(style_dict(style), overrides)
    data.setdefault("style", {})["name"] = style.name
    return style_from_dict(data, where)


def parse_overrides(text: str) -> dict[str, Any]:
    """A board's overrides as stored (JSON); StyleError when they are not an object."""
    if not text or not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StyleError(f"審査会の書式の上書き設定が読めません(JSON: {exc})") from None
    if not isinstance(data, dict):
        raise StyleError("審査会の書式の上書き設定は {…} の形で書いてください")
    return data


# -- the built-in styles and style folders ----------------------------------------------------


def _builtin_folder() -> Any:
    return resources.files("pia_meeting").joinpath("resources", "styles")


@cache
def builtin_sources() -> dict[str, str]:
    """name → TOML text of each built-in style, in the order of their file names."""
    found: dict[str, str] = {}
    for entry in sorted(_builtin_folder().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(STYLE_SUFFIX):
            found[entry.name.removesuffix(STYLE_SUFFIX)] = entry.read_text("utf-8")
    return found


def load_folder(folder: Path) -> dict[str, MinutesStyle]:
    """Every style file (*.toml) of a folder, by name; StyleError for the first bad one.
    A file's name must be its style's name (「my-city.toml」 holds name = "my-city")."""
    styles: dict[str, MinutesStyle] = {}
    for path in sorted(Path(folder).glob(f"*{STYLE_SUFFIX}")):
        style = load_file(path)
        if style.name != path.stem:
            raise StyleError(
                f'書式 {path.name}: ファイル名と [style] name("{style.name}")を'
                f"同じにしてください({style.name}{STYLE_SUFFIX})"
            )
        styles[style.name] = style
    return styles


def load_file(path: Path) -> MinutesStyle:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise StyleError(f"書式ファイルが見つかりません: {path}") from None
    except UnicodeDecodeError:
        raise StyleError(f"書式 {path.name}: UTF-8 の文字として読めません") from None
    except OSError as exc:
        raise StyleError(f"書式ファイルを読めません: {path} ({exc.strerror})") from None
    return parse_style(text, path.name)


@cache
def builtin_styles() -> dict[str, MinutesStyle]:
    return {
        name: parse_style(text, f"{name}{STYLE_SUFFIX}") for name, text in builtin_sources().items()
    }


def builtin_style(name: str) -> MinutesStyle:
    styles = builtin_styles()
    if name not in styles:
        raise StyleError(unknown_style_message(name, list(styles)))
    return styles[name]


def unknown_style_message(name: str, known: list[str]) -> str:
    return f"書式「{name}」はありません(使える書式: {'、'.join(known)})"


# -- the style a board prints with ------------------------------------------------------------


def labels_for_form(labels: LabelsStyle, form: str) -> LabelsStyle:
    """The style's labels with the board's 発言者ラベルの形式 laid on them: when it is not the
    style's own form, that form's brackets and label contents replace the style's own
    choices (the name and role forms and the placement stay the style's)."""
    if form == labels.form:
        return labels
    return replace(
        labels, form=form, member="", secretariat="", explainer="", open=None, close=None
    )


def resolve(
    name: str,
    source: str = "",
    overrides: str = "",
    label_style: str | None = None,
) -> MinutesStyle:
    """The style named `name` (from `source`, its TOML text, when it is not built in), with
    the board's label form and overrides; StyleError when any of it is bad."""
    style = parse_style(source, f"{name}{STYLE_SUFFIX}") if source.strip() else builtin_style(name)
    style = with_overrides(style, parse_overrides(overrides), "(審査会の上書き設定)")
    if label_style:
        style = replace(style, labels=labels_for_form(style.labels, label_style))
    return style


@lru_cache(maxsize=64)
def _resolved(name: str, source: str, overrides: str, label_style: str) -> MinutesStyle:
    return resolve(name, source, overrides, label_style)


def choose(board: Board, name: str, source: str = "") -> Board:
    """`board` set to print in the style `name` (`source`: its TOML text when it is not
    built in), its 発言者ラベルの形式 the style's own and its overrides cleared; StyleError when
    the style cannot be used. Nothing is saved."""
    style = parse_style(source, f"{name}{STYLE_SUFFIX}") if source.strip() else builtin_style(name)
    return replace(
        board,
        minutes_style=style.name,
        style_source=source if source.strip() else "",
        style_overrides="",
        label_style=style.labels.form,
    )


def board_style(board: Board) -> MinutesStyle:
    """The style `board` prints with. Never fails: a style that cannot be used (a file
    edited by hand) gives the reference style with the board's label form; `check_board`
    says what is wrong."""
    key = (board.minutes_style or DEFAULT_STYLE, board.style_source, board.style_overrides)
    try:
        return _resolved(*key, board.label_style)
    except UserError:
        return _resolved(DEFAULT_STYLE, "", "", board.label_style)


def check_board(board: Board) -> MinutesStyle:
    """The style of `board`, or StyleError saying why it cannot be used."""
    return resolve(
        board.minutes_style or DEFAULT_STYLE,
        board.style_source,
        board.style_overrides,
        board.label_style,
    )


def iter_keys(style: MinutesStyle) -> Iterator[tuple[str, Any]]:
    """(dotted key, value) of every leaf of the style, for `style show`."""

    def walk(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
        if isinstance(value, dict):
            for key, inner in value.items():
                yield from walk(f"{prefix}.{key}" if prefix else key, inner)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, inner in enumerate(value, start=1):
                yield from walk(f"{prefix}[{index}]", inner)
        else:
            yield prefix, value

    yield from walk("", style_dict(style))
