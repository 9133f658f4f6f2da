"""The round-trip measure of issue 16: how much of a published minutes comes back, in order,
when it is imported and exported again in its own style.

Both texts are compared after NFKC and with all white space removed (line breaks too): a
source line is found when it occurs in the export at or after where the previous found line
ended; a 。-sentence likewise. Leading 「#」 marks (headings in text extracted from a PDF) are
not part of a line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def source_lines(text: str) -> list[str]:
    lines = (normalise(line).lstrip("#") for line in text.splitlines())
    return [line for line in lines if line]


def sentences(text: str) -> list[str]:
    """The 。-sentences of each line: what ends in 「。」 (a line's tail without one is not)."""
    found: list[str] = []
    for line in source_lines(text):
        found += [piece + "。" for piece in line.split("。")[:-1] if piece]
    return found


def in_order(needles: list[str], haystack: str) -> list[str]:
    """The needles not found in `haystack` in order (each after the previous one found)."""
    missing: list[str] = []
    position = 0
    for needle in needles:
        at = haystack.find(needle, position)
        if at < 0:
            missing.append(needle)
            continue
        position = at + len(needle)
    return missing


@dataclass
class Figures:
    lines: int
    lines_found: int
    sentences: int
    sentences_found: int
    missing_lines: list[str] = field(default_factory=list)
    missing_sentences: list[str] = field(default_factory=list)

    @property
    def line_share(self) -> float:
        return self.lines_found / self.lines if self.lines else 1.0

    @property
    def sentence_share(self) -> float:
        return self.sentences_found / self.sentences if self.sentences else 1.0

    def meets(self, bar: float = 0.99) -> bool:
        return self.line_share >= bar and self.sentence_share >= bar

    def __str__(self) -> str:
        return (
            f"lines {self.lines_found}/{self.lines} ({self.line_share:.1%}), "
            f"sentences {self.sentences_found}/{self.sentences} ({self.sentence_share:.1%})"
        )


def measure(source: str, exported: str) -> Figures:
    """How much of `source` (a published minutes) `exported` gives back, in order."""
    stream = normalise(exported)
    lines, said = source_lines(source), sentences(source)
    missing_lines, missing_sentences = in_order(lines, stream), in_order(said, stream)
    return Figures(
        len(lines),
        len(lines) - len(missing_lines),
        len(said),
        len(said) - len(missing_sentences),
        missing_lines,
        missing_sentences,
    )
