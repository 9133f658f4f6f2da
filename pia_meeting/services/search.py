"""Archive search over every meeting (SPEC §5): entries, agenda titles and 答申 wording,
newest first, with filters, and hits that name where they were said. The index itself and
its normalisation are in `store.fts`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pia_meeting.core import wareki
from pia_meeting.core.errors import UserError
from pia_meeting.core.labels import speaker_label, wrap_label
from pia_meeting.core.model import Attendance, Board, EntryKind, Side
from pia_meeting.core.wareki import parse_year
from pia_meeting.store.facade import Store
from pia_meeting.store.fts import (
    DAY_SHIFT,
    SOURCE_AGENDA,
    SOURCE_ENTRY,
    SOURCE_TOSHIN,
    SOURCES,
    gram_tokens,
    normalise,
    normalised_with_map,
    year_range,
)

# -- queries -------------------------------------------------------------------------------

SIDES = tuple(s.value for s in Side)
KIND_AGENDA = "議題"
KIND_TOSHIN = "答申"
KINDS = (*(k.value for k in EntryKind), KIND_AGENDA, KIND_TOSHIN)
ORDERS = ("newest", "rank")
# Each word is a condition of its own in the query: thousands would overflow SQLite.
MAX_TERMS = 32
MAX_PAGE = 9999  # a 評価書 page
SNIPPET_WIDTH = 80
SNIPPET_BEFORE = 20


@dataclass
class SearchHit:
    """One hit: an entry, or an agenda item's title, or a 答申's wording."""

    meeting_id: int
    entry_id: int | None
    agenda_item_id: int | None
    meeting_number: int | None
    date: str | None  # ISO
    speaker: str  # the label as in the minutes, e.g. 「(戸籍住民課)」; "" for 議題/答申
    kind: str  # the entry's kind, or 「議題」「答申」
    snippet: list[tuple[str, bool]]  # (text, is_match): mark matches without markup
    snippet_text: str
    source: str = "entry"  # entry / agenda / toshin
    board_name: str = ""
    side: str | None = None
    pages: list[int] = field(default_factory=list)
    is_public: bool = True

    @property
    def date_label(self) -> str:
        return wareki.format_stored_date(self.date, missing="日付未定")

    @property
    def number_label(self) -> str:
        return f"第{self.meeting_number}回" if self.meeting_number is not None else "回未定"

    def marked(self, open_mark: str = "【", close_mark: str = "】") -> str:
        """The snippet as plain text with each match between marks."""
        return "".join(
            f"{open_mark}{text}{close_mark}" if hit else text for text, hit in self.snippet
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "meeting_id": self.meeting_id,
            "entry_id": self.entry_id,
            "agenda_item_id": self.agenda_item_id,
            "source": self.source,
            "meeting_number": self.meeting_number,
            "date": self.date,
            "date_wareki": self.date_label,
            "board": self.board_name,
            "speaker": self.speaker,
            "side": self.side,
            "kind": self.kind,
            "pages": self.pages,
            "public": self.is_public,
            "snippet": self.marked(),
            "snippet_text": self.snippet_text,
            "segments": [[text, hit] for text, hit in self.snippet],
        }


_SELECT = """
select d.docid, d.source, d.ref_id, d.meeting_id, d.body,
       m.number as meeting_number, m.date as date, b.name as board_name,
       e.kind as entry_kind, e.speaker_id, e.speaker_label, e.text, e.seq as entry_seq,
       e.pages,
       a.id as agenda_item_id, a.seq as agenda_seq, a.title, a.heading, a.inquiry_number,
       t.wording, t.riders,
       {side} as side, {public} as is_public
from {source}
left join entries e on d.source = 1 and e.id = d.ref_id
left join toshins t on d.source = 0 and t.id = d.ref_id
left join agenda_items a on a.id = (
    case d.source when 1 then e.agenda_item_id when 2 then d.ref_id else t.agenda_item_id end)
