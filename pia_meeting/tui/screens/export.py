"""6 出力: the 議事録 as Word (or text), 内部用 or 公開用, with a preview of what goes out."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Footer, Label, Static

from pia_meeting.core.errors import FileExistsUserError, UserError
from pia_meeting.core.findings import PrivacyBlockedError
from pia_meeting.core.model import MeetingBundle
from pia_meeting.export.files import FORMATS
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.export.toshin_doc import build_toshin_document, export_toshin
from pia_meeting.services.publish import export_minutes, export_notes
from pia_meeting.services.toshin import describe_gaps, toshin_document_gaps
from pia_meeting.store.facade import Store
from pia_meeting.tui.screens.base import StepScreen, meeting_caption
from pia_meeting.tui.screens.confirm import ConfirmScreen
from pia_meeting.tui.session import MeetingSession
from pia_meeting.tui.widgets.japanese import Select
from pia_meeting.tui.widgets.step_bar import StepBar

EXPORT_FOLDER = Path("exports")
TOSHIN = "toshin"  # the 答申書 (.docx), one per agenda item whose 答申 can be issued
MINUTES_OPTIONS = ("public", "times", "appendix", "checklist")


def shown_path(path: Path) -> str:
    """Where a file went, always the same way: its full path."""
    return str(path.resolve())


class ExportScreen(StepScreen):
    CSS_PATH = "../styles/export.tcss"
    step = 6
    help_title = "出力のキー操作"
    help_text = (
        "Ctrl+E で exports/ フォルダに書き出します。同じ名前のファイルがあるときは上書きするか"
        "確認します。下の欄は書き出される内容のプレビューです。\n"
        "形式で「答申書」を選ぶと、確定した答申の答申書(.docx)を議題ごとに書き出します。"
        "諮問番号・諮問日・答申番号が足りないときはプレビューの上に表示されます"
        "(答申の画面で入力できます)。"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+e", "export", "書き出し", id="export_write"),
        Binding("ctrl+r", "preview", "プレビュー更新", id="export_preview"),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(session)
        self.meeting_id = self.session.meeting_id
        self.bundle: MeetingBundle = self.store.load_bundle(self.meeting_id)

    def compose(self) -> ComposeResult:
        yield StepBar(self.step, meeting_caption(self.bundle.meeting))
        with Horizontal(id="export-options"):
            yield Select(
                [
                    ("Word (.docx)", "docx"),
                    ("テキスト (.txt)", "txt"),
                    ("Markdown (.md)", "md"),
                    ("答申書 (.docx)", TOSHIN),
                ],
                value=self.session.export_format,
                allow_blank=False,
                compact=True,
                id="format",
            )
            yield Checkbox("公開用", False, compact=True, id="public")
            yield Checkbox("時刻", False, compact=True, id="times")
            yield Checkbox("ページ別一覧", False, compact=True, id="appendix")
            yield Checkbox("チェックリスト", False, compact=True, id="checklist")
        yield Label("", id="export-result", markup=False)
        with VerticalScroll(id="preview-box"):
            yield Static("", id="preview", markup=False)
        yield Footer(show_command_palette=False)  # the palette key is in the help

    def on_mount(self) -> None:
        self.action_preview()
        self.query_one("#format", Select).focus()

    def _options(self) -> dict[str, bool]:
        return {
            "public": self.query_one("#public", Checkbox).value,
            "with_times": self.query_one("#times", Checkbox).value,
            "appendix_pages": self.query_one("#appendix", Checkbox).value,
            "checklist": self.query_one("#checklist", Checkbox).value,
        }

    @on(Checkbox.Changed)
    def _option_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "public":
            # The checklist is internal: the 公開用 never has it.
            self.query_one("#checklist", Checkbox).disabled = event.value
        self.action_preview()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        self.session.export_format = str(event.value)
        for option in MINUTES_OPTIONS:  # the 議事録's options say nothing of the 答申書
            self.query_one(f"#{option}", Checkbox).display = event.value != TOSHIN
        self.action_preview()

    def show_format(self, fmt: str) -> None:
        """Select `fmt` (the palette's 「答申書を出力」 on this screen)."""
        self.query_one("#format", Select).value = fmt

    def action_preview(self) -> None:
        self.bundle = self.store.load_bundle(self.meeting_id)
        if str(self.query_one("#format", Select).value) == TOSHIN:
            self.query_one("#preview", Static).update(self._toshin_preview())
            return
        text = render_text(build_minutes(self.bundle, **self._options()))
        self.query_one("#preview", Static).update(text)

    def _toshin_items(self) -> list[int]:
        """The agenda items with a 答申 on record (confirmed or not)."""
        return [item.id or 0 for item in self.bundle.agenda if item.id in self.bundle.toshins]

    def _toshin_preview(self) -> str:
        """Each 答申書 as it will read, with what it lacks first; or why there is none."""
        blocks: list[str] = []
        for item in self.bundle.agenda:
            if item.id not in self.bundle.toshins:
                continue
            head = f"■ 議題{item.seq}: {item.title}"
            try:
                doc = build_toshin_document(self.bundle, item.id, store=self.store)
            except UserError as exc:
                blocks.append(f"{head}\n{exc}")
                continue
            gaps = describe_gaps(toshin_document_gaps(self.bundle, item))
            lines = [head, *([f"※ {gaps}"] if gaps else []), "", *doc.lines()]
            blocks.append("\n".join(lines))
        if not blocks:
            return (
                "答申がまだありません。答申の画面で文言を決め、F5 で会長の確認を経て"
                "確定してください"
            )
        return "\n\n".join(blocks)

    def action_export(self, force: bool = False) -> None:
        fmt = str(self.query_one("#format", Select).value)
        self.query_one("#export-result", Label).update("書き出し中…")
        if fmt == TOSHIN:
            self._write_toshin(force)
            return
        assert fmt in FORMATS
        self._write(fmt, self._options(), force)

    @work(thread=True, exclusive=True, group="export")
    def _write_toshin(self, force: bool) -> None:
        store = Store(self.session.db_path)
        written: list[Path] = []
        refused: list[str] = []
        try:
            bundle = store.load_bundle(self.meeting_id)
            for item in bundle.agenda:
                if item.id not in bundle.toshins:
                    continue
                try:
                    written.append(
                        export_toshin(
                            bundle,
                            agenda_item_id=item.id,
                            folder=EXPORT_FOLDER,
                            force=force,
                            store=store,
                        )
                    )
                except FileExistsUserError as exc:
                    self.app.call_from_thread(self._toshin_exists, exc)
                    return
                except UserError as exc:
                    refused.append(f"議題{item.seq}: {exc}")
        except UserError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        finally:
            store.close()
        if not written:
            self.app.call_from_thread(
                self._failed, "\n".join(refused) or "書き出せる答申書はありません(答申が未確定)"
            )
            return
        self.app.call_from_thread(self._written_all, written, refused)

    def _toshin_exists(self, error: FileExistsUserError) -> None:
        message = self._exists_text(error)
        self.query_one("#export-result", Label).update(message)

        def answered(yes: bool | None) -> None:
            if yes:
                self._write_toshin(True)

        self.app.push_screen(
            ConfirmScreen("同じ名前の答申書があります。上書きしますか?", message), answered
        )

    def _written_all(self, paths: list[Path], refused: list[str]) -> None:
        shown = "\n".join(f"書き出しました: {shown_path(p)}" for p in paths)
        self.query_one("#export-result", Label).update("\n".join([shown, *refused]))
        self.notify(shown)
        if refused:
            self.notify("\n".join(refused), severity="warning", timeout=10)

    @staticmethod
    def _exists_text(error: FileExistsUserError) -> str:
        path = error.path
        return (
            f"既にファイルがあります: {shown_path(path)}" if isinstance(path, Path) else str(error)
        )

    @work(thread=True, exclusive=True, group="export")
    def _write(
        self, fmt: str, options: dict[str, bool], force: bool, override: bool = False
    ) -> None:
        # A worker thread needs its own connection: connections do not cross threads.
        store = Store(self.session.db_path)
        try:
            bundle = store.load_bundle(self.meeting_id)
            path = export_minutes(
                bundle,
                fmt=fmt,
                folder=EXPORT_FOLDER,
                force=force,
                store=store,
                override_privacy=override,
                override_via="出力画面で確認",
                **options,
            )
        except PrivacyBlockedError as exc:
            self.app.call_from_thread(self._blocked, str(exc), fmt, options, force)
            return
        except FileExistsUserError as exc:
            self.app.call_from_thread(self._exists, exc, fmt, options, override)
            return
        except UserError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        finally:
            store.close()
        notes = export_notes(
            bundle, public=options.get("public", False), checklist=options.get("checklist", False)
        )
        self.app.call_from_thread(self._written, path, notes)

    def _blocked(self, message: str, fmt: str, options: dict[str, bool], force: bool) -> None:
        self.query_one("#export-result", Label).update(message)
        if self.read_only:
            return  # an override is recorded in the database: only the writing instance may

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(fmt, options, force, True)

        self.app.push_screen(
            ConfirmScreen(
                "個人番号の可能性がある記載が残っているため、公開用の書き出しを止めました。"
                "それでも書き出しますか?(書き出したことは監査記録に残ります)",
                message + "\n\n議事の画面の一覧で x (伏字) または c (確認済み) で解消できます。",
            ),
            answered,
        )

    def _written(self, path: Path, notes: list[str]) -> None:
        shown = f"書き出しました: {shown_path(path)}"
        self.query_one("#export-result", Label).update("\n".join([shown, *notes]))
        self.notify(shown)
        for note in notes:
            self.notify(note, severity="warning", timeout=10)

    def _exists(
        self, error: FileExistsUserError, fmt: str, options: dict[str, bool], override: bool
    ) -> None:
        message = self._exists_text(error)
        self.query_one("#export-result", Label).update(message)

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(fmt, options, True, override)

        self.app.push_screen(
            ConfirmScreen("同じ名前のファイルがあります。上書きしますか?", message), answered
        )

    def _failed(self, message: str) -> None:
        self.query_one("#export-result", Label).update(message)
        self.notify(message, severity="error")
