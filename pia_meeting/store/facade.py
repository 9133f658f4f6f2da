"""SQLite storage: durable writes, every table of SPEC §3 (the schema's migrations are in
migrations.py, loaded only when a file needs one).

One `Store` owns one connection; connections never cross threads, so a worker opens its own
`Store` on the same path.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pia_meeting.core import clock, styles, validation
from pia_meeting.core.errors import NotFoundError, UserError, ValidationError
from pia_meeting.store.files import make_private_folders
from pia_meeting.store.integrity import (  # re-exported: callers and tests know them from here
    BUSY_TIMEOUT,
    DB_ENV,
    DEFAULT_DB,
    DatabaseBusyError,
    ReadOnlyDatabaseError,
    busy_message,
    check_integrity,
    connect_read_only,
    is_busy,
    read_only_message,
    resolve_db_path,
    write_error,
)
from pia_meeting.store.listing import MEETING_LIST_SQL, MeetingListRow, meeting_list_row

__all__ = [
    "BUSY_TIMEOUT",
    "DB_ENV",
    "DEFAULT_DB",
    "ENTRY_STAMP_COLUMNS",
    "MIGRATION_NAMES",
    "MIGRATION_SET",
    "SCHEMA_VERSION",
    "DatabaseBusyError",
    "Store",
    "busy_message",
    "entry_stamp",
    "is_busy",
    "resolve_db_path",
]
from pia_meeting.core.model import (
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
from pia_meeting.core.numbering import meeting_fiscal_year, number_text
from pia_meeting.core.privacy import KINDS, REVIEW_STATUSES, redact
from pia_meeting.core.record import NewMeeting, check_new_meeting
from pia_meeting.store.fts import register_functions
from pia_meeting.store.schema import (
    MIGRATION_NAMES,
    MIGRATION_SET,
    SCHEMA_VERSION,
    pending_migrations,
)

if TYPE_CHECKING:
    import sqlite_utils

FILE_MODE = 0o600


# The columns of an entry's stamp (`Store.entry_stamps`), its text's length after them.
ENTRY_STAMP_COLUMNS = (
    "id",
    "agenda_item_id",
    "seq",
    "kind",
    "speaker_id",
    "speaker_label",
    "pages",
    "section",
    "is_public",
    "pending",
    "answers_entry_id",
    "spoken_at",
    "updated_at",
)


def entry_stamp(entry: Entry) -> tuple[Any, ...]:
    """Everything about an entry but its text, and the text's length: one row of
    `Store.entry_stamps`, for an entry in hand."""
    return (*(getattr(entry, name) for name in ENTRY_STAMP_COLUMNS), len(entry.text))


def _create_private(path: Path) -> None:
    """Create the file mode 0600 whatever the umask: it holds personal names."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)


def _epoch_key(meeting_id: int) -> str:
    return f"draft_epoch:{meeting_id}"


