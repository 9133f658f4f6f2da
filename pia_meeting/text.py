"""Cleaning typed and pasted text before it is stored (no control characters, no escapes)."""

from __future__ import annotations

import re

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


# Characters a terminal draws two cells wide (East Asian Wide and Fullwidth): Hangul Jamo,
# CJK radicals to Yi (kana, kanji, full-width punctuation), Hangul syllables, CJK
# compatibility ideographs, vertical and small forms, full-width ASCII and signs, the wide
# symbols and emoji, and the supplementary ideographic planes; and those drawn in no cell
# (combining marks, such as the voiced-sound mark of decomposed kana, zero-width spaces,
# variation selectors). Regexes, so that measuring a line costs no Python loop.
_WIDE = re.compile(
    "[\u1100-\u115f\u231a\u231b\u2329\u232a\u2630-\u2637\u268a-\u268f\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615"
    "\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce"
    "\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c"
    "\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55"
    "\u2e80-\u303e\u3041-\u3096\u309b-\u33ff\u3400-\u4dff\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U0001f004\U0001f0cf\U0001f18e\U0001f191-\U0001f19a\U0001f200-\U0001f2ff"
    "\U0001f300-\U0001f64f\U0001f680-\U0001f6ff\U0001f900-\U0001f9ff"
    "\U0001fa70-\U0001faff\U00020000-\U0003fffd]"
)
_ZERO_WIDTH = re.compile("[\u0300-\u036f\u200b-\u200f\u3099\u309a\ufe00-\ufe0f]")


def display_width(text: str) -> int:
    """Terminal cells `text` takes: two for a wide character (kanji, kana, full-width
    forms, emoji), none for a combining mark, one otherwise."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE.findall(text)) - len(_ZERO_WIDTH.findall(text))


def fit_width(text: str, cells: int) -> str:
    """`text` cut to at most `cells` terminal cells, ending in 「…」 when cut."""
    if display_width(text) <= cells:
        return text
    # The longest prefix that leaves a cell for the ellipsis: widths never shrink as a
    # prefix grows, so a binary search finds it.
    low, high = 0, min(len(text), cells - 1)
    while low < high:
        middle = (low + high + 1) // 2
        if display_width(text[:middle]) <= cells - 1:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"
