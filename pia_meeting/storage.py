"""SQLite storage (sqlite-utils): schema migrations, durable writes, every table of SPEC §3.

One `Store` owns one connection; connections never cross threads, so a worker opens its own
`Store` on the same path.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlite_utils

from . import clock
from .errors import NotFoundError, UserError, ValidationError
from .integrity import (  # re-exported: callers and tests know them from here
    BUSY_TIMEOUT,
    DB_ENV,
    DEFAULT_DB,
    DatabaseBusyError,
    busy_message,
    check_integrity,
    is_busy,
    resolve_db_path,
)

__all__ = [
    "BUSY_TIMEOUT",
    "DB_ENV",
    "DEFAULT_DB",
    "SCHEMA_VERSION",
    "DatabaseBusyError",
    "Store",
    "busy_message",
    "is_busy",
    "migrations",
    "resolve_db_path",
]
from .model import (
    AgendaItem,
    Assessment,
    Attendance,
    AuditEvent,
    Board,
    Entry,
    Meeting,
    MeetingBundle,
    Member,
    Side,
    Toshin,
)
from .privacy import KINDS, REVIEW_STATUSES, redact
from .search import register_functions
from .wareki import DateInputError, parse_date, parse_time

FILE_MODE = 0o600

migrations = sqlite_utils.Migrations("pia_meeting")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["boards"].create(
        {
            "id": int,
            "name": str,
            "quorum_rule": str,
            "label_style": str,
            "anonymise_members": int,
            "member_label": str,
            "toshin_addressee": str,
            "toshin_number_format": str,
            "closed_reason_default": str,
        },
        pk="id",
        not_null={"name"},
        defaults={
            "quorum_rule": "majority",
            "label_style": "department",
            "anonymise_members": 1,
            "member_label": "審査会委員",
            "toshin_addressee": "",
            "toshin_number_format": "{board}答申第{n}号",
            "closed_reason_default": "非公開部分のため省略",
        },
    )
    db["boards"].create_index(["name"], unique=True)
    db["members"].create(
        {
            "id": int,
            "board_id": int,
            "name": str,
            "role": str,
            "in_office_from": str,
            "in_office_to": str,
        },
        pk="id",
        foreign_keys=[("board_id", "boards", "id")],
        not_null={"board_id", "name"},
    )
    db["assessments"].create(
        {
            "id": int,
            "name": str,
            "kind": str,
            "page_count": int,
            "version": str,
            "outline": str,
        },
        pk="id",
        defaults={"kind": "全項目", "version": "", "outline": "{}"},
    )
    db["meetings"].create(
        {
            "id": int,
            "board_id": int,
            "number": int,
            "title": str,
            "date": str,
            "start_time": str,
            "end_time": str,
            "place": str,
            "openness": str,
            "record_style": str,
            "observers": int,
            "status": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("board_id", "boards", "id")],
        defaults={"observers": 0, "place": "", "status": "準備中"},
    )
    db["meetings"].create_index(["board_id", "number"], unique=True)
    db["meetings"].create_index(["date"])
    db["agenda_items"].create(
        {
            "id": int,
            "meeting_id": int,
            "seq": int,
            "title": str,
            "heading": str,
            "is_public": int,
            "closed_reason": str,
            "assessment_id": int,
            "inquiry_number": str,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("assessment_id", "assessments", "id")],
        defaults={"is_public": 1, "closed_reason": "", "heading": "", "inquiry_number": ""},
    )
    db["agenda_items"].create_index(["meeting_id", "seq"])
    db["attendances"].create(
        {
            "id": int,
            "meeting_id": int,
            "seq": int,
            "side": str,
            "name": str,
            "title": str,
            "department": str,
            "label": str,
            "member_id": int,
            "presence": str,
            "arrived_at": str,
            "left_at": str,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("member_id", "members", "id")],
        defaults={"title": "", "department": "", "label": "", "presence": "出席"},
    )
    db["attendances"].create_index(["meeting_id", "seq"])
    db["entries"].create(
        {
            "id": int,
            "meeting_id": int,
            "agenda_item_id": int,
            "seq": int,
            "kind": str,
            "speaker_id": int,
            "speaker_label": str,
            "text": str,
            "spoken_at": str,
            "pages": str,
            "section": str,
            "is_public": int,
            "pending": int,
            "answers_entry_id": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[
            ("meeting_id", "meetings", "id"),
            ("agenda_item_id", "agenda_items", "id"),
            ("speaker_id", "attendances", "id"),
            ("answers_entry_id", "entries", "id"),
        ],
        not_null={"meeting_id", "text"},
        defaults={"pages": "[]", "section": "", "is_public": 1, "pending": 0, "speaker_label": ""},
    )
    db["entries"].create_index(["agenda_item_id", "seq"])
    db["entries"].create_index(["meeting_id"])
    db["toshins"].create(
        {
            "id": int,
            "agenda_item_id": int,
            "template": str,
            "wording": str,
            "riders": str,
            "vote_mode": str,
            "votes_for": int,
            "votes_against": int,
            "abstentions": int,
            "chair_decision": str,
            "result": str,
            "confirmed_at": str,
            "confirmed_by": str,
            "text_hash": str,
            "number": str,
            "issued_on": str,
        },
        pk="id",
        foreign_keys=[("agenda_item_id", "agenda_items", "id")],
        defaults={"riders": "[]", "vote_mode": "consent", "chair_decision": "", "result": ""},
    )
    db["toshins"].create_index(["agenda_item_id"], unique=True)
    db["checklist_items"].create(
        {"id": int, "agenda_item_id": int, "item_no": int, "status": str, "memo": str},
        pk="id",
        foreign_keys=[("agenda_item_id", "agenda_items", "id")],
    )
    db["checklist_items"].create_index(["agenda_item_id", "item_no"], unique=True)
    db["audit_events"].create(
        {
            "id": int,
            "meeting_id": int,
            "table_name": str,
            "row_id": int,
            "field": str,
            "old_value": str,
            "new_value": str,
            "reason": str,
            "actor": str,
            "at": str,
        },
        pk="id",
    )
    db["audit_events"].create_index(["meeting_id"])
    # The text being typed, saved off the typing path (crash recovery, SPEC §6).
    db["drafts"].create(
        {
            "meeting_id": int,
            "agenda_item_id": int,
            "entry_id": int,
            "kind": str,
            "speaker_id": int,
            "text": str,
            "saved_at": str,
        },
        pk="meeting_id",
    )
    db["settings"].create({"key": str, "value": str}, pk="key")


# The archive search index (SPEC §5; see search.py). A document's key sorts newest first:
# the meeting's day (julianday), then agenda title (2) / entry (1) / 答申 (0), then the row id.
_SEARCH_KEY = (
    "((cast(coalesce(julianday({date}), 5373483.5) as integer) << 33)"
    " | ({source} << 31) | (2147483647 - {id}))"
)
_MEETING_DATE = "(select date from meetings where id = {meeting})"
_ENTRY_DOC = "{key}, 1, {row}.id, {row}.meeting_id, pia_norm({row}.text)".replace(
    "{key}",
    _SEARCH_KEY.format(
        date=_MEETING_DATE.format(meeting="{row}.meeting_id"), source=1, id="{row}.id"
    ),
)
_AGENDA_DOC = "{key}, 2, {row}.id, {row}.meeting_id, pia_norm({body})".replace(
    "{key}",
    _SEARCH_KEY.format(
        date=_MEETING_DATE.format(meeting="{row}.meeting_id"), source=2, id="{row}.id"
    ),
).replace(
    "{body}",
    "coalesce({row}.title, '') || char(10) || coalesce({row}.heading, '') || char(10)"
    " || coalesce({row}.inquiry_number, '')",
)
_TOSHIN_MEETING = "(select meeting_id from agenda_items where id = {row}.agenda_item_id)"
_TOSHIN_DOC = (
    "{key}, 0, {row}.id, {meeting}, pia_norm({body})".replace(
        "{key}",
        _SEARCH_KEY.format(
            date=_MEETING_DATE.format(meeting=_TOSHIN_MEETING), source=0, id="{row}.id"
        ),
    )
    .replace("{meeting}", _TOSHIN_MEETING)
    .replace(
        "{body}",
        "coalesce({row}.wording, '') || char(10) || (case when json_valid({row}.riders) then"
        " coalesce((select group_concat(value, char(10)) from json_each({row}.riders)), '')"
        " else coalesce({row}.riders, '') end)",
    )
)
_SEARCH_COLUMNS = "search_docs(docid, source, ref_id, meeting_id, body)"


def _doc_triggers(table: str, source: int, doc: str, watched: tuple[str, ...]) -> list[str]:
    changed = " or ".join(f"old.{c} is not new.{c}" for c in ("id", *watched))
    return [
        f"create trigger search_{table}_ai after insert on {table} begin"
        f" insert into {_SEARCH_COLUMNS} values ({doc.format(row='new')}); end",
        f"create trigger search_{table}_ad after delete on {table} begin"
        f" delete from search_docs where source = {source} and ref_id = old.id; end",
        f"create trigger search_{table}_au after update on {table} when {changed} begin"
        f" delete from search_docs where source = {source} and ref_id = old.id;"
        f" insert into {_SEARCH_COLUMNS} values ({doc.format(row='new')}); end",
    ]


@migrations()
def m003_search(db: sqlite_utils.Database) -> None:
    """Full-text index over entries, agenda titles and 答申 wording, kept in sync by
    triggers; existing rows are indexed here. A later `transform()` of entries, agenda_items,
    toshins or meetings drops these triggers: recreate them in that migration."""
    register_functions(db.conn)  # the triggers below call them
    statements = [
        "create table search_docs (docid integer primary key, source integer not null,"
        " ref_id integer not null, meeting_id integer, body text not null default '')",
        "create unique index search_docs_ref on search_docs(source, ref_id)",
        "create index search_docs_meeting on search_docs(meeting_id)",
        "create virtual table search_tri using fts5(body, content='search_docs',"
        " content_rowid='docid', tokenize='trigram')",
        # Words of 1 and 2 characters (trigrams cannot match them). Contentless: the tokens
        # are made from search_docs.body by pia_grams, again on delete (it is deterministic,
        # so the same tokens are removed).
        "create virtual table search_short using fts5(grams, content='', tokenize='ascii')",
        "create trigger search_docs_ai after insert on search_docs begin"
        " insert into search_tri(rowid, body) values (new.docid, new.body);"
        " insert into search_short(rowid, grams) values (new.docid, pia_grams(new.body)); end",
        "create trigger search_docs_ad after delete on search_docs begin"
        " insert into search_tri(search_tri, rowid, body) values ('delete', old.docid, old.body);"
        " insert into search_short(search_short, rowid, grams)"
        " values ('delete', old.docid, pia_grams(old.body)); end",
        "create trigger search_docs_au after update on search_docs begin"
        " insert into search_tri(search_tri, rowid, body) values ('delete', old.docid, old.body);"
        " insert into search_short(search_short, rowid, grams)"
        " values ('delete', old.docid, pia_grams(old.body));"
        " insert into search_tri(rowid, body) values (new.docid, new.body);"
        " insert into search_short(rowid, grams) values (new.docid, pia_grams(new.body)); end",
        *_doc_triggers("entries", 1, _ENTRY_DOC, ("text", "meeting_id")),
        *_doc_triggers(
            "agenda_items", 2, _AGENDA_DOC, ("title", "heading", "inquiry_number", "meeting_id")
        ),
        *_doc_triggers("toshins", 0, _TOSHIN_DOC, ("wording", "riders", "agenda_item_id")),
        # A new date moves the meeting's documents to their new place in the order.
        "create trigger search_meetings_date after update of date on meetings"
        " when old.date is not new.date begin"
        " update search_docs set docid = "
        + _SEARCH_KEY.format(date="new.date", source="source", id="ref_id")
        + " where meeting_id = new.id; end",
        f"insert into {_SEARCH_COLUMNS} select {_ENTRY_DOC.format(row='entries')} from entries",
        f"insert into {_SEARCH_COLUMNS}"
        f" select {_AGENDA_DOC.format(row='agenda_items')} from agenda_items",
        f"insert into {_SEARCH_COLUMNS} select {_TOSHIN_DOC.format(row='toshins')} from toshins",
    ]
    for sql in statements:
        db.execute(sql)


@migrations()
def m004_meeting_locks(db: sqlite_utils.Database) -> None:
    # One writer per meeting (SPEC §6); see locks.py. Times are UTC ISO 8601.
    db["meeting_locks"].create(
        {"meeting_id": int, "pid": int, "host": str, "started_at": str, "heartbeat_at": str},
        pk="meeting_id",
        not_null={"pid", "host", "started_at", "heartbeat_at"},
    )


@migrations()
def m002_privacy_findings(db: sqlite_utils.Database) -> None:
    # How each privacy finding was dealt with (SPEC §7); see privacy.py for the statuses.
    # Registered last although numbered 2: migrations run in the order registered, and
    # databases already out there ran m003 and m004 before this one existed.
    db["privacy_reviews"].create(
        {
            "id": int,
            "entry_id": int,
            "kind": str,
            "matched": str,
            "status": str,
            "actor": str,
            "at": str,
            "reason": str,
        },
        pk="id",
        not_null={"entry_id", "kind", "matched", "status"},
        defaults={"actor": "", "reason": ""},
    )
    db["privacy_reviews"].create_index(["entry_id"])


SCHEMA_VERSION = len(migrations._migrations)


def _create_private(path: Path) -> None:
    """Create the file mode 0600 whatever the umask: it holds personal names."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)


