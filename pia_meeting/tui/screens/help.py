"""ヘルプ: the keys of the screen it was opened from (F1, or ? where no text box has focus)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GENERAL_HELP = (
    "保存ボタンはありません。入力した内容はその場で保存されます。\n"
    "Ctrl+P でコマンドパレット(画面の移動など)、Ctrl+Q で終了します。"
)


def binding_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(key, description) of every binding with an id that is reachable from the screen."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    app = screen.app
    for _namespace, bindings in screen._modal_binding_chain:
        for _key, binding in bindings:
            if not binding.id or not binding.description or binding.id in seen:
                continue
            seen.add(binding.id)
            shown = binding.key_display or app.get_key_display(binding)
            rows.append((shown, binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "閉じる", id="help_close", key_display="Esc"),
    ]

    def __init__(self, origin: Screen[object]) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        text = Text()
        title = getattr(self.origin, "help_title", "") or "キー操作"
        text.append(f"{title}\n\n", style="bold")
        for key, description in binding_rows(self.origin):
            text.append(f"{key:>12}  ", style="bold")
            text.append(f"{description}\n")
        extra = getattr(self.origin, "help_text", "")
        if extra:
            text.append(f"\n{extra}\n")
        text.append(f"\n{GENERAL_HELP}\n\nEsc で閉じる", style="dim")
        with VerticalScroll(id="help-box"):
            yield Static(text, markup=False)
