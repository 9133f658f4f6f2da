"""検索: find what was said in any earlier session (SPEC §5), full screen."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from pia_meeting.tui.messages import OpenMeeting
from pia_meeting.tui.widgets.search_panel import SearchPanel, SearchSource

STEP_OF_SOURCE = {"entry": 4, "agenda": 2, "toshin": 5}  # where a hit is shown


class SearchScreen(Screen[None]):
    """The archive search, full screen. Enter on a hit opens its meeting at that entry."""

    CSS_PATH = "../styles/search.tcss"

    help_title = "検索のキー操作"
    help_text = (
        "過去のすべての会議の発言・議題・答申の文言を検索します(新しい会議から順)。\n"
        "スペースで区切った語はすべてを含むものを探します。全角・半角、大文字・小文字、"
        "〜と~は区別しません。1文字・2文字の語(「課」「委託」)も探せます。\n"
        "年は 令和3年・R3・2021 のどれでも指定できます。\n"
        "↓ で結果の一覧へ、Enter でその会議の発言を開きます。"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "閉じる", id="search_close", key_display="Esc"),
        Binding("f1", "app.help", "ヘルプ", id="help", key_display="F1"),
        Binding("ctrl+f", "focus_query", "検索語へ", id="search_focus", key_display="Ctrl+F"),
    ]

    def __init__(self, source: SearchSource) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        yield Static("検索 — 過去の会議の発言・議題・答申", id="search-title", markup=False)
        yield SearchPanel(self.source, with_filters=True, id="search-panel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SearchPanel).focus_query()

    def action_focus_query(self) -> None:
        self.query_one(SearchPanel).focus_query()

    def action_close(self) -> None:
        self.app.pop_screen()

    @on(SearchPanel.HitChosen)
    def _open(self, event: SearchPanel.HitChosen) -> None:
        hit = event.hit
        self.dismiss()
        self.app.post_message(
            OpenMeeting(hit.meeting_id, STEP_OF_SOURCE.get(hit.source, 2), hit.entry_id)
        )
