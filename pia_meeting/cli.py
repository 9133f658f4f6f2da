"""The command line (SPEC §8). Exit 0 on success, 1 on refusals, 2 on bad usage; messages in
Japanese on stderr; never a traceback for a user error. Textual is imported only to open the TUI.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from pia_meeting import __version__
from pia_meeting.core.errors import UserError
from pia_meeting.core.text import parse_count
from pia_meeting.store.integrity import (
    BackgroundCheck,
    connect_read_only,
    is_writable,
    resolve_db_path,
)

if TYPE_CHECKING:
    from pia_meeting.core.findings import MeetingFinding
    from pia_meeting.store.facade import Store

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


class JapaneseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 使い方が正しくありません (usage error): {message}\n")


# Ids are SQLite integers: a larger number would overflow it, and is no id anyway.
MAX_ID = 2**63 - 1
MAX_LIMIT = 10_000


def _number_in(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high` (half- or full-width digits),
    else a Japanese usage error."""

    def read(text: str) -> int:
        value = parse_count(text)
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{what}は{low}から{high}までの数字で指定してください: {text}"
            )
        return value

    return read


meeting_id_type = _number_in(1, MAX_ID, "会議ID")


def _print_json(payload: object) -> None:
    import json  # only for --json: not on the path of the app's start

    print(json.dumps(payload, ensure_ascii=False, indent=2))


