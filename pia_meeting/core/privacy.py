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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pia_meeting.core import clock, labels
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import AuditEvent, EntryKind, MeetingBundle

if TYPE_CHECKING:
    from pia_meeting.store.facade import Store

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
OVERRIDE_FLAG = "--allow-personal-data"

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
    if any(not ("0" <= ch <= "9") and ch not in _SPACES and ch not in _DASHES for ch in folded):
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


# A 12-digit run, not part of a longer number: no digit next to it, nor a digit behind a
# decimal point, comma or hyphen (13-digit 法人番号, amounts, codes like 123456789012-3).
_MY_NUMBER_PLAIN = re.compile(r"(?<![0-9])(?<![0-9][.,-])[0-9]{12}(?![0-9])(?![.,-][0-9])")
# 4-4-4 with one kind of separator; a fourth group (a card number) disqualifies it.
_MY_NUMBER_GROUPED = re.compile(
    r"(?<![0-9])(?<![0-9][., -])[0-9]{4}(?P<sep>[ -])[0-9]{4}(?P=sep)[0-9]{4}"
    r"(?![0-9])(?![., -][0-9])"
)
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


def _my_numbers(text: str, normalised: str) -> list[Finding]:
    found = []
    for pattern in (_MY_NUMBER_PLAIN, _MY_NUMBER_GROUPED):
        for m in pattern.finditer(normalised):
            if not is_valid_my_number(m.group()):
                continue
            word = _context_word(text, m.start(), m.end())
            if word:
                severity: Severity = "high"
                description = f"個人番号の可能性が高い(検査用数字が一致、近くに「{word}」)"
            else:
                severity = "medium"
                description = "個人番号の可能性(検査用数字が一致)"
            found.append(
                Finding(
                    MY_NUMBER, m.start(), m.end(), text[m.start() : m.end()], severity, description
                )
            )
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


# -- a whole meeting -------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingFinding:
    """A finding in one entry of a meeting. `position`/`end` index the entry's text; `where`
    names the entry as a reader finds it: 「第3件 (10:05 (戸籍住民課)) [ID 42]」."""

    entry_id: int
    agenda_item_id: int | None
    seq: int
    position: int
    end: int
    kind: Kind
    matched: str
    snippet: str  # the surrounding text, the finding redacted
    severity: Severity
    description: str
    resolved: bool
    public: bool  # part of the 公開用 version (public entry of a public agenda item)
    where: str

    @property
    def redacted(self) -> str:
        return redact(self.kind, self.matched)

    @property
    def blocks_public(self) -> bool:
        return self.kind == MY_NUMBER and self.public and not self.resolved


def redact_all(text: str, findings: Iterable[Finding]) -> str:
    """`text` with every finding redacted (see `redact`); same length as `text`."""
    for f in findings:
        text = text[: f.start] + redact(f.kind, text[f.start : f.end]) + text[f.end :]
    return text


def _snippet(redacted_text: str, finding: Finding, width: int = 12) -> str:
    # Cut from the text with every finding redacted: a neighbour must not show in full.
    start, end = max(0, finding.start - width), finding.end + width
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(redacted_text) else ""
    return " ".join(f"{lead}{redacted_text[start:end]}{tail}".split())


def entry_where(bundle: MeetingBundle, entry_id: int | None) -> str:
    """「第3件 (10:05 (戸籍住民課)) [ID 42]」, prefixed with 「議題2 」 when the meeting has
    more than one agenda item."""
    entry = next((e for e in bundle.entries if e.id == entry_id), None)
    if entry is None:
        return f"[ID {entry_id}]"
    person = bundle.attendee(entry.speaker_id)
    if person is not None:
        label = labels.speaker_label(bundle.board, person, bundle.attendance)
    else:
        label = entry.speaker_label.strip()
    parts = [p for p in (clock.hm_of(entry.spoken_at), label) if p]
    where = f"第{entry.seq}件" + (f" ({' '.join(parts)})" if parts else "")
    item = next((a for a in bundle.agenda if a.id == entry.agenda_item_id), None)
    if item is not None and len(bundle.agenda) > 1:
        where = f"議題{item.seq} {where}"
    return f"{where} [ID {entry.id}]"


def _checked_keys(reviews: Iterable[Mapping[str, Any]]) -> set[tuple[int, str, str]]:
    return {
        (int(r["entry_id"]), str(r["kind"]), str(r["matched"]))
        for r in reviews
        if r["status"] == CHECKED
    }


