"""The archive's full-text index, below the store (SPEC §5): what the search triggers and
the queries both use.

The index lives in the database (migration `m003_search` in `store.migrations`) and is kept
in sync by triggers, so every writer (capture, imports, editing, raw SQL) keeps it right:

- `search_docs`: one row per entry, agenda item and 答申, holding the *normalised* text. Its
  key (`docid`) is a sort key: the meeting's day, then the kind of row, then the row id, so
  that "newest first" is the FTS5 rowid order and a LIMIT stops the scan early.
- `search_tri`: FTS5 trigram index over that text, for query terms of 3+ characters.
- `search_short`: FTS5 index of each document's characters and overlapping 2-grams, for
  the words of one and two characters (「課」「委託」「研修」) that trigrams cannot match.
  Each character or 2-gram is one ASCII token, so nothing needs a scan.

Both sides are normalised alike (NFKC, case folded, 〜/～/~ as one), by `normalise`, which
the triggers call as the SQL function `pia_norm`. The functions are registered on every
connection `Store` opens; a connection without them can still read and search, but cannot
write entries. Changing `normalise` or `gram_tokens` changes what is in the index: it
needs a migration that rebuilds the search tables.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

# -- normalisation (shared with the triggers) ----------------------------------------------

# The wave dash family reads as one character to the secretariat (「10時〜12時」).
_FOLD = str.maketrans(
    {
        "\u301c": "~",  # 〜 WAVE DASH (NFKC keeps it)
        "\u2053": "~",  # ⁓ SWUNG DASH
        "\u223c": "~",  # ∼ TILDE OPERATOR
        "\u200b": None,  # zero-width space, joiner, BOM: invisible, never meant
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
    }
)
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
# The characters `_FOLD` changes that NFKC text without invisible ones can hold: looking for
# them first is several times faster than translating a text that has none (most texts).
_TILDES = re.compile("[\u301c\u2053\u223c]")


@lru_cache(maxsize=8192)
def _norm_cluster(cluster: str) -> str:
    text = unicodedata.normalize("NFKC", cluster).casefold().translate(_FOLD)
    # 葛󠄀 (with an ideographic variation selector) is searched as 葛.
    return _VARIATION_SELECTORS.sub("", text)


def _clusters(text: str) -> list[tuple[int, int]]:
    """Spans of a base character with what attaches to it (combining marks, half-width
    voiced marks ﾞﾟ, variation selectors). Normalising cluster by cluster is what lets a
    match in the normalised text be mapped back to the text as typed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(text)):
        ch = text[index]
        if (
            unicodedata.combining(ch)
            or ch in "\uff9e\uff9f"
            or "\ufe00" <= ch <= "\ufe0f"
            or "\U000e0100" <= ch <= "\U000e01ef"
        ):
            continue
        spans.append((start, index))
        start = index
    if text:
        spans.append((start, len(text)))
    return spans