def _add_db(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS if suppress else None,
        help="データベースファイル (既定: $PIA_MEETING_DB または data/pia_meeting.db)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = JapaneseArgumentParser(
        prog="pia-meeting",
        description="特定個人情報保護評価「第三者点検」の会議運営と議事録作成",
    )
    _add_db(parser, suppress=False)
    parser.add_argument(
        "--version", action="version", version=f"pia-meeting {__version__}", help="版を表示する"
    )
    commands = parser.add_subparsers(dest="command", parser_class=JapaneseArgumentParser)

    demo = commands.add_parser("demo", help="サンプル会議を読み込み、そのIDを表示して開く")
    _add_db(demo, suppress=True)
    demo.add_argument("--no-open", action="store_true", help="画面を開かない")

    listing = commands.add_parser("list", help="会議の一覧")
    _add_db(listing, suppress=True)
    listing.add_argument("--json", action="store_true", help="JSONで出力")

    importing = commands.add_parser(
        "import", help="公開された議事録 (.txt/.docx/.pdf) を取り込む (複数可)"
    )
    _add_db(importing, suppress=True)
    importing.add_argument(
        "files", metavar="FILE", nargs="+", help="議事録ファイル (.txt/.docx/.pdf)"
    )

    export = commands.add_parser("export", help="議事録を書き出す")
    _add_db(export, suppress=True)
    export.add_argument(
        "meeting_id", metavar="ID", type=meeting_id_type, help="会議ID (list で確認)"
    )
    export.add_argument("--format", choices=("docx", "txt", "md", "json"), default="docx")
    export.add_argument("--public", action="store_true", help="公開用 (非公開部分を除く)")
    export.add_argument("--times", action="store_true", help="発言時刻を付ける")
    export.add_argument("--appendix", action="store_true", help="評価書ページ別 質疑一覧を付ける")
    export.add_argument(
        "--checklist", action="store_true", help="第三者点検チェックリストを付ける (内部用)"
    )
    export.add_argument("--out", metavar="PATH", help="出力先ファイルまたはフォルダ")
    export.add_argument("--force", action="store_true", help="既存のファイルを上書きする")
    export.add_argument(
        "--style", metavar="NAME", help="議事録の書式 (既定: 審査会の設定の書式。style list で確認)"
    )
    export.add_argument(
        "--allow-personal-data",
        action="store_true",
        help="個人番号の可能性がある番号を残したまま公開用を出力する (記録されます)",
    )

    style = commands.add_parser("style", help="議事録の書式の一覧・表示・書き出し・取込")
    _add_db(style, suppress=True)
    style_commands = style.add_subparsers(
        dest="style_command", parser_class=JapaneseArgumentParser, required=True
    )
    style_list = style_commands.add_parser("list", help="使える書式の一覧")
    _add_db(style_list, suppress=True)
    style_show = style_commands.add_parser("show", help="書式ファイルの内容を表示する")
    _add_db(style_show, suppress=True)
    style_show.add_argument("name", metavar="NAME", help="書式の名前")
    style_export = style_commands.add_parser("export", help="書式を編集用のファイルに書き出す")
    _add_db(style_export, suppress=True)
    style_export.add_argument("name", metavar="NAME", help="書式の名前")
    style_export.add_argument("--out", metavar="FILE", required=True, help="出力先 (.toml)")
    style_export.add_argument("--force", action="store_true", help="既存のファイルを上書きする")
    style_import = style_commands.add_parser("import", help="編集した書式ファイルを取り込む")
    _add_db(style_import, suppress=True)
    style_import.add_argument("file", metavar="FILE", help="書式ファイル (.toml)")

    check = commands.add_parser("check", help="個人番号などの確認と記録の点検")
    _add_db(check, suppress=True)
    check.add_argument(
        "meeting_id", metavar="ID", type=meeting_id_type, help="会議ID (list で確認)"
    )
    check.add_argument("--json", action="store_true", help="JSONで出力")

    # Filters are read by services.search, so a bad value is a Japanese message and exit 1.
    search = commands.add_parser("search", help="過去の会議の発言を検索する")
    _add_db(search, suppress=True)
    search.add_argument("query", metavar="QUERY", nargs="+", help="検索語 (複数はすべてを含む)")
    search.add_argument("--json", action="store_true", help="JSONで出力")
    search.add_argument("--board", metavar="NAME", help="審査会名")
    search.add_argument("--year", metavar="Y", help="年 (令和3年 / R3 / 2021)")
    search.add_argument("--side", metavar="S", help="発言者の区分 (委員 / 説明者 / 事務局)")
    search.add_argument("--page", metavar="N", help="評価書のページ")
    search.add_argument("--section", metavar="S", help="評価書の項目")
    search.add_argument("--kind", metavar="K", help="種別 (質問 / 回答 / 説明 … / 議題 / 答申)")
    search.add_argument("--rank", action="store_true", help="関連度順 (既定は新しい順)")
    search.add_argument(
        "--limit",
        metavar="N",
        type=_number_in(1, MAX_LIMIT, "件数"),
        default=50,
        help="最大件数 (既定 50)",
    )

    toshin = commands.add_parser("toshin", help="答申書 (.docx) を書き出す")
    _add_db(toshin, suppress=True)
    toshin.add_argument(
        "meeting_id", metavar="ID", type=meeting_id_type, help="会議ID (list で確認)"
    )
    toshin.add_argument(
        "--item",
        metavar="N",
        type=_number_in(1, 999, "議題の番号"),
        help="議題の番号 (1から; 答申のある議題が複数のとき)",
    )
    toshin.add_argument("--out", metavar="PATH", help="出力先ファイルまたはフォルダ")
    toshin.add_argument("--force", action="store_true", help="既存のファイルを上書きする")

    doctor = commands.add_parser(
        "doctor", help="版・データベース・端末の状態を表示する (問い合わせの際に貼り付けてください)"
    )
    _add_db(doctor, suppress=True)

    backup = commands.add_parser("backup", help="データベースのバックアップ (アプリの実行中も可)")
    _add_db(backup, suppress=True)
    backup.add_argument("--out", metavar="PATH", required=True, help="出力先ファイルまたはフォルダ")
    backup.add_argument("--force", action="store_true", help="既存のファイルを上書きする")
    return parser


def _open_store(args: argparse.Namespace, *, writes: bool = False) -> Store:
    """The store of --db. A file this user may not write is opened read-only, with a line
    saying so; a command that `writes` is refused on it before anything is done."""
    from pia_meeting.store.facade import Store
    from pia_meeting.store.integrity import ReadOnlyDatabaseError, is_writable

    path = resolve_db_path(getattr(args, "db", None))
    if is_writable(path):
        return Store(path)
    if writes:
        raise ReadOnlyDatabaseError(
            f"このデータベースには書き込めません: {path}。"
            "ファイルとフォルダの書き込み権限を確かめてください。"
        )
    print(f"pia-meeting: 書き込めないため、読み取り専用で開きます: {path}", file=sys.stderr)
    return Store(path, read_only=True)


