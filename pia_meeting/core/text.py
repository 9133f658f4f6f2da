"""Cleaning typed and pasted text before it is stored (no control characters, no escapes)."""

from __future__ import annotations

import re
import unicodedata

# CSI/OSC and other escape sequences a paste from a terminal can carry.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Strip escape sequences and control characters; keep line breaks; trim the ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    return text.strip()


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_count(text: str) -> int | None:
    """A count typed in half- or full-width digits (「１５」 → 15); None when it is not one."""
    normalised = text.strip().translate(_FULL_WIDTH_DIGITS)
    return int(normalised) if normalised.isascii() and normalised.isdigit() else None


_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}


def parse_numeral(text: str) -> int | None:
    """A number as printed in a document, in digits of either width or in kanji numerals
    (「15」「１５」「十五」「百二十三」 → 15, 15, 15, 123); None when it is not one."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            current = _KANJI_DIGITS[ch]
        elif ch in "十百":
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
        else:
            return None
    return total + current


# Cells a character takes in a terminal: two for East Asian Wide and Fullwidth (kanji, kana,
# full-width forms, wide emoji); none for marks (the voiced-sound mark of decomposed kana,
# nonspacing, enclosing and spacing combining) and format characters (zero-width space,
# joiners, direction marks); one otherwise. Looked up once a character and kept: a list of
# meetings repeats the same few hundred characters, and a table of the wide ranges built
# at import (or a regex of them) would cost more than measuring the first screen's list.
_DRAWN_IN_NO_CELL = frozenset(("Mn", "Me", "Mc", "Cf"))
_cells_of: dict[str, int] = {}

# Where the terminal's newer Unicode tables (as the screen measures them) differ from this
# Python's general categories and East Asian widths: (first, last, cells).
_EXCEPTIONS = (
    (0x00AD, 0x00AD, 1),  # soft hyphen
    (0x0600, 0x0605, 1),  # prepended concatenation marks
    (0x06DD, 0x06DD, 1),
    (0x070F, 0x070F, 1),
    (0x0890, 0x0891, 1),
    (0x08E2, 0x08E2, 1),
    (0x110BD, 0x110BD, 1),
    (0x110CD, 0x110CD, 1),
    (0x1160, 0x11FF, 0),  # Hangul medial vowels and final consonants (conjoining jamo)
    (0xD7B0, 0xD7FF, 0),
    (0x3164, 0x3164, 0),  # Hangul fillers
    (0xFFA0, 0xFFA0, 0),
    (0x2028, 0x2029, 0),  # line and paragraph separators
    (0x2630, 0x2637, 2),  # trigrams, monograms, hexagrams: Wide since Unicode 16
    (0x268A, 0x268F, 2),
    (0x4DC0, 0x4DFF, 2),
    (0x1D300, 0x1D356, 2),
    (0x1D360, 0x1D376, 2),
    (0x1F3FB, 0x1F3FF, 0),  # emoji skin-tone modifiers
)


def _character_cells(character: str) -> int:
    code = ord(character)
    for first, last, cells in _EXCEPTIONS:
        if first <= code <= last:
            _cells_of[character] = cells
            return cells
    # Marks first: the kana voiced-sound marks (U+3099, U+309A) are also listed Wide.
    if unicodedata.category(character) in _DRAWN_IN_NO_CELL:
        cells = 0
    elif unicodedata.east_asian_width(character) in ("W", "F"):
        cells = 2
    else:
        cells = 1
    _cells_of[character] = cells
    return cells


def _widths(text: str) -> list[int]:
    known = _cells_of
    return [known[c] if c in known else _character_cells(c) for c in text]


def display_width(text: str) -> int:
    """Terminal cells `text` takes: two for a wide character (kanji, kana, full-width
    forms, emoji), none for a combining mark, one otherwise."""
    if text.isascii():
        return len(text)
    return sum(_widths(text))


def fit_width(text: str, cells: int) -> str:
    """`text` cut to at most `cells` terminal cells, ending in 「…」 when cut."""
    if text.isascii():
        return text if len(text) <= cells else text[: max(cells - 1, 0)] + "…"
    widths = _widths(text)
    if sum(widths) <= cells:
        return text
    # The longest prefix that leaves a cell for the ellipsis.
    used = 0
    for index, width in enumerate(widths):
        if used + width > cells - 1:
            return text[:index] + "…"
        used += width
    return text  # not reached: the whole text is wider than `cells`
