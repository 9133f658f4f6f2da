"""Minutes styles as data (issue 16): the built-in files, a file that is not right, a style
from a folder of one's own, patterns, and the forms of names, dates and numbers."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from pia_meeting.core import styles
from pia_meeting.core.errors import ValidationError
from pia_meeting.core.labels import post, role_word, surname
from pia_meeting.core.model import Board, Numbering
from pia_meeting.core.numbering import number_text, parse_number
from pia_meeting.core.styles import StyleError, fill, fill_lines
from pia_meeting.core.wareki import fiscal_year_text, format_time
from pia_meeting.export.minutes_header import date_lines

BUILT_IN = (
    "angle-labels",
    "bare-labels",
    "department-table",
    "diamond-keys",
    "key-line-value-line",
    "numbered-sections",
    "table-summary",
)


def test_the_built_in_styles_are_the_reference_and_one_per_specimen_family() -> None:
    assert tuple(styles.builtin_styles()) == BUILT_IN
    for name, style in styles.builtin_styles().items():
        assert style.name == name
        assert style.style.title and style.style.description
    assert styles.DEFAULT_STYLE == "department-table"


def test_the_default_style_is_the_dataclass_defaults_written_out() -> None:
    # A key left out of a file keeps the reference's value: the defaults are that style.
    reference = styles.builtin_style("department-table")
    assert styles.style_dict(reference) | {"style": {}} == styles.style_dict(
        styles.MinutesStyle()
    ) | {"style": {}}


MINIMAL = '[style]\nname = "my-city"\ntitle = "わが市"\n'


def test_a_seventh_style_is_a_data_file_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "my-city.toml").write_text(
        MINIMAL + '\n[title]\npattern = "{審査会名}会議録(第{回}回)"\n\n[labels]\nform = "maru"\n',
        encoding="utf-8",
    )
    found = styles.load_folder(tmp_path)
    assert list(found) == ["my-city"]
    style = found["my-city"]
    assert style.title.pattern == "{審査会名}会議録(第{回}回)"
    assert style.labels.form == "maru"
    assert style.header == styles.HeaderStyle()  # what the file does not say: the defaults


def test_a_file_must_be_named_after_its_style(tmp_path: Path) -> None:
    (tmp_path / "other.toml").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(StyleError, match="ファイル名と"):
        styles.load_folder(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            MINIMAL + '\n[labels]\ncolour = "red"\n',
            "の6行目: 「labels.colour」という項目はありません",
        ),
        (
            MINIMAL + '\n[dates]\nweekday = "longer"\n',
            '6行目: 「dates.weekday」の値 "longer" は使えません',
        ),
        (MINIMAL + '\n[dates]\nzero_minutes = "yes"\n', "「dates.zero_minutes」は true か false"),
        (
            MINIMAL + '\n[title]\npattern = "第{回}回{市長名}"\n',
            '「title.pattern」の "第{回}回{市長名}": {市長名} は使えない差し込み項目です',
        ),
        (MINIMAL + '\n[title]\npattern = "[第{回}回"\n', "[ と ] の対応が取れていません"),
        (MINIMAL + '\n[agenda]\nnumber = "(1)"\n', "番号の位置として"),
        (
            MINIMAL + '\n[[header.rows]]\nfield = "date"\n\n[[header.rows]]\nfield = "weather"\n',
            '9行目: 「header.rows[2].field」の値 "weather" は使えません',
        ),
        (MINIMAL + "\n[labels\nform = 1\n", "の5行目"),
        ('[style]\nname = "My City"\n', "名前に使えません"),
        ('[title]\npattern = "x"\n', "name(書式の名前)を書いてください"),
    ],
    ids=[
        "unknown-key",
        "bad-choice",
        "not-a-bool",
        "unknown-placeholder",
        "unbalanced-optional",
        "agenda-number",
        "row-field",
        "toml-syntax",
        "bad-name",
        "no-name",
    ],
)
def test_a_bad_style_file_is_refused_naming_the_key_and_the_line(
    text: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "my-city.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StyleError) as caught:
        styles.load_file(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith("書式 my-city.toml")


def test_a_boards_overrides_are_checked_like_a_file() -> None:
    board = Board(name="審査会", style_overrides=json.dumps({"labels": {"placement": "below"}}))
    with pytest.raises(StyleError, match=re.escape('「labels.placement」の値 "below"')):
        styles.check_board(board)
    # Printing never fails on it: the default style is used meanwhile.
    assert styles.board_style(board).name == styles.DEFAULT_STYLE


def test_overrides_lay_keys_on_the_chosen_style() -> None:
    board = styles.choose(Board(name="審査会"), "angle-labels")
    board.style_overrides = json.dumps({"labels": {"open": "<", "close": ">"}})
    style = styles.board_style(board)
    assert (style.labels.open, style.labels.close) == ("<", ">")
    assert style.labels.placement == "line"  # the rest is the style's


def test_choosing_a_style_takes_its_label_form_and_clears_overrides() -> None:
    board = Board(name="審査会", style_overrides='{"labels": {"open": "<"}}')
    chosen = styles.choose(board, "numbered-sections")
    assert (chosen.minutes_style, chosen.label_style, chosen.style_overrides) == (
        "numbered-sections",
        "name_role",
        "",
    )
    with pytest.raises(StyleError, match="書式「none」はありません"):
        styles.choose(board, "none")


def test_the_boards_label_form_replaces_the_styles_when_it_differs() -> None:
    # An existing board kept its 発言者ラベルの形式 when styles came: it still rules.
    board = Board(name="審査会", minutes_style="angle-labels", label_style="name_role")
    labels = styles.board_style(board).labels
    assert (labels.form, labels.open, labels.explainer) == ("name_role", None, "")
    assert labels.placement == "line"


def test_optional_parts_of_a_pattern_go_when_a_value_is_missing() -> None:
    values = {"回": "3", "年度": "", "審査会名": "楓ヶ丘市審査会"}
    assert fill("[{年度}]第{回}回{審査会名}議事録", values) == "第3回楓ヶ丘市審査会議事録"
    assert fill("[第{回}回 ]{審査会名}", {"回": "", "審査会名": "審査会"}) == "審査会"
    assert fill_lines(
        "{番号}[{諮問番号}\n]{議題}", {"番号": "(1)", "諮問番号": "諮問第23号", "議題": "A"}
    ) == [
        "(1)諮問第23号",
        "A",
    ]
    assert fill_lines(
        "{番号}[{諮問番号}\n]{議題}", {"番号": "(2)", "諮問番号": "", "議題": "その他"}
    ) == ["(2)その他"]


# -- names, dates, numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"), [("青木 正人", "青木"), ("青木　正人", "青木"), ("青木正人", "青木正人")]
)
def test_the_surname_is_the_part_before_a_space(name: str, expected: str) -> None:
    assert surname(name) == expected


@pytest.mark.parametrize(
    ("title", "word"),
    [
        ("住民記録担当主査", "主査"),
        ("総務部次長", "次長"),
        ("課長補佐", "課長補佐"),
        ("担当リーダー", "担当リーダー"),
        ("会長", "会長"),
        ("嘱託", "嘱託"),
    ],
)
def test_the_short_role_is_the_last_role_word(title: str, word: str) -> None:
    assert role_word(title) == word


@pytest.mark.parametrize(
    ("department", "title", "expected"),
    [
        ("総務課", "課長", "総務課長"),
        ("総務部", "部長", "総務部長"),
        ("総務部", "次長", "総務部次長"),
        ("文書法制課法制係", "係長", "文書法制課法制係長"),
        ("情報政策課", "主査", "情報政策課主査"),
        ("", "主事", "主事"),
    ],
)
def test_department_and_title_are_written_as_one(
    department: str, title: str, expected: str
) -> None:
    assert post(department, title) == expected


def _dates(**keys: object) -> styles.DateStyle:
    return styles.DateStyle(**keys)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("style", "date", "start", "end", "expected"),
    [
        (_dates(), "2021-11-09", "10:00", "10:50", "令和3年11月9日(火) 10:00~10:50"),
        (
            _dates(weekday="long", time="ampm", between=""),
            "2019-11-07",
            "09:30",
            "10:45",
            "令和元年11月7日(木曜日)午前9時30分~午前10時45分",
        ),
        (
            _dates(weekday="none", time="ampm", zero_minutes=False, between=""),
            "2019-11-07",
            "14:00",
            "15:30",
            "令和元年11月7日午後2時~午後3時30分",
        ),
        (
            _dates(weekday="none", time="kanji", zero_minutes=False, between=""),
            "2019-11-07",
            "10:00",
            "12:00",
            "令和元年11月7日10時~12時",
        ),
        (
            _dates(
                weekday="long",
                time="ampm",
                zero_minutes=False,
                noon="正午",
                between="",
                range="から",
                until="まで",
            ),
            "2019-11-28",
            "10:00",
            "12:00",
            "令和元年11月28日(木曜日)午前10時から正午まで",
        ),
        (
            _dates(range="から", until="まで"),
            "2021-11-09",
            "10:00",
            None,
            "令和3年11月9日(火) 10:00から",
        ),
    ],
    ids=["reference", "ampm", "no-zero-minutes", "kanji", "noon", "start-only"],
)
def test_date_and_time_forms(
    style: styles.DateStyle, date: str, start: str, end: str | None, expected: str
) -> None:
    assert date_lines(style, date, start, end) == [expected]


def test_the_times_may_go_on_a_line_of_their_own() -> None:
    style = _dates(time="ampm", range="∼", time_line="next")
    assert date_lines(style, "2021-01-26", "13:30", "15:10") == [
        "令和3年1月26日(火)",
        "午後1時30分∼午後3時10分",
    ]


def test_twelve_oclock_without_noon_is_afternoon_zero() -> None:
    assert format_time(dt.time(12, 30), "ampm") == "午後0時30分"
    assert format_time(dt.time(0, 5), "ampm") == "午前0時5分"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2019, 11, 7), "令和元年度"),
        (dt.date(2019, 4, 10), "令和元年度"),  # 平成31年4月: the 年度 is named by its end
        (dt.date(2019, 3, 31), "平成30年度"),
        (dt.date(2023, 10, 18), "令和5年度"),
        (dt.date(1988, 6, 1), "昭和63年度"),
    ],
)
def test_the_nendo_runs_april_to_march(day: dt.date, expected: str) -> None:
    assert fiscal_year_text(day) == expected


@pytest.mark.parametrize(
    ("typed", "number"),
    [("15", 15), ("第15回", 15), ("十五", 15), ("令和元年度第2回", 2), ("R1年度第2回", 2)],
)
def test_the_number_field_takes_the_nendo_as_minutes_print_it(typed: str, number: int) -> None:
    assert parse_number(typed, "2019-11-07") == number


def test_a_nendo_that_is_not_the_meetings_is_refused() -> None:
    with pytest.raises(ValidationError, match="開催日は令和元年度です"):
        parse_number("令和2年度第2回", "2019-11-07")
    with pytest.raises(ValidationError, match="回を1以上の数字で"):
        parse_number("第0回", None)


def test_number_text_says_the_nendo_for_a_board_numbering_each_nendo() -> None:
    yearly = Board(name="審査会", numbering=Numbering.FISCAL_YEAR)
    assert number_text(2, "2019-11-07", yearly) == "令和元年度第2回"
    assert number_text(2, "2019-11-07", Board(name="審査会")) == "第2回"