def _run_tui(db_path: Path, meeting_id: int | None = None, *, checked: bool = False) -> int:
    # A file to create or to migrate is checked and goes through the store before the
    # screen takes the terminal, so that a problem there is a plain message. A file at the
    # current schema is shown first: the app checks it once the first screen is up, before
    # anything writes (the check reads the whole file). `checked`: this command has just
    # opened the file through the store, which checked it.
    from pia_meeting.tui.app import PiaMeetingApp

    if checked:
        app = PiaMeetingApp(db_path, meeting_id=meeting_id, checked=True)
    else:
        # Noted before anything opens the file: what opening it creates is cleaned up after.
        check = BackgroundCheck(db_path, start=False)
        if _schema_current(db_path):
            # A file this user cannot write is shown and searched, and nothing is written.
            read_only = not is_writable(db_path)
            app = PiaMeetingApp(
                db_path, meeting_id=meeting_id, integrity=check, read_only_file=read_only
            )
        else:
            from pia_meeting.store.facade import Store

            check.result()
            Store(db_path, checked=True).close()
            app = PiaMeetingApp(db_path, meeting_id=meeting_id, checked=True)
    app.run()
    return app.return_code or EXIT_OK


def _schema_current(db_path: Path) -> bool:
    import sqlite3

    from pia_meeting.store.schema import pending_migrations

    if not db_path.is_file():
        return False
    try:
        with closing(connect_read_only(db_path)) as conn:
            return not pending_migrations(conn)
    except sqlite3.Error:
        return False  # the check and the store say what is wrong


def cmd_demo(args: argparse.Namespace) -> int:
    from pia_meeting.services.demo import load_demo

    store = _open_store(args, writes=True)
    try:
        meeting_id = load_demo(store)
    finally:
        store.close()
    print(meeting_id)
    if args.no_open:
        return EXIT_OK
    return _run_tui(resolve_db_path(args.db), meeting_id, checked=True)


