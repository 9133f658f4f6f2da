"""A TextArea that wraps Japanese by the line-breaking rules (禁則, `core.linebreak`).

Textual's TextArea wraps through its `WrappedDocument`, built by Textual's word wrap (which
puts 「、」 at the start of a line). `KinsokuWrappedDocument` wraps the same document and then
moves each line's breaks to where the rules allow them; the TextArea is given one in place of
its own whenever it makes one (`wrapped_document` is set when the text is loaded)."""

from __future__ import annotations

from rich.cells import get_character_cell_size
from textual.document._document import Location
from textual.document._wrapped_document import WrappedDocument
from textual.widgets import TextArea

from pia_meeting.core.linebreak import line_breaks


def _offsets(line: str, width: int) -> list[int]:
    return line_breaks(line, width, get_character_cell_size)


class KinsokuWrappedDocument(WrappedDocument):
    """Textual's wrapping of the document, with each line broken by the 禁則 rules."""

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        super().wrap(width, tab_width)
        self._apply(range(len(self._wrap_offsets)))

    def wrap_range(self, start: Location, old_end: Location, new_end: Location) -> None:
        super().wrap_range(start, old_end, new_end)
        top = min(start[0], new_end[0])
        bottom = max(start[0], new_end[0])
        self._apply(range(max(0, top), min(bottom + 1, len(self._wrap_offsets))))

    def _apply(self, line_indexes: range) -> None:
        """Replace the breaks of those lines; when a line gets another number of rows,
        the maps from rows to lines are made again (they depend on the counts only)."""
        width = self._width
        if not width:
            return
        lines = self.document.lines
        recount = False
        for index in line_indexes:
            line = lines[index]
            if "\t" in line:
                continue  # tabs have widths of their own: Textual's wrap stands
            offsets = _offsets(line, width)
            if len(offsets) != len(self._wrap_offsets[index]):
                recount = True
            self._wrap_offsets[index] = offsets
        if recount:
            self._recount()

    def _recount(self) -> None:
        offset_to_line: list[tuple[int, int]] = []
        line_to_offsets: list[list[int]] = []
        y = 0
        for line_index, offsets in enumerate(self._wrap_offsets):
            rows = []
            for section in range(len(offsets) + 1):
                offset_to_line.append((line_index, section))
                rows.append(y)
                y += 1
            line_to_offsets.append(rows)
        self._offset_to_line_info = offset_to_line
        self._line_index_to_offsets = line_to_offsets


class KinsokuTextArea(TextArea):
    """A TextArea whose soft wrap keeps 「。」「、」 off the start of a line."""

    @property  # type: ignore[override]
    def wrapped_document(self) -> WrappedDocument:
        return self._kinsoku_document

    @wrapped_document.setter
    def wrapped_document(self, value: WrappedDocument) -> None:
        if not isinstance(value, KinsokuWrappedDocument):
            value = KinsokuWrappedDocument(value.document, value._width, value._tab_width)
        self._kinsoku_document: KinsokuWrappedDocument = value
