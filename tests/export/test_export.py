"""Export of the 議事録: what a user opening the .docx/.txt/.md would see (SPEC §4, §7)."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import (
    AgendaItem,
    Assessment,
    Attendance,
    Entry,
    EntryKind,
    LabelStyle,
    Meeting,
    MeetingBundle,
    Member,
    Presence,
    Side,
)
from pia_meeting.core.pages import section_of
from pia_meeting.core.quorum import quorum_state
from pia_meeting.export.files import default_export_name
from pia_meeting.export.minutes import APPENDIX_TITLE, BlockKind, build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.services.publish import export_minutes
from pia_meeting.services.toshin import ToshinService
from pia_meeting.store.facade import Store
from tests.support.paths import ROOT
from tests.support.reference import REFERENCE

TITLE = "第15回 特定個人情報保護評価「第三者点検」 議事録"
DATE_LINE = "令和3年11月9日(火) 10:00~10:50"
MEMBERS_LINE = "審査会委員 山田会長、佐藤委員、伊藤委員、渡辺委員、小林委員"
DEPT_A_LINE = "市民局区政部住民課 田中係長、鈴木主任"
DEPT_B_LINE = "デジタル推進室情報政策課 高橋係長"
SECRETARIAT_LINE = "総務局総務課 木村課長、中村係長"
CLOSING_FIRST = "(審査会委員) 以上を踏まえ、答申書を作成する。"
CLOSING_LAST = "異議がないのでこの旨で答申する。"
OMITTED = "(非公開部分のため省略)"
CLOSED_ITEM_REASON = "条例第12条の規定により非公開"

SECRET_QUESTION = "非公開で扱う質問の内容である。"
SECRET_ANSWER = "非公開で扱う回答の内容である。"
SECRET_ITEM_TEXT = "非公開議題での委員の発言である。"
SUPPLEMENT = "補足として、情報の持ち出しは禁止している。"
MULTILINE = "委託先には誓約書を提出させている。\n再委託は原則として認めていない。"


@dataclass
class Sample:
    store: Store
    meeting_id: int
    texts: list[str]  # every entry of the meeting, in order, as typed

    def bundle(self) -> MeetingBundle:
        return self.store.load_bundle(self.meeting_id)


@pytest.fixture
def sample() -> Sample:
    """A fictional session shaped like the reference: one public item with a confirmed 答申
    and two 非公開 entries, and one closed item."""
    store = Store(":memory:")
    board = store.board_named("北九州市個人情報保護審査会")
    assert board.id is not None
    for name, role in [("佐藤", "委員"), ("山田", "会長"), ("伊藤", "委員"), ("渡辺", "委員")]:
        store.add_member(Member(board_id=board.id, name=name, role=role))
    meeting = store.create_meeting(
        Meeting(
            board_id=board.id,
            number=15,
            date="2021-11-09",
            start_time="10:00",
            end_time="10:50",
            observers=2,
        )
    )
    assert meeting.id is not None
    mid = meeting.id
    assessment = store.save_assessment(Assessment(name="住民基本台帳に関する事務", page_count=78))
    item = store.add_agenda_item(
        AgendaItem(
            meeting_id=mid,
            title="住民基本台帳に関する事務に係る特定個人情報保護評価について",
            assessment_id=assessment.id,
        )
    )
    closed = store.add_agenda_item(
        AgendaItem(
            meeting_id=mid,
            title="個別案件の審議について",
            is_public=0,
            closed_reason=CLOSED_ITEM_REASON,
        )
    )

    def person(side: Side, name: str, title: str, department: str = "", **kw: str) -> Attendance:
        return store.add_attendee(
            Attendance(
                meeting_id=mid, side=side, name=name, title=title, department=department, **kw
            )
        )

    # The chair is not first on the roll: the header must still name the chair first.
    sato = person(Side.MEMBER, "佐藤", "委員")
    yamada = person(Side.MEMBER, "山田", "会長")
    for name in ("伊藤", "渡辺", "小林"):
        person(Side.MEMBER, name, "委員")
    tanaka = person(Side.EXPLAINER, "田中", "係長", "市民局区政部住民課")
    suzuki = person(Side.EXPLAINER, "鈴木", "主任", "市民局区政部住民課")
    takahashi = person(Side.EXPLAINER, "高橋", "係長", "デジタル推進室情報政策課")
    person(Side.EXPLAINER, "欠席者", "課長", "市民局区政部住民課", presence=Presence.ABSENT)
    person(Side.SECRETARIAT, "木村", "課長", "総務局総務課")
    person(Side.SECRETARIAT, "中村", "係長", "総務局総務課")

    texts: list[str] = []
    minute = iter(range(1, 60))

    def say(
        kind: str,
        speaker: Attendance | None,
        text: str,
        *,
        pages: str = "[]",
        public: int = 1,
        on: AgendaItem = item,
    ) -> None:
        store.add_entry(
            Entry(
                meeting_id=mid,
                agenda_item_id=on.id,
                kind=kind,
                speaker_id=speaker.id if speaker else None,
                text=text,
                spoken_at=f"2021-11-09T10:{next(minute):02d}:00+09:00",
                pages=pages,
                is_public=public,
            )
        )
        texts.append(text)

    say(EntryKind.STAGE, tanaka, "田中係長が全項目評価書(案)の概要について説明")
    say(EntryKind.EXPLANATION, tanaka, "事前に配布した資料に沿って説明する。")
    say(EntryKind.EXPLANATION, tanaka, "評価書の14ページに記録項目を記載している。", pages="[14]")
    say(EntryKind.HEADING, None, "質疑応答")
    say(EntryKind.QUESTION, sato, "前回の評価書からの変更点はどこか。", pages="[3, 14]")
    say(EntryKind.ANSWER, takahashi, "システム面でも変更はない。")
    say(EntryKind.ANSWER, suzuki, "大きな変更点はない。")
    say(EntryKind.QUESTION, sato, SECRET_QUESTION, pages="[20]", public=0)
    say(EntryKind.ANSWER, tanaka, SECRET_ANSWER, public=0)
    say(EntryKind.ANSWER, tanaka, SUPPLEMENT)
    say(EntryKind.QUESTION, yamada, "委託先の管理はどうしているか。", pages="[54]")
    say(EntryKind.ANSWER, tanaka, MULTILINE)
    say(EntryKind.HEADING, None, "意見聴取終了")
    say(EntryKind.OPINION, sato, SECRET_ITEM_TEXT, on=closed)

    bundle = store.load_bundle(mid)
    service = ToshinService(store)
    toshin = service.get_or_draft(bundle.board, item, assessment)
    toshin = service.save_draft(toshin, toshin.wording, [], toshin.template)
    quorum = quorum_state(bundle.attendance, bundle.board.quorum_rule)
    assert quorum.met
    service.confirm(toshin, meeting_id=mid, confirmed_by="山田会長", quorum=quorum)
    return Sample(store, mid, texts)


def docx_text(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def assert_in_order(haystack: str, needles: list[str]) -> None:
    """Each needle occurs verbatim, after the previous one."""
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, f"missing or out of order: {needle!r}"
        position = found + len(needle)


def xml_part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


# -- the Word file ---------------------------------------------------------------------------


def test_docx_title_and_header_table(sample: Sample, tmp_path: Path) -> None:
    path = export_minutes(sample.bundle(), folder=tmp_path)
    assert path == tmp_path / "第15回_2021-11-09_議事録.docx"
    document = docx.Document(str(path))

    title = document.paragraphs[0]
    assert title.text == TITLE
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)

    table = document.tables[0]
    rows = [(row.cells[0].text, row.cells[1].text) for row in table.rows]
    assert rows == [
        ("日 時", DATE_LINE),
        (
            "項 目",
            "住民基本台帳に関する事務に係る特定個人情報保護評価について(公開審議)\n"
            "個別案件の審議について(非公開)",
        ),
        ("出席者", f"{MEMBERS_LINE}\n{DEPT_A_LINE}\n{DEPT_B_LINE}"),
        ("事務局", SECRETARIAT_LINE),
        ("傍聴人", "2人"),
        ("内 容", ""),
    ]
    # The label column is the narrow one.
    label_width, value_width = (cell.width for cell in table.rows[0].cells)
    assert label_width is not None and value_width is not None
    assert label_width * 3 < value_width


def test_docx_has_every_entry_in_order_then_the_closing_lines(
    sample: Sample, tmp_path: Path
) -> None:
    path = export_minutes(sample.bundle(), folder=tmp_path)
    paragraphs = docx_text(path)
    body = "\n".join(paragraphs)
    assert_in_order(body, sample.texts)

    item_part = body[: body.index("個別案件の審議について")]
    # ト書き: label right before 《》; the same speaker's next paragraph carries no label.
    assert "(住民課)《田中係長が全項目評価書(案)の概要について説明》" in paragraphs
    assert "事前に配布した資料に沿って説明する。" in paragraphs
    assert "(審査会委員) 前回の評価書からの変更点はどこか。" in paragraphs
    assert "(住民課) 大きな変更点はない。" in paragraphs
    assert "(情報政策課) システム面でも変更はない。" in paragraphs
    # The same department again right after: no repeated label.
    assert SUPPLEMENT in paragraphs
    # Closing lines come last in the item, the first one labelled as in the reference.
    closing_at = paragraphs.index(CLOSING_FIRST)
    assert paragraphs[closing_at + 1].startswith("第三者点検についての答申の方向性は、「住民基本")
    assert paragraphs[closing_at + 1].endswith("妥当である。」と認めてよろしいか。")
    # The room's 異議なし is recorded, and the chair named again after it.
    assert paragraphs[closing_at + 2] == "《「異議なし」の声あり》"
    assert paragraphs[closing_at + 3] == f"(審査会委員) {CLOSING_LAST}"
    assert item_part.rstrip().endswith(CLOSING_LAST)
    assert_in_order(body, ["意見聴取終了", CLOSING_FIRST])


@pytest.mark.parametrize(
    ("style", "label"),
    [
        (LabelStyle.NAME_ROLE, "【山田会長】"),
        (LabelStyle.NAME, "(山田会長)"),
        (LabelStyle.MARU, "〇会長"),
        (LabelStyle.LETTERS, "(会長)"),
    ],
)
def test_the_closing_lines_are_the_chairs_in_the_boards_label_style(
    sample: Sample, tmp_path: Path, style: LabelStyle, label: str
) -> None:
    bundle = sample.bundle()
    bundle.board.label_style = style
    document = docx.Document(str(export_minutes(bundle, folder=tmp_path)))
    paragraphs = [p.text for p in document.paragraphs]
    assert f"{label} 以上を踏まえ、答申書を作成する。" in paragraphs


def test_docx_headings_use_heading_styles(sample: Sample, tmp_path: Path) -> None:
    document = docx.Document(str(export_minutes(sample.bundle(), folder=tmp_path)))
    styles = {p.text: p.style.name for p in document.paragraphs if p.text}
    assert styles["住民基本台帳に関する事務について"] == "Heading 1"
    assert styles["質疑応答"] == "Heading 2"
    assert styles["意見聴取終了"] == "Heading 2"


def test_docx_page_is_a4_japanese_with_page_numbers(sample: Sample, tmp_path: Path) -> None:
    path = export_minutes(sample.bundle(), folder=tmp_path)
    document_xml = xml_part(path, "word/document.xml")
    page_sizes = re.findall(r"<w:pgSz [^>]*>", document_xml)
    assert page_sizes, "no page size"
    for size in page_sizes:
        assert 'w:w="11906"' in size and 'w:h="16838"' in size
    assert "12240" not in document_xml and "15840" not in document_xml  # US Letter

    styles_xml = xml_part(path, "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles_xml, re.S)
    assert defaults is not None
    for block in (defaults.group(0), _style_xml(styles_xml, "Normal")):
        assert re.search(r'<w:rFonts [^>]*w:eastAsia="ＭＳ 明朝"', block)
        assert re.search(r'<w:rFonts [^>]*w:ascii="ＭＳ 明朝"', block)
        assert re.search(r'<w:lang [^>]*w:eastAsia="ja-JP"', block)
        assert re.search(r'<w:lang [^>]*w:val="ja-JP"', block)
    assert re.search(r'w:eastAsia="ＭＳ ゴシック"', _style_xml(styles_xml, "Heading1"))
    # Theme fonts would override the Japanese font names in Word.
    assert "eastAsiaTheme" not in defaults.group(0)
    assert "eastAsiaTheme" not in _style_xml(styles_xml, "Heading1")

    footers = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("word/footer")]
    assert footers
    footer_xml = "".join(xml_part(path, name) for name in footers)
    assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", footer_xml) or re.search(
        r'<w:fldSimple [^>]*w:instr="\s*PAGE', footer_xml
    )


def _style_xml(styles_xml: str, style_id: str) -> str:
    match = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles_xml, re.S)
    assert match is not None, style_id
    return match.group(0)


def test_clock_times_prefix_entries(sample: Sample, tmp_path: Path) -> None:
    path = export_minutes(sample.bundle(), folder=tmp_path, with_times=True)
    paragraphs = docx_text(path)
    assert "[10:01] (住民課)《田中係長が全項目評価書(案)の概要について説明》" in paragraphs
    assert "[10:02] 事前に配布した資料に沿って説明する。" in paragraphs
    assert "[10:05] (審査会委員) 前回の評価書からの変更点はどこか。" in paragraphs
    assert_in_order("\n".join(paragraphs), sample.texts)


def test_appendix_groups_entries_by_page(sample: Sample, tmp_path: Path) -> None:
    path = export_minutes(sample.bundle(), folder=tmp_path, appendix_pages=True)
    paragraphs = docx_text(path)
    start = paragraphs.index(APPENDIX_TITLE)
    # By page, in the order spoken; a question brings its answers (issue 18, item 17).
    answers = [
        "\u3000(情報政策課) システム面でも変更はない。",
        "\u3000(住民課) 大きな変更点はない。",
    ]
    assert paragraphs[start + 1 :] == [
        "p.3 (審査会委員) 前回の評価書からの変更点はどこか。",
        *answers,
        "p.14 (住民課) 評価書の14ページに記録項目を記載している。",
        "p.14 (審査会委員) 前回の評価書からの変更点はどこか。",
        *answers,
        "p.20 (審査会委員) " + SECRET_QUESTION,
        "\u3000(住民課) " + SECRET_ANSWER,
        "\u3000(住民課) " + SUPPLEMENT,
        "p.54 (審査会委員) 委託先の管理はどうしているか。",
        "\u3000(住民課) 委託先には誓約書を提出させている。",
        "\u3000再委託は原則として認めていない。",
    ]


def test_appendix_is_grouped_by_the_sections_of_the_outline(sample: Sample, tmp_path: Path) -> None:
    bundle = sample.bundle()
    assessment = bundle.assessment_of(bundle.agenda[0])
    assert assessment is not None
    assessment.outline = json.dumps({"Ⅰ": 2, "Ⅱ": 8, "Ⅲ": 18, "Ⅳ": 50})
    path = export_minutes(bundle, folder=tmp_path, appendix_pages=True, public=True)
    paragraphs = docx_text(path)
    lines = paragraphs[paragraphs.index(APPENDIX_TITLE) + 1 :]
    sections = [line for line in lines if not line.startswith(("p.", "\u3000"))]
    assert sections == [section_of(p, assessment) for p in (3, 8, 50)]
    assert (
        lines.index(sections[0])
        < lines.index("p.3 (審査会委員) 前回の評価書からの変更点はどこか。")
        < lines.index(sections[1])
        < lines.index(sections[2])
    )
    # The 公開用: the hidden question is gone, and so is the answer that followed it.
    assert "\u3000(住民課) " + SUPPLEMENT not in lines


def test_no_appendix_when_no_entry_has_pages(sample: Sample, tmp_path: Path) -> None:
    bundle = sample.bundle()
    for entry in bundle.entries:
        entry.pages = "[]"
    path = export_minutes(bundle, folder=tmp_path, appendix_pages=True)
    assert APPENDIX_TITLE not in docx_text(path)


# -- 公開用 ---------------------------------------------------------------------------------


def test_public_version_hides_closed_text_and_states_the_reason(
    sample: Sample, tmp_path: Path
) -> None:
    path = export_minutes(sample.bundle(), folder=tmp_path, public=True, appendix_pages=True)
    assert path.name == "第15回_2021-11-09_議事録_公開用.docx"
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    everything = "\n".join(
        paragraphs + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    with zipfile.ZipFile(path) as archive:
        raw = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    for secret in (SECRET_QUESTION, SECRET_ANSWER, SECRET_ITEM_TEXT):
        assert secret not in everything
        assert secret not in raw  # not in any part of the file either
    assert "p.20" not in everything  # the hidden entry's page tag is gone too
    # One placeholder for the run of two hidden entries; the closed item gives its reason.
    assert paragraphs.count(OMITTED) == 1
    assert f"({CLOSED_ITEM_REASON})" in paragraphs
    public_texts = [t for t in sample.texts if t not in (SECRET_QUESTION, SECRET_ANSWER)]
    public_texts.remove(SECRET_ITEM_TEXT)
    assert_in_order("\n".join(paragraphs), public_texts)
    # Whoever speaks after the gap is named again, although 住民課 also spoke just before it.
    assert paragraphs[paragraphs.index(OMITTED) - 1] == "(住民課) 大きな変更点はない。"
    assert paragraphs[paragraphs.index(OMITTED) + 1] == f"(住民課) {SUPPLEMENT}"
    # Officials stay named in the header.
    assert DEPT_A_LINE in everything and SECRETARIAT_LINE in everything


# -- files -----------------------------------------------------------------------------------


def test_never_overwrites_without_force(sample: Sample, tmp_path: Path) -> None:
    path = export_minutes(sample.bundle(), folder=tmp_path)
    before = path.read_bytes()
    with pytest.raises(UserError, match="既にファイルがあります"):
        export_minutes(sample.bundle(), folder=tmp_path, with_times=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temp file left

    again = export_minutes(sample.bundle(), folder=tmp_path, with_times=True, force=True)
    assert again == path
    assert "[10:02] 事前に配布した資料に沿って説明する。" in docx_text(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize("fmt", ["docx", "txt", "md"])
def test_exports_are_private_files(sample: Sample, tmp_path: Path, fmt: str) -> None:
    old = os.umask(0o022)  # the usual umask would give 0644
    try:
        path = export_minutes(sample.bundle(), folder=tmp_path / "exports", fmt=fmt)
    finally:
        os.umask(old)
    assert path.parent == tmp_path / "exports"  # the missing folder was created
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_explicit_out_path_and_folder_out(sample: Sample, tmp_path: Path) -> None:
    target = tmp_path / "nested" / "minutes.docx"
    assert export_minutes(sample.bundle(), out=target) == target
    assert docx_text(target)[0] == TITLE
    # An existing folder given as --out receives the default name.
    into = export_minutes(sample.bundle(), out=tmp_path, fmt="txt")
    assert into == tmp_path / "第15回_2021-11-09_議事録.txt"


def test_unusable_folder_is_a_user_error(sample: Sample, tmp_path: Path) -> None:
    blocker = tmp_path / "exports"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(UserError, match="出力先のフォルダを作成できません"):
        export_minutes(sample.bundle(), folder=blocker)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_read_only_folder_is_a_user_error(
    sample: Sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the secretariat may not write to (root ignores permission bits, so the
    refusal the operating system would give is what the test hands in)."""
    import tempfile

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    folder = tmp_path / "ro"
    folder.mkdir()
    with pytest.raises(UserError, match="書き込み権限がありません"):
        export_minutes(sample.bundle(), folder=folder)
    assert list(folder.iterdir()) == []


