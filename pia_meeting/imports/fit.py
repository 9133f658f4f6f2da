"""What of a read minutes the style it will be printed in prints itself (the issue 「Every
board its own published style」): the last stage before the record is made, once that style
is known (the board's own, or the one detected for a new board).

The readers keep what a style may print again beside what they read into fields, each line
marked with what would print it (`ParsedEntry.printed_by`): a 会議資料 read into its field,
「欠席者 なし」, 「非公開の理由 ―」, a category heading of the agenda, the 【公開用】 mark, and
under the title the lines a city's page always carries (「会議概要」, 「審議結果」), which are
the style's own (`title.lines`). Here each such line goes when the style prints it, and
stays, printed where it stood, when it does not: no text is ever dropped that the export does
not print again. What the header printed that the meeting has no field for stays an entry
of the header (`anchor`), moved to the row before it when the style has no row of its own.
The chair's closing lines taken for a confirmed 答申 go back among the entries, the 答申 a
draft, when the style words them otherwise than the minutes did.
"""

from __future__ import annotations

import re
import unicodedata

from pia_meeting.core.model import AFTER_ROW, PREAMBLE_ANCHOR, TITLE_ANCHOR, EntryKind, Toshin
from pia_meeting.core.styles import MinutesStyle, RowStyle, fill_lines
from pia_meeting.core.toshin import RESULT_CONTINUED, closing_lines
from pia_meeting.imports.agenda import strip_numbering
from pia_meeting.imports.closing import give_back_closing
from pia_meeting.imports.tree import ParsedEntry, ParsedItem, ParsedMinutes

# What the field of a 「row:…」 mark leaves empty when its lines stay (printed as they were).
_TEXT_FIELDS = frozenset({"materials", "signers"})
_QUOTED = "「{議題}」"


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _rows(style: MinutesStyle, field: str) -> list[RowStyle]:
    return [row for row in style.header.rows if row.field == field]


def prints_row(style: MinutesStyle, field: str) -> bool:
    """Whether the style's header has a row showing `field` (observers also in the row of
    the 公開区分, 「公開(傍聴者なし)」)."""
    if _rows(style, field):
        return True
    return field == "observers" and any("{傍聴人}" in r.pattern for r in _rows(style, "openness"))


def _prints(style: MinutesStyle, mark: str, entry: ParsedEntry) -> bool:
    """Whether the style prints again the line `entry` holds, as `mark` says it would."""
    kind, _, rest = mark.partition(":")
    if kind == "mark":
        marks = {_plain(m) for m in (style.marks.public, style.marks.internal) if m.strip()}
        return _plain(entry.text) in marks
    if kind == "row":
        return prints_row(style, rest)
    if kind == "none":
        field, _, value = rest.partition(":")
        return any(_plain(row.none) == _plain(value) for row in _rows(style, field))
    if kind == "category_line":
        return "{分類}" in style.agenda.category_line
    return False


def _title_lines(style: MinutesStyle) -> list[str]:
    """The style's own lines under the title, as printed (those with no placeholder)."""
    lines = [line for pattern in style.title.lines for line in fill_lines(pattern, {})]
    return [_plain(line) for line in lines if "{" not in line]


def _under_title(style: MinutesStyle, entries: list[ParsedEntry]) -> list[ParsedEntry]:
    """The lines kept under the title without those the style prints there itself, in its
    order; the kept ones after the last of those are printed after them too."""
    own = _title_lines(style)
    kept: list[ParsedEntry] = []
    seen = 0
    for entry in entries:
        if entry.anchor == TITLE_ANCHOR and seen < len(own) and _plain(entry.text) == own[seen]:
            seen += 1
            continue
        if entry.anchor == TITLE_ANCHOR and seen:
            entry.anchor = PREAMBLE_ANCHOR
        kept.append(entry)
    return kept


def _row_names(style: MinutesStyle) -> set[str]:
    names = {row.field for row in style.header.rows}
    for row in style.header.rows:
        names |= {f"{row.field}:{group.side}" for group in row.groups}
    return names


def _anchor_in(style: MinutesStyle, anchor: str, order: list[str]) -> str:
    """`anchor` where the style has its row; else after the nearest row before it that the
    style has (in the order the minutes printed the rows), else before the header."""
    if anchor in ("", TITLE_ANCHOR, PREAMBLE_ANCHOR):
        return anchor
    row = anchor.removeprefix(AFTER_ROW)
    names = _row_names(style)
    if row in names or row.split(":", 1)[0] in names:
        return anchor
    before = order[: order.index(row)] if row in order else order
    found = next((name for name in reversed(before) if name.split(":", 1)[0] in names), "")
    return AFTER_ROW + found if found else PREAMBLE_ANCHOR


