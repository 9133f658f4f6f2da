"""The end of an agenda item: the chair's 答申 closing lines (DOMAIN §4 E), and the sentence
that states why a closed item is not published."""

from __future__ import annotations

import re

from pia_meeting.core.model import EntryKind, ToshinTemplate
from pia_meeting.core.toshin import RESULT_ADOPTED, RESULT_CONTINUED, closing_phrases
from pia_meeting.imports.tree import ParsedEntry, ParsedItem, ParsedToshin

_QUESTION_RE = re.compile(
    r"答申の方向性は、?「(?P<wording>.+)」と(?:認めて|して)よろしいか[。？?]?$"
)
_CLOSED_SENTENCE = re.compile(r"公開しません|公開しない|非公開と(?:する|した|します)|非公開で")
_CLOSING_LINES = 3  # 「以上を踏まえ…」, the question, 「異議がないので…」


def take_closing(item: ParsedItem) -> None:
    """The chair's closing lines → a confirmed 答申, when the exporter would print exactly
    those lines again at the same place (the end of the item); they are then taken out of
    the entries. Otherwise the lines stay entries, and a 答申 wording found in them is kept
    as an unconfirmed draft."""
    tail = _tail(item)
    toshin, taken = _confirmed(tail)
    if toshin is not None:
        item.before_closing = ([*item.entries], [e.text for e in item.entries])
        item.closing_taken = [text for _, _, text in reversed(tail[:taken])]
        for entry, index, _ in tail[:taken]:
            lines = entry.text.split("\n")
            del lines[index]
            entry.text = "\n".join(lines)
        item.entries = [e for e in item.entries if e.text.strip()]
        item.toshin = toshin
        return
    item.toshin = _draft(item)


def give_back_closing(item: ParsedItem) -> None:
    """The closing lines taken by `take_closing` back among the item's entries, as they
    were; the 答申 found in them a draft."""
    if item.before_closing is None:
        return
    entries, texts = item.before_closing
    for entry, text in zip(entries, texts, strict=True):
        entry.text = text
    item.entries = entries
    item.before_closing, item.closing_taken = None, []
    item.toshin = _draft(item)


def closed_reason(item: ParsedItem) -> str:
    """The line of the item that says it is not published (「…の規定により公開しません。」),
    or ""."""
    for entry in item.entries:
        for line in entry.text.split("\n"):
            if _CLOSED_SENTENCE.search(line):
                return line.strip()
    return ""


def _tail(item: ParsedItem) -> list[tuple[ParsedEntry, int, str]]:
    """(entry, line index, text) of the item's last lines after its last ト書き or heading,
    last first, at most three."""
    tail: list[tuple[ParsedEntry, int, str]] = []
    for entry in reversed(item.entries):
        if entry.kind in (EntryKind.STAGE, EntryKind.HEADING) or len(tail) >= _CLOSING_LINES:
            break
        lines = entry.text.split("\n")
        for index in range(len(lines) - 1, -1, -1):
            tail.append((entry, index, lines[index].strip()))
            if len(tail) >= _CLOSING_LINES:
                break
    return tail


def _confirmed(tail: list[tuple[ParsedEntry, int, str]]) -> tuple[ParsedToshin | None, int]:
    """The confirmed 答申 the closing lines give, and how many of the lines it takes."""
    phrases = closing_phrases()
    texts = [text for _, _, text in tail]
    if texts[:1] == [phrases["continued"]]:
        continued = ParsedToshin(
            phrases["continued"], ToshinTemplate.CONTINUED, True, RESULT_CONTINUED
        )
        return continued, 1
    if len(texts) < 2 or texts[0] != phrases["consent"]:
        return None, 0
    match = _QUESTION_RE.search(texts[1])
    if not match or texts[1] != phrases["question"].replace("{wording}", match.group("wording")):
        return None, 0
    wording = match.group("wording")
    toshin = ParsedToshin(wording, _guess_template(wording), True, RESULT_ADOPTED)
    return toshin, 3 if len(texts) >= 3 and texts[2] == phrases["intro"] else 2


def _draft(item: ParsedItem) -> ParsedToshin | None:
    for entry in item.entries:
        for line in entry.text.split("\n"):
            match = _QUESTION_RE.search(line.strip())
            if match:
                wording = match.group("wording")
                return ParsedToshin(wording, _guess_template(wording))
    return None


def _guess_template(wording: str) -> str:
    if "条件として" in wording:
        return ToshinTemplate.CONDITIONAL
    if "留意されたい" in wording:
        return ToshinTemplate.WITH_RIDERS
    return ToshinTemplate.CONFORMS
