"""What an import observes about the layout of a minutes, for the style it is published in
(the issue 「Every board its own published style」).

The readers note each form as they read it; `LayoutObservations` is what they saw, plain
values only. Turning it into a minutes style is the job of a pure function in core (the
style engine), which takes these observations and returns a style: nothing here decides.
Each field names the form most seen, "" when none was seen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# header_form
TWO_COLUMN_TABLE = "two_column_table"  # 「日 時<TAB>令和3年…」 (the reference; a Word table)
NUMBERED_SECTIONS = "numbered_sections"  # 「1 開催日時」 with the value after it
DIAMOND_KEYS = "diamond_keys"  # 「◇日時」
KEY_LINE_VALUE_LINE = "key_line_value_line"  # the key alone, the value on the next line
BARE_PDF_TABLE = "bare_pdf_table"  # 「日 時 令和3年…」: spaced keys, keys split over lines
KEY_COLON_VALUE = "key_colon_value"  # 「出席委員:沢村会長、…」
NO_KEYS = "no_keys"  # date and place lines with no key

# label_placement
INLINE = "inline"  # 「(委員) 質問する。」
OWN_LINE = "own_line"  # the label alone, the words on the next line


@dataclass
class LayoutObservations:
    header_form: str = ""
    header_keys: list[str] = field(default_factory=list)  # the keys in the order printed
    title_words: str = ""  # the document word of the title line: 議事録, 会議の概要 …
    record_style: str = ""  # 全文 / 要点, as the import decided
    date_form: str = ""  # 「令和3年11月9日(火) 10:00~10:50」 as a pattern, see `date_form`
    attendee_form: str = ""  # see people.attendee_form
    name_form: str = ""  # surname / full_name / full_name_spaced
    observers_unit: str = ""  # 人 / 名, or the word for none as written (なし, いない …); ""
    label_brackets: str = ""  # 「()」「【】」「〈〉」「<>」「〇」「:」 or "" for a bare role
    label_placement: str = ""  # INLINE / OWN_LINE
    label_content: str = ""  # name_role / role / department / letters / answer
    stage_brackets: str = ""  # 「《》」「()」「【】」
    body_key: str = ""  # the key that opened the body: 内容, 議事内容, 会議記録 …
    # the counts behind the choices above, for a style engine that weighs them itself
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def note(self, what: str, form: str) -> None:
        """Count one sighting of `form` for the field `what` (see `decide`)."""
        seen = self.counts.setdefault(what, {})
        seen[form] = seen.get(form, 0) + 1

    def decide(self) -> None:
        """Each field noted takes the form seen most often (the first seen on a tie)."""
        for what, seen in self.counts.items():
            setattr(self, what, Counter(seen).most_common(1)[0][0])


def date_form(text: str) -> str:
    """A date line as a pattern of its parts: 「令和3年11月9日(火) 10:00~10:50」 →
    「wareki weekday hh:mm ~」, 「…(木曜日)午前9時30分~…」 → 「wareki weekday_long gozen ~」."""
    parts: list[str] = []
    parts.append("wareki" if any(e in text for e in ("令和", "平成", "昭和")) else "seireki")
    if "曜日" in text:
        parts.append("weekday_long")
    elif "(" in text or "（" in text:
        parts.append("weekday")
    if "午前" in text or "午後" in text:
        parts.append("gozen")
    elif "時" in text:
        parts.append("ji")
    elif ":" in text or "：" in text:
        parts.append("hh:mm")
    if "から" in text:
        parts.append("kara_made" if "まで" in text else "kara")
    elif any(mark in text for mark in "~〜～∼-"):
        parts.append("~")
    return " ".join(parts)
