"""Detecting the style of published minutes from what an importer observes (issue 16,
point 4). Each case is what a reader of the layout sees in the reference or a specimen."""

from __future__ import annotations

import json

import pytest

from pia_meeting.core import styles
from pia_meeting.core.model import Board
from pia_meeting.core.style_detect import Observed, detect, features

SEEN = {
    "reference": Observed(
        header_form="table",
        label_open="(",
        label_close=")",
        label_placement="inline",
        member_label="group",
        explainer_label="unit",
        weekday="short",
        time_form="clock",
        time_range="~",
        attendee_layout="joined",
        observers_unit="人",
        stage_open="《",
        stage_close="》",
        title_words=("議事録",),
    ),
    "01": Observed(
        header_form="sections",
        numbered_keys=True,
        label_open="【",
        label_close="】",
        label_placement="inline",
        name_form="surname",
        member_label="name_role",
        weekday="long",
        time_form="ampm",
        time_range="~",
        attendee_layout="one_per_line",
        observers_unit="名",
        stage_open="(",
        stage_close=")",
        agenda_number="⑴",
        title_words=("年度", "議事録"),
    ),
    "02": Observed(
        header_form="table",
        label_open="(",
        label_close=")",
        label_placement="inline",
        label_separator="",
        name_form="surname",
        explainer_label="word",
        explainer_word="回答",
        weekday="long",
        time_form="ampm",
        zero_minutes=False,
        time_range="から",
        attendee_layout="joined",
        observers_unit="名",
        title_words=("年度", "開催結果"),
    ),
    "03": Observed(
        header_form="sections",
        key_prefix="◇",
        label_open="○",
        label_close="",
        label_placement="inline",
        name_form="none",
        member_label="role",
        explainer_label="word",
        weekday="short",
        time_form="kanji",
        time_range="~",
        attendee_layout="joined",
        agenda_number="(1)",
        title_words=("会議の概要",),
    ),
    "04": Observed(
        header_form="sections",
        label_open="(",
        label_close=")",
        label_placement="line",
        name_form="surname",
        explainer_label="post",
        weekday="long",
        time_form="ampm",
        time_range="から",
        stage_open="【",
        stage_close="】",
        agenda_number="1",
        title_words=("審議結果",),
    ),
    "05": Observed(
        header_form="table",
        label_open="",
        label_close="",
        label_placement="line",
        name_form="none",
        member_label="role",
        explainer_label="word",
        weekday="short",
        time_form="ampm",
        time_range="∼",
        observers_none="なし",
        agenda_number="(1)",
        title_words=("会議録",),
    ),
    "06": Observed(
        header_form="inline",
        keyless_date=True,
        label_open="〈",
        label_close="〉",
        label_placement="line",
        name_form="none",
        member_label="role",
        explainer_label="unit",
        weekday="long",
        time_form="ampm",
        time_range="から",
        observers_unit="人",
        agenda_number="1",
        title_words=("会議録",),
    ),
}
EXPECTED = {
    "reference": "department-table",
    "01": "numbered-sections",
    "02": "table-summary",
    "03": "diamond-keys",
    "04": "key-line-value-line",
    "05": "bare-labels",
    "06": "angle-labels",
}


@pytest.mark.parametrize("source", list(SEEN))
def test_each_layout_family_is_recognised(source: str) -> None:
    found = detect(SEEN[source])
    assert found.style == EXPECTED[source]
    assert found.overrides == {}, found.overrides  # the built-in style is that layout
    assert found.score == 1.0


def test_what_differs_from_the_closest_style_becomes_overrides() -> None:
    # Specimen 06 writes some labels <委員A>: angle brackets of another kind, and 傍聴者 「0名」.
    seen = Observed(**{**SEEN["06"].__dict__, "label_open": "<", "label_close": ">"})
    seen = Observed(**{**seen.__dict__, "observers_unit": "名"})
    found = detect(seen)
    assert found.style == "angle-labels"
    assert found.overrides["labels"] == {"open": "<", "close": ">"}
    rows = found.overrides["header"]["rows"]
    assert [r["unit"] for r in rows if r["field"] == "observers"] == ["名"]
    # The board that takes them prints that way.
    board = styles.choose(Board(name="月見野市個人情報保護審査会"), found.style)
    board.style_overrides = found.overrides_json()
    style = styles.check_board(board)
    assert (style.labels.open, style.labels.close) == ("<", ">")
    assert json.loads(board.style_overrides) == found.overrides


def test_a_title_counting_within_a_nendo_says_so() -> None:
    assert detect(SEEN["01"]).numbering == "年度"
    assert detect(SEEN["03"]).numbering is None


def test_nothing_observed_gives_the_default_style() -> None:
    found = detect(Observed())
    assert (found.style, found.overrides, found.score) == (styles.DEFAULT_STYLE, {}, 0.0)


def test_the_features_of_a_style_are_what_an_importer_observes() -> None:
    have = features(styles.builtin_style("numbered-sections"))
    assert have["header_form"] == "sections" and have["numbered_keys"]
    assert (have["label_open"], have["label_close"]) == ("【", "】")
    assert have["agenda_number"] == "⑴"
    assert "年度" in have["title_words"]
