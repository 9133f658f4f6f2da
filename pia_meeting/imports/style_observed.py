"""From what the readers noted of a minutes' layout (`layout.LayoutObservations`) to what
the style detection reads (`core.style_detect.Observed`): the two speak of the same forms in
the words of their own side. A form the readers do not tell apart is left unknown (None),
which the detection does not count for or against a style."""

from __future__ import annotations

from pia_meeting.core.style_detect import TITLE_WORDS, Detection, Observed, detect
from pia_meeting.imports import layout as seen

# header form → (header_form, numbered_keys, key_prefix)
_HEADER: dict[str, tuple[str, bool | None, str | None]] = {
    seen.TWO_COLUMN_TABLE: ("table", False, None),
    seen.NUMBERED_SECTIONS: ("sections", True, None),
    seen.DIAMOND_KEYS: ("sections", False, "◇"),
    seen.KEY_LINE_VALUE_LINE: ("sections", False, None),
    seen.BARE_PDF_TABLE: ("table", False, None),
    seen.KEY_COLON_VALUE: ("inline", False, None),
    seen.NO_KEYS: ("inline", False, None),
}
# label brackets as noted → (open, close) as a style writes them
_BRACKETS = {"()": ("(", ")"), "【】": ("【", "】"), "〈〉": ("〈", "〉"), "<>": ("<", ">"),
             "〇": ("○", ""), "": ("", "")}  # fmt: skip
# what a label names → (name_form, member_label)
_CONTENT = {
    "name_role": ("surname", "name_role"),
    "role": ("none", "role"),
    "department": ("none", "group"),
    "letters": ("none", "letter"),
    "answer": ("none", None),
}
_ATTENDEES = {
    "title_then_name": "one_per_line",
    "name_department_title": "joined",
    "grouped_name_title": "joined",
}
_DATE_KEYS = ("日時", "開催日時", "開催年月日", "開催日")
_UNITS = ("人", "名", "")


def _time_form(date_form: str) -> str | None:
    if "gozen" in date_form:
        return "ampm"
    if "ji" in date_form.split():
        return "kanji"
    if "hh:mm" in date_form:
        return "clock"
    return None


def _time_range(date_form: str) -> str | None:
    if "kara" in date_form or "kara_made" in date_form:
        return "から"
    return "~" if "~" in date_form.split() else None


def _weekday(date_form: str) -> str | None:
    parts = date_form.split()
    if "weekday_long" in parts:
        return "long"
    return "short" if "weekday" in parts else None


def observed_of(layout: seen.LayoutObservations, title: str) -> Observed:
    """What `layout` says, as the detection reads it; `title` is the minutes' title line."""
    header_form, numbered, prefix = _HEADER.get(layout.header_form, (None, None, None))
    # "" is a bare label (「会長」 alone on its line) once one was seen; nothing seen is None
    seen_labels = "label_brackets" in layout.counts
    opening, closing = (
        _BRACKETS.get(layout.label_brackets, (None, None)) if seen_labels else (None, None)
    )
    name_form, member_label = _CONTENT.get(layout.label_content, (None, None))
    contents = layout.counts.get("label_content", {})
    answers = "answer" in contents
    stage = layout.stage_brackets
    words = tuple(w for w in TITLE_WORDS if w in title or w in layout.title_words)
    return Observed(
        header_form=header_form,
        numbered_keys=numbered,
        key_prefix=prefix,
        keyless_date=(
            not any(key in layout.header_keys for key in _DATE_KEYS) if layout.header_keys else None
        ),
        label_open=opening,
        label_close=closing,
        label_placement={seen.INLINE: "inline", seen.OWN_LINE: "line"}.get(layout.label_placement),
        name_form=name_form,
        member_label=member_label,
        explainer_label="word" if answers else ("unit" if member_label == "group" else None),
        explainer_word="回答" if answers else None,
        weekday=_weekday(layout.date_form),
        time_form=_time_form(layout.date_form),
        time_range=_time_range(layout.date_form),
        attendee_layout=_ATTENDEES.get(layout.attendee_form),
        observers_unit=layout.observers_unit if layout.observers_unit in ("人", "名") else None,
        # the word for none as the minutes write it: なし, 無し, いない …
        observers_none=layout.observers_unit if layout.observers_unit not in _UNITS else None,
        stage_open=stage[0] if len(stage) == 2 else None,
        stage_close=stage[1] if len(stage) == 2 else None,
        title_words=words,
    )


def detect_style(layout: seen.LayoutObservations, title: str) -> Detection:
    """The built-in style closest to what was seen, with the overrides that make it fit."""
    return detect(observed_of(layout, title))