def test_unknown_format_is_refused(sample: Sample, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="pdf"):
        export_minutes(sample.bundle(), folder=tmp_path, fmt="pdf")
    assert list(tmp_path.iterdir()) == []


def test_default_export_names(sample: Sample) -> None:
    meeting = sample.bundle().meeting
    assert default_export_name(meeting, "minutes", "docx") == "第15回_2021-11-09_議事録.docx"
    assert default_export_name(meeting, "public", "docx") == "第15回_2021-11-09_議事録_公開用.docx"
    assert default_export_name(meeting, "toshin", "docx") == "第15回_2021-11-09_答申書.docx"
    assert default_export_name(meeting, "minutes", "md") == "第15回_2021-11-09_議事録.md"


# -- text and Markdown ------------------------------------------------------------------------


def test_txt_has_the_same_content(sample: Sample, tmp_path: Path) -> None:
    path = export_minutes(sample.bundle(), folder=tmp_path, fmt="txt")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == TITLE
    assert f"日 時\t{DATE_LINE}" in lines
    assert f"出席者\t{MEMBERS_LINE}" in lines
    assert f"\t{DEPT_A_LINE}" in lines
    assert f"事務局\t{SECRETARIAT_LINE}" in lines
    *item_texts, closed_item_text = sample.texts
    assert_in_order(text, [*item_texts, CLOSING_FIRST, CLOSING_LAST, closed_item_text])
    assert MULTILINE in text  # a two-line entry stays exactly as typed


