"""The privacy guard (SPEC §7, DOMAIN §6): what counts as a 個人番号 and what does not, and the
公開用 export refusing, or writing with a recorded override, from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pia_meeting.cli import main
from pia_meeting.core.findings import PrivacyBlockedError, scan_meeting
from pia_meeting.core.model import Entry, EntryKind
from pia_meeting.core.privacy import (
    find_personal_data,
    is_valid_my_number,
    mask,
    mask_all,
    my_number_check_digit,
)
from pia_meeting.services.demo import load_demo
from pia_meeting.services.publish import export_minutes
from pia_meeting.store.facade import DB_ENV, Store

VALID = "123456789018"  # DOMAIN §6
VALID_2 = "987654321093"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _my_numbers(text: str) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.matched) for f in find_personal_data(text) if f.kind == "my_number"]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in find_personal_data(text)]


# -- check digits ----------------------------------------------------------------------------


def test_check_digit_examples_of_the_domain_notes() -> None:
    assert my_number_check_digit("12345678901") == 8
    assert my_number_check_digit("98765432109") == 3
    assert my_number_check_digit("１２３４５６７８９０１") == 8
    assert is_valid_my_number(VALID)
    assert is_valid_my_number("1234-5678-9018")
    assert is_valid_my_number(VALID.translate(FULL_WIDTH))
    assert not is_valid_my_number("123456789019")
    assert not is_valid_my_number("12345678901")  # 11 digits
    assert not is_valid_my_number("1234567890188")  # 13 digits
    assert not is_valid_my_number("12345678901a")
    with pytest.raises(ValueError):
        my_number_check_digit("1234")


def test_remainder_0_or_1_gives_check_digit_0() -> None:
    weights = (2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6)  # from the right
    for base in (f"{n:011d}" for n in range(0, 10**11, 10**11 // 2003)):
        total = sum(int(d) * w for d, w in zip(reversed(base), weights, strict=True))
        if total % 11 <= 1:
            assert my_number_check_digit(base) == 0
        else:
            assert my_number_check_digit(base) == 11 - total % 11


# -- every written form is found -------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        VALID,
        VALID.translate(FULL_WIDTH),
        "1234 5678 9018",
        "1234\u30005678\u30009018",  # 全角スペース
        "１２３４\u3000５６７８\u3000９０１８",
        "1234-5678-9018",
        "1234‐5678‐9018",  # U+2010
        "1234−5678−9018",  # U+2212
        "1234ー5678ー9018",  # 長音符, as typed by an IME
        "1234－5678－9018",  # 全角ハイフン
        "１２３４－５６７８－９０１８",
    ],
)
def test_a_valid_number_is_found_in_every_written_form(written: str) -> None:
    text = f"申請書の記載は{written}となっていた。"
    assert _my_numbers(text) == [(7, 7 + len(written), written)]


def test_context_words_raise_the_severity() -> None:
    (near,) = find_personal_data(f"個人番号は{VALID}です")
    assert (near.severity, "検査用数字が一致" in near.description) == ("high", True)
    (plain,) = find_personal_data(f"受付は{VALID}です")
    assert plain.severity == "medium"
    assert plain.description == "個人番号の可能性(検査用数字が一致)"
    far = "マイナンバー" + "あ" * 30 + VALID_2
    assert find_personal_data(far)[0].severity == "medium"
    assert find_personal_data("マイナンバー" + VALID_2)[0].severity == "high"


@pytest.mark.parametrize(
    "text",
    [
        "番号は123456789019です",  # wrong check digit
        "1234 5678 9019",
        "法人番号4011001098993の法人",  # 13 digits, a real 法人番号
        "法人番号7123456789012",  # DOMAIN §6 example
        "01234567890189",  # a longer run containing a valid 12
        "1234567890180",
        "1234 5678 9018 3456",  # four groups: not a 個人番号
        "予算額は1,234,567,890,123円",
        "1.23456789018",
        "123456789018-1",
    ],
)
def test_not_reported_as_a_my_number(text: str) -> None:
    assert _my_numbers(text) == []


@pytest.mark.parametrize(
    "phone",
    [
        "03-1234-5678",
        "090-1234-5678",
        "(03)1234-5678",
        "（０３）１２３４－５６７８",
        "０９０－１２３４－５６７８",
        "093-582-2111",
    ],
)
def test_phone_numbers_are_phones_not_my_numbers(phone: str) -> None:
    found = find_personal_data(f"問い合わせは{phone}まで")
    assert [(f.kind, f.matched) for f in found] == [("phone", phone)]


def test_email_addresses_are_found() -> None:
    text = "連絡先 taro.yamada+pia@city.example.lg.jp まで、ｈａｎａ＠ｅｘａｍｐｌｅ．ｊｐ も"
    found = [f for f in find_personal_data(text) if f.kind == "email"]
    assert [f.matched for f in found] == [
        "taro.yamada+pia@city.example.lg.jp",
        "ｈａｎａ＠ｅｘａｍｐｌｅ．ｊｐ",
    ]
    assert found[0].redacted.endswith("@city.example.lg.jp")
    assert "taro" not in found[0].redacted
    assert _kinds("メールは@だけ") == []


def test_observer_names_are_found_with_or_without_a_space() -> None:
    text = "傍聴人の山田太郎さんと山田　太郎さん"
    found = find_personal_data(text, observer_names=["山田 太郎", "", "林"])
    assert [(f.kind, f.matched, f.severity) for f in found] == [
        ("observer_name", "山田太郎", "medium"),
        ("observer_name", "山田　太郎", "medium"),
    ]


def test_mask_keeps_the_length_so_other_findings_stay_valid() -> None:
    text = f"番号{VALID}、電話03-1234-5678、1234－5678－9018"
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == ["my_number", "phone", "my_number"]
    once = mask(text, findings[0])
    assert once == "番号●●●●●●●●●●●●、電話03-1234-5678、1234－5678－9018"
    masked = mask_all(text, findings)
    assert masked == "番号●●●●●●●●●●●●、電話●●-●●●●-●●●●、●●●●－●●●●－●●●●"
    assert find_personal_data(masked) == []
    with pytest.raises(ValueError):
        mask("別の文章になった", findings[0])


# -- properties ------------------------------------------------------------------------------

JAPANESE = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x3041, 0x3097)]  # ひらがな
        + list("個人番号委員会事務局評価書住民基本台帳市区町村")
        + list("、。「」・（）！？ー　 ")
    ),
    max_size=40,
)
BASES = st.lists(st.integers(0, 9), min_size=11, max_size=11).map(lambda ds: "".join(map(str, ds)))
FORMS = st.sampled_from(["plain", "full", " ", "\u3000", "-", "‐", "−", "ー", "－"])


def _write(digits: str, form: str) -> str:
    if form == "plain":
        return digits
    if form == "full":
        return digits.translate(FULL_WIDTH)
    return form.join((digits[:4], digits[4:8], digits[8:]))


@given(prefix=JAPANESE, base=BASES, form=FORMS, suffix=JAPANESE)
def test_every_valid_number_is_found_at_its_offsets(
    prefix: str, base: str, form: str, suffix: str
) -> None:
    number = _write(base + str(my_number_check_digit(base)), form)
    text = prefix + number + suffix
    start = len(prefix)
    assert _my_numbers(text) == [(start, start + len(number), number)]


@given(prefix=JAPANESE, base=BASES, wrong=st.integers(0, 9), form=FORMS, suffix=JAPANESE)
def test_a_wrong_check_digit_is_never_reported(
    prefix: str, base: str, wrong: int, form: str, suffix: str
) -> None:
    if wrong == my_number_check_digit(base):
        wrong = (wrong + 1) % 10
    assert _my_numbers(prefix + _write(base + str(wrong), form) + suffix) == []


# -- the meeting, the 公開用 export and the command line --------------------------------------


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DB_ENV, raising=False)
    return tmp_path / "pia.db"


@pytest.fixture
def meeting_id(db: Path) -> int:
    store = Store(db)
    try:
        return load_demo(store)
    finally:
        store.close()


def _add_entry(db: Path, meeting_id: int, text: str, *, public: int = 1) -> Entry:
    store = Store(db)
    try:
        item = store.agenda(meeting_id)[0]
        speaker = next(p for p in store.attendance(meeting_id) if p.side == "説明者")
        return store.add_entry(
            Entry(
                meeting_id=meeting_id,
                agenda_item_id=item.id,
                kind=EntryKind.ANSWER,
                speaker_id=speaker.id,
                text=text,
                spoken_at="2025-10-21T10:41:00+09:00",
                is_public=public,
            )
        )
    finally:
        store.close()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_check_passes_on_the_demo_meeting(
    capsys: pytest.CaptureFixture[str], db: Path, meeting_id: int
) -> None:
    code, out, _ = _run(capsys, "check", str(meeting_id), "--db", str(db))
    assert code == 0
    assert "問題は見つかりませんでした" in out


def test_check_fails_on_a_valid_number_and_shows_only_its_last_digits(
    capsys: pytest.CaptureFixture[str], db: Path, meeting_id: int
) -> None:
    entry = _add_entry(db, meeting_id, f"申請者の個人番号 {VALID}、電話03-1234-5678")
    code, out, err = _run(capsys, "check", str(meeting_id), "--db", str(db))
    assert code == 1
    assert f"第{entry.seq}件 (10:41 " in out and f"[ID {entry.id}]" in out
    assert "●●●●●●●●9018" in out
    # the phone's snippet shows its neighbour redacted too
    assert "56789018" not in out and "03-1234" not in out
    assert "--allow-personal-data" in err

    code, out, _ = _run(capsys, "check", str(meeting_id), "--db", str(db), "--json")
    assert code == 1
    assert VALID not in out
    assert '"blocks_public": true' in out


def test_a_number_in_a_non_public_entry_does_not_block(
    capsys: pytest.CaptureFixture[str], db: Path, meeting_id: int
) -> None:
    _add_entry(db, meeting_id, f"非公開の答弁で {VALID} に触れた。", public=0)
    _add_entry(db, meeting_id, "担当は03-1234-5678まで。")
    code, out, _ = _run(capsys, "check", str(meeting_id), "--db", str(db))
    assert code == 0
    assert "非公開部分" in out and "電話番号" in out
    code, out, _ = _run(capsys, "export", str(meeting_id), "--db", str(db), "--public")
    assert code == 0
    assert Path(out.strip()).is_file()


def test_public_export_is_refused_and_leaves_no_file(
    capsys: pytest.CaptureFixture[str], db: Path, meeting_id: int
) -> None:
    entry = _add_entry(db, meeting_id, f"番号{VALID}の方の件")
    for fmt in ("docx", "txt"):
        code, out, err = _run(
            capsys, "export", str(meeting_id), "--db", str(db), "--public", "--format", fmt
        )
        assert code == 1
        assert out == ""
        assert f"第{entry.seq}件" in err and f"[ID {entry.id}]" in err
        assert "--allow-personal-data" in err
        assert VALID not in err
    exports = Path("exports")
    assert not exports.exists() or list(exports.iterdir()) == []

    # the internal version is not the 公開用: it is written as before
    code, out, _ = _run(capsys, "export", str(meeting_id), "--db", str(db), "--format", "txt")
    assert code == 0
    assert VALID in Path(out.strip()).read_text("utf-8")


def test_allow_personal_data_writes_and_records_who_and_which(
    capsys: pytest.CaptureFixture[str], db: Path, meeting_id: int
) -> None:
    entry = _add_entry(db, meeting_id, f"番号{VALID}の方の件")
    code, out, err = _run(
        capsys,
        "export",
        str(meeting_id),
        "--db",
        str(db),
        "--public",
        "--format",
        "txt",
        "--allow-personal-data",
    )
    assert code == 0, err
    assert Path(out.strip()).is_file()

    store = Store(db)
    try:
        events = [e for e in store.audit(meeting_id) if e.field == "privacy:my_number"]
        reviews = store.finding_reviews(meeting_id)
        stored = [
            str(v) for row in store.db.query("select * from audit_events") for v in row.values()
        ]
    finally:
        store.close()
    assert len(events) == 1
    event = events[0]
    assert (event.row_id, event.actor, event.table_name) == (entry.id, "事務局", "entries")
    assert "--allow-personal-data" in event.reason and "公開用" in event.reason
    assert "9018" in event.new_value and event.at
    assert not any(VALID in value for value in stored)
    assert [(r["status"], r["matched"]) for r in reviews] == [("override", "●●●●●●●●9018")]

    # an override is for that export only: the finding still blocks the next one
    code, _, _ = _run(capsys, "check", str(meeting_id), "--db", str(db))
    assert code == 1


def test_marking_a_finding_checked_unblocks(
    capsys: pytest.CaptureFixture[str], db: Path, meeting_id: int
) -> None:
    entry = _add_entry(db, meeting_id, f"受付番号{VALID}は個人番号ではない")
    assert entry.id is not None
    store = Store(db)
    try:
        (finding,) = scan_meeting(store.load_bundle(meeting_id))
        assert finding.blocks_public
        store.mark_finding(entry.id, "my_number", finding.matched, "checked", "事務局", "受付番号")
        (finding,) = scan_meeting(
            store.load_bundle(meeting_id), reviews=store.finding_reviews(meeting_id)
        )
        assert finding.resolved and not finding.blocks_public
    finally:
        store.close()
    code, out, _ = _run(capsys, "check", str(meeting_id), "--db", str(db))
    assert code == 0
    assert "確認済み" in out
    code, out, _ = _run(capsys, "export", str(meeting_id), "--db", str(db), "--public")
    assert code == 0
    assert Path(out.strip()).is_file()


def test_a_check_holds_for_that_exact_text_only(db: Path, meeting_id: int) -> None:
    entry = _add_entry(db, meeting_id, f"{VALID}と{VALID_2}")
    assert entry.id is not None
    store = Store(db)
    try:
        store.mark_finding(entry.id, "my_number", VALID, "checked", "事務局")
        found = scan_meeting(
            store.load_bundle(meeting_id), reviews=store.finding_reviews(meeting_id)
        )
        assert [(f.matched, f.resolved) for f in found] == [(VALID, True), (VALID_2, False)]
        with pytest.raises(PrivacyBlockedError) as refused:
            export_minutes(store.load_bundle(meeting_id), public=True, fmt="txt", store=store)
        assert [f.matched for f in refused.value.findings] == [VALID_2]
        with pytest.raises(ValueError):
            store.mark_finding(entry.id, "my_number", VALID, "ignored", "事務局")
    finally:
        store.close()


def test_masking_removes_the_finding_and_keeps_no_copy(db: Path, meeting_id: int) -> None:
    entry = _add_entry(db, meeting_id, f"番号{VALID}の方")
    assert entry.id is not None
    store = Store(db)
    try:
        (finding,) = find_personal_data(entry.text)
        entry.text = mask(entry.text, finding)
        store.update_entry(entry)
        store.mark_finding(entry.id, finding.kind, finding.matched, "masked", "事務局")
        assert scan_meeting(store.load_bundle(meeting_id)) == []
        assert all(VALID not in str(r["matched"]) for r in store.finding_reviews(meeting_id))
    finally:
        store.close()