def cmd_list(args: argparse.Namespace) -> int:
    from pia_meeting.core import wareki

    store = _open_store(args)
    try:
        rows = store.meetings()
    finally:
        store.close()
    if args.json:
        payload = [
            {
                "id": r["id"],
                "number": r["number"],
                "date": r["date"],
                "title": r["title"],
                "agenda": r["agenda_title"],
                "board": r["board_name"],
                "status": r["status"],
                "entries": r["entry_count"],
            }
            for r in rows
        ]
        _print_json(payload)
        return EXIT_OK
    if not rows:
        print("会議はまだありません (pia-meeting demo でサンプルを読み込めます)", file=sys.stderr)
        return EXIT_OK
    for r in rows:
        date = wareki.format_stored_date(r["date"], missing="日付未定")
        agenda = r["agenda_title"] or r["title"]
        number = f"第{r['number']}回" if r["number"] else "回不明"
        print(f"{r['id']}\t{number}\t{date}\t{agenda}\t{r['status']}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from pia_meeting.services.importing import FileSummary, Refusal, import_files

    # One file after the other, each all or nothing: a refused file is named at the end,
    # the others are imported. stdout: the new meetings' ids, one a line (the contract);
    # stderr: a summary line a file, and the progress bar when it is a terminal.
    bar = _ProgressBar(sys.stderr) if sys.stderr.isatty() else None

    def report(outcome: FileSummary | Refusal) -> None:
        if bar is not None:
            bar.clear()
        if isinstance(outcome, FileSummary):
            print(outcome.meeting_id, flush=True)
            print(f"pia-meeting: {outcome.line()}", file=sys.stderr, flush=True)
        else:
            print(f"pia-meeting: {outcome.message}", file=sys.stderr, flush=True)

    store = _open_store(args, writes=True)
    try:
        result = import_files(
            store,
            [Path(name) for name in args.files],
            progress=bar.show if bar else None,
            report=report,
        )
    finally:
        store.close()
        if bar is not None:
            bar.clear()
    if result.refused:
        print(f"pia-meeting: {result.refused_line()}", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


class _ProgressBar:
    """「取込 [██████······] 3/10 第15回.pdf」 on one line of a terminal, redrawn in place."""

    WIDTH = 24

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def show(self, done: int, total: int, path: Path, done_bytes: int, total_bytes: int) -> None:
        share = done_bytes / total_bytes if total_bytes else done / max(total, 1)
        filled = round(self.WIDTH * share)
        name = path.name if len(path.name) <= 30 else path.name[:29] + "…"
        line = f"取込 [{'█' * filled}{'·' * (self.WIDTH - filled)}] {done}/{total} {name}"
        self.stream.write(f"\r\x1b[K{line}")
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()


def cmd_export(args: argparse.Namespace) -> int:
    from pia_meeting.services.publish import export_minutes, export_notes
    from pia_meeting.services.styles import find

    store = _open_store(args)
    try:
        style = find(store, args.style).style if args.style else None
        bundle = store.load_bundle(args.meeting_id)
        # The store stays open: the 公開用 reads the privacy reviews and records an override.
        path = export_minutes(
            bundle,
            fmt=args.format,
            public=args.public,
            with_times=args.times,
            appendix_pages=args.appendix,
            checklist=args.checklist,
            out=args.out or None,
            force=args.force,
            override_privacy=args.allow_personal_data,
            store=store,
            style=style,
        )
    finally:
        store.close()
    print(path)
    for note in export_notes(bundle, public=args.public, checklist=args.checklist):
        print(note, file=sys.stderr)
    return EXIT_OK


def cmd_style(args: argparse.Namespace) -> int:
    from pia_meeting.services import styles

    store = _open_store(args)
    try:
        if args.style_command == "list":
            for entry in styles.catalogue(store):
                print(f"{entry.name}\t{entry.title}\t{entry.origin}")
        elif args.style_command == "show":
            print(styles.find(store, args.name).source, end="")
        elif args.style_command == "export":
            print(styles.export_style(store, args.name, Path(args.out), force=args.force))
        else:
            entry, boards = styles.import_style(store, Path(args.file))
            print(entry.name)
            note = f"(この書式の審査会 {boards} 件に反映しました)" if boards else ""
            print(f"書式「{entry.name}」を取り込みました{note}", file=sys.stderr)
    finally:
        store.close()
    return EXIT_OK


def _finding_state(finding: MeetingFinding) -> str:
    if finding.resolved:
        return "確認済み"
    if finding.blocks_public:
        return "未確認(公開用を止めます)"
    return "未確認" if finding.public else "未確認(非公開部分)"


def cmd_check(args: argparse.Namespace) -> int:
    from pia_meeting.core.findings import consistency_notes, scan_meeting
    from pia_meeting.core.privacy import KIND_LABELS, SEVERITY_LABELS
    from pia_meeting.services.publish import OVERRIDE_BY_COMMAND

    store = _open_store(args)
    try:
        bundle = store.load_bundle(args.meeting_id)
        findings = scan_meeting(bundle, reviews=store.finding_reviews(args.meeting_id))
    finally:
        store.close()
    notes = consistency_notes(bundle)
    blocking = [f for f in findings if f.blocks_public]
    if args.json:
        payload = {
            "meeting_id": args.meeting_id,
            "blocks_public": bool(blocking),
            # the redacted form only: the output may end up in a log or a ticket
            "findings": [
                {
                    "entry_id": f.entry_id,
                    "agenda_item_id": f.agenda_item_id,
                    "seq": f.seq,
                    "where": f.where,
                    "position": f.position,
                    "kind": f.kind,
                    "severity": f.severity,
                    "description": f.description,
                    "redacted": f.redacted,
                    "snippet": f.snippet,
                    "public": f.public,
                    "resolved": f.resolved,
                    "blocks_public": f.blocks_public,
                }
                for f in findings
            ],
            "consistency": [
                {"entry_id": n.entry_id, "where": n.where, "message": n.message} for n in notes
            ],
        }
        _print_json(payload)
    else:
        for f in findings:
            kind = f"{KIND_LABELS[f.kind]}(重要度 {SEVERITY_LABELS[f.severity]})"
            print(f"{f.where}\t位置{f.position}\t{kind}\t{_finding_state(f)}\t{f.snippet}")
        for n in notes:
            print(f"{n.where}\t{n.message}")
        if not findings and not notes:
            print("問題は見つかりませんでした")
    if blocking:
        print(
            f"公開用の出力を止める個人番号の可能性が {len(blocking)} 件あります。"
            "個人番号であれば伏せ字にし、そうでなければ確認済みにしてください"
            f"(確認のうえ出力する場合: export --public {OVERRIDE_BY_COMMAND})。",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from pia_meeting.services.search import board_id_named, search

    store = _open_store(args)
    try:
        hits = search(
            store,
            " ".join(args.query),
            board_id=board_id_named(store, args.board) if args.board else None,
            year=args.year,
            side=args.side,
            page=args.page,
            section=args.section,
            kind=args.kind,
            order="rank" if args.rank else "newest",
            limit=args.limit,
        )
    finally:
        store.close()
    if args.json:
        _print_json([hit.to_json() for hit in hits])
    else:
        for hit in hits:
            who = hit.speaker or f"[{hit.kind}]"
            print(f"{hit.number_label}\t{hit.date_label}\t{who}\t{hit.marked()}")
    if not hits:
        print("該当する発言はありません", file=sys.stderr)
    return EXIT_OK


def cmd_toshin(args: argparse.Namespace) -> int:
    from pia_meeting.export.toshin_doc import agenda_item_by_number, export_toshin

    store = _open_store(args)
    try:
        bundle = store.load_bundle(args.meeting_id)
        item_id = agenda_item_by_number(bundle, args.item) if args.item is not None else None
        # The store stays open: the 答申 number counts the board's earlier 答申.
        path = export_toshin(
            bundle,
            agenda_item_id=item_id,
            out=args.out or None,
            force=args.force,
            store=store,
        )
    finally:
        store.close()
    print(path)
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from pia_meeting.services.doctor import report

    # No Store: the report reads the file as it is, and creates nothing.
    print(report(resolve_db_path(args.db), Path("exports"), sys.stdout, os.environ))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from pia_meeting.store.backup import backup_database

    # No Store: a backup reads the file as it is, without migrating it.
    print(backup_database(resolve_db_path(args.db), args.out, force=args.force))
    return EXIT_OK


def _command_line_hint(exc: UserError) -> str:
    """What a user of the command line can add to go ahead anyway. The messages themselves
    say nothing of flags: the TUI shows them too, and asks instead."""
    # Imported only now, on the way out: not on the path of the app's start.
    from pia_meeting.core.errors import FileExistsUserError
    from pia_meeting.core.findings import PrivacyBlockedError
    from pia_meeting.services.publish import OVERRIDE_BY_COMMAND

    if isinstance(exc, FileExistsUserError):
        return "\n上書きするには --force を付けてください。"
    if isinstance(exc, PrivacyBlockedError):
        return (
            f"\n確認のうえこのまま出力するには {OVERRIDE_BY_COMMAND} を付けてください"
            "(出力したことは監査記録に残ります)。"
        )
    return ""


def use_utf8_when_redirected(*streams: TextIO) -> None:
    """Files and pipes get UTF-8 whatever the console's code page. On Windows a redirected
    stream is CP932, which has neither the 「–」 of the app's own 「p.54–76」 nor the 「⑴」 that
    cities number agenda items with: `pia-meeting search 委託 > hits.txt` would end in a
    UnicodeEncodeError. A terminal is left as it is (Windows writes to its console in
    UTF-16, whatever the code page)."""
    for stream in streams:
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding == "utf8" or stream.isatty():
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    use_utf8_when_redirected(sys.stdout, sys.stderr)
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {
        "demo": cmd_demo,
        "list": cmd_list,
        "import": cmd_import,
        "export": cmd_export,
        "style": cmd_style,
        "toshin": cmd_toshin,
        "check": cmd_check,
        "search": cmd_search,
        "backup": cmd_backup,
        "doctor": cmd_doctor,
    }
    try:
        if args.command is None:
            return _run_tui(resolve_db_path(args.db))
        code = handlers[args.command](args)
        # Flushed here rather than at exit, so that a reader gone early is caught below.
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader stopped reading (`pia-meeting search … | head -1`): nothing is wrong
        # with the data, so no traceback. What is still buffered goes to os.devnull, or
        # the interpreter's last flush would report the closed pipe once more.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass  # stdout is not a file (a test capturing it)
        return EXIT_REFUSED
    except UserError as exc:
        print(f"pia-meeting: {exc}{_command_line_hint(exc)}", file=sys.stderr)
        return EXIT_REFUSED
    except OSError as exc:
        # A file or folder this user may not read or write, met before a command could say
        # which of its files it was (a folder that cannot be searched, for one).
        print(f"pia-meeting: {_os_error_message(exc)}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_REFUSED


def _os_error_message(exc: OSError) -> str:
    name = f": {exc.filename}" if exc.filename else ""
    if isinstance(exc, PermissionError):
        return f"ファイルまたはフォルダを開く権限がありません{name}。権限を確かめてください"
    if isinstance(exc, FileNotFoundError):
        return f"ファイルまたはフォルダが見つかりません{name}"
    return f"ファイルを読み書きできませんでした{name}({exc.strerror or exc})"


if __name__ == "__main__":
    sys.exit(main())