def _agenda(parsed: ParsedMinutes, style: MinutesStyle) -> None:
    """Categories and quoted titles, as the style prints the agenda."""
    agenda = style.agenda
    header_prints = "{分類}" in agenda.line or "{分類}" in agenda.category_line
    quoted = _QUOTED in agenda.line and _QUOTED in agenda.heading
    for item in parsed.items:
        if item.category_form == "prefix" and not header_prints:
            item.title = f"{item.category} {item.title}"  # as written: 「報告事項 …」
            item.category, item.category_form = "", ""
        heading = item.category_heading
        if heading is not None and "{分類}" in agenda.heading:
            _remove(parsed, heading)
        title = item.title.strip()
        if quoted and len(title) > 2 and title[0] == "「" and title[-1] == "」":
            if "「" not in title[1:-1] and "」" not in title[1:-1]:
                item.title = title[1:-1]
        if not _heading_printed(item, style):
            # The body's heading says more than the style's heading of the item prints:
            # kept, as written, at the head of the item.
            item.entries.insert(0, ParsedEntry(EntryKind.HEADING, item.heading))


def _heading_printed(item: ParsedItem, style: MinutesStyle) -> bool:
    """Whether the style's heading of the item prints the body's heading as written (its
    number aside: the style numbers the items itself)."""
    pattern = style.agenda.heading
    if not item.heading or "{見出し}" in pattern:
        return True
    values = {
        "番号": "",
        "議題": item.title,
        "諮問番号": item.inquiry,
        "分類": item.category,
        "公開区分": "",
        "見出し": item.heading,
    }
    printed = _plain("".join(fill_lines(pattern, values)))
    return _plain(strip_numbering(item.heading)) in printed


def _remove(parsed: ParsedMinutes, entry: ParsedEntry) -> None:
    for entries in (parsed.preamble, *(item.entries for item in parsed.items)):
        for index, candidate in enumerate(entries):
            if candidate is entry:
                del entries[index]
                return


def _merged(preamble: list[ParsedEntry], again: list[ParsedEntry]) -> list[ParsedEntry]:
    """The preamble with the lines of `again` where they stood among the header's lines
    (by position); the body's lines before the first item come after them."""
    header = [e for e in preamble if e.position]
    rest = [e for e in preamble if not e.position]
    return [*sorted([*header, *again], key=lambda e: e.position), *rest]


_FISCAL_YEAR = re.compile(
    r"(?:令和|平成|昭和)?\s*(?:元|[0-9０-９]{1,4}|[〇一二三四五六七八九十]{1,3})\s*年度"
)


def _title_printed(parsed: ParsedMinutes, style: MinutesStyle) -> bool:
    """Whether the style's title (or a row of text) prints the minutes' title: as the
    会議名, or as the board's name when that is all the title says besides its 年度."""
    patterns = [style.title.pattern, *(row.pattern for row in _rows(style, "text"))]
    if any("{会議名}" in pattern for pattern in patterns):
        return True
    rest = _plain(_FISCAL_YEAR.sub("", parsed.title))
    board = any("{審査会名}" in pattern for pattern in patterns)
    return not rest or (board and rest == _plain(parsed.board_name))


def _closing_printed(item: ParsedItem, style: MinutesStyle) -> bool:
    """Whether the style prints again, in their order, the chair's closing lines the import
    took for the item's confirmed 答申 (its own wording of them may differ)."""
    toshin = item.toshin
    if toshin is None or not item.closing_taken:
        return True
    record = Toshin(wording=toshin.wording, result=toshin.result, confirmed_at="imported")
    wording = style.closing
    lines = closing_lines(
        record,
        {
            "intro": wording.intro,
            "question": wording.question,
            "consent": wording.consent,
            "continued": wording.continued,
        },
    )
    if wording.reaction.strip() and len(lines) >= 2 and toshin.result != RESULT_CONTINUED:
        lines.insert(len(lines) - 1, wording.reaction.strip())
    printed = iter(_plain(line) for line in lines)
    return all(any(taken == line for line in printed) for taken in map(_plain, item.closing_taken))


def fit_to_style(parsed: ParsedMinutes, style: MinutesStyle) -> None:
    """Leave out of `parsed` what `style` prints itself, keep the rest where it stood (see
    the module)."""
    again: list[ParsedEntry] = []
    for entry in parsed.reprinted:
        mark, entry.printed_by = entry.printed_by, ""
        if not _prints(style, mark, entry):
            again.append(entry)  # printed as it was, the field it was read into left empty
            field = mark.removeprefix("row:")
            if field in _TEXT_FIELDS:
                parsed.materials = [] if field == "materials" else parsed.materials
                parsed.signer = "" if field == "signers" else parsed.signer
    parsed.reprinted = []
    kept = _under_title(style, _merged(parsed.preamble, again))
    for entry in kept:
        entry.anchor = _anchor_in(style, entry.anchor, parsed.header_rows)
    if not _title_printed(parsed, style):
        # A title the style's own does not carry (「…会議の概要」 of no board): under it.
        kept.insert(0, ParsedEntry(EntryKind.UNCLASSIFIED, parsed.title, anchor=TITLE_ANCHOR))
    parsed.preamble = kept
    _agenda(parsed, style)
    for item in parsed.items:
        if not _closing_printed(item, style):
            give_back_closing(item)  # printed in other words by the style: kept as said