class Store:
    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        busy_timeout: float = BUSY_TIMEOUT,
        checked: bool = False,
    ) -> None:
        """`checked`: the caller already ran `integrity.check_integrity` on this file (the
        app does it on a thread during start-up), so it is not read through twice."""
        self.path = str(path)
        if self.path != ":memory:":
            target = Path(self.path)
            if not checked and (target.exists() or target.is_symlink()):
                check_integrity(target, busy_timeout)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists():
                    _create_private(target)
            except OSError as exc:
                raise UserError(
                    f"データベースを作成できません: {target} ({exc.strerror})"
                ) from None
        try:
            conn = sqlite3.connect(self.path, timeout=busy_timeout)
            self.db = sqlite_utils.Database(conn, execute_plugins=False)
            self.db.execute("PRAGMA foreign_keys=ON")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            register_functions(conn)  # before the migrations: the search triggers use them
            migrations.apply(self.db)
            # Written only when it changes: opening must not need the write lock.
            if self.db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            if is_busy(exc):
                raise DatabaseBusyError(busy_message(self.path)) from None
            raise UserError(
                f"データベースを開けません: {self.path} ({exc})。"
                "ファイルが壊れている場合は、バックアップから復元してください。"
            ) from None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """A write transaction. The outermost one is BEGIN IMMEDIATE: in WAL mode a deferred
        transaction that read first and writes later fails at once (SQLITE_BUSY_SNAPSHOT,
        no busy wait) when another connection, such as the draft writer, wrote in between.
        Another program holding the database past the busy timeout is a DatabaseBusyError
        (a UserError with a Japanese message), for every caller alike."""
        conn = self.db.conn
        try:
            if conn.in_transaction:
                with self.db.atomic():  # a savepoint inside ours
                    yield
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                conn.commit()
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusyError(busy_message(self.path)) from None
            raise

    # -- generic helpers ------------------------------------------------------------------

    def _insert(self, table: str, obj: Any) -> int:
        row = asdict(obj)
        row.pop("id", None)
        with self.atomic():
            return int(self.db[table].insert(row).last_pk)  # type: ignore[union-attr]

    def _update(self, table: str, obj: Any) -> None:
        if obj.id is None:
            raise NotFoundError(f"{table}: 保存前の行は更新できません")
        row = asdict(obj)
        row.pop("id")
        with self.atomic():
            self.db[table].update(obj.id, row)  # type: ignore[union-attr]

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))

    # -- settings -------------------------------------------------------------------------

    def get_setting(self, key: str, default: str = "") -> str:
        rows = self._rows("select value from settings where key = ?", (key,))
        return rows[0]["value"] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self.atomic():
            self.db["settings"].upsert({"key": key, "value": value}, pk="key")  # type: ignore[union-attr]

    # -- boards and members ---------------------------------------------------------------

    def boards(self) -> list[Board]:
        return [Board.from_row(r) for r in self._rows("select * from boards order by id")]

    def get_board(self, board_id: int) -> Board:
        rows = self._rows("select * from boards where id = ?", (board_id,))
        if not rows:
            raise NotFoundError(f"審査会 {board_id} が見つかりません")
        return Board.from_row(rows[0])

    def board_named(self, name: str) -> Board:
        """The board of that name, created with default rules when new."""
        name = name.strip()
        if not name:
            raise ValidationError("board", "審査会名を入力してください")
        rows = self._rows("select * from boards where name = ?", (name,))
        if rows:
            return Board.from_row(rows[0])
        board = Board(name=name)
        board.id = self._insert("boards", board)
        return board

    def update_board(self, board: Board) -> None:
        if not board.name.strip():
            raise ValidationError("board", "審査会名を入力してください")
        clash = self._rows(
            "select id from boards where name = ? and id != ?", (board.name.strip(), board.id)
        )
        if clash:
            raise ValidationError("board", f"「{board.name}」という審査会は既にあります")
        self._update("boards", board)

    def members(self, board_id: int) -> list[Member]:
        rows = self._rows("select * from members where board_id = ? order by id", (board_id,))
        return [Member.from_row(r) for r in rows]

    def add_member(self, member: Member) -> Member:
        self._check_member(member)
        member.id = self._insert("members", member)
        return member

    def _check_member(self, member: Member) -> None:
        if not member.name.strip():
            raise ValidationError("member_name", "委員の氏名を入力してください")
        if member.role not in ("会長", "副会長", "委員"):
            raise ValidationError("member_role", "役職は 会長・副会長・委員 のいずれかです")

    def update_member(self, member: Member) -> None:
        self._check_member(member)
        self._update("members", member)

    def delete_member(self, member_id: int) -> None:
        """Remove a member entered by mistake; one who served stays, with in_office_to set."""
        with self.atomic():
            self.db.execute(
                "update attendances set member_id = null where member_id = ?", (member_id,)
            )
            self.db.execute("delete from members where id = ?", (member_id,))

    # -- meetings -------------------------------------------------------------------------

    def meetings(self) -> list[dict[str, Any]]:
        """Rows for the 会議一覧: newest first, with the board and first agenda title."""
        return self._rows(
            """
            select m.*, b.name as board_name,
                   (select title from agenda_items a where a.meeting_id = m.id
                     order by seq limit 1) as agenda_title,
                   (select count(*) from entries e where e.meeting_id = m.id) as entry_count
            from meetings m join boards b on b.id = m.board_id
            order by coalesce(m.date, '9999') desc, m.number desc
            """
        )

    def get_meeting(self, meeting_id: int) -> Meeting:
        rows = self._rows("select * from meetings where id = ?", (meeting_id,))
        if not rows:
            raise NotFoundError(f"会議 {meeting_id} が見つかりません")
        return Meeting.from_row(rows[0])

    def _check_meeting(self, meeting: Meeting) -> None:
        if meeting.number is None or meeting.number <= 0:
            raise ValidationError("number", "回を1以上の数字で入力してください")
        clash = self._rows(
            "select id from meetings where board_id = ? and number = ? and id != ?",
            (meeting.board_id, meeting.number, meeting.id or 0),
        )
        if clash:
            raise ValidationError("number", f"第{meeting.number}回はこの審査会に既にあります")
        # Dates and times are compared and exported as ISO text: normalise them first, so
        # that 「9:30」 is not later than 「10:00」 and nothing unreadable is stored.
        try:
            date = parse_date(meeting.date).isoformat() if meeting.date else None
        except DateInputError as exc:
            raise ValidationError("date", str(exc)) from None
        times: dict[str, str | None] = {}
        for name in ("start_time", "end_time"):
            value = getattr(meeting, name)
            try:
                times[name] = parse_time(value).strftime("%H:%M") if value else None
            except DateInputError as exc:
                raise ValidationError(name, str(exc)) from None
        start, end = times["start_time"], times["end_time"]
        if start and end and end <= start:
            raise ValidationError("end_time", "終了時刻が開始時刻より前です")
        if meeting.observers is None or meeting.observers < 0:
            raise ValidationError("observers", "傍聴人数は0以上の数字で入力してください")
        meeting.date, meeting.start_time, meeting.end_time = date, start, end

    def create_meeting(self, meeting: Meeting) -> Meeting:
        self._check_meeting(meeting)
        meeting.created_at = meeting.updated_at = clock.now_iso()
        meeting.id = self._insert("meetings", meeting)
        return meeting

    def update_meeting(self, meeting: Meeting) -> None:
        self._check_meeting(meeting)
        meeting.updated_at = clock.now_iso()
        self._update("meetings", meeting)

    def next_meeting_number(self, board_id: int) -> int:
        rows = self._rows(
            "select coalesce(max(number), 0) + 1 as n from meetings where board_id = ?",
            (board_id,),
        )
        return int(rows[0]["n"])

    def delete_meeting(self, meeting_id: int) -> None:
        with self.atomic():
            items = [a.id for a in self.agenda(meeting_id)]
            # The lock goes too: a later meeting may be given the same id.
            for table in ("entries", "attendances", "drafts", "meeting_locks"):
                self.db.execute(f"delete from {table} where meeting_id = ?", (meeting_id,))
            for item_id in items:
                self.db.execute("delete from toshins where agenda_item_id = ?", (item_id,))
                self.db.execute("delete from checklist_items where agenda_item_id = ?", (item_id,))
            self.db.execute("delete from agenda_items where meeting_id = ?", (meeting_id,))
            self.db.execute("delete from meetings where id = ?", (meeting_id,))

    def duplicate_meeting(self, meeting_id: int) -> Meeting:
        """A new meeting of the same board with the same members, departments and agenda
        titles, each with its own copy of the 評価書; no entries, no 答申, everyone present."""
        source = self.load_bundle(meeting_id)
        with self.atomic():
            new = Meeting(
                board_id=source.meeting.board_id,
                number=self.next_meeting_number(source.board.id or 0),
                title=source.meeting.title,
                place=source.meeting.place,
                openness=source.meeting.openness,
                record_style=source.meeting.record_style,
            )
            self.create_meeting(new)
            assert new.id is not None
            # The 評価書 is copied too: editing it (a new version, the page count) for the new
            # meeting must not change what the old meeting's minutes say.
            copied: dict[int, int] = {}
            for old_id, assessment in source.assessments.items():
                copy_of = Assessment.from_row({**asdict(assessment), "id": None})
                copied[old_id] = self.save_assessment(copy_of).id or 0
            for item in source.agenda:
                copy = AgendaItem(
                    meeting_id=new.id,
                    title=item.title,
                    heading=item.heading,
                    is_public=item.is_public,
                    closed_reason=item.closed_reason,
                    assessment_id=copied.get(item.assessment_id or 0),
                    inquiry_number="",
                )
                self.add_agenda_item(copy)
            for person in source.attendance:
                copy_person = Attendance(
                    meeting_id=new.id,
                    side=person.side,
                    name=person.name,
                    title=person.title,
                    department=person.department,
                    label=person.label,
                    member_id=person.member_id,
                )
                self.add_attendee(copy_person)
        return new

    # -- agenda and assessments -----------------------------------------------------------

    def agenda(self, meeting_id: int) -> list[AgendaItem]:
        rows = self._rows(
            "select * from agenda_items where meeting_id = ? order by seq, id", (meeting_id,)
        )
        return [AgendaItem.from_row(r) for r in rows]

    def add_agenda_item(self, item: AgendaItem) -> AgendaItem:
        if not item.title.strip():
            raise ValidationError("agenda_title", "議題名を入力してください")
        if not item.is_public and not item.closed_reason.strip():
            raise ValidationError("closed_reason", "非公開の理由を入力してください")
        rows = self._rows(
            "select coalesce(max(seq), 0) + 1 as n from agenda_items where meeting_id = ?",
            (item.meeting_id,),
        )
        item.seq = int(rows[0]["n"])
        item.id = self._insert("agenda_items", item)
        return item

    def update_agenda_item(self, item: AgendaItem) -> None:
        if not item.title.strip():
            raise ValidationError("agenda_title", "議題名を入力してください")
        if not item.is_public and not item.closed_reason.strip():
            raise ValidationError("closed_reason", "非公開の理由を入力してください")
        self._update("agenda_items", item)

    def delete_agenda_item(self, item_id: int) -> None:
        count = self._rows("select count(*) as n from entries where agenda_item_id = ?", (item_id,))
        if count[0]["n"]:
            raise UserError("発言記録のある議題は削除できません。先に記録を移すか削除してください")
        with self.atomic():
            self.db.execute("delete from toshins where agenda_item_id = ?", (item_id,))
            self.db.execute("delete from checklist_items where agenda_item_id = ?", (item_id,))
            self.db.execute("delete from agenda_items where id = ?", (item_id,))

    def get_assessment(self, assessment_id: int) -> Assessment:
        rows = self._rows("select * from assessments where id = ?", (assessment_id,))
        if not rows:
            raise NotFoundError(f"評価書 {assessment_id} が見つかりません")
        return Assessment.from_row(rows[0])

    def save_assessment(self, assessment: Assessment) -> Assessment:
        if assessment.page_count is not None and assessment.page_count <= 0:
            raise ValidationError("page_count", "ページ数は1以上の数字で入力してください")
        if assessment.id is None:
            assessment.id = self._insert("assessments", assessment)
        else:
            self._update("assessments", assessment)
        return assessment

    # -- attendance -----------------------------------------------------------------------

    def attendance(self, meeting_id: int) -> list[Attendance]:
        rows = self._rows(
            "select * from attendances where meeting_id = ? order by seq, id", (meeting_id,)
        )
        return [Attendance.from_row(r) for r in rows]

    def _check_attendee(self, person: Attendance) -> None:
        if not person.name.strip():
            raise ValidationError("name", "氏名を入力してください")
        if person.side == Side.EXPLAINER and not person.department.strip():
            raise ValidationError("department", "説明者の所属部署を入力してください")
        if person.side == Side.MEMBER and person.title == "会長":
            chair = self._rows(
                "select id from attendances where meeting_id = ? and side = ? and title = '会長'"
                " and id != ?",
                (person.meeting_id, Side.MEMBER.value, person.id or 0),
            )
            if chair:
                raise ValidationError("title", "会長は既に登録されています")

    def add_attendee(self, person: Attendance) -> Attendance:
        self._check_attendee(person)
        rows = self._rows(
            "select coalesce(max(seq), 0) + 1 as n from attendances where meeting_id = ?",
            (person.meeting_id,),
        )
        person.seq = int(rows[0]["n"])
        person.id = self._insert("attendances", person)
        return person

    def update_attendee(self, person: Attendance) -> None:
        self._check_attendee(person)
        self._update("attendances", person)

    def delete_attendee(self, attendance_id: int) -> None:
        spoken = self._rows(
            "select count(*) as n from entries where speaker_id = ?", (attendance_id,)
        )
        if spoken[0]["n"]:
            raise UserError("発言記録のある出席者は削除できません。欠席に変更してください")
        with self.atomic():
            self.db.execute("delete from attendances where id = ?", (attendance_id,))

    # -- entries --------------------------------------------------------------------------

    def entries(self, meeting_id: int) -> list[Entry]:
        rows = self._rows(
            """select e.* from entries e
               left join agenda_items a on a.id = e.agenda_item_id
               where e.meeting_id = ? order by coalesce(a.seq, 0), e.seq, e.id""",
            (meeting_id,),
        )
        return [Entry.from_row(r) for r in rows]

    def get_entry(self, entry_id: int) -> Entry:
        rows = self._rows("select * from entries where id = ?", (entry_id,))
        if not rows:
            raise NotFoundError(f"発言 {entry_id} が見つかりません")
        return Entry.from_row(rows[0])

    def add_entry(self, entry: Entry) -> Entry:
        """Append an entry; durable when this returns (WAL, synchronous=FULL)."""
        if not entry.text.strip():
            raise ValidationError("text", "発言内容が空です")
        now = clock.now_iso()
        entry.spoken_at = entry.spoken_at or now
        entry.created_at = entry.updated_at = now
        with self.atomic():
            rows = self._rows(
                "select coalesce(max(seq), 0) + 1 as n from entries where meeting_id = ? and "
                "agenda_item_id is ?",
                (entry.meeting_id, entry.agenda_item_id),
            )
            entry.seq = int(rows[0]["n"])
            entry.id = self._insert("entries", entry)
        return entry

    def update_entry(self, entry: Entry) -> None:
        if not entry.text.strip():
            raise ValidationError("text", "発言内容が空です")
        entry.updated_at = clock.now_iso()
        self._update("entries", entry)

    def delete_entry(self, entry_id: int) -> Entry:
        entry = self.get_entry(entry_id)
        with self.atomic():
            self.db.execute(
                "update entries set answers_entry_id = null where answers_entry_id = ?",
                (entry_id,),
            )
            self.db.execute("delete from entries where id = ?", (entry_id,))
        return entry

    def set_pages(self, entry_id: int, pages: list[int]) -> None:
        with self.atomic():
            self.db.execute(
                "update entries set pages = ? where id = ?",
                (json.dumps(sorted(set(pages))), entry_id),
            )

    # -- 答申 -----------------------------------------------------------------------------

    def get_toshin(self, agenda_item_id: int) -> Toshin | None:
        rows = self._rows("select * from toshins where agenda_item_id = ?", (agenda_item_id,))
        return Toshin.from_row(rows[0]) if rows else None

    def put_toshin(self, toshin: Toshin) -> Toshin:
        """Insert or update as it stands. The freeze rules live in `toshin.py`."""
        if toshin.id is None:
            toshin.id = self._insert("toshins", toshin)
        else:
            self._update("toshins", toshin)
        return toshin

    # -- audit ----------------------------------------------------------------------------

    def record_audit(self, event: AuditEvent) -> AuditEvent:
        event.at = event.at or clock.now_iso()
        event.id = self._insert("audit_events", event)
        return event

    def audit(self, meeting_id: int) -> list[AuditEvent]:
        rows = self._rows(
            "select * from audit_events where meeting_id = ? order by id", (meeting_id,)
        )
        return [AuditEvent.from_row(r) for r in rows]

    # -- the text being typed -------------------------------------------------------------

    def save_draft(
        self,
        meeting_id: int,
        agenda_item_id: int | None,
        text: str,
        kind: str,
        speaker_id: int | None,
        entry_id: int | None = None,
    ) -> None:
        with self.atomic():
            self.db["drafts"].upsert(  # type: ignore[union-attr]
                {
                    "meeting_id": meeting_id,
                    "agenda_item_id": agenda_item_id,
                    "entry_id": entry_id,
                    "kind": kind,
                    "speaker_id": speaker_id,
                    "text": text,
                    "saved_at": clock.now_iso(),
                },
                pk="meeting_id",
            )

    def get_draft(self, meeting_id: int) -> dict[str, Any] | None:
        rows = self._rows("select * from drafts where meeting_id = ?", (meeting_id,))
        return rows[0] if rows and rows[0]["text"].strip() else None

    def clear_draft(self, meeting_id: int) -> None:
        with self.atomic():
            self.db.execute("delete from drafts where meeting_id = ?", (meeting_id,))

    # -- the whole meeting ----------------------------------------------------------------

    def load_bundle(self, meeting_id: int) -> MeetingBundle:
        meeting = self.get_meeting(meeting_id)
        board = self.get_board(meeting.board_id or 0)
        agenda = self.agenda(meeting_id)
        assessments = {
            item.assessment_id: self.get_assessment(item.assessment_id)
            for item in agenda
            if item.assessment_id
        }
        toshins = {}
        for item in agenda:
            toshin = self.get_toshin(item.id or 0)
            if toshin:
                toshins[item.id or 0] = toshin
        return MeetingBundle(
            meeting=meeting,
            board=board,
            agenda=agenda,
            assessments=assessments,
            attendance=self.attendance(meeting_id),
            entries=self.entries(meeting_id),
            toshins=toshins,
            members_in_office=self.members(board.id or 0),
            checklist=self._checklist_of(agenda),
        )

    def _checklist_of(self, agenda: list[AgendaItem]) -> dict[int, dict[int, tuple[str, str]]]:
        found: dict[int, dict[int, tuple[str, str]]] = {}
        for item in agenda:
            rows = self._rows(
                "select item_no, status, memo from checklist_items where agenda_item_id = ?",
                (item.id,),
            )
            if rows:
                found[item.id or 0] = {r["item_no"]: (r["status"], r["memo"] or "") for r in rows}
        return found

    # -- privacy reviews (SPEC §7) --------------------------------------------------------

    def mark_finding(
        self, entry_id: int, kind: str, matched: str, status: str, actor: str, reason: str = ""
    ) -> None:
        """Record how a privacy finding was dealt with. Only 'checked' keeps the matched text
        (it resolves that exact finding, and the entry still holds it); 'masked' and
        'override' keep the redacted form, so masking leaves no copy of the number behind."""
        if kind not in KINDS or status not in REVIEW_STATUSES:
            raise ValueError(f"unknown finding kind or status: {kind!r}, {status!r}")
        row = {
            "entry_id": entry_id,
            "kind": kind,
            "matched": matched if status == "checked" else redact(kind, matched),
            "status": status,
            "actor": actor,
            "at": clock.now_iso(),
            "reason": reason,
        }
        with self.atomic():
            self.db["privacy_reviews"].insert(row)  # type: ignore[union-attr]

    def finding_reviews(self, meeting_id: int) -> list[dict[str, Any]]:
        return self._rows(
            """select r.* from privacy_reviews r join entries e on e.id = r.entry_id
               where e.meeting_id = ? order by r.id""",
            (meeting_id,),
        )