def test_md_has_the_same_content(sample: Sample, tmp_path: Path) -> None:
    path = export_minutes(sample.bundle(), folder=tmp_path, fmt="md")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# {TITLE}\n")
    assert "## 住民基本台帳に関する事務について" in text
    assert "### 質疑応答" in text
    assert f"| 出席者 | {MEMBERS_LINE}<br>{DEPT_A_LINE}<br>{DEPT_B_LINE} |" in text
    *item_texts, closed_item_text = sample.texts
    single_lines = [line for t in item_texts for line in t.split("\n")]
    assert_in_order(text, [*single_lines, CLOSING_FIRST, CLOSING_LAST, closed_item_text])


def test_md_does_not_turn_speech_into_markup(sample: Sample, tmp_path: Path) -> None:
    bundle = sample.bundle()
    bundle.entries[1].text = "# 見出しではない *強調でもない*"
    text = export_minutes(bundle, folder=tmp_path, fmt="md").read_text(encoding="utf-8")
    assert "\n\\# 見出しではない \\*強調でもない\\*\n" in text


def test_public_txt_and_md_hide_closed_text(sample: Sample, tmp_path: Path) -> None:
    for fmt in ("txt", "md"):
        path = export_minutes(sample.bundle(), folder=tmp_path, fmt=fmt, public=True)
        text = path.read_text(encoding="utf-8")
        assert path.name.endswith(f"_議事録_公開用.{fmt}")
        for secret in (SECRET_QUESTION, SECRET_ANSWER, SECRET_ITEM_TEXT):
            assert secret not in text
        assert OMITTED in text


