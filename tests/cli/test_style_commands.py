"""`pia-meeting style list | show | export | import` and `export --style` (SPEC §8, issue 16):
a secretariat copies a style, edits it and loads it; a bad file gets a Japanese message naming
the key and the line, and nothing of it is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from pia_meeting.cli import main
from pia_meeting.core import styles
from pia_meeting.services.styles import choose_for_board
from pia_meeting.store.facade import Store

pytestmark = pytest.mark.usefixtures("in_tmp")
DB = Path("data") / "pia_meeting.db"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_list_names_every_built_in_style_default_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "style", "list")
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0][0] == styles.DEFAULT_STYLE
    assert sorted(r[0] for r in rows) == sorted(styles.builtin_styles())
    assert {r[2] for r in rows} == {"組み込み"}


def test_show_prints_the_file_and_an_unknown_name_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "style", "show", "numbered-sections")
    assert code == 0 and 'name = "numbered-sections"' in out
    code, out, err = run(capsys, "style", "show", "my-city")
    assert code == 1 and out == ""
    assert "書式「my-city」はありません" in err and "numbered-sections" in err


def test_a_copied_and_edited_style_is_imported_and_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    copy = tmp_path / "my-city.toml"
    code, out, _ = run(capsys, "style", "export", "numbered-sections", "--out", str(copy))
    assert code == 0 and out.strip() == str(copy)
    code, _, err = run(capsys, "style", "export", "numbered-sections", "--out", str(copy))
    assert code == 1 and "既にファイルがあります" in err  # never over a file
    text = copy.read_text(encoding="utf-8")
    text = text.replace('name = "numbered-sections"', 'name = "my-city"')
    copy.write_text(text.replace('議事録"\n', '会議録"\n', 1), encoding="utf-8")
    code, out, err = run(capsys, "style", "import", str(copy))
    assert code == 0 and out.strip() == "my-city" and "取り込みました" in err
    code, out, _ = run(capsys, "style", "list")
    assert "my-city\t1 開催日時…・【三好会長】\t取込" in out

    code, out, _ = run(capsys, "demo", "--no-open")
    meeting_id = out.strip()
    code, out, err = run(
        capsys, "export", meeting_id, "--format", "txt", "--style", "my-city", "--out", "m.txt"
    )
    assert code == 0, err
    first = Path("m.txt").read_text(encoding="utf-8").splitlines()[:2]
    assert first == ["【内部用】", "令和7年度第8回みなと川市個人情報保護審査会会議録"]


def test_a_bad_style_file_is_refused_and_nothing_is_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "my-city.toml"
    bad.write_text('[style]\nname = "my-city"\n\n[labels]\nplacement = "under"\n', "utf-8")
    code, out, err = run(capsys, "style", "import", str(bad))
    assert code == 1 and out == ""
    assert '書式 my-city.toml の5行目: 「labels.placement」の値 "under" は使えません' in err
    code, out, _ = run(capsys, "style", "list")
    assert "my-city" not in out
    code, _, err = run(capsys, "style", "import", str(tmp_path / "none.toml"))
    assert code == 1 and "書式ファイルが見つかりません" in err


def test_a_built_in_name_cannot_be_taken(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "department-table.toml"
    path.write_text('[style]\nname = "department-table"\n', "utf-8")
    code, _, err = run(capsys, "style", "import", str(path))
    assert code == 1 and "組み込みの書式の名前です" in err


def test_importing_again_updates_the_boards_printing_with_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "my-city.toml"
    path.write_text('[style]\nname = "my-city"\n[title]\npattern = "一つ目"\n', "utf-8")
    assert run(capsys, "style", "import", str(path))[0] == 0
    code, out, _ = run(capsys, "demo", "--no-open")
    store = Store(DB)
    board = store.get_meeting(int(out)).board_id or 0
    choose_for_board(store, store.get_board(board), "my-city")
    store.close()
    path.write_text('[style]\nname = "my-city"\n[title]\npattern = "二つ目"\n', "utf-8")
    code, _, err = run(capsys, "style", "import", str(path))
    assert code == 0 and "審査会 1 件に反映しました" in err
    store = Store(DB)
    assert styles.board_style(store.get_board(board)).title.pattern == "二つ目"
    store.close()
