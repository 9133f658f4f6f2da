"""Japanese line breaking (禁則処理) for text wrapped to a width in terminal cells.

No line starts with a closing bracket or punctuation (「。」「、」「」」「）」「』」「】」 …) and
none ends with an opening bracket (「「」「（」「『」「【」 …): the character is carried to the next
line with the one before it (追い出し), since a terminal has no room to hang it past the
edge. A line breaks anywhere between Japanese characters, and at spaces in Latin text (a word
is not cut unless it is longer than a line). Pure: the cell width of a character is given by
the caller (the TUI passes the terminal's); East Asian wide characters count 2 by default."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from itertools import pairwise

# 行頭禁則: never at the start of a line.
NO_START = frozenset(
    "、。，．,.・：；:;？！?!ー―‐-〜～…‥"
    "）)］]｝}〕〉》」』】〙〗〟’”｠»"
    "ヽヾゝゞ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
)
# 行末禁則: never at the end of a line.
NO_END = frozenset("（(［[｛{〔〈《「『【〘〖〝‘“｟«")


def cell_width(char: str) -> int:
    """Cells a character takes in a terminal: 2 for East Asian wide and full-width ones."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _opportunity(text: str, index: int) -> bool:
    """Whether a line may break before text[index] (0 < index < len(text))."""
    before, after = text[index - 1], text[index]
    if after in NO_START or before in NO_END:
        return False
    if before.isspace():
        return not after.isspace()
    if after.isspace():
        return False
    return _wide(before) or _wide(after)


def line_breaks(text: str, width: int, width_of: Callable[[str], int] = cell_width) -> list[int]:
    """Where to break `text` (one paragraph, no newline) so that every line fits `width`
    cells: the index of the first character of each line after the first. A line that
    has no allowed break within the width is cut at the width (a long Latin word, or a
    run of punctuation); every line holds at least one character."""
    if width <= 0 or not text:
        return []
    breaks: list[int] = []
    start = 0
    used = 0
    index = 0
    while index < len(text):
        size = width_of(text[index])
        if used + size <= width or index == start:
            used += size
            index += 1
            continue
        if text[index].isspace():  # a space at the edge begins the next line
            cut = index
        else:
            cut = next((i for i in range(index, start, -1) if _opportunity(text, i)), index)
        breaks.append(cut)
        start, index = cut, cut
        used = 0
    return breaks


def wrap(text: str, width: int, width_of: Callable[[str], int] = cell_width) -> list[str]:
    """`text` as the lines it is shown in at `width` cells (newlines kept as breaks)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        cuts = [0, *line_breaks(paragraph, width, width_of), len(paragraph)]
        lines.extend(paragraph[a:b] for a, b in pairwise(cuts))
    return lines
