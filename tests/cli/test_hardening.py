"""Bad input to every command is a Japanese message and an exit code, never a traceback; and
what a hand-edited or old file holds never stops the commands that read it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pia_meeting.cli import main
from pia_meeting.services.demo import load_demo
from pia_meeting.store.facade import Store
from pia_meeting.store.fts import register_functions

pytestmark = pytest.mark.usefixtures("in_tmp")
DB = Path("data") / "pia_meeting.db"


def _demo() -> int:
    store = Store(DB)
    meeting_id = load_demo(store)
    store.close()
    return meeting_id


def _japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize(
    "argv",
    [
        ["export", str(2**63)],
        ["export", "99999999999999999999999"],
        ["toshin", str(2**64)],
        ["check", str(2**63)],
        ["check", "0"],
        ["search", "委託", "--limit", str(2**63)],
        ["search", "委託", "--limit", "0"],
        ["toshin", "1", "--item", str(2**63)],
    ],
)
def test_numbers_out_of_range_are_usage_errors(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _demo()
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert _japanese(err) and "Traceback" not in err


def test_a_page_out_of_range_and_thousands_of_words_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _demo()
    assert main(["search", "委託", "--page", str(2**63)]) == 1
    assert "ページは1から" in capsys.readouterr().err
    words = " ".join(f"語{n}" for n in range(3000))
    assert main(["search", words]) == 1
    err = capsys.readouterr().err
    assert "検索する語が多すぎます" in err and "Traceback" not in err


def test_a_stored_date_before_meiji_never_stops_list_or_export(
    capsys: pytest.CaptureFixture[str],
) -> None:
    meeting_id = _demo()
    with sqlite3.connect(DB) as conn:  # as a typo saved by an older release left it
        register_functions(conn)  # the search index's triggers follow the date
        conn.execute("update meetings set date = '1021-11-09' where id = ?", (meeting_id,))
    assert main(["list"]) == 0
    assert "1021年11月9日" in capsys.readouterr().out
    assert main(["export", str(meeting_id), "--format", "txt"]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert "1021年11月9日" in written.read_text("utf-8")


def test_a_read_only_database_reads_and_refuses_to_write(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting_id = _demo()
    before = DB.read_bytes()
    # As for a user without write permission (the tests run as root, which has it always).
    monkeypatch.setattr("pia_meeting.store.integrity.is_writable", lambda path: False)
    assert main(["list"]) == 0
    captured = capsys.readouterr()
    assert "読み取り専用で開きます" in captured.err and "第8回" in captured.out
    assert main(["export", str(meeting_id), "--format", "txt"]) == 0
    capsys.readouterr()
    assert main(["demo", "--no-open"]) == 1
    err = capsys.readouterr().err
    assert "書き込めません" in err and "Traceback" not in err
    assert main(["import", "nothing.txt"]) == 1
    assert "書き込めません" in capsys.readouterr().err
    assert DB.read_bytes() == before


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["demo", "--no-open"],
        ["export", "1"],
        ["toshin", "1"],
        ["check", "1"],
        ["search", "委託"],
        ["backup", "--out", "backups/"],
        ["import", "locked/minutes.txt"],
        ["doctor"],
    ],
)
def test_a_folder_this_user_may_not_enter_is_a_message(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As a user whose data folder is another's (the tests run as root, which may enter any).
    real = Path.stat

    def stat(self: Path, *args: object, **kwargs: object) -> object:
        if "locked" in self.parts:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", stat)
    code = main(["--db", "locked/pia_meeting.db", *argv])
    err = capsys.readouterr().err
    assert code in (0, 1), err
    assert "Traceback" not in err
    if code == 1:
        assert _japanese(err)
