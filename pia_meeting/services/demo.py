"""The sample meeting (「見本の会議」): a fictional city's 第三者点検, for a first look at the app.

The data lives in `resources/demo_meeting.json`; `load_demo` writes it into a Store as one new
meeting with its board, members, 評価書, roll, entries and a confirmed 答申. Speakers are
referred to in the JSON by a key (e.g. "chair", "kokuho_morioka"); an entry may carry a key of
its own so that a later answer can name the 持ち帰り question it answers ("answers").
"""

from __future__ import annotations

import json
from typing import Any

from pia_meeting.core import styles
from pia_meeting.core.bundled import read_json
from pia_meeting.core.model import (
    AgendaItem,
    Assessment,
    Attendance,
    Board,
    Entry,
    EntryKind,
    Meeting,
    Member,
    Presence,
    Side,
    ToshinTemplate,
    VoteMode,
)
from pia_meeting.core.quorum import meeting_quorum
from pia_meeting.core.toshin import draft_wording
from pia_meeting.services.toshin import ToshinService
from pia_meeting.store.facade import Store

DEMO_RESOURCE = "demo_meeting.json"

_BOARD_SETTINGS = (
    "quorum_rule",
    "label_style",
    "anonymise_members",
    "member_label",
    "toshin_addressee",
    "toshin_number_format",
    "closed_reason_default",
)


def demo_data() -> dict[str, Any]:
    """The sample meeting as stored in the package (a fresh copy: callers may change it)."""
    data: dict[str, Any] = json.loads(json.dumps(read_json(DEMO_RESOURCE)))
    return data


def load_demo(store: Store, *, style: str = "") -> int:
    """Write the sample meeting into `store` and return the new meeting's id.

    The board is reused when one of that name exists (its settings are then left as they
    are); when the demo's 回 is already taken on that board, the next free number is used.
    `style`: a new board prints its minutes in that style (the chair's closing lines, which
    the confirmation writes into the log, are then in its wording). Everything happens in
    one transaction: on any error nothing is written.
    """
    data = demo_data()
    with store.atomic():
        board = _board(store, data["board"], style)
        assert board.id is not None
        members = _members(store, board.id, data["members"])
        assessment = _assessment(store, data["assessment"])
        meeting = _meeting(store, board.id, data["meeting"])
        assert meeting.id is not None
        item = _agenda_item(store, meeting.id, assessment, data["agenda_item"])
        speakers = _roll(store, meeting.id, data["members"], members, data["attendees"])
        _entries(store, meeting, item, speakers, data["entries"])
        _toshin(store, board, meeting, item, assessment, data["toshin"])
    return meeting.id


# -- the parts, in the order they are written ----------------------------------------------


def _board(store: Store, spec: dict[str, Any], style: str) -> Board:
    name = str(spec["name"])
    is_new = all(b.name != name for b in store.boards())
    board = store.board_named(name)
    if is_new:
        for setting in _BOARD_SETTINGS:
            if setting in spec:
                setattr(board, setting, spec[setting])
        if style:
            board = styles.choose(board, style)
        store.update_board(board)
    return board


def _members(store: Store, board_id: int, specs: list[dict[str, Any]]) -> dict[str, Member]:
    """Members in office by key; a member of the same name and role already on the board is
    reused, so loading the demo twice does not double the board."""
    existing = {(m.name, m.role): m for m in store.members(board_id)}
    result: dict[str, Member] = {}
    for spec in specs:
        member = existing.get((spec["name"], spec["role"]))
        if member is None:
            member = store.add_member(
                Member(
                    board_id=board_id,
                    name=spec["name"],
                    role=spec["role"],
                    in_office_from=spec.get("in_office_from"),
                    in_office_to=spec.get("in_office_to"),
                )
            )
        result[spec["key"]] = member
    return result


def _assessment(store: Store, spec: dict[str, Any]) -> Assessment:
    return store.save_assessment(
        Assessment(
            name=spec["name"],
            kind=spec["kind"],
            page_count=spec.get("page_count"),
            version=spec.get("version", ""),
            outline=json.dumps(spec.get("outline", {}), ensure_ascii=False),
        )
    )


def _meeting_taken(store: Store, board_id: int, number: int) -> bool:
    return any(row["board_id"] == board_id and row["number"] == number for row in store.meetings())


def _meeting(store: Store, board_id: int, spec: dict[str, Any]) -> Meeting:
    number = int(spec["number"])
    if _meeting_taken(store, board_id, number):
        number = store.next_meeting_number(board_id)
    return store.create_meeting(
        Meeting(
            board_id=board_id,
            number=number,
            title=spec["title"],
            date=spec["date"],
            start_time=spec["start_time"],
            end_time=spec["end_time"],
            place=spec["place"],
            openness=spec["openness"],
            record_style=spec["record_style"],
            observers=int(spec["observers"]),
            status=spec["status"],
        )
    )


