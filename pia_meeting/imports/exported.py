"""What this program's own exports add to minutes, read back: the clock times of 「時刻付き」
(「[10:05] (戸籍住民課) …」), the 評価書ページ別 質疑一覧 and the checklist after the body.

They are taken off the text before it is read (a time before a label hides the label; the
appendix title would read as one more agenda item) and given back to what they belong to:
each time to its entry, each page of the list to the entry it quotes, each judgement of the
checklist to its agenda item. Nothing of them is lost: the time and the pages are stored
with the entry, the checklist as the item's."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from pia_meeting.core.checklist import statuses
from pia_meeting.imports.tree import ParsedEntry, ParsedItem, ParsedMinutes

# As export.minutes prints them (the importer does not import the exporter).
PAGES_TITLE = "評価書ページ別 質疑一覧"
CHECKLIST_TITLE = "第三者点検チェックリスト(適合性・妥当性)"

_TIME = re.compile(r"^\[(\d{1,2}):(\d{2})\][ \u3000]?")
_PAGE_LINE = re.compile(r"^p\.(\d{1,4})(?:[–\-~〜](\d{1,4}))?\s+(.+)$")
_CHECK_LINE = re.compile(r"^\((\d{1,2})\)\s*\[[^\]]*\]\s*.*?【([^】]+)】\s*(.*)$")
_MARKS = re.compile(r"^#{1,6}\s+")
_TIMED_LINES = 2  # fewer are a bracketed time someone typed, not 「時刻付き」
_LOOKAHEAD = 8  # entries a timed line may be away from its entry (joined paragraphs)


@dataclass
class PageLine:
    group: str  # the agenda item's heading above it ("" when one item)
    pages: list[int]
    text: str  # 「(label) text」 as printed


@dataclass
class Exported:
    times: list[tuple[str, dt.time]] = field(default_factory=list)  # line without its time
    pages: list[PageLine] = field(default_factory=list)
    checklist: list[tuple[str, int, str, str]] = field(default_factory=list)  # group, no, …


def _plain(line: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFKC", line).strip())


def _is_title(line: str, title: str) -> bool:
    return _plain(line) == unicodedata.normalize("NFKC", title)


def _appendix_at(lines: list[str], title: str, item: re.Pattern[str]) -> int | None:
    """Where the appendix of that title starts: its title, followed (after a heading or
    two) by a line of its own form."""
    # A line that is the title once normalised is at most twice as long (half-width kana,
    # decomposed marks) with a heading mark: longer lines, nearly all, are not looked at.
    longest = 2 * len(title) + 8
    for index, line in enumerate(lines):
        if (len(line) > longest and len(line.strip()) > longest) or not _is_title(line, title):
            continue
        following = [_plain(x) for x in lines[index + 1 : index + 6] if x.strip()]
        if any(item.match(x) for x in following):
            return index
    return None


def take_exported(text: str) -> tuple[str, Exported]:
    """`text` without what an export added, and what it added."""
    found = Exported()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ends = [
        at
        for at in (
            _appendix_at(lines, PAGES_TITLE, _PAGE_LINE),
            _appendix_at(lines, CHECKLIST_TITLE, _CHECK_LINE),
        )
        if at is not None
    ]
    if ends:
        body_end = min(ends)
        _read_appendices(lines[body_end:], found)
        lines = lines[:body_end]
    timed = [i for i, line in enumerate(lines) if _TIME.match(line.strip())]
    if len(timed) >= _TIMED_LINES:
        for index in timed:
            line = lines[index].strip()
            match = _TIME.match(line)
            assert match is not None
            hour, minute = int(match.group(1)), int(match.group(2))
            lines[index] = line[match.end() :]
            if hour < 24 and minute < 60:
                found.times.append((_plain(lines[index]), dt.time(hour, minute)))
    return "\n".join(lines), found


def _read_appendices(lines: list[str], found: Exported) -> None:
    part = ""
    group = ""
    known = set(statuses())
    unset = statuses()[0]
    for raw in lines:
        if not raw.strip():
            continue
        if raw.startswith(("\u3000", "  ")):
            continue  # an answer under its question: the entry is in the body already
        line = _plain(raw)
        if _is_title(line, PAGES_TITLE) or _is_title(line, CHECKLIST_TITLE):
            part, group = line, ""
            continue
        page = _PAGE_LINE.match(line) if _is_title(part, PAGES_TITLE) else None
        check = _CHECK_LINE.match(line) if _is_title(part, CHECKLIST_TITLE) else None
        if page:
            first = int(page.group(1))
            last = int(page.group(2) or first)
            pages = list(range(first, last + 1)) if first <= last else [first]
            found.pages.append(PageLine(group, pages, page.group(3)))
        elif check and check.group(2) in known:
            if check.group(2) != unset or check.group(3).strip():  # 未確認 is no answer
                found.checklist.append((group, int(check.group(1)), check.group(2), check.group(3)))
        else:
            group = line  # an agenda item's heading, or a section of the 評価書


def _first_line(entry: ParsedEntry) -> str:
    return _plain(entry.text.split("\n", 1)[0])


def give_back(out: ParsedMinutes, found: Exported) -> None:
    """The times, pages and checklist judgements of `found` onto the entries and items of
    `out` that they belong to."""
    entries = out.all_entries()
    position = 0
    for line, time in found.times:
        for index in range(position, min(position + _LOOKAHEAD, len(entries))):
            first = _first_line(entries[index])
            if first and first in line:
                entries[index].time = time
                position = index + 1
                break
    for page_line in found.pages:
        candidates = _entries_of(out, page_line.group)
        quoted = _plain(page_line.text)
        entry = next((e for e in candidates if _first_line(e) and _first_line(e) in quoted), None)
        if entry is not None:
            entry.pages = sorted({*entry.pages, *page_line.pages})
    for group, no, status, memo in found.checklist:
        item = _item_of(out, group)
        if item is not None:
            item.checklist[no] = (status, memo.strip())


def _item_of(out: ParsedMinutes, group: str) -> ParsedItem | None:
    if not out.items:
        return None
    wanted = _plain(group)
    for item in out.items:
        if wanted and wanted in (_plain(item.title), _plain(item.heading)):
            return item
    return out.items[0] if len(out.items) == 1 or not wanted else None


def _entries_of(out: ParsedMinutes, group: str) -> list[ParsedEntry]:
    item = _item_of(out, group)
    return item.entries if item is not None else out.all_entries()
