"""Issue 「Nothing lost, nothing leaked」, the importer's items: (14) ISO-2022-JP and UTF-16
without BOM are read as what they are, and a stray NUL byte no longer refuses the file;
(15) a zip bomb .docx is refused from its directory, before anything is inflated; (18) a
ト書き holding 》 comes back whole after export and import."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import Entry, EntryKind
from pia_meeting.imports import import_file, import_minutes, parse_minutes, read_minutes_file
from pia_meeting.imports.body import split_stage
from pia_meeting.services.publish import export_minutes
from pia_meeting.store.facade import Store

MINUTES = (
    "第2回 ことり市個人情報保護審査会 議事録\n"
    "日時\t令和6年5月7日(火) 10:00~11:00\n"
    "項目\t住民記録に関する事務について(公開審議)\n"
    "内容\n"
    "(事務局) ただいまから開会する。\n"
    "(委員) 委託先はどこか。\n"
)


# -- (14) encodings and NUL bytes -------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["iso2022_jp", "utf-16-le", "utf-16-be"])
def test_jis_and_utf16_without_bom_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "minutes.txt"
    path.write_bytes(MINUTES.encode(encoding))  # no BOM: Python's utf-16-le/be write none
    assert read_minutes_file(path) == MINUTES
    store = Store(":memory:")
    bundle = store.load_bundle(import_file(store, path))
    assert bundle.board.name == "ことり市個人情報保護審査会"
    assert [e.text for e in bundle.entries] == ["ただいまから開会する。", "委託先はどこか。"]


def test_a_stray_nul_is_dropped_with_a_note_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    lines = MINUTES.split("\n")
    lines[5] = lines[5].replace("委託先", "委託\x00先")
    path.write_bytes("\n".join(lines).encode("utf-8"))
    store = Store(":memory:")
    imported = import_minutes(store, path)
    assert any("NUL" in note and "6行目" in note for note in imported.notes)
    texts = [e.text for e in store.load_bundle(imported.meeting_id).entries]
    assert texts == ["ただいまから開会する。", "委託先はどこか。"]


def test_a_file_of_many_nul_bytes_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 50)
    with pytest.raises(UserError, match="テキストファイルではない"):
        read_minutes_file(path)


# -- (15) a zip bomb .docx ------------------------------------------------------------------


def _bomb(path: Path, size: int) -> Path:
    """A .docx whose document.xml inflates to `size` bytes of one character."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            chunk = b"<" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_zip_bomb_docx_is_refused_from_its_directory(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.docx", 80 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024  # under a megabyte on disk
    with pytest.raises(UserError) as refused:
        read_minutes_file(path)
    assert "bomb.docx" in str(refused.value) and "大きすぎる" in str(refused.value)


def test_an_ordinary_docx_is_not_taken_for_a_bomb(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for _ in range(200):
        document.add_paragraph("(委員) 委託先の監督はどのように行っているか。" * 5)
    path = tmp_path / "long.docx"
    document.save(str(path))
    assert "委託先の監督" in read_minutes_file(path)


# -- (18) a ト書き holding 》 ---------------------------------------------------------------


@pytest.mark.parametrize(
    "stage", ["資料《別紙》に基づき説明", "説明の途中で》が入った", "《冒頭》から説明", "a》b》c"]
)
def test_a_stage_direction_with_brackets_inside_survives_export_and_import(
    tmp_path: Path, stage: str
) -> None:
    store = Store(":memory:")
    meeting_id = import_file(store, _file(tmp_path))
    bundle = store.load_bundle(meeting_id)
    item = bundle.agenda[0]
    store.add_entry(
        Entry(meeting_id=meeting_id, agenda_item_id=item.id, kind=EntryKind.STAGE, text=stage)
    )
    bundle = store.load_bundle(meeting_id)
    path = export_minutes(bundle, fmt="txt", out=tmp_path / "out.txt")
    again = Store(":memory:")
    stages = [
        e.text
        for e in again.load_bundle(import_file(again, path)).entries
        if e.kind == EntryKind.STAGE
    ]
    assert stages == [stage]


def test_the_closing_bracket_of_a_stage_direction_is_the_one_that_balances() -> None:
    assert split_stage("《資料《別紙》を説明》続けて本文") == ("資料《別紙》を説明", "続けて本文")
    assert split_stage("《a》と《b》") == ("a", "と《b》")
    assert split_stage("《a》b》") == ("a》b", "")
    assert split_stage("《閉じない") is None


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "minutes.txt"
    path.write_text(MINUTES, "utf-8")
    return path


def test_render_keeps_the_inner_bracket() -> None:
    parsed = parse_minutes(
        "内容\n\n事務に関する事務について\n\n(戸籍住民課)《資料《別紙》を説明》\n"
    )
    [stage] = [e for e in parsed.all_entries() if e.kind == EntryKind.STAGE]
    assert stage.text == "資料《別紙》を説明"


def test_a_date_before_meiji_is_not_stored_and_its_line_is_kept() -> None:
    # A typo in published minutes (1021 for 2021) must not reach the database, where no
    # date before 明治 can be printed in 和暦; the line stays, as written.
    parsed = parse_minutes(
        "第3回架空市個人情報保護審査会 議事録\n開催日時\t1021年11月9日(火) 10:00~10:50\n"
        "場所\t本庁舎5階会議室\n\n(会長) ただいまから開会する。\n"
    )
    assert parsed.date is None
    kept = "\n".join(e.text for e in parsed.all_entries())
    assert "1021年11月9日" in kept
