"""The privacy guard (SPEC §7): finds 個人番号, e-mail addresses, phone numbers and observers'
names in entry text, and decides whether the 公開用 議事録 may be written.

Plain Python, no Textual: the capture screen calls `find_personal_data` on the text being
typed, the CLI's `check` and `export_minutes(public=True)` call `scan_meeting`.

Offsets in a `Finding` always refer to the text as given. Detection runs on a copy in which
every character is replaced by exactly one character (full-width digits and punctuation by
their ASCII forms, dashes between digits by "-"), so offsets carry over unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["my_number", "email", "phone", "observer_name"]
Severity = Literal["high", "medium", "low"]
ReviewStatus = Literal["checked", "masked", "override"]

MY_NUMBER: Kind = "my_number"
EMAIL: Kind = "email"
PHONE: Kind = "phone"
OBSERVER_NAME: Kind = "observer_name"
KINDS: tuple[Kind, ...] = (MY_NUMBER, EMAIL, PHONE, OBSERVER_NAME)

CHECKED: ReviewStatus = "checked"  # a person judged it not to be personal data
MASKED: ReviewStatus = "masked"  # the text was replaced by ●
OVERRIDE: ReviewStatus = "override"  # 公開用 written anyway, on purpose (recorded)
REVIEW_STATUSES: tuple[ReviewStatus, ...] = (CHECKED, MASKED, OVERRIDE)

KIND_LABELS: dict[str, str] = {
    MY_NUMBER: "個人番号",
    EMAIL: "メールアドレス",
    PHONE: "電話番号",
    OBSERVER_NAME: "傍聴人の氏名",
}
SEVERITY_LABELS: dict[str, str] = {"high": "高", "medium": "中", "low": "低"}

MASK_CHAR = "●"
CONTEXT_WINDOW = 20  # characters before and after a number searched for a context word
CONTEXT_WORDS = ("個人番号", "マイナンバー", "番号")  # longest first: named in the description

# weights Qn for the 11 base digits, counted from the right (DOMAIN §6)
_WEIGHTS = (2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6)
_DASHES = "-‐‑‒–—―−ー－"  # hyphen-minus, hyphens, dashes, minus, 長音符, full-width hyphen
_SPACES = " \u3000"


# -- normalising without moving offsets ----------------------------------------------------


def _fold_width(text: str) -> str:
    """Full-width ASCII (U+FF01–FF5E) to ASCII and the ideographic space to a space: one
    character for one, so that offsets stay valid."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _for_numbers(text: str) -> str:
    """`_fold_width`, then any dash standing between two digits becomes "-". Only between
    digits: 「センター」's 長音符 must not turn into a hyphen next to a number."""
    folded = list(_fold_width(text))
    for i in range(1, len(folded) - 1):
        if folded[i] in _DASHES and _is_digit(folded[i - 1]) and _is_digit(folded[i + 1]):
            folded[i] = "-"
    return "".join(folded)


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"  # str.isdigit would also take ² and other scripts' digits


def _digits_only(text: str) -> str:
    return "".join(ch for ch in _fold_width(text) if "0" <= ch <= "9")


# -- check digits ----------------------------------------------------------------------------


def my_number_check_digit(base11: str) -> int:
    """The check digit of a 個人番号 from its first 11 digits (full-width accepted).

    >>> my_number_check_digit("12345678901")
    8
    """
    digits = _fold_width(base11)
    if len(digits) != 11 or not all("0" <= d <= "9" for d in digits):
        raise ValueError(f"11 digits expected, got {base11!r}")
    total = sum(int(d) * w for d, w in zip(reversed(digits), _WEIGHTS, strict=True))
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_my_number(digits12: str) -> bool:
    """True when `digits12` is 12 digits (full-width, spaces and hyphens allowed) whose last
    digit is the check digit of the first 11. Never raises."""
    folded = _for_numbers(digits12)
    if any(not ("0" <= ch <= "9") and ch not in _SEPARATORS for ch in folded):
        return False
    digits = _digits_only(folded)
    if len(digits) != 12:
        return False
    return my_number_check_digit(digits[:11]) == int(digits[11])