# -- the document model ------------------------------------------------------------------------


def test_imported_literal_labels_are_used(sample: Sample) -> None:
    bundle = sample.bundle()
    first, second = bundle.entries[0], bundle.entries[1]
    first.speaker_id, first.speaker_label, first.kind = None, "回答", EntryKind.ANSWER
    second.speaker_id, second.speaker_label = None, "(委員A)"
    blocks = build_minutes(bundle).body
    lines = [b.render() for b in blocks if b.entry_id in (first.id, second.id)]
    assert lines == ["(回答) " + first.text, "(委員A) " + second.text]


def test_every_entry_has_exactly_one_block(sample: Sample) -> None:
    bundle = sample.bundle()
    blocks = build_minutes(bundle).body
    ids = [b.entry_id for b in blocks if b.entry_id is not None]
    assert ids == [e.id for e in bundle.entries]
    kinds = {b.entry_id: b.kind for b in blocks}
    assert kinds[bundle.entries[0].id] == BlockKind.STAGE
    assert kinds[bundle.entries[3].id] == BlockKind.HEADING


def test_unconfirmed_toshin_gives_no_closing_lines(sample: Sample) -> None:
    """Nothing is generated for a 答申 not confirmed (its closing lines not in the log)."""
    bundle = sample.bundle()
    for toshin in bundle.toshins.values():
        toshin.confirmed_at = None
        toshin.closing_in_log = 0
    bundle.entries = [e for e in bundle.entries if e.text in sample.texts]
    assert CLOSING_FIRST not in render_text(build_minutes(bundle))


