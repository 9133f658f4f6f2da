"""Archive search (SPEC §5, issue 8): words of 1 to 8 characters, full- and half-width
forms, every filter, newest first, the index following edits and deletions, an old database
upgraded, the command line, the reference session and the search screen."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from pia_meeting.cli import main
from pia_meeting.core.errors import UserError
from pia_meeting.core.model import (
    AgendaItem,
    Entry,
    Meeting,
    Toshin,
)
from pia_meeting.core.wareki import parse_year
from pia_meeting.services.search import make_snippet, search
from pia_meeting.store.facade import Store
from pia_meeting.store.fts import normalise
from pia_meeting.store.migrations import migrations
from tests.support.archive import BOARD, OTHER_BOARD, Archive
from tests.support.reference import REFERENCE, reference_entries


@pytest.fixture
def archive() -> Archive:
    return Archive(Store(":memory:"))


# -- what is found ---------------------------------------------------------------------------


def test_words_of_one_two_three_and_eight_characters(archive: Archive) -> None:
    # 1 character
    assert set(archive.found("託")) == {
        "old_itaku",
        "old_answer",
        "new_saiitaku",
        "new_secret",
        "new_long",
        "other_itaku",
    }
    # 2 characters: 「委託」 must be indexed although trigrams cannot match it; 「委 託」 with
    # a space is two words, not the word.
    assert set(archive.found("委託")) == {
        "old_itaku",
        "old_answer",
        "new_saiitaku",
        "new_secret",
        "other_itaku",
    }
    assert set(archive.found("研修")) == {"old_itaku", "old_answer"}
    # 3 characters
    assert archive.found("再委託") == ["new_saiitaku"]
    # 8 characters
    assert archive.found("特定個人情報保護") == ["new_long"]
    assert archive.found("存在しない語句") == []


def test_several_words_must_all_occur(archive: Archive) -> None:
    assert set(archive.found("委託 研修")) == {"old_itaku", "old_answer"}
    assert archive.found("委託 ページ") == ["old_answer"]
    assert archive.found("委 託 確認") == ["new_long"]
    # with filters too
    assert archive.found("委託 研修", side="説明者", page=14) == ["old_answer"]
    assert archive.found("研修 委託", year="令和2年", kind="質問") == ["old_itaku"]


def test_full_and_half_width_forms_and_case(archive: Archive) -> None:
    for query in ("LGWAN", "lgwan", "ＬＧＷＡＮ", "ｌｇｗａｎ", "LGwan"):
        assert archive.found(query) == ["new_lgwan"], query
    for query in ("１４ページ", "14ページ", "１４"):
        assert archive.found(query) == ["old_answer"], query
    for query in ("10時~12時", "10時〜12時", "10時～12時", "１０時〜１２時"):
        assert archive.found(query) == ["new_lgwan"], query


def test_snippet_marks_the_match_as_it_was_typed(archive: Archive) -> None:
    [hit] = search(archive.store, "lgwan")
    assert ("ＬＧＷＡＮ", True) in hit.snippet
    assert hit.snippet_text == "ＬＧＷＡＮという専用回線でやりとりをしている。受付は10時〜12時。"
    assert hit.marked() == "【ＬＧＷＡＮ】という専用回線でやりとりをしている。受付は10時〜12時。"
    assert hit.speaker == "(戸籍住民課)"
    assert hit.kind == "回答"
    assert hit.meeting_number == 15
    assert hit.date == "2021-11-09"
    assert hit.date_label == "令和3年11月9日(火)"
    # A long text: a window around the match, cut with …
    long = "あ" * 100 + "再委託" + "い" * 100
    segments = make_snippet(long, [normalise("再委託")])
    assert ("再委託", True) in segments
    assert segments[0] == ("…", False) and segments[-1] == ("…", False)
    # half-width katakana with a voiced mark is one character of the original
    assert ("ﾃﾞｰﾀ", True) in make_snippet("個人ﾃﾞｰﾀの扱い", [normalise("データ")])


def test_filters(archive: Archive) -> None:
    everything = {"old_itaku", "old_answer", "new_saiitaku", "new_secret", "other_itaku"}
    assert set(archive.found("委託")) == everything
    # board
    assert set(archive.found("委託", board_id=archive.other_board_id)) == {"other_itaku"}
    assert "other_itaku" not in archive.found("委託", board_id=archive.board_id)
    # year, in 和暦 or 西暦
    for year in ("令和3年", "R3", "r3", "2021", "２０２１年", 2021):
        assert set(archive.found("委託", year=year)) == {
            "new_saiitaku",
            "new_secret",
            "other_itaku",
        }, year
    assert set(archive.found("委託", year="令和2年")) == {"old_itaku", "old_answer"}
    assert archive.found("委託", year="平成31年") == []
    # speaker side
    assert set(archive.found("委託", side="委員")) == {"old_itaku", "new_saiitaku", "other_itaku"}
    assert archive.found("委託", side="説明者") == ["old_answer"]
    assert archive.found("委託", side="事務局") == ["new_secret"]
    # 評価書 page and section
    assert set(archive.found("委託", page=14)) == {"old_itaku", "old_answer"}
    assert archive.found("委託", page="54") == ["new_saiitaku"]
    assert archive.found("委託", page="１４ページ", side="説明者") == ["old_answer"]
    assert archive.found("委託", section="Ⅲ-3") == ["old_answer"]
    # kind
    assert archive.found("委託", kind="回答") == ["old_answer"]
    assert archive.found("委託", kind="説明") == ["new_secret"]
    # public (as the 公開用 minutes would show it)
    assert archive.found("委託", public=False) == ["new_secret"]
    assert "new_secret" not in archive.found("委託", public=True)


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"year": "令和"}, "年として読めません"),
        ({"year": "平成32年"}, "平成32年はありません"),
        ({"year": "21"}, "年として読めません"),
        ({"side": "会長"}, "発言者の区分"),
        ({"page": "abc"}, "ページは1から9999までの数字"),
        ({"page": "0"}, "ページは1から9999までの数字"),
        ({"kind": "雑談"}, "種別は"),
        ({"order": "best"}, "並び順"),
    ],
)
def test_bad_filters_are_japanese_user_errors(
    archive: Archive, filters: dict[str, Any], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        search(archive.store, "委託", **filters)


@pytest.mark.parametrize("query", ["", "   ", "\u3000"])
def test_an_empty_query_is_refused(archive: Archive, query: str) -> None:
    with pytest.raises(UserError, match="検索する語を入力してください"):
        search(archive.store, query)


def test_parse_year() -> None:
    assert parse_year("令和3年") == 2021
    assert parse_year("令和元年") == 2019
    assert parse_year("R1") == 2019
    assert parse_year("H31") == 2019
    assert parse_year("平成元年") == 1989
    assert parse_year("S64") == 1989
    assert parse_year("2021年") == 2021
    assert parse_year("R.3") == 2021


def test_agenda_titles_and_toshin_wording_are_found(archive: Archive) -> None:
    [hit] = search(archive.store, "国民健康保険")
    assert (hit.source, hit.kind, hit.entry_id) == ("agenda", "議題", None)
    assert hit.meeting_id == archive.meeting_old
    archive.store.put_toshin(
        Toshin(
            agenda_item_id=archive.item_new,
            wording="適合性及び妥当性の観点から審査した結果、特段の問題は認められない。",
            riders=json.dumps(["再委託先の監督を徹底すること。"], ensure_ascii=False),
        )
    )
    hits = search(archive.store, "妥当性")
    assert [(h.source, h.kind, h.meeting_id) for h in hits] == [
        ("toshin", "答申", archive.meeting_new)
    ]
    assert [h.source for h in search(archive.store, "再委託")] == ["entry", "toshin"]
    assert [h.source for h in search(archive.store, "再委託", kind="答申")] == ["toshin"]


# -- order -----------------------------------------------------------------------------------


def test_newest_meeting_first_then_as_spoken(archive: Archive) -> None:
    assert archive.found("委託", board_id=archive.board_id) == [
        "new_saiitaku",
        "new_secret",
        "old_itaku",
        "old_answer",
    ]
    # best match first is an option; it finds the same entries
    ranked = archive.found("委託", board_id=archive.board_id, order="rank")
    assert sorted(ranked) == sorted(archive.found("委託", board_id=archive.board_id))


def test_a_new_meeting_date_moves_its_entries(archive: Archive) -> None:
    meeting = archive.store.get_meeting(archive.meeting_old)
    meeting.date = "2022-01-20"
    archive.store.update_meeting(meeting)
    assert archive.found("委託", board_id=archive.board_id)[:2] == ["old_itaku", "old_answer"]
    assert archive.found("委託", year="2022") == ["old_itaku", "old_answer"]


def test_the_limit_cuts_in_spoken_order_within_a_day() -> None:
    store = Store(":memory:")
    board = store.board_named(BOARD)
    meeting = store.create_meeting(Meeting(board_id=board.id, number=1, date="2021-11-09"))
    item = store.add_agenda_item(AgendaItem(meeting_id=meeting.id, title="議題"))
    ids = [
        store.add_entry(
            Entry(meeting_id=meeting.id, agenda_item_id=item.id, text=f"委託の件その{n}")
        ).id
        for n in range(12)
    ]
    # Entries moved around: the order spoken is no longer the order of the ids.
    for seq, entry_id in enumerate(reversed(ids), start=1):
        store.db.execute("update entries set seq = ? where id = ?", (seq, entry_id))
    hits = search(store, "委託", limit=5)
    assert [h.entry_id for h in hits] == list(reversed(ids))[:5]


# -- the index follows the data --------------------------------------------------------------


def test_an_edited_entry_is_found_by_its_new_text_only(archive: Archive) -> None:
    entry = archive.store.get_entry(archive.ids["new_saiitaku"])
    entry.text = "外部委託の監査報告書について伺う。"
    archive.store.update_entry(entry)
    assert archive.found("再委託") == []
    assert archive.found("監査報告書") == ["new_saiitaku"]
    assert "new_saiitaku" in archive.found("委託")
    # a change that leaves the text alone keeps it indexed once
    entry.is_public = 0
    archive.store.update_entry(entry)
    assert archive.found("監査報告書") == ["new_saiitaku"]


def test_a_deleted_entry_disappears(archive: Archive) -> None:
    archive.store.delete_entry(archive.ids["new_saiitaku"])
    assert archive.found("再委託") == []
    assert "new_saiitaku" not in archive.found("委託")
    archive.store.delete_meeting(archive.meeting_old)
    assert archive.found("研修") == []
    assert search(archive.store, "国民健康保険") == []
    leftover = archive.store.db.execute(
        "select count(*) from search_docs where meeting_id = ?", (archive.meeting_old,)
    ).fetchone()[0]
    assert leftover == 0


def test_a_database_from_before_the_search_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m003_search")
    assert "search_docs" not in db.table_names()
    db["boards"].insert({"id": 1, "name": BOARD})  # type: ignore[union-attr]
    db["meetings"].insert(  # type: ignore[union-attr]
        {"id": 1, "board_id": 1, "number": 12, "date": "2019-08-01"}
    )
    db["agenda_items"].insert(  # type: ignore[union-attr]
        {"id": 1, "meeting_id": 1, "seq": 1, "title": "住民基本台帳に関する事務"}
    )
    db["entries"].insert_all(  # type: ignore[union-attr]
        [
            {"id": 1, "meeting_id": 1, "agenda_item_id": 1, "seq": 1, "kind": "質問",
             "speaker_label": "審査会委員", "text": "再委託先の監督はどうするのか。"},
            {"id": 2, "meeting_id": 1, "agenda_item_id": 1, "seq": 2, "kind": "回答",
             "speaker_label": "戸籍住民課", "text": "ＬＧＷＡＮ経由で研修を行う。"},
        ]
    )  # fmt: skip
    db.close()

    store = Store(path)
    [hit] = search(store, "再委託")
    assert (hit.entry_id, hit.speaker, hit.side) == (1, "(審査会委員)", "委員")
    assert [h.entry_id for h in search(store, "研修")] == [2]
    assert [h.entry_id for h in search(store, "lgwan", side="説明者")] == [2]
    assert [h.source for h in search(store, "住民基本台帳")] == ["agenda"]
    # and it keeps following the data after the upgrade
    store.add_entry(Entry(meeting_id=1, agenda_item_id=1, text="再委託は認めない方針である。"))
    assert len(search(store, "再委託")) == 2
    store.close()


def test_a_connection_without_the_functions_can_still_search(archive: Archive, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "plain.db"
    archive.store.db.conn.backup(sqlite3.connect(path))
    plain = sqlite3.connect(path)
    count = plain.execute(
        "select count(*) from search_tri where search_tri match ?", ('"再委託"',)
    ).fetchone()[0]
    assert count == 1


# -- the command line ------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_search(archive_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(archive_db)
    code, out, err = _cli(capsys, "search", "再委託", "--db", db)
    assert code == 0, err
    [line] = out.splitlines()
    assert line.split("\t") == [
        "第15回",
        "令和3年11月9日(火)",
        "(審査会委員)",
        "【再委託】についての判断基準があるか。",
    ]

    code, out, err = _cli(capsys, "search", "委託", "--db", db, "--json", "--year", "R2")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["meeting_number"] for r in rows] == [14, 14]
    assert {"meeting_id", "entry_id", "date", "speaker", "snippet", "segments"} <= set(rows[0])
    assert rows[0]["snippet"] == "【委託】先の研修はどうなっているか。"

    code, out, err = _cli(
        capsys, "search", "委託", "--db", db, "--json", "--board", "架空町", "--kind", "質問"
    )
    assert [r["board"] for r in json.loads(out)] == [OTHER_BOARD]
    code, out, err = _cli(capsys, "search", "委託", "--db", db, "--json", "--side", "説明者")
    assert [r["speaker"] for r in json.loads(out)] == ["(戸籍住民課)"]
    code, out, err = _cli(capsys, "search", "委託", "--db", db, "--json", "--page", "54")
    assert len(json.loads(out)) == 1
    code, out, err = _cli(capsys, "search", "委託", "--db", db, "--json", "--rank", "--limit", "2")
    assert code == 0 and len(json.loads(out)) == 2


def test_cli_search_without_hits_and_with_bad_filters(
    archive_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(archive_db)
    code, out, err = _cli(capsys, "search", "存在しない語句", "--db", db)
    assert (code, out) == (0, "")
    assert "該当する発言はありません" in err
    code, out, err = _cli(capsys, "search", "存在しない語句", "--db", db, "--json")
    assert (code, json.loads(out)) == (0, [])
    for bad in (["--year", "昭和65年"], ["--side", "傍聴人"], ["--page", "abc"],
                ["--kind", "雑談"], ["--board", "存在しない審査会"]):  # fmt: skip
        code, out, err = _cli(capsys, "search", "委託", "--db", db, *bad)
        assert code == 1, bad
        assert err.startswith("pia-meeting: ") and "Traceback" not in err
        assert any("\u3040" <= ch <= "\u9fff" for ch in err), err


# -- the reference session (issue 8, acceptance 3) -------------------------------------------


def _reference_meeting(store: Store, how: str) -> int:
    """The reference minutes in the database: imported, or typed in from the reference text
    paragraph by paragraph."""
    if how == "imported":
        from pia_meeting.imports import import_file

        return int(import_file(store, REFERENCE))
    board = store.board_named(BOARD)
    meeting = store.create_meeting(Meeting(board_id=board.id, number=15, date="2021-11-09"))
    item = store.add_agenda_item(
        AgendaItem(meeting_id=meeting.id, title="住民基本台帳に関する事務")
    )
    with store.atomic():
        for ref in reference_entries():
            store.add_entry(
                Entry(
                    meeting_id=meeting.id,
                    agenda_item_id=item.id,
                    kind=ref.kind,
                    speaker_label=ref.label,
                    text=ref.text,
                )
            )
    return meeting.id or 0


@pytest.mark.parametrize("how", ["imported", "typed"])
def test_reference_session_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "reference.db"
    store = Store(path)
    meeting_id = _reference_meeting(store, how)
    entries = store.entries(meeting_id)
    store.close()

    def containing(*words: str) -> set[int]:
        return {e.id or 0 for e in entries if any(w in normalise(e.text) for w in words)}

    code, out, err = _cli(capsys, "search", "再委託", "--json", "--db", str(path))
    assert code == 0, err
    rows = [r for r in json.loads(out) if r["source"] == "entry"]
    assert {r["entry_id"] for r in rows} == containing("再委託")
    assert len(rows) >= 3
    assert all("【再委託】" in r["snippet"] for r in rows)
    assert all(r["meeting_id"] == meeting_id for r in rows)

    code, out, err = _cli(capsys, "search", "ＬＧＷＡＮ", "--json", "--db", str(path))
    assert code == 0, err
    rows = json.loads(out)
    assert {r["entry_id"] for r in rows} == containing("lgwan")
    assert len(rows) >= 5
    assert all("LGWAN" in r["snippet_text"] for r in rows)


# -- the search screen -----------------------------------------------------------------------
