"""6 出力: the 議事録 as Word (or text), 内部用 or 公開用, with a preview of what goes out."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Footer, Label, Select, Static

from pia_meeting.core.errors import FileExistsUserError, UserError
from pia_meeting.core.findings import PrivacyBlockedError
from pia_meeting.core.model import MeetingBundle
from pia_meeting.export.files import FORMATS
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import render_text
from pia_meeting.services.publish import export_minutes
from pia_meeting.store.facade import Store
from pia_meeting.tui.screens.base import StepScreen, meeting_caption
from pia_meeting.tui.screens.confirm import ConfirmScreen
from pia_meeting.tui.session import MeetingSession
from pia_meeting.tui.widgets.step_bar import StepBar

EXPORT_FOLDER = Path("exports")


class ExportScreen(StepScreen):
    CSS_PATH = "../styles/export.tcss"
    step = 6
    help_title = "出力のキー操作"
    help_text = (
        "Ctrl+E で exports/ フォルダに書き出します。同じ名前のファイルがあるときは上書きするか"
        "確認します。下の欄は書き出される内容のプレビューです。"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+e", "export", "書き出し", id="export_write", key_display="Ctrl+E"),
        Binding("ctrl+r", "preview", "プレビュー更新", id="export_preview", key_display="Ctrl+R"),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__(session)
        self.meeting_id = self.session.meeting_id
        self.bundle: MeetingBundle = self.store.load_bundle(self.meeting_id)

    def compose(self) -> ComposeResult:
        yield StepBar(self.step, meeting_caption(self.bundle.meeting))
        with Horizontal(id="export-options"):
            yield Select(
                [("Word (.docx)", "docx"), ("テキスト (.txt)", "txt"), ("Markdown (.md)", "md")],
                value="docx",
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
        yield Footer()

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
    def _option_changed(self) -> None:
        self.action_preview()

    def action_preview(self) -> None:
        self.bundle = self.store.load_bundle(self.meeting_id)
        text = render_text(build_minutes(self.bundle, **self._options()))
        self.query_one("#preview", Static).update(text)

    def action_export(self, force: bool = False) -> None:
        fmt = str(self.query_one("#format", Select).value)
        assert fmt in FORMATS
        self.query_one("#export-result", Label).update("書き出し中…")
        self._write(fmt, self._options(), force)

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
            self.app.call_from_thread(self._exists, str(exc), fmt, options, override)
            return
        except UserError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        finally:
            store.close()
        self.app.call_from_thread(self._written, path)

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

    def _written(self, path: Path) -> None:
        self.query_one("#export-result", Label).update(f"書き出しました: {path.resolve()}")
        self.notify(f"書き出しました: {path}")

    def _exists(self, message: str, fmt: str, options: dict[str, bool], override: bool) -> None:
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
