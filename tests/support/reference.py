"""The published reference minutes (read from ../shared at test time, never copied)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.support.paths import SHARED

REFERENCE = SHARED / "reference" / "minutes-kitakyushu-2021-11-09.txt"

_LABEL = re.compile(r"^[（(](審査会委員|戸籍住民課|デジタル市役所推進課)[）)]\s*(.*)$")
_SENTENCE_END = ("。", "」", "？", "?")


@dataclass
class RefEntry:
    kind: str  # 説明 / 質問 / 回答 / ト書き / 見出し
    label: str  # 審査会委員 / 戸籍住民課 / デジタル市役所推進課 / "" for headings
    text: str


def reference_text() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def _joined(lines: list[str], first: str) -> str:
    """The paragraph that opens with `first`, with a sentence broken over a blank line joined
    (the reference has one such remark)."""
    index = lines.index(first)
    text = first.strip()
    for raw in lines[index + 1 :]:
        if text.endswith(_SENTENCE_END):
            break
        if raw.strip():
            text += raw.strip()
    return text


def reference_entries() -> list[RefEntry]:
    """The explanation and Q&A of the reference as the secretariat would have typed them:
    one entry a paragraph, PDF line breaks inside a sentence joined, up to 意見聴取終了.
    The closing lines after it are generated from the 答申, not typed."""
    lines = reference_text().split("内 容", 1)[1].splitlines()
    entries: list[RefEntry] = []
    body_started = False
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not body_started:
            body_started = True  # the first line is the agenda heading of the body
            continue
        heading = line.removeprefix("####").strip()
        if heading in ("質疑応答", "意見聴取終了"):
            entries.append(RefEntry("見出し", "", heading))
            if heading == "意見聴取終了":
                break
            continue
        match = _LABEL.match(line)
        if match:
            label, text = match.groups()
            if text.startswith("《") and text.endswith("》"):
                entries.append(RefEntry("ト書き", label, text[1:-1]))
                continue
            # A member asks, but for the one remark that asks nothing (「…と思う。」).
            kind = "回答"
            if label == "審査会委員":
                kind = "意見" if _joined(lines, raw).endswith("と思う。") else "質問"
            entries.append(RefEntry(kind, label, text))
            continue
        previous = entries[-1]
        if previous.kind in ("説明", "質問", "意見", "回答") and not previous.text.endswith(
            _SENTENCE_END
        ):
            previous.text += line  # a sentence broken over a blank line by PDF extraction
            continue
        kind = "説明" if previous.kind in ("ト書き", "説明") else previous.kind
        entries.append(RefEntry(kind, previous.label, line))
    return entries
