"""`pia-meeting doctor`: one screenful for a help desk, read without changing anything."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import pia_meeting
from pia_meeting.cli import main
from pia_meeting.services.demo import load_demo
from pia_meeting.services.doctor import report, terminal
from pia_meeting.store.facade import Store
from pia_meeting.store.schema import SCHEMA_VERSION


def test_the_report_names_versions_database_exports_and_terminal(tmp_path: Path) -> None:
    db = tmp_path / "pia_meeting.db"
    store = Store(db)
    load_demo(store)
    store.close()
    text = report(db, tmp_path / "exports", io.StringIO(), {"TERM": "xterm-256color"})
    lines = text.splitlines()
    assert len(lines) <= 20  # one screenful, to paste into a mail
    assert f"pia-meeting   {pia_meeting.__version__}" in text
    for word in ("Python", "Textual", "SQLite", "256色"):
        assert word in text
    assert str(db.absolute()) in text
    assert f"スキーマ      {SCHEMA_VERSION}/{SCHEMA_VERSION} (最新)" in text
    assert "整合性        ok" in text and "会議          1件" in text
    assert f"{(tmp_path / 'exports').absolute()} (書き込み可(初回の出力で作成))" in text


def test_a_missing_database_is_reported_and_not_created(tmp_path: Path) -> None:
    db = tmp_path / "data" / "pia_meeting.db"
    text = report(db, tmp_path / "exports", io.StringIO(), {})
    assert "まだありません" in text
    assert not db.exists() and not db.parent.exists()


def test_a_damaged_database_is_reported_not_raised(tmp_path: Path) -> None:
    db = tmp_path / "pia_meeting.db"
    db.write_bytes(b"not a database at all" * 100)
    text = report(db, tmp_path, io.StringIO(), {})
    assert "整合性" in text and "読めません" in text
    assert db.read_bytes() == b"not a database at all" * 100


def test_a_small_terminal_and_the_windows_code_page_are_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback: (70, 20))
    lines = {line.label: line.value for line in terminal(io.StringIO(), {}, 932)}
    assert "70×20 (80×24 以上が必要です)" in lines["端末"]
    assert lines["文字コード"].endswith("コンソール CP932")


def test_doctor_and_version_from_the_command_line(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert str(Path("data/pia_meeting.db").absolute()) in out
    assert not Path("data").exists()
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"pia-meeting {pia_meeting.__version__}"
