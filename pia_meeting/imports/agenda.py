"""Agenda item titles, as the header lists them and the body heads them: their numbering
(「(1)」「1.」「①」「議題1:」), their openness mark (「(公開審議)」「(非公開)」) and the key
that matches a body heading to its item."""

from __future__ import annotations

import re

from pia_meeting.imports.lines import squash

ITEM_NUMBER = re.compile(
    r"^(?:[(（][0-9０-９一二三四五六七八九十]{1,3}[)）]|[0-9０-９]{1,2}\s*[.．、)）]|[①-⑳]"
    r"|議題\s*[0-9０-９]{1,2}\s*[:：]?|[・■●◆〇○])\s*"
)
OPENNESS_MARK = re.compile(
    r"\s*[(（【](?P<word>公開審議|公開|一部公開|一部非公開|非公開審議|非公開)[)）】]\s*$"
)


def marked_closed(text: str) -> bool | None:
    """Whether the mark at the end of `text` closes the item (「(非公開)」); None: no mark."""
    mark = OPENNESS_MARK.search(text)
    return mark.group("word").startswith("非公開") if mark else None


def strip_numbering(text: str) -> str:
    return ITEM_NUMBER.sub("", text, count=1)


def strip_openness(text: str) -> str:
    mark = OPENNESS_MARK.search(text)
    return text[: mark.start()].strip() if mark else text


def heading_key(text: str) -> str:
    """A title or heading without numbering, openness mark or spaces: the two match when
    their keys do."""
    return squash(strip_openness(strip_numbering(text.strip())))
