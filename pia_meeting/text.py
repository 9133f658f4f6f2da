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
# compatibility ideographs, vertical and small forms, full-width ASCII and signs, and the
# supplementary ideographic planes. One regex, so that measuring a line costs no Python loop.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd]"
)


def display_width(text: str) -> int:
    """Terminal cells `text` takes: two for a wide character (kanji, kana, full-width
    forms), one otherwise."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE.findall(text))


def fit_width(text: str, cells: int) -> str:
    """`text` cut to at most `cells` terminal cells, ending in 「…」 when cut."""
    if display_width(text) <= cells:
        return text
    room = cells - 1  # a cell for the ellipsis
    used = index = 0
    for wide in _WIDE.finditer(text):
        start = wide.start()
        if used + start - index > room:  # the cut falls in the narrow run before it
            break
        used += start - index
        if used + 2 > room:
            return text[:start] + "…"
        used += 2
        index = start + 1
    return text[: index + room - used] + "…"
