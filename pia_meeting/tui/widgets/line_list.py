"""A list of one-line rows with a cursor, drawn a row at a time (the 会議一覧)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget


class LineList(Widget, can_focus=True):
    """A list of one-line rows with a cursor: the keys, the wheel and a click.

    Rows come as (id, text), the text already aligned and cut to the width by the caller
    (`tui.columns.align_columns`). Only the rows in view are drawn, each as one strip, with no
    scroll view or scroll bar to lay out: this is the list of the screen every start waits
    for (SPEC §9). With no scroll bar, the screen shows the cursor's place in its header.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "前の行", id="list_up", show=False, key_display="↑"),
        Binding("down", "move(1)", "次の行", id="list_down", show=False, key_display="↓"),
        Binding(
            "pageup", "page(-1)", "前のページ", id="list_page_up", show=False, key_display="PgUp"
        ),
        Binding(
            "pagedown", "page(1)", "次のページ", id="list_page_down", show=False, key_display="PgDn"
        ),
        Binding("home", "first", "先頭の行", id="list_first", show=False, key_display="Home"),
        Binding("end", "last", "最後の行", id="list_last", show=False, key_display="End"),
        Binding("enter", "select", "選んだ行を開く", id="list_select", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-list--cursor"}

    # The row under the cursor; -1 while the list is empty.
    cursor: reactive[int] = reactive(-1, always_update=True)

    class RowMessage(Message):
        def __init__(self, line_list: LineList, row_id: str | None) -> None:
            super().__init__()
            self.line_list = line_list
            self.row_id = row_id

        @property
        def control(self) -> LineList:
            return self.line_list

    class Highlighted(RowMessage):
        """The cursor moved to another row (`row_id` None: the list is empty)."""

    class Selected(RowMessage):
        """A row was chosen: Enter, or a click on it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: list[str] = []
        self._texts: list[str] = []
        self._top = 0  # the first row in view
        self._announced_id: str | None = None  # the row the last Highlighted named
        self._row_style = Style()
        self._cursor_style = Style()

    # -- rows -----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._ids)

    @property
    def rows(self) -> list[tuple[str, str]]:
        return list(zip(self._ids, self._texts, strict=True))

    @property
    def highlighted_id(self) -> str | None:
        return self._ids[self.cursor] if 0 <= self.cursor < len(self._ids) else None

    def set_rows(self, rows: Sequence[tuple[str, str]], *, select: str | None = None) -> None:
        """Show `rows`. The cursor goes to `select`, else stays on the row it was on (by id),
        else on the same place in the list."""
        keep = select if select is not None else self.highlighted_id
        self._ids = [row_id for row_id, _ in rows]
        self._texts = [text for _, text in rows]
        if keep is not None and keep in self._ids:
            self.cursor = self._ids.index(keep)
        else:
            self.cursor = min(max(self.cursor, 0), len(self._ids) - 1)
        self.refresh()

    def extend_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        """Add rows at the end (the rest of a list whose first rows are shown)."""
        for row_id, text in rows:
            self._ids.append(row_id)
            self._texts.append(text)
        if self.cursor < 0 and self._ids:
            self.cursor = 0
        self.refresh()

    def select_id(self, row_id: str) -> bool:
        """Move the cursor to the row `row_id`; False when there is none."""
        if row_id not in self._ids:
            return False
        self.cursor = self._ids.index(row_id)
        return True

    # -- the cursor and the view ----------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return min(max(cursor, 0 if self._ids else -1), len(self._ids) - 1)

    def watch_cursor(self) -> None:
        self._bring_into_view()
        self.refresh()
        # By row, not by index: a row deleted under the cursor leaves the index as it was.
        if self.highlighted_id != self._announced_id:
            self._announced_id = self.highlighted_id
            self.post_message(self.Highlighted(self, self._announced_id))

    def _bring_into_view(self) -> None:
        height = self.size.height
        if not height:
            return  # not laid out yet (or hidden): the first resize places the view
        top = min(self._top, max(0, len(self._ids) - height))
        if self.cursor >= 0:
            top = min(max(top, self.cursor - height + 1), self.cursor)
        self._top = max(0, top)

    def on_resize(self) -> None:
        # The resized list was drawn during layout, before this event: draw it again from
        # the new first row, or the rows on screen and the rows a click finds differ.
        self._bring_into_view()
        self.refresh()

    def action_move(self, rows: int) -> None:
        if self._ids:
            self.cursor = max(0, self.cursor + rows)

    def action_page(self, pages: int) -> None:
        if self._ids:
            self.cursor = max(0, self.cursor + pages * max(1, self.size.height - 1))

    def action_first(self) -> None:
        if self._ids:
            self.cursor = 0

    def action_last(self) -> None:
        if self._ids:
            self.cursor = len(self._ids) - 1

    def action_select(self) -> None:
        row_id = self.highlighted_id
        if row_id is not None:
            self.post_message(self.Selected(self, row_id))

    def _scroll(self, rows: int) -> None:
        height = max(1, self.size.height)
        self._top = min(max(0, self._top + rows), max(0, len(self._ids) - height))
        if self._ids:
            # The cursor stays in view, on the row nearest to where it was.
            self.cursor = min(max(self.cursor, self._top), self._top + height - 1)
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll(-3)

    def on_click(self, event: events.Click) -> None:
        index = self._top + event.y
        if 0 <= index < len(self._ids):
            event.stop()
            self.cursor = index
            self.action_select()

    # -- drawing --------------------------------------------------------------------------

    @property
    def first_in_view(self) -> int:
        return self._top

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles once a draw, not once a line: each lookup walks the DOM.
        self._row_style = self.rich_style
        self._cursor_style = self._row_style + self.get_component_rich_style("line-list--cursor")
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index = self._top + y
        style = self._row_style
        if not 0 <= index < len(self._ids):
            return Strip.blank(width, style)
        if index == self.cursor:
            style = self._cursor_style
        # One cell of margin on the left, as the header above has.
        return Strip([Segment(" " + self._texts[index], style)]).adjust_cell_length(width, style)
