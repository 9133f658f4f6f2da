"""The running log of 議事: one option a committed entry."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from pia_meeting.core.clock import hm_of
from pia_meeting.core.model import Entry, EntryKind


class EntryLog(OptionList):
    """The running log. Enter edits an entry; the other keys are listed in the help."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "screen.delete_entry", "削除", id="log_delete", key_display="Del"),
        Binding("m", "screen.merge", "次と結合", id="log_merge"),
        Binding("shift+up", "screen.move(-1)", "上へ移動", id="log_move_up", key_display="⇧↑"),
        Binding("shift+down", "screen.move(1)", "下へ移動", id="log_move_down", key_display="⇧↓"),
        Binding("p", "screen.toggle_closed", "非公開切替", id="log_closed"),
        Binding("v", "screen.mark_range", "範囲の始点", id="log_range", show=False),
        Binding("t", "screen.toggle_pending", "持ち帰り切替", id="log_pending"),
        Binding("l", "screen.link_answer", "持ち帰りへの回答", id="log_link"),
        Binding("x", "screen.mask_entry", "個人情報を伏字に", id="log_mask"),
        Binding("c", "screen.check_entry", "個人情報の確認済み", id="log_checked"),
        Binding("ctrl+z", "screen.undo", "元に戻す", id="log_undo", key_display="Ctrl+Z"),
        Binding("escape,i", "screen.focus_box", "入力欄へ", id="log_back", key_display="Esc"),
    ]


def render_entry(entry: Entry, label: str, who: str, tags: str = "") -> Text:
    line = Text()
    line.append(f"{hm_of(entry.spoken_at) or '--:--'} ", style="dim")
    if entry.kind == EntryKind.HEADING:
        line.append(f"■ {entry.text}", style="bold")
    else:
        if label:
            line.append(label, style="bold cyan")
            line.append(f" {who} " if who else " ", style="dim")
        if entry.kind == EntryKind.STAGE:
            line.append(f"《{entry.text}》", style="italic")
        else:
            line.append(f"[{entry.kind}] ", style="dim")
            line.append(entry.text)
    if tags:
        line.append(f"  {tags}", style="green")
    if entry.pending:
        line.append("  [持ち帰り]", style="bold yellow")
    if entry.answers_entry_id:
        line.append("  [持ち帰りへの回答]", style="yellow")
    if not entry.is_public:
        line.append("  [非公開]", style="bold red")
    return line
