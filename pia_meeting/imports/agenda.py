"""Agenda item titles, as the header lists them and the body heads them: their numbering
(「(1)」「1.」「1 」「①」「⑴」「議題1:」), their openness mark (「(公開審議)」「(非公開)」),
their 諮問番号 (「(諮問第41号)」, 「第85号諮問事案」), the category headings that are no item
(審議事項, 報告事項), and the key that matches a body heading to its item."""

from __future__ import annotations

import re

from pia_meeting.imports.lines import squash
from pia_meeting.imports.vocabulary import AGENDA_CATEGORIES

ITEM_NUMBER = re.compile(
    r"^(?:[(（][0-9０-９一二三四五六七八九十]{1,3}[)）]|[0-9０-９]{1,2}\s*[.．、)）]"
    r"|[0-9０-９]{1,2}[ \t\u3000]+|[①-⑳⑴-⒇]"
    r"|議題\s*[0-9０-９]{1,2}\s*[:：]?|[・■●◆〇○])\s*"
)
OPENNESS_MARK = re.compile(
    r"\s*[(（【](?P<word>公開審議|公開|一部公開|一部非公開|非公開審議|非公開)[)）】]\s*$"
)
# 「(諮問第41号)」 at the end, or 「諮問第23号」 / 「第85号諮問事案」 before the title.
_INQUIRY_END = re.compile(r"\s*[(（](?P<inquiry>諮問第\s*[0-9０-９]+\s*号)[)）]\s*$")
_INQUIRY_START = re.compile(
    r"^(?P<inquiry>諮問第\s*[0-9０-９]+\s*号|第\s*[0-9０-９]+\s*号諮問(?:事案|事項)?)(?:\s+|$|(?=[「『]))"
)
_CATEGORY_PREFIX = re.compile(
    r"^(?:" + "|".join(sorted(AGENDA_CATEGORIES, key=len, reverse=True)) + r")[ \t\u3000]+"
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


def split_inquiry(title: str) -> tuple[str, str]:
    """(the title without its 諮問番号, the 諮問番号 as written or "")."""
    for pattern in (_INQUIRY_END, _INQUIRY_START):
        match = pattern.search(title)
        if match:
            rest = (title[: match.start()] + title[match.end() :]).strip()
            return strip_openness(rest), squash(match.group("inquiry"))
    return title, ""


def category_of(title: str) -> str:
    """The category word a title opens with: 「報告事項 …の運用状況について」 → 「報告事項」."""
    match = _CATEGORY_PREFIX.match(title)
    return squash(match.group(0)) if match else ""


def strip_category(title: str) -> str:
    """「報告事項 …の運用状況について」 → 「…の運用状況について」."""
    return _CATEGORY_PREFIX.sub("", title, count=1)


def is_category(text: str) -> bool:
    """A heading of a kind of items (審議事項, 報告事項 …), not an item of its own."""
    return squash(strip_numbering(text.strip())).strip("【】[]［］■●◆") in AGENDA_CATEGORIES


def heading_key(text: str) -> str:
    """A title or heading without numbering, openness mark, 諮問番号, category word or
    spaces: the two match when their keys do."""
    title = strip_openness(strip_numbering(text.strip()))
    title = split_inquiry(title)[0]
    return squash(strip_category(title)).strip("「」『』")
