"""評価書 page references: recognised in what is typed, mapped to the outline's sections.

Forms seen in minutes (DOMAIN §2–§3): 「78ページ」「54ページから76ページまで」「14頁」「p.14」
「ｐ．２３」「全項目評価書 3 ページ」「評価書50ページの4.」, full-width digits and spaces.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from pia_meeting.core.bundled import read_json
from pia_meeting.core.errors import ValidationError
from pia_meeting.core.model import Assessment

_NUM = r"(\d{1,4})"
_SP = r"[ \u3000]*"
_PAGE = r"(?:ページ|頁)"
_TO = r"(?:から|~|〜|～|-|‐|−|–|—|ー)"
# Ranges first (「54ページから76ページまで」「54～76ページ」「p.54-76」), then single pages.
_RANGE = re.compile(rf"{_NUM}{_SP}{_PAGE}?{_SP}{_TO}{_SP}{_NUM}{_SP}{_PAGE}")
_PREFIX_RANGE = re.compile(rf"(?<![A-Za-z])[pP]{{1,2}}\.?{_SP}{_NUM}{_SP}{_TO}{_SP}{_NUM}")
_SINGLE = re.compile(rf"{_NUM}{_SP}{_PAGE}")
_PREFIX = re.compile(rf"(?<![A-Za-z])[pP]{{1,2}}\.?{_SP}{_NUM}(?!\d)")

MAX_RANGE = 200  # a longer "range" is a typo, not a walk through the document


@dataclass(frozen=True)
class PageRef:
    first: int
    last: int

    def pages(self) -> list[int]:
        return list(range(self.first, self.last + 1))


def _normalise(text: str) -> str:
    # NFKC turns ７８ into 78 and ｐ．into p. while keeping the length of most text.
    return unicodedata.normalize("NFKC", text)


def find_page_refs(text: str) -> list[PageRef]:
    """Every page reference in `text`, in order of appearance."""
    normalised = _normalise(text)
    found: list[tuple[int, PageRef]] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for pattern, is_range in (
        (_RANGE, True),
        (_PREFIX_RANGE, True),
        (_SINGLE, False),
        (_PREFIX, False),
    ):
        for match in pattern.finditer(normalised):
            if not free(match.span()):
                continue
            first = int(match.group(1))
            last = int(match.group(2)) if is_range else first
            if first <= 0 or last < first or last - first > MAX_RANGE:
                continue
            taken.append(match.span())
            found.append((match.start(), PageRef(first, last)))
    return [ref for _, ref in sorted(found, key=lambda item: item[0])]


def pages_in(text: str) -> list[int]:
    pages: set[int] = set()
    for ref in find_page_refs(text):
        pages.update(ref.pages())
    return sorted(pages)


def compress(pages: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], page)
        else:
            runs.append((page, page))
    return runs


def format_pages(pages: list[int]) -> str:
    """「p.54–76, p.78」."""
    return ", ".join(f"p.{a}" if a == b else f"p.{a}–{b}" for a, b in compress(pages))


def parse_page_list(text: str) -> list[int]:
    """What the secretariat types as tags by hand: 「14, 54-76 78」 (full width too)."""
    normalised = _normalise(text).replace("、", ",").replace("p.", "").replace("P.", "")
    pages: set[int] = set()
    for part in re.split(r"[,\s]+", normalised.strip()):
        if not part:
            continue
        match = re.fullmatch(rf"(\d{{1,4}})(?:{_TO}(\d{{1,4}}))?", part)
        if not match:
            raise ValidationError("pages", f"ページとして読めません: {part}(例: 14, 54-76)")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first <= 0 or last < first or last - first > MAX_RANGE:
            raise ValidationError("pages", f"ページの範囲が正しくありません: {part}")
        pages.update(range(first, last + 1))
    return sorted(pages)


def beyond(pages: list[int], assessment: Assessment | None) -> list[int]:
    """Pages past the end of the 評価書 under review (flagged, not refused)."""
    if assessment is None or not assessment.page_count:
        return []
    return [p for p in pages if p > assessment.page_count]


# -- the outline: section start pages → the section of a page -----------------------------


def outline_sections(kind: str) -> list[dict[str, str]]:
    outlines: dict[str, list[dict[str, str]]] = read_json("outlines.json")
    return outlines.get(kind, outlines["全項目"])


_ROMAN = {"1": "Ⅰ", "2": "Ⅱ", "3": "Ⅲ", "4": "Ⅳ", "5": "Ⅴ", "6": "Ⅵ", "7": "Ⅶ"}


def parse_outline(text: str, kind: str) -> dict[str, int]:
    """「Ⅰ=2 Ⅱ=8 Ⅲ=54 Ⅳ=75 Ⅴ=77 Ⅵ=78」 (or 1=2, Ⅰ:2) → section id → start page."""
    known = {s["id"] for s in outline_sections(kind)}
    starts: dict[str, int] = {}
    for part in re.split(r"[,、\s]+", text.strip()):
        if not part:
            continue
        match = re.fullmatch(r"(.+?)[=:：＝](\d{1,4})", unicodedata.normalize("NFKC", part))
        if not match:
            raise ValidationError("outline", f"「章=開始ページ」の形で入力してください: {part}")
        section = match.group(1).upper()
        section = _ROMAN.get(section, section)
        section = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ", "VI": "Ⅵ"}.get(
            section, section
        )
        if section not in known:
            raise ValidationError("outline", f"評価書の章にありません: {match.group(1)}")
        starts[section] = int(match.group(2))
    ordered = [starts[s["id"]] for s in outline_sections(kind) if s["id"] in starts]
    if ordered != sorted(ordered):
        raise ValidationError("outline", "章の開始ページが章の順に並んでいません")
    return starts


def format_outline(starts: dict[str, int], kind: str) -> str:
    starts = {key.split()[0]: value for key, value in starts.items()}
    return " ".join(
        f"{s['id']}={starts[s['id']]}" for s in outline_sections(kind) if s["id"] in starts
    )


def section_of(page: int, assessment: Assessment | None) -> str:
    """「Ⅵ 評価実施手続」 for p.78 when the outline says Ⅵ starts at 78; empty when unknown."""
    if assessment is None:
        return ""
    # Keys are section ids (「Ⅵ」); 「Ⅵ 評価実施手続」 as a key is read as 「Ⅵ」 too.
    starts = {
        key.split()[0]: value for key, value in json.loads(assessment.outline or "{}").items()
    }
    best = ""
    best_start = 0
    for section in outline_sections(assessment.kind):
        start = starts.get(section["id"])
        if start is not None and best_start <= start <= page:
            name = (
                section["id"]
                if section["id"] == section["title"]
                else f"{section['id']} {section['title']}"
            )
            best, best_start = name, start
    return best


def describe(pages: list[int], assessment: Assessment | None) -> str:
    """The tag as shown beside the typing box: 「p.78 Ⅵ 評価実施手続」."""
    if not pages:
        return ""
    text = format_pages(pages)
    section = section_of(pages[0], assessment)
    if section and (len(pages) == 1 or section_of(pages[-1], assessment) == section):
        text += f" {section}"
    over = beyond(pages, assessment)
    if over:
        text += f" ※評価書は{assessment.page_count}ページまで"  # type: ignore[union-attr]
    return text
