"""ヘルプ: the keys of the screen it was opened from (F1, or ? where no text box has focus)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from pia_meeting.tui.keys import key_label

GENERAL_HELP = (
    "保存ボタンはありません。入力した内容はその場で保存されます。\n"
    "Ctrl+P でコマンドパレット(画面の移動など)、Ctrl+Q で終了します。"
)


def binding_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) of every binding with an id that is reachable from the screen,
    the keys spelled as everywhere in the app (「Ctrl+O」「Shift+F2」「Esc / n」)."""
    keys: dict[str, list[str]] = {}
    described: dict[str, str] = {}
    for _namespace, bindings in screen._modal_binding_chain:
        for key, binding in bindings:
            if not binding.id or not binding.description:
                continue
            names = keys.setdefault(binding.id, [])
            if key_label(key) not in names:
                names.append(key_label(key))
            described.setdefault(binding.id, binding.description)
    rows: list[tuple[str, str]] = []
    for binding_id, names in keys.items():
        row = (" / ".join(names), described[binding_id])
        if row not in rows:
            rows.append(row)
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
