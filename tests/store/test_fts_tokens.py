"""The short-word index's tokens (store.fts.gram_tokens) are what the index already holds:
the faster way of making them (issue 17's import speed) gives the very same string, or
existing databases would need their index rebuilt."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from pia_meeting.store.fts import gram_tokens


def _as_first_written(normalised: str) -> str:
    singles = dict.fromkeys(ch for ch in normalised if not ch.isspace())
    pairs = (
        f"{ord(a):x}z{ord(b):x}"
        for a, b in itertools.pairwise(normalised)
        if not a.isspace() and not b.isspace()
    )
    return " ".join(itertools.chain((f"{ord(ch):x}" for ch in singles), pairs))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="あい委託 \u3000\n\t\x1c\x85\xa0ab、。1", max_size=30))
def test_the_tokens_are_as_before(text: str) -> None:
    assert gram_tokens(text) == _as_first_written(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_the_tokens_are_as_before_for_any_text(text: str) -> None:
    assert gram_tokens(text) == _as_first_written(text)
