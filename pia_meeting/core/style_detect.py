"""Which minutes style published minutes are written in (issue 16, point 4).

An importer reads the minutes and notes what it sees — the header's form, the label brackets
and where the label stands, the name and date forms, how attendees and observers are written,
the ト書き brackets, the title's words — in an `Observed`. `detect(observed)` compares that
with every built-in style and returns the closest one and the overrides that make it match
what was seen (keys of the style file, as a board stores them: `Detection.overrides_json()`).

For the importer: fill what you could tell and leave the rest None (an empty tuple for the
tuples); give the board this result through `NewMeeting.minutes_style` and
`NewMeeting.style_overrides` (core.record). A board that already exists keeps its style.

    observed = Observed(header_form="sections", numbered_keys=True, label_open="【",
                        label_close="】", label_placement="inline", weekday="long",
                        time_form="ampm", observers_unit="名", stage_open="(", stage_close=")",
                        title_words=("年度", "議事録"))
    found = detect(observed)          # found.style == "numbered-sections"
    record = NewMeeting(..., minutes_style=found.style, style_overrides=found.overrides_json())
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

from pia_meeting.core.labels import FORM_CORES, brackets
from pia_meeting.core.model import Numbering
from pia_meeting.core.styles import (
    DEFAULT_STYLE,
    MinutesStyle,
    RowStyle,
    builtin_styles,
    style_dict,
)

TITLE_WORDS = ("年度", "議事録", "会議録", "会議の概要", "審議結果", "開催結果")


@dataclass(frozen=True)
class Observed:
    """What an importer saw in a published minutes; None (or ()) where it could not tell.

    header_form: "table" (key and value on one line, a tab or spaces between: a table
        extracted from a PDF or Word), "sections" (a key on its line, the value below),
        "inline" (「key:value」 lines)
    numbered_keys: the keys carry numbers (「1 開催日時」)
    key_prefix: a mark before each key, e.g. "◇"
    keyless_date: the date line (and the place line) carry no key
    label_open, label_close: the label's brackets: "(" ")", "【" "】", "〇" "", "○" "",
        "〈" "〉", "" "" for a bare label
    label_placement: "inline" (the text follows on the line) or "line" (alone on its line)
    label_separator: inline: what stands between the label and the text, " " or ""
    name_form: how labels name people: "surname" (【三好会長】), "full" (【三好達也会長】),
        "none" (no names: 〇会長, (戸籍住民課))
    member_label: "group" (審査会委員), "role" (会長 / 委員), "name_role" (三好会長),
        "letter" (委員A)
    explainer_label: "unit" (a department: 戸籍住民課), "word" (one word for all: 実施機関,
        回答), "post" (情報政策課長), "name_role" (芳賀主査)
    explainer_word: the word of "word": "実施機関", "回答"
    weekday: "short" ((火)) or "long" ((火曜日))
    time_form: "clock" (10:00), "ampm" (午前9時30分), "kanji" (13時30分)
    zero_minutes: 「午後2時00分」 (True) or 「午後2時」 (False) on the hour
    time_range: what stands between the start and the end: "~", "から", "∼"
    attendee_layout: "joined" (one line, 、 between), "by_department" (a line a department),
        "one_per_line"
    observers_unit: "人" or "名"; observers_none: the word for nobody, e.g. "なし"
    stage_open, stage_close: the ト書き brackets: "《" "》", "(" ")", "【" "】"
    agenda_number: the first agenda number as printed: "(1)", "⑴", "1"
    title_words: which of TITLE_WORDS the title has
    """

    header_form: str | None = None
    numbered_keys: bool | None = None
    key_prefix: str | None = None
    keyless_date: bool | None = None
    label_open: str | None = None
    label_close: str | None = None
    label_placement: str | None = None
    label_separator: str | None = None
    name_form: str | None = None
    member_label: str | None = None
    explainer_label: str | None = None
    explainer_word: str | None = None
    weekday: str | None = None
    time_form: str | None = None
    zero_minutes: bool | None = None
    time_range: str | None = None
    attendee_layout: str | None = None
    observers_unit: str | None = None
    observers_none: str | None = None
    stage_open: str | None = None
    stage_close: str | None = None
    agenda_number: str | None = None
    title_words: tuple[str, ...] = ()


# How much each feature says about the layout family.
WEIGHTS: dict[str, float] = {
    "header_form": 4,
    "numbered_keys": 2,
    "key_prefix": 3,
    "keyless_date": 3,
    "label_open": 2,
    "label_close": 1,
    "label_placement": 2,
    "label_separator": 0.5,
    "name_form": 1,
    "member_label": 1,
    "explainer_label": 1,
    "explainer_word": 0.5,
    "weekday": 1,
    "time_form": 1,
    "zero_minutes": 0.5,
    "time_range": 1,
    "attendee_layout": 1,
    "observers_unit": 0.5,
    "observers_none": 0.5,
    "stage_open": 1,
    "stage_close": 0.5,
    "agenda_number": 1,
}
TITLE_WEIGHT = 1.0


@dataclass(frozen=True)
class Detection:
    style: str  # the built-in style's name
    overrides: dict[str, Any] = field(default_factory=dict)
    score: float = 0.0  # the share of what was seen that the style matched as it is
    numbering: str | None = None  # 年度 when the title counts meetings within a 年度

    def overrides_json(self) -> str:
        return json.dumps(self.overrides, ensure_ascii=False) if self.overrides else ""


_NUMBER_SAMPLES = {"({n})": "(1)", "{⑴}": "⑴", "{n}": "1", "{①}": "①"}


def _first_row(style: MinutesStyle, kind: str) -> RowStyle | None:
    return next((row for row in style.header.rows if row.field == kind), None)


def features(style: MinutesStyle) -> dict[str, Any]:
    """The style as the features an importer observes."""
    labels = style.labels
    opening, closing = brackets(labels)
    member, _, explainer = FORM_CORES.get(labels.form, FORM_CORES["name"])
    attendees = _first_row(style, "attendees")
    group = attendees.groups[0] if attendees and attendees.groups else None
    observers = _first_row(style, "observers")
    date = _first_row(style, "date")
    title = "".join(style.title.pattern.split())  # 「会 議 録」 is 会議録
    return {
        "header_form": style.header.form,
        "numbered_keys": bool(style.header.number),
        "key_prefix": style.header.key_prefix,
        "keyless_date": bool(date is not None and not date.label),
        "label_open": opening,
        "label_close": closing,
        "label_placement": labels.placement,
        "label_separator": labels.separator if labels.placement == "inline" else None,
        "name_form": "full" if labels.name == "full" else "surname",
        "member_label": labels.member or member,
        "explainer_label": labels.explainer or explainer,
        "explainer_word": labels.word,
        "weekday": style.dates.weekday,
        "time_form": style.dates.time,
        "zero_minutes": style.dates.zero_minutes,
        "time_range": style.dates.range,
        "attendee_layout": group.layout if group else None,
        "observers_unit": observers.unit if observers else None,
        "observers_none": observers.none if observers else None,
        "stage_open": style.stage.open,
        "stage_close": style.stage.close,
        "agenda_number": _NUMBER_SAMPLES.get(style.agenda.number, style.agenda.number),
        "title_words": tuple(
            word for word in TITLE_WORDS if (f"{{{word}}}" if word == "年度" else word) in title
        ),
    }


def _score(observed: Observed, have: dict[str, Any]) -> tuple[float, float]:
    """(points matched, points observed)."""
    got = total = 0.0
    for name, weight in WEIGHTS.items():
        value = getattr(observed, name)
        if value is None:
            continue
        if name == "name_form" and value == "none":
            continue  # labels without names say nothing of the name form
        total += weight
        got += weight if have.get(name) == value else 0
    for word in observed.title_words:
        total += TITLE_WEIGHT
        got += TITLE_WEIGHT if word in have["title_words"] else 0
    return got, total


def _row_override(
    style: MinutesStyle, kind: str, changes: dict[str, Any]
) -> list[dict[str, Any]] | None:
    """The style's header rows with `changes` made to its first row of `kind` (arrays are
    replaced whole by an override), or None when nothing would change."""
    rows = style_dict(style)["header"]["rows"]
    for row in rows:
        if row["field"] == kind:
            if all(row.get(k) == v for k, v in changes.items()):
                return None
            row.update(changes)
            return list(rows)
    return None


def _overrides(observed: Observed, style: MinutesStyle) -> dict[str, Any]:
    have = features(style)
    out: dict[str, dict[str, Any]] = {}

    def put(section: str, key: str, value: Any) -> None:
        out.setdefault(section, {})[key] = value

    def differs(name: str) -> bool:
        value = getattr(observed, name)
        return value is not None and have.get(name) != value

    simple = {
        "label_open": ("labels", "open"),
        "label_close": ("labels", "close"),
        "label_placement": ("labels", "placement"),
        "label_separator": ("labels", "separator"),
        "explainer_word": ("labels", "word"),
        "weekday": ("dates", "weekday"),
        "time_form": ("dates", "time"),
        "zero_minutes": ("dates", "zero_minutes"),
        "stage_open": ("stage", "open"),
        "stage_close": ("stage", "close"),
    }
    for name, (section, key) in simple.items():
        if differs(name):
            put(section, key, getattr(observed, name))
    if differs("member_label"):
        put("labels", "member", observed.member_label)
    if differs("explainer_label"):
        put("labels", "explainer", observed.explainer_label)
    if differs("name_form") and observed.name_form in ("surname", "full"):
        put("labels", "name", "display" if observed.name_form == "surname" else "full")
        put("labels", "role", "short" if observed.name_form == "surname" else "full")
    if differs("time_range") and observed.time_range:
        put("dates", "range", observed.time_range)
        put("dates", "until", "まで" if observed.time_range == "から" else "")
    if differs("agenda_number") and observed.agenda_number:
        sample = {v: k for k, v in _NUMBER_SAMPLES.items()}.get(observed.agenda_number)
        if sample:
            put("agenda", "number", sample)
    changes = {
        key: value
        for key, value in (("unit", observed.observers_unit), ("none", observed.observers_none))
        if value is not None
    }
    rows = _row_override(style, "observers", changes) if changes else None
    if rows is not None:
        put("header", "rows", rows)
    return out


def detect(observed: Observed) -> Detection:
    """The built-in style closest to what was observed, with the overrides that make it
    match. Ties go to the earlier style in file order, the default first."""
    candidates = builtin_styles()
    best_name, best_score, best_total = "", -1.0, 0.0
    order = sorted(candidates, key=lambda name: (name != DEFAULT_STYLE, name))
    for name in order:
        got, total = _score(observed, features(candidates[name]))
        if got > best_score:
            best_name, best_score, best_total = name, got, total
    style = candidates[best_name]
    numbering = Numbering.FISCAL_YEAR.value if "年度" in observed.title_words else None
    return Detection(
        style=best_name,
        overrides=_overrides(observed, style),
        score=best_score / best_total if best_total else 0.0,
        numbering=numbering,
    )


def observed_fields() -> list[str]:
    """The names of what an importer may observe (for documentation and tests)."""
    return [f.name for f in fields(Observed)]