class Store:
    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        busy_timeout: float = BUSY_TIMEOUT,
        checked: bool = False,
        read_only: bool = False,
    ) -> None:
        """`checked`: the caller already ran `integrity.check_integrity` on this file (the
        app does it on a thread during start-up), so it is not read through twice.
        `read_only`: a file this user may not write (`integrity.is_writable`): it is read
        through a read-only connection, and every write is refused with a Japanese message
        (ReadOnlyDatabaseError) before it starts."""
        self.path = str(path)
        self.read_only = read_only and self.path != ":memory:"
        self._wal: tuple[int, int] | None = None
        # When a list: how long each write transaction held the write lock, in seconds, from
        # BEGIN IMMEDIATE to its commit (the benchmarks read it).
        self.lock_times: list[float] | None = None
        if self.read_only:
            self._open_read_only(Path(self.path), busy_timeout, checked)
            return
        if self.path != ":memory:":
            target = Path(self.path)
            if not checked and (target.exists() or target.is_symlink()):
                check_integrity(target, busy_timeout)
            try:
                make_private_folders(target.parent)
                if not target.exists():
                    _create_private(target)
            except OSError as exc:
                raise UserError(
                    f"データベースを作成できません: {target} ({exc.strerror})"
                ) from None
        self._busy_timeout = busy_timeout
        try:
            self.conn = conn = self._connect()
            if pending_migrations(conn):
                from pia_meeting.store import migrations

                migrations.apply(conn)
            # Written only when it changes: opening must not need the write lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self._wal = self._wal_identity()
            self._remove_abandoned_imports()
        except sqlite3.DatabaseError as exc:
            if is_busy(exc):
                raise DatabaseBusyError(busy_message(self.path)) from None
            raise UserError(
                f"データベースを開けません: {self.path} ({exc})。"
                "ファイルが壊れている場合は、バックアップから復元してください。"
            ) from None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self._busy_timeout)
        conn.execute("PRAGMA foreign_keys=ON")
        if self.path != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        # As sqlite-utils sets it on the connections it makes (the migrations ran so):
        # the same trigger behaviour whether or not `db` has been made yet.
        conn.execute("PRAGMA recursive_triggers=ON")
        conn.execute(f"PRAGMA busy_timeout={int(self._busy_timeout * 1000)}")
        register_functions(conn)  # before the migrations: the search triggers use them
        return conn

    # -- the write-ahead log, deleted behind the app's back (SPEC §6) ----------------------

    def _wal_identity(self) -> tuple[int, int] | None:
        if self.path == ":memory:":
            return None
        try:
            found = os.stat(f"{self.path}-wal")
        except OSError:
            return None
        return found.st_dev, found.st_ino

    def check_wal(self) -> str | None:
        """Whether the -wal file beside the database is still the one this connection
        writes to. A cleanup tool or a sync client that deletes or replaces it while the
        app runs leaves the committed entries in a file nobody can find after a crash: they
        are copied into the database now (a checkpoint through this connection, which still
        holds the old file), and the connection starts over with a -wal of its own. Returns
        what to tell the user, or None when all is well."""
        if self.read_only or self._wal is None or self._wal_identity() == self._wal:
            return None
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
            self.conn = self._connect()
            self.__dict__.pop("db", None)  # sqlite-utils over the old connection
        except sqlite3.Error as exc:
            return (
                f"データベースの補助ファイル({Path(self.path).name}-wal)がほかのプログラムに"
                f"削除されました。記録をデータベースに書き戻せませんでした({exc})。"
                "アプリを終了せずに、すぐにバックアップを取ってください(pia-meeting backup)。"
            )
        self._wal = self._wal_identity()
        return (
            f"データベースの補助ファイル({Path(self.path).name}-wal)がほかのプログラムに削除"
            "されたため、ここまでの記録をデータベースに書き戻しました。data フォルダを、"
            "ファイルを消したり同期したりするツールの対象から外してください。"
        )

    def _remove_abandoned_imports(self) -> None:
        """What an import killed half-way left (store.bulk); a read when there is none."""
        from pia_meeting.store.bulk import remove_abandoned

        try:
            remove_abandoned(self)
        except DatabaseBusyError:
            pass  # another window is writing: the next open cleans up

    def _open_read_only(self, target: Path, busy_timeout: float, checked: bool) -> None:
        if not checked:
            check_integrity(target, busy_timeout)
        try:
            self.conn = conn = connect_read_only(target, busy_timeout)
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            register_functions(conn)
            pending = pending_migrations(conn)
        except sqlite3.DatabaseError as exc:
            raise UserError(f"データベースを開けません: {self.path} ({exc})") from None
        if pending:
            conn.close()
            raise ReadOnlyDatabaseError(
                f"このデータベースは以前の版の形式で、書き込めないため新しい形式に更新できません: "
                f"{self.path}。ファイルとフォルダの書き込み権限を確かめてください。"
            )

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, for inserts and upserts by dict. Made on
        first use: the first screen only reads, and sqlite-utils (with click and dateutil)
        is a good part of the start-up time (the app loads it on a thread once shown)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """A write transaction. The outermost one is BEGIN IMMEDIATE: in WAL mode a deferred
        transaction that read first and writes later fails at once (SQLITE_BUSY_SNAPSHOT,
        no busy wait) when another connection, such as the draft writer, wrote in between.
        Another program holding the database past the busy timeout is a DatabaseBusyError
        (a UserError with a Japanese message), for every caller alike."""
        if self.read_only:
            raise ReadOnlyDatabaseError(read_only_message(self.path))
        conn = self.conn
        try:
            if conn.in_transaction:
                with self.db.atomic():  # a savepoint inside ours
                    yield
                return
            conn.execute("BEGIN IMMEDIATE")
            locked = time.perf_counter()
            try:
                yield
                conn.commit()
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise
            finally:
                if self.lock_times is not None:
                    self.lock_times.append(time.perf_counter() - locked)
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusyError(busy_message(self.path)) from None
            refused = write_error(exc, self.path)
            if refused is not None:
                raise refused from None
            raise
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                raise  # a rule of the schema: the caller knows what it means
            refused = write_error(exc, self.path)
            if refused is not None:
                raise refused from None
            raise

    # -- generic helpers ------------------------------------------------------------------

    def insert_row(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row (column → value) and return its id. `table` and the columns come
        from the code (the model's fields), never from what a user typed."""
        columns = ", ".join(row)
        marks = ", ".join("?" * len(row))
        with self.atomic():
            cursor = self.conn.execute(
                f"insert into {table} ({columns}) values ({marks})", tuple(row.values())
            )
        return int(cursor.lastrowid or 0)

    def update_row(self, table: str, row_id: int, row: dict[str, Any]) -> None:
        """Set the columns of `row` on the row `row_id`; NotFoundError when it is gone."""
        assignments = ", ".join(f"{column} = ?" for column in row)
        with self.atomic():
            cursor = self.conn.execute(
                f"update {table} set {assignments} where id = ?", (*row.values(), row_id)
            )
        if cursor.rowcount == 0:
            raise NotFoundError(f"{table} {row_id} が見つかりません")

    def _insert(self, table: str, obj: Any) -> int:
        row = asdict(obj)
        row.pop("id", None)
        return self.insert_row(table, row)

    def _update(self, table: str, obj: Any) -> None:
        if obj.id is None:
            raise NotFoundError(f"{table}: 保存前の行は更新できません")
        row = asdict(obj)
        row.pop("id")
        self.update_row(table, obj.id, row)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor]

    # -- settings -------------------------------------------------------------------------

    def get_setting(self, key: str, default: str = "") -> str:
        rows = self.query("select value from settings where key = ?", (key,))
        return rows[0]["value"] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self.atomic():
            self.conn.execute(
                "insert into settings (key, value) values (?, ?)"
                " on conflict (key) do update set value = excluded.value",
                (key, value),
            )

    # -- boards and members ---------------------------------------------------------------

    def boards(self) -> list[Board]:
        return [Board.from_row(r) for r in self.query("select * from boards order by id")]

    def get_board(self, board_id: int) -> Board:
        rows = self.query("select * from boards where id = ?", (board_id,))
        if not rows:
            raise NotFoundError(f"審査会 {board_id} が見つかりません")
        return Board.from_row(rows[0])

    def board_named(self, name: str) -> Board:
        """The board of that name, created with default rules when new."""
        name = validation.check_board_name(name)
        rows = self.query("select * from boards where name = ?", (name,))
        if rows:
            return Board.from_row(rows[0])
        board = Board(name=name)
        board.id = self._insert("boards", board)
        return board

    def update_board(self, board: Board) -> None:
        """Save the board. Its style must be usable (StyleError otherwise, nothing saved);
        a change of numbering renumbers the 年度 of its meetings, refused when two meetings
        would then have the same number."""
        validation.check_board_name(board.name)
        validation.check_board(board)
        styles.check_board(board)
        clash = self.query(
            "select id from boards where name = ? and id != ?", (board.name.strip(), board.id)
        )
        if clash:
            raise ValidationError("board", f"「{board.name}」という審査会は既にあります")
        with self.atomic():
            self._update("boards", board)
            self._renumber_years(board)

    def _renumber_years(self, board: Board) -> None:
        rows = self.query("select id, date, number from meetings where board_id = ?", (board.id,))
        seen: dict[tuple[int, int | None], int] = {}
        for row in rows:
            year = meeting_fiscal_year(board.numbering, row["date"])
            key = (year, row["number"])
            if key in seen:
                raise ValidationError(
                    "numbering",
                    f"第{row['number']}回が二つになるため、回の数え方を変えられません"
                    "(先に会議の回を直してください)",
                )
            seen[key] = row["id"]
        for (year, _), meeting_id in seen.items():
            self.conn.execute(
                "update meetings set fiscal_year = ? where id = ? and fiscal_year is not ?",
                (year, meeting_id, year),
            )

    def members(self, board_id: int) -> list[Member]:
        rows = self.query("select * from members where board_id = ? order by id", (board_id,))
        return [Member.from_row(r) for r in rows]

    def add_member(self, member: Member) -> Member:
        self._check_member(member)
        member.id = self._insert("members", member)
        return member

    def _check_member(self, member: Member) -> None:
        validation.check_member(member)

    def update_member(self, member: Member) -> None:
        self._check_member(member)
        self._update("members", member)

    def delete_member(self, member_id: int) -> None:
        """Remove a member entered by mistake; one who served stays, with in_office_to set."""
        with self.atomic():
            self.conn.execute(
                "update attendances set member_id = null where member_id = ?", (member_id,)
            )
            self.conn.execute("delete from members where id = ?", (member_id,))

    # -- minutes styles a secretariat imported ---------------------------------------------

    def style_library(self) -> dict[str, str]:
        """name → TOML text of every imported style (the built-in ones are core.styles')."""
        rows = self.query("select name, source from minutes_styles order by name")
        return {row["name"]: row["source"] for row in rows}

    def save_style(self, name: str, source: str) -> int:
        """Keep an imported style (replacing one of the same name); the boards printing with
        it take the new text. Returns how many boards that is. The text is checked by the
        caller (services.styles)."""
        with self.atomic():
            self.conn.execute(
                "insert into minutes_styles (name, source, imported_at) values (?, ?, ?)"
                " on conflict (name) do update set source = excluded.source,"
                " imported_at = excluded.imported_at",
                (name, source, clock.now_iso()),
            )
            cursor = self.conn.execute(
                "update boards set style_source = ? where minutes_style = ?", (source, name)
            )
        return cursor.rowcount

    # -- meetings -------------------------------------------------------------------------

    def meetings(self) -> list[dict[str, Any]]:
        """Rows for the 会議一覧: newest first, with the board and first agenda title."""
        return self.query(MEETING_LIST_SQL, (-1,))

    def meeting_list(self) -> list[MeetingListRow]:
        return [meeting_list_row(row) for row in self.meetings()]

    def get_meeting(self, meeting_id: int) -> Meeting:
        rows = self.query("select * from meetings where id = ?", (meeting_id,))
        if not rows:
            raise NotFoundError(f"会議 {meeting_id} が見つかりません")
        return Meeting.from_row(rows[0])

    def _check_meeting(self, meeting: Meeting) -> None:
        checked = validation.checked_meeting(meeting)
        board = self.get_board(meeting.board_id or 0) if meeting.board_id else Board()
        meeting.fiscal_year = meeting_fiscal_year(board.numbering, checked.date)
        clash = self.query(
            "select id from meetings where board_id = ? and fiscal_year = ? and number = ?"
            " and id != ?",
            (meeting.board_id, meeting.fiscal_year, meeting.number, meeting.id or 0),
        )
        if clash:
            raise ValidationError(
                "number",
                f"{number_text(meeting.number, checked.date, board)}はこの審査会に既にあります",
            )
        meeting.date, meeting.start_time, meeting.end_time = (
            checked.date,
            checked.start_time,
            checked.end_time,
        )

    def create_meeting(self, meeting: Meeting) -> Meeting:
        self._check_meeting(meeting)
        meeting.created_at = meeting.updated_at = clock.now_iso()
        meeting.id = self._insert("meetings", meeting)
        return meeting

    def update_meeting(self, meeting: Meeting) -> None:
        self._check_meeting(meeting)
        meeting.updated_at = clock.now_iso()
        self._update("meetings", meeting)

    def next_meeting_number(self, board_id: int, date: str | None = None) -> int:
        """The next 回 of the board: after its highest, or — for a board numbering each 年度
        afresh — after the highest of the 年度 of `date`."""
        board = self.get_board(board_id)
        year = meeting_fiscal_year(board.numbering, date)
        rows = self.query(
            "select coalesce(max(number), 0) + 1 as n from meetings"
            " where board_id = ? and fiscal_year = ?",
            (board_id, year),
        )
        return int(rows[0]["n"])

    def delete_meeting(self, meeting_id: int) -> None:
        """Remove the meeting with all it holds. The rules (who may, what is audited) are
        `services.meetings.delete_meeting`'s."""
        with self.atomic():
            items = [a.id for a in self.agenda(meeting_id)]
            self.conn.execute(
                "delete from privacy_reviews where entry_id in"
                " (select id from entries where meeting_id = ?)",
                (meeting_id,),
            )
            # The lock goes too: a later meeting may be given the same id.
            for table in ("entries", "attendances", "drafts", "meeting_locks"):
                self.conn.execute(f"delete from {table} where meeting_id = ?", (meeting_id,))
            for item_id in items:
                self.conn.execute("delete from toshins where agenda_item_id = ?", (item_id,))
                self.conn.execute(
                    "delete from checklist_items where agenda_item_id = ?", (item_id,)
                )
            self.conn.execute("delete from agenda_items where meeting_id = ?", (meeting_id,))
            self.conn.execute("delete from meetings where id = ?", (meeting_id,))

    # -- a whole new meeting at once (imports) --------------------------------------------

    def insert_meeting(self, record: NewMeeting) -> int:
        """Write `record` as a new meeting and return its id: all of it or, on any error,
        nothing (as the user sees it: see store.bulk, which writes it in short transactions
        while the meeting is in no list and no search, so that a long minutes never holds
        the write lock for long).

        The board is the one of that name, made with `record.label_style` when there is none
        (a board that exists keeps its settings); the number is stored as given, None
        included (an imported minutes may give none), and one already taken on that board
        is refused (ValidationError): `meeting_numbered` lets the caller decide first. A
        closed agenda item without a reason gets the board's default. Rows are checked as
        the single-row methods check them before anything is written."""
        name = validation.check_board_name(record.board_name)
        check_new_meeting(record)
        if self.read_only:
            raise ReadOnlyDatabaseError(read_only_message(self.path))
        from pia_meeting.store.bulk import write_new_meeting

        return write_new_meeting(self, record, name)

    def board_for(self, record: NewMeeting) -> Board:
        """The board `insert_meeting(record)` writes the meeting to: the one of that name,
        or the one it makes (not stored here), with the style it prints in."""
        from pia_meeting.store.bulk import planned_board

        name = validation.check_board_name(record.board_name)
        return planned_board(self, name, record)[0]

    def meeting_numbered(
        self, board_name: str, number: int, date: str | None = None
    ) -> Meeting | None:
        """The meeting 第`number`回 of the board of that name, if there is one: in the 年度
        of `date` for a board that numbers each 年度 afresh."""
        rows = self.query("select * from boards where name = ?", (board_name.strip(),))
        if not rows:
            return None
        board = Board.from_row(rows[0])
        year = meeting_fiscal_year(board.numbering, date)
        found = self.query(
            "select * from meetings where board_id = ? and fiscal_year = ? and number = ?",
            (board.id, year, number),
        )
        return Meeting.from_row(found[0]) if found else None

    # -- agenda and assessments -----------------------------------------------------------

    def agenda(self, meeting_id: int) -> list[AgendaItem]:
        rows = self.query(
            "select * from agenda_items where meeting_id = ? order by seq, id", (meeting_id,)
        )
        return [AgendaItem.from_row(r) for r in rows]

    def add_agenda_item(self, item: AgendaItem) -> AgendaItem:
        validation.check_agenda_item(item)
        rows = self.query(
            "select coalesce(max(seq), 0) + 1 as n from agenda_items where meeting_id = ?",
            (item.meeting_id,),
        )
        item.seq = int(rows[0]["n"])
        item.id = self._insert("agenda_items", item)
        return item

    def update_agenda_item(self, item: AgendaItem) -> None:
        validation.check_agenda_item(item)
        self._update("agenda_items", item)

    def delete_agenda_item(self, item_id: int) -> None:
        """Remove an item with no entries. One whose 答申 is confirmed is refused; the
        wording of one that is not is kept in the audit log."""
        count = self.query("select count(*) as n from entries where agenda_item_id = ?", (item_id,))
        if count[0]["n"]:
            raise UserError("発言記録のある議題は削除できません。先に記録を移すか削除してください")
        toshin = self.get_toshin(item_id)
        if toshin is not None and toshin.is_frozen:
            raise UserError(
                "確定した答申のある議題は削除できません"
                f"({toshin.number or '答申番号なし'})。削除するには、答申の画面で理由を記入して"
                "ロックを解除してください(解除は監査記録に残ります)"
            )
        with self.atomic():
            if toshin is not None and toshin.wording.strip():
                rows = self.query("select meeting_id from agenda_items where id = ?", (item_id,))
                self.record_audit(
                    AuditEvent(
                        meeting_id=rows[0]["meeting_id"] if rows else None,
                        table_name="toshins",
                        row_id=toshin.id,
                        field="delete",
                        old_value=json.dumps(
                            {
                                "number": toshin.number,
                                "wording": toshin.wording,
                                "riders": toshin.rider_list,
                            },
                            ensure_ascii=False,
                        ),
                        reason="議題の削除",
                        actor="事務局",
                    )
                )
            self.conn.execute("delete from toshins where agenda_item_id = ?", (item_id,))
            self.conn.execute("delete from checklist_items where agenda_item_id = ?", (item_id,))
            self.conn.execute("delete from agenda_items where id = ?", (item_id,))

    def get_assessment(self, assessment_id: int) -> Assessment:
        rows = self.query("select * from assessments where id = ?", (assessment_id,))
        if not rows:
            raise NotFoundError(f"評価書 {assessment_id} が見つかりません")
        return Assessment.from_row(rows[0])

    def save_assessment(self, assessment: Assessment) -> Assessment:
        validation.check_assessment(assessment)
        if assessment.id is None:
            assessment.id = self._insert("assessments", assessment)
        else:
            self._update("assessments", assessment)
        return assessment

    # -- attendance -----------------------------------------------------------------------

    def attendance(self, meeting_id: int) -> list[Attendance]:
        rows = self.query(
            "select * from attendances where meeting_id = ? order by seq, id", (meeting_id,)
        )
        return [Attendance.from_row(r) for r in rows]

    def _check_attendee(self, person: Attendance) -> None:
        validation.check_attendee(person)
        if person.side == Side.MEMBER and person.title == "会長":
            chair = self.query(
                "select id from attendances where meeting_id = ? and side = ? and title = '会長'"
                " and id != ?",
                (person.meeting_id, Side.MEMBER.value, person.id or 0),
            )
            if chair:
                raise ValidationError("title", "会長は既に登録されています")

    def add_attendee(self, person: Attendance) -> Attendance:
        self._check_attendee(person)
        rows = self.query(
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
        spoken = self.query(
            "select count(*) as n from entries where speaker_id = ?", (attendance_id,)
        )
        if spoken[0]["n"]:
            raise UserError("発言記録のある出席者は削除できません。欠席に変更してください")
        with self.atomic():
            self.conn.execute("delete from attendances where id = ?", (attendance_id,))

    # -- entries --------------------------------------------------------------------------

    def entries(self, meeting_id: int) -> list[Entry]:
        rows = self.query(
            """select e.* from entries e
               left join agenda_items a on a.id = e.agenda_item_id
               where e.meeting_id = ? order by coalesce(a.seq, 0), e.seq, e.id""",
            (meeting_id,),
        )
        return [Entry.from_row(r) for r in rows]

    def entry_stamps(self, meeting_id: int) -> list[tuple[Any, ...]]:
        """One light row per entry of the meeting, in the order of `entries`: what
        `entry_stamp` gives for the entry as stored. Two reads tell which entries were added,
        changed, moved or deleted in between, without reading their text."""
        columns = ", ".join(f"e.{name}" for name in ENTRY_STAMP_COLUMNS)
        sql = f"""select {columns}, length(e.text) from entries e
               left join agenda_items a on a.id = e.agenda_item_id
               where e.meeting_id = ? order by coalesce(a.seq, 0), e.seq, e.id"""
        return [tuple(row) for row in self.conn.execute(sql, (meeting_id,))]

    def entries_by_id(self, entry_ids: Sequence[int]) -> list[Entry]:
        """The entries of these ids that exist, in no particular order."""
        found: list[Entry] = []
        ids = list(entry_ids)
        for start in range(0, len(ids), 500):  # well under SQLite's limit of parameters
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.query(f"select * from entries where id in ({marks})", tuple(chunk))
            found.extend(Entry.from_row(r) for r in rows)
        return found

    def get_entry(self, entry_id: int) -> Entry:
        rows = self.query("select * from entries where id = ?", (entry_id,))
        if not rows:
            raise NotFoundError(f"発言 {entry_id} が見つかりません")
        return Entry.from_row(rows[0])

    def add_entry(self, entry: Entry, *, clears_draft: bool = False) -> Entry:
        """Append an entry; durable when this returns (WAL, synchronous=FULL).
        `clears_draft`: the entry is the text being typed, committed: its draft goes in the
        same transaction, and the draft epoch moves on, so that the draft writer does not
        write the committed text back as a draft (the next start would offer it again)."""
        validation.check_entry_text(entry.text)
        now = clock.now_iso()
        entry.spoken_at = entry.spoken_at or now
        entry.created_at = entry.updated_at = now
        with self.atomic():
            if clears_draft and entry.meeting_id is not None:
                self.conn.execute("delete from drafts where meeting_id = ?", (entry.meeting_id,))
                self.set_setting(
                    _epoch_key(entry.meeting_id), str(self.draft_epoch(entry.meeting_id) + 1)
                )
            rows = self.query(
                "select coalesce(max(seq), 0) + 1 as n from entries where meeting_id = ? and "
                "agenda_item_id is ?",
                (entry.meeting_id, entry.agenda_item_id),
            )
            entry.seq = int(rows[0]["n"])
            entry.id = self._insert("entries", entry)
        return entry

    def update_entry(self, entry: Entry) -> None:
        validation.check_entry_text(entry.text)
        entry.updated_at = clock.now_iso()
        self._update("entries", entry)

    def delete_entry(self, entry_id: int) -> Entry:
        entry = self.get_entry(entry_id)
        with self.atomic():
            self.conn.execute(
                "update entries set answers_entry_id = null where answers_entry_id = ?",
                (entry_id,),
            )
            self.conn.execute("delete from entries where id = ?", (entry_id,))
        return entry

    def splice_entries(
        self,
        meeting_id: int,
        item_id: int | None,
        at: int,
        removed: Sequence[int],
        added: Sequence[Entry],
    ) -> list[Entry]:
        """Put `added` in an agenda item's log at position `at` (a seq), in place of the
        consecutive entries `removed` that start there (none: before what is at `at`, or
        at the end); the entries after them keep their order. Inside the caller's
        transaction when there is one. The added entries, with their ids."""
        with self.atomic():
            for entry_id in removed:
                self.conn.execute(
                    "update entries set answers_entry_id = null where answers_entry_id = ?",
                    (entry_id,),
                )
                self.conn.execute("delete from entries where id = ?", (entry_id,))
            self.conn.execute(
                "update entries set seq = seq + ? where meeting_id = ? and agenda_item_id is ? "
                "and seq >= ?",
                (len(added) - len(removed), meeting_id, item_id, at + len(removed)),
            )
            now = clock.now_iso()
            for offset, entry in enumerate(added):
                validation.check_entry_text(entry.text)
                entry.meeting_id, entry.agenda_item_id, entry.seq = meeting_id, item_id, at + offset
                entry.spoken_at = entry.spoken_at or now
                entry.created_at = entry.updated_at = now
                entry.id = self._insert("entries", entry)
        return list(added)

    def set_pages(self, entry_id: int, pages: list[int]) -> None:
        with self.atomic():
            self.conn.execute(
                "update entries set pages = ? where id = ?",
                (json.dumps(sorted(set(pages))), entry_id),
            )

    # -- 答申 -----------------------------------------------------------------------------

    def get_toshin(self, agenda_item_id: int) -> Toshin | None:
        rows = self.query("select * from toshins where agenda_item_id = ?", (agenda_item_id,))
        return Toshin.from_row(rows[0]) if rows else None

    def put_toshin(self, toshin: Toshin) -> Toshin:
        """Insert or update as it stands. The freeze rules live in `services.toshin`."""
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
        rows = self.query(
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
        *,
        epoch: int | None = None,
    ) -> None:
        """Keep the text being typed: in the typing box, or with `entry_id` in the dialog
        that edits that entry (an empty text there: the dialog closed). `epoch`: the draft
        epoch the box's text was typed in; one of an older epoch (a commit came since) is
        not written."""
        # Plain SQL: this runs on the draft writer's thread while the user types.
        if entry_id is not None:
            self._save_edit_draft(meeting_id, entry_id, text)
            return
        with self.atomic():
            if epoch is not None and epoch != self.draft_epoch(meeting_id):
                return
            self.conn.execute(
                "insert into drafts (meeting_id, agenda_item_id, entry_id, kind, speaker_id,"
                " text, saved_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (meeting_id) do update"
                " set agenda_item_id = excluded.agenda_item_id, entry_id = excluded.entry_id,"
                " kind = excluded.kind, speaker_id = excluded.speaker_id, text = excluded.text,"
                " saved_at = excluded.saved_at",
                (meeting_id, agenda_item_id, entry_id, kind, speaker_id, text, clock.now_iso()),
            )

    def _save_edit_draft(self, meeting_id: int, entry_id: int, text: str) -> None:
        with self.atomic():
            if not text.strip():
                self.conn.execute("delete from edit_drafts where meeting_id = ?", (meeting_id,))
                return
            self.conn.execute(
                "insert into edit_drafts (meeting_id, entry_id, text, saved_at)"
                " values (?, ?, ?, ?) on conflict (meeting_id) do update set"
                " entry_id = excluded.entry_id, text = excluded.text, saved_at = excluded.saved_at",
                (meeting_id, entry_id, text, clock.now_iso()),
            )

    def get_edit_draft(self, meeting_id: int) -> dict[str, Any] | None:
        """The text typed in the entry-edit dialog and not saved, with the entry's id."""
        rows = self.query("select * from edit_drafts where meeting_id = ?", (meeting_id,))
        return rows[0] if rows and rows[0]["text"].strip() else None

    def draft_epoch(self, meeting_id: int) -> int:
        return int(self.get_setting(_epoch_key(meeting_id), "0") or 0)

    def get_draft(self, meeting_id: int) -> dict[str, Any] | None:
        rows = self.query("select * from drafts where meeting_id = ?", (meeting_id,))
        return rows[0] if rows and rows[0]["text"].strip() else None

    def clear_draft(self, meeting_id: int) -> None:
        with self.atomic():
            self.conn.execute("delete from drafts where meeting_id = ?", (meeting_id,))

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
            rows = self.query(
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
        self.insert_row("privacy_reviews", row)

    def finding_reviews(self, meeting_id: int) -> list[dict[str, Any]]:
        return self.query(
            """select r.* from privacy_reviews r join entries e on e.id = r.entry_id
               where e.meeting_id = ? order by r.id""",
            (meeting_id,),
        )
