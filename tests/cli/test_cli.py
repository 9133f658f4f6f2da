"""The command line contract (SPEC §8): exit codes, Japanese messages on stderr, no tracebacks,
and where the files go."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pia_meeting.cli import main
from pia_meeting.core.model import Entry, Meeting
from pia_meeting.store.facade import DB_ENV, Store

DEFAULT_DB = Path("data") / "pia_meeting.db"


def _has_japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


# Every test runs in a fresh working folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("in_tmp")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    assert caught.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    return err


def _demo(capsys: pytest.CaptureFixture[str], *extra: str) -> int:
    code, out, err = _run(capsys, "demo", "--no-open", *extra)
    assert code == 0, err
    return int(out.strip())


def _listed(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, Any]]:
    code, out, err = _run(capsys, "list", "--json", *extra)
    assert code == 0, err
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def _export_name(row: dict[str, Any]) -> Path:
    return Path("exports") / f"第{row['number']}回_{row['date']}_議事録.txt"


# -- demo and list ---------------------------------------------------------------------------


def test_demo_prints_its_id_and_creates_a_private_database(
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = os.umask(0o022)
    try:
        meeting_id = _demo(capsys)
    finally:
        os.umask(old)
    assert meeting_id >= 1
    assert DEFAULT_DB.is_file()
    assert stat.S_IMODE(DEFAULT_DB.stat().st_mode) == 0o600


def test_list_on_a_new_database_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "list")
    assert code == 0
    assert out == ""
    assert "demo" in err and _has_japanese(err)
    assert _listed(capsys) == []


def test_list_shows_the_demo_meeting(capsys: pytest.CaptureFixture[str]) -> None:
    meeting_id = _demo(capsys)
    code, out, _ = _run(capsys, "list")
    assert code == 0
    line = out.strip()
    assert line.startswith(f"{meeting_id}\t第8回\t令和7年10月21日(火)\t")
    assert line.endswith("\t閉会")

    rows = _listed(capsys)
    assert len(rows) == 1
    row = rows[0]
    assert {"id", "number", "date", "title", "status"} <= row.keys()
    assert (row["id"], row["number"], row["date"]) == (meeting_id, 8, "2025-10-21")
    assert row["title"] == "特定個人情報保護評価「第三者点検」"
    assert row["status"] == "閉会"


def test_loading_the_demo_twice_gives_a_new_number(capsys: pytest.CaptureFixture[str]) -> None:
    first = _demo(capsys)
    second = _demo(capsys)
    assert second != first
    numbers = sorted(r["number"] for r in _listed(capsys))
    assert numbers == [8, 9]


# -- export ----------------------------------------------------------------------------------


def test_export_txt_writes_the_default_name_and_refuses_to_overwrite(
    capsys: pytest.CaptureFixture[str],
) -> None:
    meeting_id = _demo(capsys)
    target = _export_name(_listed(capsys)[0])
    assert target == Path("exports") / "第8回_2025-10-21_議事録.txt"

    code, out, err = _run(capsys, "export", str(meeting_id), "--format", "txt")
    assert code == 0, err
    assert Path(out.strip()) == target
    assert target.is_file()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text("utf-8")
    assert text.startswith("第8回 特定個人情報保護評価「第三者点検」 議事録")

    target.write_text("事務局が手で直した版", "utf-8")
    code, out, err = _run(capsys, "export", str(meeting_id), "--format", "txt")
    assert code == 1
    assert out == ""
    assert "既に" in err and "--force" in err
    assert "Traceback" not in err
    assert target.read_text("utf-8") == "事務局が手で直した版"

    code, out, err = _run(capsys, "export", str(meeting_id), "--format", "txt", "--force")
    assert code == 0, err
    assert target.read_text("utf-8") == text


def test_export_to_an_explicit_path(capsys: pytest.CaptureFixture[str], in_tmp: Path) -> None:
    meeting_id = _demo(capsys)
    out_path = in_tmp / "out" / "minutes.md"
    code, out, err = _run(
        capsys, "export", str(meeting_id), "--format", "md", "--out", str(out_path)
    )
    assert code == 0, err
    assert Path(out.strip()) == out_path
    assert out_path.is_file()


def test_export_of_an_unknown_meeting(capsys: pytest.CaptureFixture[str]) -> None:
    _demo(capsys)
    code, out, err = _run(capsys, "export", "999")
    assert code == 1
    assert out == ""
    assert "999" in err and "見つかりません" in err
    assert "Traceback" not in err
    assert not Path("exports").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("export",),
        ("export", "abc"),
        ("list", "--bogus"),
        ("--bogus",),
        ("export", "1", "--format", "pdf"),
        ("nonsense",),
    ],
)
def test_bad_usage_exits_2_with_a_message(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    err = _usage_error(capsys, *argv)
    assert "使い方が正しくありません" in err
    assert not DEFAULT_DB.exists()  # nothing was created for a mistyped command


# -- where the database is -------------------------------------------------------------------


def test_environment_variable_chooses_the_database(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, in_tmp: Path
) -> None:
    env_db = in_tmp / "env" / "board.db"
    monkeypatch.setenv(DB_ENV, str(env_db))
    _demo(capsys)
    assert env_db.is_file()
    assert not DEFAULT_DB.exists()
    assert len(_listed(capsys)) == 1


def test_db_option_wins_over_the_environment_in_either_position(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, in_tmp: Path
) -> None:
    env_db = in_tmp / "env.db"
    cli_db = in_tmp / "cli" / "meetings.db"
    monkeypatch.setenv(DB_ENV, str(env_db))
    _demo(capsys, "--db", str(cli_db))  # after the subcommand
    assert cli_db.is_file()
    assert not env_db.exists()
    assert len(_listed(capsys, "--db", str(cli_db))) == 1

    code, out, _ = _run(capsys, "--db", str(cli_db), "list", "--json")  # before it
    assert code == 0
    assert len(json.loads(out)) == 1
    assert _listed(capsys) == []  # the environment's database is a different, empty one


def test_a_corrupted_database_is_refused_without_a_traceback(
    capsys: pytest.CaptureFixture[str], in_tmp: Path
) -> None:
    broken = in_tmp / "broken.db"
    garbage = os.urandom(4096)
    broken.write_bytes(garbage)
    code, out, err = _run(capsys, "list", "--db", str(broken))
    assert code == 1
    assert out == ""
    assert "バックアップ" in err
    assert "Traceback" not in err
    assert broken.read_bytes() == garbage


# -- the module entry point ------------------------------------------------------------------


def _module(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != DB_ENV}
    return subprocess.run(
        [sys.executable, "-m", "pia_meeting", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


def test_module_entry_point_lists(in_tmp: Path) -> None:
    db = in_tmp / "sub" / "m.db"
    demo = _module("demo", "--no-open", "--db", str(db), cwd=in_tmp)
    assert demo.returncode == 0, demo.stderr
    meeting_id = int(demo.stdout.strip())
    listed = _module("list", "--db", str(db), cwd=in_tmp)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith(f"{meeting_id}\t第8回\t")


def test_module_entry_point_on_a_folder_as_database(in_tmp: Path) -> None:
    folder = in_tmp / "a_folder"
    folder.mkdir()
    result = _module("list", "--db", str(folder), cwd=in_tmp)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert _has_japanese(result.stderr)
    assert str(folder) in result.stderr


def test_a_reader_that_stops_early_gets_no_traceback(in_tmp: Path) -> None:
    """`pia-meeting search 委託 --json | head -1`: the reader closes the pipe while the
    output (far more than a pipe holds) is still being written."""
    db = in_tmp / "many.db"
    store = Store(db)
    board = store.board_named("北九州市個人情報保護審査会")
    meeting = store.create_meeting(Meeting(board_id=board.id, number=1, date="2021-11-09"))
    with store.atomic():
        for n in range(1500):
            store.add_entry(
                Entry(meeting_id=meeting.id, text=f"委託先の管理について{n}番目の質問である。")
            )
    store.close()
    env = {k: v for k, v in os.environ.items() if k != DB_ENV}
    reader = subprocess.Popen(
        [sys.executable, "-m", "pia_meeting", "search", "委託", "--json", "--limit", "1500"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=in_tmp,
        env={**env, DB_ENV: str(db)},
    )
    assert reader.stdout is not None and reader.stderr is not None
    assert reader.stdout.readline().decode().strip() == "["
    reader.stdout.close()  # like `head -1`
    err = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 1
    assert "Traceback" not in err
    assert "BrokenPipeError" not in err
    assert err == ""
