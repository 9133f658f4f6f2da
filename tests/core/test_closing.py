"""The closing lines of a 答申 for the log, and recognising those a secretariat typed."""

from __future__ import annotations

from pia_meeting.core.closing import REACTION, reads_as, script, typed_closing
from pia_meeting.core.model import Entry, EntryKind, Toshin, VoteMode
from pia_meeting.core.styles import ClosingStyle
from pia_meeting.core.toshin import RESULT_ADOPTED, RESULT_CONTINUED

CHAIR, MEMBER, EXPLAINER = 1, 2, 3
PLAIN = ClosingStyle()


def confirmed(**changes: object) -> Toshin:
    toshin = Toshin(
        agenda_item_id=1,
        wording="全項目評価書の記載は妥当である。",
        confirmed_at="2025-10-21T15:05:00+09:00",
        result=RESULT_ADOPTED,
    )
    for name, value in changes.items():
        setattr(toshin, name, value)
    return toshin


def said(speaker: int | None, text: str, kind: str = EntryKind.PROCEDURE) -> Entry:
    return Entry(id=abs(hash(text)) % 10_000, kind=kind, speaker_id=speaker, text=text)


AS_SAID = [
    said(CHAIR, "以上を踏まえ、答申書を作成する。"),
    said(CHAIR, "答申の方向性は「全項目評価書の記載は妥当である。」としてよろしいか。"),
    said(None, "「異議なし」の声あり", EntryKind.STAGE),
    said(CHAIR, "異議がないので、この旨で答申する。"),
]


def test_the_log_gets_the_rooms_reaction_between_question_and_consent() -> None:
    lines = script(confirmed(), PLAIN, in_log=True)
    assert [line.text for line in lines] == [
        "以上を踏まえ、答申書を作成する。",
        "第三者点検についての答申の方向性は、「全項目評価書の記載は妥当である。」と認めてよろしいか。",
        REACTION,
        "異議がないのでこの旨で答申する。",
    ]
    assert [line.is_stage for line in lines] == [False, False, True, False]
    # Generated at export for an older 答申, the style prints no reaction of its own.
    assert not any(line.is_stage for line in script(confirmed(), PLAIN, in_log=False))


def test_a_counted_vote_has_no_異議なし_and_a_style_reaction_is_its_own() -> None:
    counted = confirmed(vote_mode=VoteMode.COUNT, votes_for=4, votes_against=1, abstentions=0)
    assert not any(line.is_stage for line in script(counted, PLAIN, in_log=True))
    styled = script(confirmed(), ClosingStyle(reaction="(委員全員異議なし)"), in_log=True)
    assert [line.text for line in styled if line.is_stage] == ["(委員全員異議なし)"]
    continued = script(confirmed(result=RESULT_CONTINUED), PLAIN, in_log=True)
    assert [line.text for line in continued] == [
        "本日は結論を出さず、次回に審議を継続することとした。"
    ]


def test_the_lines_typed_as_said_are_recognised_and_what_follows_is_not() -> None:
    before = [
        said(MEMBER, "この理解でよろしいか。", EntryKind.QUESTION),
        said(EXPLAINER, "そのとおりである。", EntryKind.ANSWER),
    ]
    after = [said(CHAIR, "なお、議題(2)については非公開で審議するため、会議を公開しない。")]
    found = typed_closing([*before, *AS_SAID, *after], {CHAIR}, PLAIN)
    assert found == AS_SAID


def test_a_member_s_異議なし_belongs_to_the_run() -> None:
    lines = [*AS_SAID[:2], said(MEMBER, "異議なし。", EntryKind.OPINION), AS_SAID[3]]
    assert typed_closing(lines, {CHAIR}, PLAIN) == lines


def test_only_the_last_run_counts_and_a_question_mid_discussion_is_none() -> None:
    early = said(CHAIR, "この点は次回確認することでよろしいか。")
    middle = [said(EXPLAINER, "承知した。", EntryKind.ANSWER)]
    found = typed_closing([early, *middle, *AS_SAID], {CHAIR}, PLAIN)
    assert found == AS_SAID
    # A member asking 「よろしいか」 is not the chair putting the 答申.
    assert typed_closing([said(MEMBER, "この理解でよろしいか。")], {CHAIR}, PLAIN) == []
    # The room's 異議なし alone is no closing.
    assert typed_closing([AS_SAID[2]], {CHAIR}, PLAIN) == []
    # Headings end a run.
    heading = said(None, "意見聴取終了", EntryKind.HEADING)
    assert typed_closing([*AS_SAID, heading], {CHAIR}, PLAIN) == AS_SAID


def test_a_style_s_own_wording_is_recognised() -> None:
    style = ClosingStyle(intro="ただいまの審議結果を取りまとめたい。")
    line = said(CHAIR, "ただいまの審議結果を取りまとめたいと思います。")
    assert typed_closing([line], {CHAIR}, style) == [line]
    assert typed_closing([line], {CHAIR}, PLAIN) == []


def test_lines_that_read_as_the_closing_need_no_replacing() -> None:
    lines = script(confirmed(), PLAIN, in_log=True)
    typed = [said(CHAIR, line.text) for line in lines]
    typed[2] = said(None, f"({REACTION})", EntryKind.STAGE)  # brackets typed or not
    assert reads_as(typed, lines)
    assert not reads_as(AS_SAID, lines)
