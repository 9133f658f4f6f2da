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