# -- findings in one text --------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Something in a text that may be personal data. `start`/`end` index the original text,
    `matched == text[start:end]`."""

    kind: Kind
    start: int
    end: int
    matched: str
    severity: Severity
    description: str

    @property
    def redacted(self) -> str:
        return redact(self.kind, self.matched)


# 03-1234-5678, 090-1234-5678, (03)1234-5678, 03(1234)5678; the digit count is checked after.
_PHONE = re.compile(
    r"(?<![0-9(-])(?:"
    r"\(0[0-9]{1,4}\) ?[0-9]{1,4}-[0-9]{3,4}"
    r"|0[0-9]{1,4}\([0-9]{1,4}\)[0-9]{3,4}"
    r"|0[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}"
    r")(?![0-9])(?!-[0-9])"
)
_PHONE_DIGITS = (10, 11)  # 固定電話 10 digits, 携帯・IP電話 11
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"(?![A-Za-z0-9-])"
)


def _context_word(text: str, start: int, end: int) -> str | None:
    window = text[max(0, start - CONTEXT_WINDOW) : end + CONTEXT_WINDOW]
    return next((w for w in CONTEXT_WORDS if w in window), None)


# What may stand between the digit groups of one written number: spaces (ASCII, no-break,
# thin, ideographic), hyphens, dashes, minus signs, the 長音符 an IME gives, and dots. A
# run of up to three of them is one separator (「1234 - 5678 - 9018」).
_SPACE_SEPARATORS = " \u00a0\u2009\u202f\u3000"
_DASH_SEPARATORS = _DASHES + "\uff70"  # and half-width ｰ
# Dots: 「.」 and 「．」 (folded to 「.」). Not 「・」: it lists things, as a comma does.
_DOT_SEPARATORS = "."
_SEPARATORS = frozenset(_SPACE_SEPARATORS + _DASH_SEPARATORS + _DOT_SEPARATORS)
_DIGIT_GROUP = re.compile(r"[0-9]+")
_NUMBER_DIGITS = 12


def _separator_kind(between: str) -> str | None:
    """「space」, 「dash」 or 「dot」 for what joins two digit groups of one number; None
    when they are separate (a comma of a list, a word, a bracket, nothing at all)."""
    if not 1 <= len(between) <= 3 or any(ch not in _SEPARATORS for ch in between):
        return None
    if any(ch in _DASH_SEPARATORS for ch in between):
        return "dash"
    if any(ch in _DOT_SEPARATORS for ch in between):
        return "dot"
    return "space"


def _digit_runs(folded: str) -> list[tuple[list[tuple[int, int]], list[str]]]:
    """Digit groups joined by separators: each run is its groups' spans and the kinds of
    the separators between them."""
    runs: list[tuple[list[tuple[int, int]], list[str]]] = []
    for match in _DIGIT_GROUP.finditer(folded):
        span = match.span()
        if runs:
            groups, kinds = runs[-1]
            kind = _separator_kind(folded[groups[-1][1] : span[0]])
            if kind is not None:
                groups.append(span)
                kinds.append(kind)
                continue
        runs.append(([span], []))
    return runs


def is_valid_corporate_number(digits13: str) -> bool:
    """A 13-digit 法人番号 whose first digit is the check digit of the other 12 (DOMAIN §6)."""
    if len(digits13) != 13 or not digits13.isascii() or not digits13.isdigit():
        return False
    base = digits13[1:]
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), start=1))
    return int(digits13[0]) == 9 - total % 9


def _extends(kinds: list[str], first: int, last: int) -> bool:
    """Whether the groups `first`..`last` of a run are only part of a longer number: a
    neighbouring group joins them by a dash or a dot, or by a space where the number itself
    has spaces (「1234 5678 9018 3456」 is a card number). A space next to a number written
    without one is a list (「123456789018 987654321093」)."""
    inside = set(kinds[first:last])
    neighbours = [kinds[i] for i in (first - 1, last) if 0 <= i < len(kinds)]
    return any(kind != "space" or "space" in inside for kind in neighbours)


def _number_spans(folded: str) -> list[tuple[int, int]]:
    """Where 12 digits are written as one number, in any grouping: whole groups only (a
    window of a longer group is a longer number), no group of one digit beside others (a
    decimal), never inside a 13-digit 法人番号."""
    spans = []
    for groups, kinds in _digit_runs(folded):
        lengths = [b - a for a, b in groups]
        digits = "".join(folded[a:b] for a, b in groups)
        if len(digits) == 13 and is_valid_corporate_number(digits):
            continue
        for first in range(len(groups)):
            total = 0
            for last in range(first, len(groups)):
                total += lengths[last]
                if total >= _NUMBER_DIGITS:
                    break
            if total != _NUMBER_DIGITS:
                continue
            if last > first and min(lengths[first : last + 1]) < 2:
                continue
            if _extends(kinds, first, last):
                continue
            spans.append((groups[first][0], groups[last][1]))
    return spans


def _my_numbers(text: str, normalised: str) -> list[Finding]:
    found = []
    for start, end in _number_spans(normalised):
        digits = _digits_only(normalised[start:end])
        if my_number_check_digit(digits[:11]) != int(digits[11]):
            continue
        word = _context_word(text, start, end)
        if word:
            severity: Severity = "high"
            description = f"個人番号の可能性が高い(検査用数字が一致、近くに「{word}」)"
        else:
            severity = "medium"
            description = "個人番号の可能性(検査用数字が一致)"
        found.append(Finding(MY_NUMBER, start, end, text[start:end], severity, description))
    return found


def _phones(text: str, normalised: str) -> list[Finding]:
    return [
        Finding(PHONE, m.start(), m.end(), text[m.start() : m.end()], "low", "電話番号の可能性")
        for m in _PHONE.finditer(normalised)
        if len(_digits_only(m.group())) in _PHONE_DIGITS
    ]


def _emails(text: str) -> list[Finding]:
    return [
        Finding(EMAIL, m.start(), m.end(), text[m.start() : m.end()], "medium", "メールアドレス")
        for m in _EMAIL.finditer(_fold_width(text))
    ]


def _names(text: str, observer_names: Sequence[str]) -> list[Finding]:
    found = []
    for name in observer_names:
        parts = name.split()
        if len("".join(parts)) < 2:  # one character would match everywhere
            continue
        # 「山田 太郎」 on the roll matches 「山田太郎」 and 「山田　太郎」 in the text
        pattern = re.compile(r"[ \u3000]*".join(re.escape(p) for p in parts))
        found += [
            Finding(OBSERVER_NAME, m.start(), m.end(), m.group(), "medium", "傍聴人の氏名の可能性")
            for m in pattern.finditer(text)
        ]
    return found


def find_personal_data(text: str, *, observer_names: Sequence[str] = ()) -> list[Finding]:
    """Every possible piece of personal data in `text`, ordered by position.

    - 'my_number': 12 digits passing the 個人番号 check digit, contiguous or 4-4-4 (spaces or
      hyphens, half or full width); 'high' with 個人番号/マイナンバー/番号 within
      `CONTEXT_WINDOW` characters, else 'medium'. Longer digit runs (法人番号) never match.
    - 'phone' ('low': often an office's published number), 'email' ('medium'),
      'observer_name' ('medium') for each of `observer_names`.
    """
    if not text:
        return []
    normalised = _for_numbers(text)
    found = _my_numbers(text, normalised)
    numbers = [(f.start, f.end) for f in found]
    found += [
        f for f in _phones(text, normalised) if all(f.end <= s or f.start >= e for s, e in numbers)
    ]
    found += _emails(text)
    found += _names(text, observer_names)
    return sorted(found, key=lambda f: (f.start, f.end, KINDS.index(f.kind)))


# -- masking ---------------------------------------------------------------------------------


def _mask_span(kind: str, span: str) -> str:
    if kind in (MY_NUMBER, PHONE):
        # digits only: 「1234-5678-9018」 → 「●●●●-●●●●-●●●●」 still reads as a number
        return "".join(
            MASK_CHAR if "0" <= c <= "9" else ch
            for ch, c in zip(span, _fold_width(span), strict=True)
        )
    return "".join(ch if ch.isspace() else MASK_CHAR for ch in span)


def mask(text: str, finding: Finding) -> str:
    """`text` with the finding's span replaced by ● of the same length (separators and spaces
    kept). Same length, so the offsets of the other findings in `text` stay valid and they can
    be masked one after another. ValueError when the text changed since it was scanned."""
    if text[finding.start : finding.end] != finding.matched:
        raise ValueError("the text changed since it was scanned; scan it again")
    return text[: finding.start] + _mask_span(finding.kind, finding.matched) + text[finding.end :]


def mask_all(text: str, findings: Iterable[Finding]) -> str:
    for finding in findings:
        text = mask(text, finding)
    return text


def redact(kind: str, matched: str) -> str:
    """What may be shown or stored about a finding: numbers keep their last 4 digits
    (「●●●●-●●●●-9018」), an e-mail address its domain; a name is shown as it is (it is
    what the secretariat must look for)."""
    if kind in (MY_NUMBER, PHONE):
        keep = len(_digits_only(matched)) - 4
        out = []
        for ch, c in zip(matched, _fold_width(matched), strict=True):
            if "0" <= c <= "9":
                out.append(MASK_CHAR if keep > 0 else ch)
                keep -= 1
            else:
                out.append(ch)
        return "".join(out)
    if kind == EMAIL and "@" in _fold_width(matched):
        at = _fold_width(matched).index("@")
        return MASK_CHAR * at + matched[at:]
    return matched


def last4(matched: str) -> str:
    return _digits_only(matched)[-4:]


def redact_all(text: str, findings: Iterable[Finding]) -> str:
    """`text` with every finding redacted (see `redact`); same length as `text`."""
    for f in findings:
        text = text[: f.start] + redact(f.kind, text[f.start : f.end]) + text[f.end :]
    return text