# -- against the published reference ------------------------------------------------------------


def test_layout_matches_the_reference(sample: Sample) -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    ref_lines = reference.splitlines()
    ref_labels = [line.split("\t")[0] for line in ref_lines if "\t" in line][:6]
    doc = build_minutes(sample.bundle())
    assert [row.label for row in doc.header] == ref_labels
    ref_date = next(line.split("\t")[1] for line in ref_lines if line.startswith(ref_labels[0]))
    assert re.fullmatch(r"令和\d+年\d+月\d+日\(.\) \d\d:\d\d~\d\d:\d\d", ref_date)
    assert re.fullmatch(r"令和\d+年\d+月\d+日\(.\) \d\d:\d\d~\d\d:\d\d", doc.header[0].lines[0])
    # The closing line is generated exactly as the published minutes print it.
    assert CLOSING_FIRST in ref_lines
    assert CLOSING_FIRST in [b.render() for b in doc.body]
    # ト書き: label directly followed by 《…》, no space, in both.
    stage = re.compile(r"^\([^)]+\)《[^》]+》$")
    assert any(stage.match(line) for line in ref_lines)
    assert any(stage.match(b.render()) for b in doc.body if b.kind == BlockKind.STAGE)


def test_docx_keeps_tabs_and_survives_control_characters(sample: Sample, tmp_path: Path) -> None:
    bundle = sample.bundle()
    bundle.entries[1].text = "区分\t内容"
    bundle.entries[2].text = "貼り付けた\x0c文章"  # a form feed cannot be stored in XML
    paragraphs = docx_text(export_minutes(bundle, folder=tmp_path))
    assert "区分\t内容" in paragraphs
    assert "貼り付けた文章" in paragraphs