def scan_meeting(
    bundle: MeetingBundle,
    *,
    reviews: Iterable[Mapping[str, Any]] = (),
    observer_names: Sequence[str] = (),
) -> list[MeetingFinding]:
    """Every finding in the meeting's entries, in the order of the minutes.

    `reviews` are rows of `Store.finding_reviews`: a finding is resolved when reviewed
    'checked' for the same (entry, kind, matched text). Masked text no longer matches, so it
    is not found at all."""
    checked = _checked_keys(reviews)
    public_items = {a.id for a in bundle.agenda if a.is_public}
    known_items = {a.id for a in bundle.agenda}
    found = []
    for entry in bundle.entries:
        if entry.id is None:
            continue
        # Entries outside any known agenda item still print in the 公開用 body.
        in_public_item = entry.agenda_item_id in public_items or (
            entry.agenda_item_id not in known_items
        )
        public = bool(entry.is_public) and in_public_item
        in_entry = find_personal_data(entry.text, observer_names=observer_names)
        if not in_entry:
            continue
        where = entry_where(bundle, entry.id)
        redacted_text = redact_all(entry.text, in_entry)
        for f in in_entry:
            found.append(
                MeetingFinding(
                    entry_id=entry.id,
                    agenda_item_id=entry.agenda_item_id,
                    seq=entry.seq,
                    position=f.start,
                    end=f.end,
                    kind=f.kind,
                    matched=f.matched,
                    snippet=_snippet(redacted_text, f),
                    severity=f.severity,
                    description=f.description,
                    resolved=(entry.id, f.kind, f.matched) in checked,
                    public=public,
                    where=where,
                )
            )
    return found


def blocking_findings(findings: Iterable[MeetingFinding]) -> list[MeetingFinding]:
    """The findings that stop the 公開用 export: unresolved 個人番号 in its public parts."""
    return [f for f in findings if f.blocks_public]


class PrivacyBlockedError(UserError):
    """The 公開用 議事録 would carry a possible 個人番号; `findings` are the blocking ones."""

    def __init__(self, findings: Sequence[MeetingFinding]) -> None:
        self.findings = list(findings)
        lines = [f"  {f.where} {f.redacted}" for f in self.findings]
        super().__init__(
            f"公開用の議事録に個人番号の可能性がある番号が残っているため、出力しません"
            f"({len(self.findings)}件):\n"
            + "\n".join(lines)
            + "\n個人番号であれば伏せ字にし、個人番号でなければ確認済みにしてください。"
            f"確認のうえこのまま出力するには {OVERRIDE_FLAG} を付けてください(記録されます)。"
        )


def record_override(
    store: Store,
    bundle: MeetingBundle,
    findings: Sequence[MeetingFinding],
    *,
    actor: str,
    target: Path,
) -> None:
    """Record that the 公開用 was written with `findings` left in: one audit row and one
    'override' review per finding. Only the last 4 digits are kept, never the number."""
    with store.atomic():
        for f in findings:
            store.record_audit(
                AuditEvent(
                    meeting_id=bundle.meeting.id,
                    table_name="entries",
                    row_id=f.entry_id,
                    field="privacy:my_number",
                    new_value=f"末尾{last4(f.matched)} {f.where}",
                    reason=(
                        f"個人番号の可能性がある番号を残したまま公開用を出力 ({target.name}、"
                        f"{OVERRIDE_FLAG})"
                    ),
                    actor=actor,
                )
            )
            store.mark_finding(f.entry_id, f.kind, f.matched, OVERRIDE, actor, "公開用の出力")


# -- consistency (cheap checks shown by `check`, never blocking) -----------------------------


@dataclass(frozen=True)
class ConsistencyNote:
    entry_id: int | None
    where: str
    message: str


_SPEAKERLESS_KINDS = frozenset({EntryKind.HEADING, EntryKind.STAGE, EntryKind.UNCLASSIFIED})


def consistency_notes(bundle: MeetingBundle) -> list[ConsistencyNote]:
    """Entries without a speaker where one is expected; pages beyond the 評価書's page count."""
    pages_of: dict[int | None, int | None] = {}
    for item in bundle.agenda:
        assessment = bundle.assessment_of(item)
        pages_of[item.id] = assessment.page_count if assessment else None
    notes = []
    for entry in bundle.entries:
        if (
            entry.kind not in _SPEAKERLESS_KINDS
            and entry.speaker_id is None
            and not entry.speaker_label.strip()
        ):
            notes.append(
                ConsistencyNote(entry.id, entry_where(bundle, entry.id), "発言者が未設定です")
            )
        limit = pages_of.get(entry.agenda_item_id)
        beyond = [p for p in entry.page_list if limit and p > limit]
        if beyond:
            notes.append(
                ConsistencyNote(
                    entry.id,
                    entry_where(bundle, entry.id),
                    f"評価書のページ数({limit})を超えるページ: "
                    + "、".join(f"p.{p}" for p in beyond),
                )
            )
    return notes
