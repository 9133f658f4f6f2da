"""Textual's own widgets with what they say in English said in Japanese: the select's pop-up
list (its footer key 「Esc 閉じる」, not 「esc Dismiss menu」) and the command palette (「コマンドを
検索…」, 「該当するコマンドはありません」). Screens use these instead of Textual's."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.align import Align
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette
from textual.widgets import Select as TextualSelect
from textual.widgets._select import SelectCurrent, SelectOverlay
from textual.widgets.option_list import Option

PALETTE_PLACEHOLDER = "コマンドを検索…(画面の移動、答申書、検索、終了など)"
NO_MATCHES = "該当するコマンドはありません"


class JapaneseSelectOverlay(SelectOverlay):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "閉じる", id="select_dismiss"),
    ]


class Select(TextualSelect[Any]):
    """Textual's Select, its pop-up list's key in Japanese."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield JapaneseSelectOverlay(type_to_search=self._type_to_search).data_bind(
            compact=TextualSelect.compact
        )


class JapaneseCommandPalette(CommandPalette):
    """The command palette, in Japanese."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "escape", "閉じる", id="palette_close"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(placeholder=PALETTE_PLACEHOLDER, **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