left join attendances p on p.id = e.speaker_id
left join meetings m on m.id = d.meeting_id
left join boards b on b.id = m.board_id
where coalesce(m.status, '') != '取込中' and ({where})
order by {order}
"""
# Imported entries may carry only a literal label: read the side from it.
_SIDE = """(case when d.source != 1 then null
      when p.side is not null then p.side
      when coalesce(e.speaker_label, '') = '' then null
      when e.speaker_label like '%事務局%' then '事務局'
      when e.speaker_label like '%委員%' or e.speaker_label like '%会長%' then '委員'
      else '説明者' end)"""
# What the 公開用 minutes would show: a public entry of a public agenda item.
_PUBLIC = """(case d.source when 1 then (e.is_public and coalesce(a.is_public, 1))
      else coalesce(a.is_public, 1) end)"""


@dataclass
class _Plan:
    terms: list[str]
    where: list[str]
    params: list[Any]


def _check_filters(
    *,
    board_id: int | None,
    year: int | str | None,
    side: str | None,
    page: int | str | None,
    section: str | None,
    kind: str | None,
    public: bool | None,
) -> tuple[list[str], list[Any], int, int]:
    where: list[str] = []
    params: list[Any] = []
    low, high = 0, (1 << 62)
    if board_id is not None:
        where.append("d.meeting_id in (select id from meetings where board_id = ?)")
        params.append(int(board_id))
    if year is not None and str(year).strip():
        low, high = year_range(parse_year(year))
    if side:
        if side not in SIDES:
            raise UserError(f"発言者の区分は {'/'.join(SIDES)} のいずれかで指定してください")
        where.append(f"{_SIDE} = ?")
        params.append(side)
    if page is not None and str(page).strip():
        raw = unicodedata.normalize("NFKC", str(page)).strip().lower().removeprefix("p.")
        raw = raw.removesuffix("ページ").removesuffix("頁").strip()
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
            raise UserError(f"ページは1から{MAX_PAGE}までの数字で指定してください: {page}")
        # instr() first: it is cheap and rules out most rows before json_each runs.
        where.append(
            "d.source = 1 and instr(e.pages, ?) > 0 and exists (select 1 from json_each("
            "case when json_valid(e.pages) then e.pages else '[]' end) j"
            " where cast(j.value as integer) = ?)"
        )
        params.extend([str(int(raw)), int(raw)])
    if section is not None and section.strip():
        where.append("d.source = 1 and e.section = ?")
        params.append(section.strip())
    if kind:
        if kind == KIND_AGENDA:
            where.append(f"d.source = {SOURCE_AGENDA}")
        elif kind == KIND_TOSHIN:
            where.append(f"d.source = {SOURCE_TOSHIN}")
        elif kind in KINDS:
            where.append("d.source = 1 and e.kind = ?")
            params.append(kind)
        else:
            raise UserError(f"種別は {'/'.join(KINDS)} のいずれかで指定してください")
    if public is not None:
        where.append(f"{_PUBLIC} = ?")
        params.append(1 if public else 0)
    return where, params, low, high


def _fts_match(term: str) -> tuple[str, str]:
    """The FTS5 table and MATCH expression for a normalised term."""
    if len(term) <= 2:
        token = gram_tokens(term).split()[-1]  # the 2-gram, or the single character
        return "search_short", f'"{token}"'
    return "search_tri", '"' + term.replace('"', '""') + '"'


def _fetch(
    store: Store, plan: _Plan, main: str, *, rank: bool, low: int, high: int, limit: int | None
) -> list[dict[str, Any]]:
    table, expression = _fts_match(main)
    source = f"{table} join search_docs d on d.docid = {table}.rowid"
    where = [
        f"{table} match ?",
        f"{table}.rowid between ? and ?",
        "d.meeting_id is not null",  # a 答申 whose agenda item is gone has no meeting to open
        *plan.where,
    ]
    params: list[Any] = [expression, low, high, *plan.params]
    # Other words are checked on the rows the most selective one found.
    for other in plan.terms:
        if other != main:
            where.append("instr(d.body, ?) > 0")
            params.append(other)
    sql = _SELECT.format(
        side=_SIDE,
        public=_PUBLIC,
        source=source,
        where=" and ".join(where),
        order=f"{table}.rank" if rank else f"{table}.rowid desc",
    )
    if limit is not None:
        sql += " limit ?"
        params.append(limit)
    return list(store.query(sql, params))


def _sort_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """Newest day first; within a day by meeting, agenda item, then as spoken."""
    source_order = {SOURCE_AGENDA: 0, SOURCE_ENTRY: 1, SOURCE_TOSHIN: 2}[row["source"]]
    return (
        -(row["docid"] >> DAY_SHIFT),
        -(row["meeting_number"] or 0),
        -row["meeting_id"],
        row["agenda_seq"] or 0,
        source_order,
        row["entry_seq"] or 0,
        row["ref_id"],
    )


def search(
    store: Store,
    query: str,
    *,
    board_id: int | None = None,
    year: int | str | None = None,
    side: str | None = None,
    page: int | str | None = None,
    section: str | None = None,
    kind: str | None = None,
    public: bool | None = None,
    order: str = "newest",
    limit: int = 50,
) -> list[SearchHit]:
    """Hits for every word of `query` (space-separated words must all occur), newest meeting
    first, or best match first with order='rank'. Filters: board, year (「令和3年」「R3」
    「2021」), speaker side (委員/説明者/事務局), 評価書 page or section, kind (an entry kind,
    or 「議題」「答申」), public (as the 公開用 minutes would show it). Raises UserError with
    a Japanese message for an empty query or a filter it cannot read."""
    terms = list(dict.fromkeys(t for t in (normalise(word) for word in query.split()) if t))
    if not terms:
        raise UserError("検索する語を入力してください")
    if len(terms) > MAX_TERMS:
        raise UserError(f"検索する語が多すぎます({len(terms)}語)。{MAX_TERMS}語までにしてください")
    if order not in ORDERS:
        raise UserError("並び順は newest(新しい順)か rank(関連度順)で指定してください")
    if limit < 1:
        raise UserError("件数は1以上で指定してください")
    where, params, low, high = _check_filters(
        board_id=board_id,
        year=year,
        side=side,
        page=page,
        section=section,
        kind=kind,
        public=public,
    )
    plan = _Plan(terms, where, params)
    # The longest word is the most selective one: it drives the index, the rest are checked.
    main = max(terms, key=len)
    rank = order == "rank"
    rows = _fetch(store, plan, main, rank=rank, low=low, high=high, limit=limit)
    if not rank:
        if len(rows) == limit:
            # The limit may cut a day in two, and within a day rows come by id, not as
            # spoken: take the rest of that day too, sort, then cut.
            last = rows[-1]["docid"]
            day_start = (last >> DAY_SHIFT) << DAY_SHIFT
            rows += _fetch(
                store, plan, main, rank=False, low=max(low, day_start), high=last - 1, limit=None
            )
        rows.sort(key=_sort_key)
        rows = rows[:limit]
    return _hits(store, rows, terms)


def board_id_named(store: Store, name: str) -> int:
    """The id of the board called `name` (or the only one whose name contains it)."""
    wanted = normalise(name.strip())
    if not wanted:
        raise UserError("審査会名を指定してください")
    boards = store.boards()
    exact = [b for b in boards if normalise(b.name) == wanted]
    partial = [b for b in boards if wanted in normalise(b.name)]
    found = exact or partial
    if len(found) == 1 and found[0].id is not None:
        return found[0].id
    if not found:
        raise UserError(f"審査会「{name.strip()}」が見つかりません")
    names = "、".join(b.name for b in found)
    raise UserError(f"審査会「{name.strip()}」に当てはまるものが複数あります: {names}")


# -- hits ----------------------------------------------------------------------------------


def _original_text(row: dict[str, Any]) -> str:
    """The text as typed that the document was made from (as the triggers compose it)."""
    if row["source"] == SOURCE_ENTRY:
        return str(row["text"] or "")
    if row["source"] == SOURCE_AGENDA:
        return "\n".join(str(row[k] or "") for k in ("title", "heading", "inquiry_number"))
    riders = row["riders"] or ""
    try:
        parsed = json.loads(riders)
        rider_text = "\n".join(str(r) for r in parsed) if isinstance(parsed, list) else riders
    except ValueError:
        rider_text = riders
    return f"{row['wording'] or ''}\n{rider_text}"


_SPACES = re.compile(r"\s+")


def make_snippet(
    text: str, terms: list[str], width: int = SNIPPET_WIDTH, before: int = SNIPPET_BEFORE
) -> list[tuple[str, bool]]:
    """A window of `text` around the first match, as (text, is_match) segments. `terms` are
    normalised; matches are found in the normalised text and mapped back to what was typed,
    so 「ＬＧＷＡＮ」 is marked where 「lgwan」 was searched."""
    normal, starts, ends = normalised_with_map(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        position = normal.find(term)
        while position >= 0:
            spans.append((starts[position], ends[position + len(term) - 1]))
            position = normal.find(term, position + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    first = merged[0][0] if merged else 0
    start = max(0, first - before)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    segments: list[tuple[str, bool]] = []
    cursor = start
    for a, b in merged:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        if a > cursor:
            segments.append((text[cursor:a], False))
        segments.append((text[a:b], True))
        cursor = b
    if cursor < end:
        segments.append((text[cursor:end], False))
    # One line per hit: newlines and runs of spaces become one space.
    cleaned = [(_SPACES.sub(" ", s), hit) for s, hit in segments]
    if cleaned and not cleaned[0][1]:
        cleaned[0] = (cleaned[0][0].lstrip(), False)
    if cleaned and not cleaned[-1][1]:
        cleaned[-1] = (cleaned[-1][0].rstrip(), False)
    cleaned = [(s, hit) for s, hit in cleaned if s]
    if start > 0:
        cleaned.insert(0, ("…", False))
    if end < len(text.rstrip()):
        cleaned.append(("…", False))
    return cleaned


def _hits(store: Store, rows: list[dict[str, Any]], terms: list[str]) -> list[SearchHit]:
    meeting_ids = sorted({r["meeting_id"] for r in rows if r["meeting_id"] is not None})
    boards: dict[int, Board] = {}
    rolls: dict[int, list[Attendance]] = {}
    if meeting_ids:
        marks = ",".join("?" * len(meeting_ids))
        for r in store.query(
            f"select m.id as meeting_id, b.* from meetings m join boards b on b.id = m.board_id"
            f" where m.id in ({marks})",
            meeting_ids,
        ):
            boards[r["meeting_id"]] = Board.from_row(r)
        for r in store.query(
            f"select * from attendances where meeting_id in ({marks}) order by seq, id",
            meeting_ids,
        ):
            rolls.setdefault(r["meeting_id"], []).append(Attendance.from_row(r))
    hits: list[SearchHit] = []
    for row in rows:
        snippet = make_snippet(_original_text(row), terms)
        source = row["source"]
        board = boards.get(row["meeting_id"])
        speaker = ""
        if source == SOURCE_ENTRY and board is not None:
            roll = rolls.get(row["meeting_id"], [])
            person = next((p for p in roll if p.id == row["speaker_id"]), None)
            if person is not None:
                speaker = speaker_label(board, person, roll)
            elif row["speaker_label"]:
                speaker = wrap_label(board.label_style, row["speaker_label"])
        try:
            pages = [int(p) for p in json.loads(row["pages"] or "[]")]
        except (ValueError, TypeError):
            pages = []
        kind = {SOURCE_AGENDA: KIND_AGENDA, SOURCE_TOSHIN: KIND_TOSHIN}.get(
            source, row["entry_kind"] or ""
        )
        hits.append(
            SearchHit(
                meeting_id=row["meeting_id"],
                entry_id=row["ref_id"] if source == SOURCE_ENTRY else None,
                agenda_item_id=row["agenda_item_id"],
                meeting_number=row["meeting_number"],
                date=row["date"],
                speaker=speaker,
                kind=kind,
                snippet=snippet,
                snippet_text="".join(text for text, _ in snippet),
                source=SOURCES[source],
                board_name=row["board_name"] or "",
                side=row["side"],
                pages=pages,
                is_public=bool(row["is_public"]),
            )
        )
    return hits