def _agenda_item(
    store: Store, meeting_id: int, assessment: Assessment, spec: dict[str, Any]
) -> AgendaItem:
    return store.add_agenda_item(
        AgendaItem(
            meeting_id=meeting_id,
            title=spec["title"],
            heading=spec.get("heading", ""),
            is_public=int(spec.get("is_public", 1)),
            closed_reason=spec.get("closed_reason", ""),
            assessment_id=assessment.id,
            inquiry_number=spec.get("inquiry_number", ""),
            inquiry_date=spec.get("inquiry_date"),
        )
    )


def _roll(
    store: Store,
    meeting_id: int,
    member_specs: list[dict[str, Any]],
    members: dict[str, Member],
    attendee_specs: list[dict[str, Any]],
) -> dict[str, int]:
    """Members first (会長, 副会長, 委員), then 説明者 and 事務局; returns key → Attendance id."""
    speakers: dict[str, int] = {}
    for spec in member_specs:
        member = members[spec["key"]]
        person = store.add_attendee(
            Attendance(
                meeting_id=meeting_id,
                side=Side.MEMBER,
                name=member.name,
                title=member.role,
                member_id=member.id,
                presence=Presence(spec.get("presence", Presence.PRESENT)),
            )
        )
        assert person.id is not None
        speakers[spec["key"]] = person.id
    for spec in attendee_specs:
        person = store.add_attendee(
            Attendance(
                meeting_id=meeting_id,
                side=Side(spec["side"]),
                name=spec["name"],
                title=spec.get("title", ""),
                department=spec.get("department", ""),
                label=spec.get("label", ""),
                presence=Presence(spec.get("presence", Presence.PRESENT)),
            )
        )
        assert person.id is not None
        speakers[spec["key"]] = person.id
    return speakers


def _entries(
    store: Store,
    meeting: Meeting,
    item: AgendaItem,
    speakers: dict[str, int],
    specs: list[dict[str, Any]],
) -> None:
    by_key: dict[str, int] = {}
    for index, spec in enumerate(specs):
        speaker_key = spec.get("speaker")
        if speaker_key is not None and speaker_key not in speakers:
            raise ValueError(f"demo entry {index}: unknown speaker key {speaker_key!r}")
        answers_key = spec.get("answers")
        if answers_key is not None and answers_key not in by_key:
            raise ValueError(f"demo entry {index}: unknown or later entry key {answers_key!r}")
        entry = store.add_entry(
            Entry(
                meeting_id=meeting.id,
                agenda_item_id=item.id,
                kind=EntryKind(spec["kind"]),
                speaker_id=speakers[speaker_key] if speaker_key is not None else None,
                text=spec["text"],
                spoken_at=spec["spoken_at"],
                pages=json.dumps(sorted(set(spec.get("pages", [])))),
                section=spec.get("section", ""),
                is_public=int(spec.get("is_public", 1)),
                pending=int(spec.get("pending", 0)),
                answers_entry_id=by_key[answers_key] if answers_key is not None else None,
            )
        )
        assert entry.id is not None
        if "key" in spec:
            by_key[spec["key"]] = entry.id


def _votes(value: list[int] | None) -> tuple[int, int, int] | None:
    """[賛成, 反対, 棄権] for a counted vote; None under consent."""
    if value is None:
        return None
    votes_for, against, abstain = (int(v) for v in value)
    return votes_for, against, abstain


def _toshin(
    store: Store,
    board: Board,
    meeting: Meeting,
    item: AgendaItem,
    assessment: Assessment,
    spec: dict[str, Any],
) -> None:
    assert meeting.id is not None
    template = ToshinTemplate(spec["template"])
    service = ToshinService(store)
    toshin = service.get_or_draft(board, item, assessment)
    wording = spec.get("wording") or draft_wording(template, board, item, assessment)
    service.save_draft(toshin, wording, list(spec.get("riders", [])), template)
    quorum = meeting_quorum(store.load_bundle(meeting.id or 0))
    toshin, _warnings = service.confirm(
        toshin,
        meeting_id=meeting.id,
        confirmed_by=spec.get("confirmed_by", "会長"),
        quorum=quorum,
        vote_mode=VoteMode(spec.get("vote_mode", VoteMode.CONSENT)),
        votes=_votes(spec.get("votes")),
        chair_decision=spec.get("chair_decision", ""),
        # During its own session, not at load time: the closing lines it writes into the
        # log are stamped then too.
        confirmed_at=spec.get("confirmed_at"),
    )
    changed = False
    for field_name in ("number", "issued_on"):
        if spec.get(field_name):
            setattr(toshin, field_name, spec[field_name])
            changed = True
    if changed:
        store.put_toshin(toshin)
