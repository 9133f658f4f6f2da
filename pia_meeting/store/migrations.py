"""The schema, as sqlite-utils migrations (SPEC §6).

Imported only when a database needs one of them (a new file, or one an older release left):
opening an up-to-date database does not load sqlite-utils at all (see `Store`).
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from pia_meeting.store.fts import register_functions
from pia_meeting.store.schema import MIGRATION_SET

migrations = sqlite_utils.Migrations(MIGRATION_SET)


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.table("boards").create(
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
    db.table("boards").create_index(["name"], unique=True)
    db.table("members").create(
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
    db.table("assessments").create(
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
    db.table("meetings").create(
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
    db.table("meetings").create_index(["board_id", "number"], unique=True)
    db.table("meetings").create_index(["date"])
    db.table("agenda_items").create(
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
    db.table("agenda_items").create_index(["meeting_id", "seq"])
    db.table("attendances").create(
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
    db.table("attendances").create_index(["meeting_id", "seq"])
    db.table("entries").create(
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
    db.table("entries").create_index(["agenda_item_id", "seq"])
    db.table("entries").create_index(["meeting_id"])
    db.table("toshins").create(
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
    db.table("toshins").create_index(["agenda_item_id"], unique=True)
    db.table("checklist_items").create(
        {"id": int, "agenda_item_id": int, "item_no": int, "status": str, "memo": str},
        pk="id",
        foreign_keys=[("agenda_item_id", "agenda_items", "id")],
    )
    db.table("checklist_items").create_index(["agenda_item_id", "item_no"], unique=True)
    db.table("audit_events").create(
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
    db.table("audit_events").create_index(["meeting_id"])
    # The text being typed, saved off the typing path (crash recovery, SPEC §6).
    db.table("drafts").create(
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
    db.table("settings").create({"key": str, "value": str}, pk="key")


# The archive search index (SPEC §5; see store.fts). A document's key sorts newest first:
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
    # One writer per meeting (SPEC §6); see store.locks. Times are UTC ISO 8601.
    db.table("meeting_locks").create(
        {"meeting_id": int, "pid": int, "host": str, "started_at": str, "heartbeat_at": str},
        pk="meeting_id",
        not_null={"pid", "host", "started_at", "heartbeat_at"},
    )


@migrations()
def m002_privacy_findings(db: sqlite_utils.Database) -> None:
    # How each privacy finding was dealt with (SPEC §7); see core.privacy for the statuses.
    # Registered last although numbered 2: migrations run in the order registered, and
    # databases already out there ran m003 and m004 before this one existed.
    db.table("privacy_reviews").create(
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
    db.table("privacy_reviews").create_index(["entry_id"])


@migrations()
def m005_inquiry_date(db: sqlite_utils.Database) -> None:
    # The 諮問's own date, which the 答申書 cites (「令和7年9月1日付け諮問第12号で諮問のあった」);
    # empty in files from before it was asked for.
    db.table("agenda_items").add_column("inquiry_date", str)


@migrations()
def m007_issued_toshin_numbers(db: sqlite_utils.Database) -> None:
    # Every 答申番号 once issued, kept when its 答申, item or meeting is deleted, so that
    # the board never issues the same number twice (see services.toshin).
    db.table("issued_toshin_numbers").create(
        {"id": int, "board_id": int, "number": str, "toshin_id": int, "issued_at": str},
        pk="id",
        not_null={"board_id", "number"},
    )
    db.table("issued_toshin_numbers").create_index(["board_id", "number"], unique=True)
    db.execute(
        "insert or ignore into issued_toshin_numbers (board_id, number, toshin_id, issued_at)"
        " select m.board_id, trim(t.number), t.id, coalesce(t.confirmed_at, '') from toshins t"
        " join agenda_items a on a.id = t.agenda_item_id join meetings m on m.id = a.meeting_id"
        " where trim(coalesce(t.number, '')) != ''"
    )


@migrations()
def m008_edit_drafts(db: sqlite_utils.Database) -> None:
    # The text being typed in the entry-edit dialog, kept like the typing box's (SPEC §6):
    # one a meeting, beside the box's own draft in `drafts`.
    db.table("edit_drafts").create(
        {"meeting_id": int, "entry_id": int, "text": str, "saved_at": str},
        pk="meeting_id",
        not_null={"entry_id", "text"},
    )


@migrations()
def m006_minutes_styles(db: sqlite_utils.Database) -> None:
    """The minutes style of each board (core.styles) and what the styles print that was not
    stored: 会議資料, 議事録署名人, an agenda item's 分類; observers may be unknown (null).
    Registered after m007 and m008, which were written first. A board numbering each 年度 afresh may
    have 第1回 every year: the number is unique within the board and its `fiscal_year`
    (0 for a board numbered straight through, as every board was before)."""
    boards = db.table("boards")
    boards.add_column("minutes_style", str, not_null_default="department-table")
    boards.add_column("style_source", str, not_null_default="")
    boards.add_column("style_overrides", str, not_null_default="")
    boards.add_column("word_template", str, not_null_default="")
    boards.add_column("numbering", str, not_null_default="通し")
    meetings = db.table("meetings")
    meetings.add_column("fiscal_year", int, not_null_default=0)
    meetings.add_column("materials", str, not_null_default="")
    meetings.add_column("signers", str, not_null_default="")
    db.execute("drop index if exists idx_meetings_board_id_number")
    meetings.create_index(["board_id", "fiscal_year", "number"], unique=True)
    db.table("agenda_items").add_column("category", str, not_null_default="")
    db.table("toshins").add_column("closing_after", int)
    # Styles a secretariat imported (`pia-meeting style import`): name → TOML text.
    db.table("minutes_styles").create(
        {"name": str, "source": str, "imported_at": str}, pk="name", not_null={"source"}
    )


@migrations()
def m009_header_entries(db: sqlite_utils.Database) -> None:
    # Lines of an imported header that the meeting has no field for are entries printed
    # where the minutes printed them (core.model.Entry.header_anchor); "" for the body.
    db.table("entries").add_column("header_anchor", str, not_null_default="")


@migrations()
def m010_closing_in_log(db: sqlite_utils.Database) -> None:
    # The chair's closing lines are entries of the log from now on (core.closing); a 答申
    # confirmed before keeps its generated lines.
    db.table("toshins").add_column("closing_in_log", int, not_null_default=0)


@migrations()
def m011_unknown_times(db: sqlite_utils.Database) -> None:
    # Imports stamped every entry with the meeting's start (or the time of the import):
    # times nobody recorded, which 「時刻付き」 printed. An imported entry has no time.
    db.execute(
        """
        update entries set spoken_at = null
        where meeting_id in (
            select meeting_id from audit_events where table_name = 'meetings' and field = 'import'
        )
        and (
            -- undated: stamped with the moment of the import, which all its entries share
            (spoken_at = created_at and created_at = (
                select min(e.created_at) from entries e where e.meeting_id = entries.meeting_id
            ))
            or spoken_at = (
                select m.date || 'T' || coalesce(nullif(m.start_time, ''), '00:00') || ':00'
                from meetings m where m.id = entries.meeting_id
            )
        )
        """
    )


def apply(conn: sqlite3.Connection) -> None:
    migrations.apply(sqlite_utils.Database(conn, execute_plugins=False))
