"""An archive of a few meetings to search: two of one board, one of another."""

from __future__ import annotations

import json
from typing import Any

from pia_meeting.core.model import AgendaItem, Attendance, Entry, EntryKind, Meeting, Side
from pia_meeting.services.search import search
from pia_meeting.store.facade import Store

BOARD = "北九州市個人情報保護審査会"


OTHER_BOARD = "架空町個人情報保護審査会"


class Archive:
    """Two meetings of one board (令和2年 and 令和3年) and one of another board."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ids: dict[str, int] = {}
        board = store.board_named(BOARD)
        self.board_id = board.id or 0
        old = self._meeting(self.board_id, 14, "2020-05-01")
        new = self._meeting(self.board_id, 15, "2021-11-09")
        self.meeting_old, self.meeting_new = old, new
        self.item_old = self._item(old, "国民健康保険に関する事務")
        self.item_new = self._item(new, "住民基本台帳に関する事務")
        self.people: dict[tuple[int, str], int] = {}
        for meeting in (old, new):
            self._person(meeting, Side.MEMBER, "時枝", "会長")
            self._person(meeting, Side.EXPLAINER, "菊竹", "係長", "市民文化スポーツ局戸籍住民課")
            self._person(meeting, Side.SECRETARIAT, "花本", "館長")
        self._entry("old_itaku", old, Side.MEMBER, "委託先の研修はどうなっているか。", pages=[14])
        self._entry(
            "old_answer",
            old,
            Side.EXPLAINER,
            "年に一度、研修を委託先に義務付けている。評価書14ページに記載のとおり。",
            kind=EntryKind.ANSWER,
            pages=[14],
            section="Ⅲ-3",
        )
        self._entry(
            "new_saiitaku",
            new,
            Side.MEMBER,
            "再委託についての判断基準があるか。",
            pages=[54],
        )
        self._entry(
            "new_lgwan",
            new,
            Side.EXPLAINER,
            "ＬＧＷＡＮという専用回線でやりとりをしている。受付は10時〜12時。",
            kind=EntryKind.ANSWER,
        )
        self._entry(
            "new_secret",
            new,
            Side.SECRETARIAT,
            "委託契約書の写しは事務局で保管しております。",
            kind=EntryKind.EXPLANATION,
            public=False,
        )
        self._entry(
            "new_long",
            new,
            Side.MEMBER,
            "特定個人情報保護評価書の記載について、委 託と書かれている箇所を確認したい。",
        )
        other = store.board_named(OTHER_BOARD)
        self.other_board_id = other.id or 0
        elsewhere = self._meeting(self.other_board_id, 3, "2021-06-01")
        self.meeting_other = elsewhere
        self._item(elsewhere, "介護保険に関する事務")
        self._person(elsewhere, Side.MEMBER, "山下", "委員")
        self._entry("other_itaku", elsewhere, Side.MEMBER, "委託先の監督について伺う。")

    def _meeting(self, board_id: int, number: int, date: str) -> int:
        meeting = self.store.create_meeting(Meeting(board_id=board_id, number=number, date=date))
        return meeting.id or 0

    def _item(self, meeting_id: int, title: str) -> int:
        item = self.store.add_agenda_item(AgendaItem(meeting_id=meeting_id, title=title))
        return item.id or 0

    def _person(
        self, meeting_id: int, side: Side, name: str, title: str, department: str = ""
    ) -> None:
        person = self.store.add_attendee(
            Attendance(
                meeting_id=meeting_id, side=side, name=name, title=title, department=department
            )
        )
        self.people[(meeting_id, side.value)] = person.id or 0

    def _entry(
        self,
        key: str,
        meeting_id: int,
        side: Side,
        text: str,
        *,
        kind: str = EntryKind.QUESTION,
        pages: list[int] | None = None,
        section: str = "",
        public: bool = True,
    ) -> None:
        item_id = self.store.agenda(meeting_id)[0].id
        entry = self.store.add_entry(
            Entry(
                meeting_id=meeting_id,
                agenda_item_id=item_id,
                kind=kind,
                speaker_id=self.people[(meeting_id, side.value)],
                text=text,
                pages=json.dumps(pages or []),
                section=section,
                is_public=int(public),
            )
        )
        self.ids[key] = entry.id or 0

    def found(self, query: str, **filters: Any) -> list[str]:
        """Keys of the entries found, in the order returned."""
        names = {v: k for k, v in self.ids.items()}
        hits = search(self.store, query, **filters)
        return [names[h.entry_id] for h in hits if h.entry_id is not None]
