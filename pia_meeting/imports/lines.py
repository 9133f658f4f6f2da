"""The text of a minutes as lines, and the small text helpers every stage uses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pia_meeting.imports.vocabulary import TITLES

# A paragraph ending in one of these ends a sentence; otherwise a PDF may have cut it.
SENTENCE_ENDS = ("。", "」", "？", "?", "）", ")", "！", "!", "』", "．", "》")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARK = re.compile(r"^(#{1,6})[ \t\u3000]+(\S.*)$")


@dataclass
class Line:
    """One non-blank line of the text."""

    text: str  # stripped, heading marks removed
    blank_before: bool
    indented: bool
    level: int = 0  # number of 「#」 marks (a heading), 0 for ordinary text


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of `text`, any line ends, control characters removed; a line
    marked 「# 」…「###### 」 (how .docx headings and the reference's are read) is a heading."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _CONTROL.sub("", text)
    lines: list[Line] = []
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
        lines.append(Line(stripped, blank, indented, level))
        blank = False
    return lines


def squash(text: str) -> str:
    """`text` without any white space (「日 時」 → 「日時」)."""
    return "".join(text.split())


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(SENTENCE_ENDS)


# The titles as one pattern anchored at the end: the leftmost match is the longest title
# (「課長補佐」 before 「補佐」), and one search beats trying each title in turn.
_TITLE_END = re.compile("(?:" + "|".join(re.escape(t) for t in TITLES) + ")$")


def split_title(text: str) -> tuple[str, str]:
    """「時枝会長」 → (時枝, 会長); no known title → (text, "")."""
    match = _TITLE_END.search(text)
    if match is None:
        return text, ""
    if match.start() == 0:  # the title alone: look for a shorter one that leaves a name
        for title in TITLES:
            if text.endswith(title) and len(text) > len(title):
                return text[: -len(title)], title
        return text, ""
    return text[: match.start()], match.group(0)


def title_at_end(text: str) -> str:
    """The title `text` ends with (「市民課長」 → 課長), or ""."""
    match = _TITLE_END.search(text)
    return match.group(0) if match else ""