def test_the_export_modules_load_neither_the_ui_nor_the_word_library_until_writing() -> None:
    code = (
        "import sys, pia_meeting.export.minutes, pia_meeting.export.text_writer, "
        "pia_meeting.export.toshin_doc, pia_meeting.export.files; "
        "print(sorted(m for m in ('textual', 'docx') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_appendix_lists_a_page_range_once() -> None:
    import json as _json

    from pia_meeting.core.model import AgendaItem, Entry, Meeting
    from pia_meeting.store.facade import Store

    store = Store(":memory:")
    board = store.board_named("北九州市個人情報保護審査会")
    meeting = store.create_meeting(Meeting(board_id=board.id, number=15, date="2021-11-09"))
    item = store.add_agenda_item(AgendaItem(meeting_id=meeting.id, title="住民基本台帳"))
    store.add_entry(
        Entry(
            meeting_id=meeting.id,
            agenda_item_id=item.id,
            text="54ページから76ページまで、リスク対策について記載している。",
            pages=_json.dumps(list(range(54, 77))),
        )
    )
    doc = build_minutes(store.load_bundle(meeting.id or 0), appendix_pages=True)
    lines = [b.render() for b in doc.appendix if b.kind == BlockKind.APPENDIX_LINE]
    assert lines == ["p.54–76 54ページから76ページまで、リスク対策について記載している。"]