_INVISIBLE = re.compile("[\u200b-\u200d\ufeff\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def _is_plain(text: str) -> bool:
    """Already NFKC, nothing invisible: each character stands for itself, so the whole
    string can be folded at once (C speed) with the same result as cluster by cluster."""
    return unicodedata.is_normalized("NFKC", text) and not _INVISIBLE.search(text)


def normalise(text: str) -> str:
    """The form both the index and the query are compared in: ＬＧＷＡＮ → lgwan,
    １４ページ → 14ページ, 〜/～/~ → ~."""
    if text.isascii():
        return text.casefold()  # NFKC changes nothing in ASCII
    if _is_plain(text):
        folded = text.casefold()
        return folded.translate(_FOLD) if _TILDES.search(folded) else folded
    return "".join(_norm_cluster(text[a:b]) for a, b in _clusters(text))


def normalised_with_map(text: str) -> tuple[str, Sequence[int], Sequence[int]]:
    """The normalised text, and for each of its characters the span of the original."""
    if text.isascii() or _is_plain(text):
        folded = text.casefold().translate(_FOLD)
        if len(folded) == len(text):  # one character for one (casefold never shortens)
            return folded, range(len(text)), range(1, len(text) + 1)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for a, b in _clusters(text):
        piece = _norm_cluster(text[a:b])
        parts.append(piece)
        starts.extend([a] * len(piece))
        ends.extend([b] * len(piece))
    return "".join(parts), starts, ends


class _HexOf(dict[str, str]):
    """A character's code point in hex (「委」 → 「59d4」), worked out once a character."""

    def __missing__(self, ch: str) -> str:
        value = f"{ord(ch):x}"
        self[ch] = value
        return value


_HEX_OF = _HexOf()


class _FirstOf(dict[str, str]):
    """A character's code point in hex with the 'z' that joins it to the next one in a
    2-gram (「委」 → 「59d4z」)."""

    def __missing__(self, ch: str) -> str:
        value = f"{ord(ch):x}z"
        self[ch] = value
        return value


_FIRST_OF = _FirstOf()


def gram_tokens(normalised: str) -> str:
    """The tokens of the short-word index: each distinct character once, then every
    overlapping 2-gram, written in ASCII (code points in hex; 'z' joins the two of a 2-gram)
    so that the FTS5 tokenizer keeps each one whole, whatever it thinks is a letter. White
    space separates words: no token holds any. (Built with map() over runs of characters:
    an import writes megabytes of text, and this is most of the time it takes.)"""
    runs = normalised.split()  # splits where str.isspace() holds, as the tokens must
    hex_of, first_of = _HEX_OF.__getitem__, _FIRST_OF.__getitem__
    tokens = list(map(hex_of, dict.fromkeys("".join(runs))))
    for run in runs:
        tokens += map(operator.add, map(first_of, run[:-1]), map(hex_of, run[1:]))
    return " ".join(tokens)


# Texts about to be written (an import): their normalised form and tokens, worked out before
# the write transaction begins, so that the triggers only look them up while it is open.
_PREPARED_NORM: dict[str, str] = {}
_PREPARED_GRAMS: dict[str, str] = {}


@contextmanager
def prepared(texts: Iterable[str]) -> Iterator[None]:
    """While inside, `pia_norm` and `pia_grams` of these texts are looked up, not computed:
    the work moves out of the write lock. Deterministic functions of their text, so a
    lookup from another thread or connection gives what computing would."""
    added: list[tuple[str, str]] = []
    for text in texts:
        if text in _PREPARED_NORM:
            continue
        norm = normalise(text)
        _PREPARED_NORM[text] = norm
        if norm not in _PREPARED_GRAMS:
            _PREPARED_GRAMS[norm] = gram_tokens(norm)
        added.append((text, norm))
    try:
        yield
    finally:
        for text, norm in added:
            _PREPARED_NORM.pop(text, None)
            _PREPARED_GRAMS.pop(norm, None)


def _sql_norm(text: object) -> str:
    if isinstance(text, str):
        found = _PREPARED_NORM.get(text)
        return found if found is not None else normalise(text)
    return normalise("" if text is None else str(text))


def _sql_grams(text: object) -> str:
    if not isinstance(text, str):
        return gram_tokens("")
    found = _PREPARED_GRAMS.get(text)
    return found if found is not None else gram_tokens(text)


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the search triggers call; needed on every connection that writes."""
    conn.create_function("pia_norm", 1, _sql_norm, deterministic=True)
    conn.create_function("pia_grams", 1, _sql_grams, deterministic=True)


# -- the sort key of a document (same formula as the triggers in migrations.m003_search) ------

SOURCE_TOSHIN = 0  # last of its day
SOURCE_ENTRY = 1
SOURCE_AGENDA = 2  # first of its day
SOURCES = {SOURCE_TOSHIN: "toshin", SOURCE_ENTRY: "entry", SOURCE_AGENDA: "agenda"}
_JULIAN_OFFSET = 1721424  # julianday(date) = date.toordinal() + 1721424.5
DAY_SHIFT = 33


def _day_number(day: dt.date) -> int:
    return day.toordinal() + _JULIAN_OFFSET


def year_range(year: int) -> tuple[int, int]:
    first = _day_number(dt.date(year, 1, 1)) << DAY_SHIFT
    last = ((_day_number(dt.date(year, 12, 31)) + 1) << DAY_SHIFT) - 1
    return first, last
