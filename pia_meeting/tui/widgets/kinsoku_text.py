"""Styled text that wraps by the Japanese line-breaking rules (禁則, `core.linebreak`): a
Textual Visual, for what the app renders itself (the entries of the log, the help)."""

from __future__ import annotations

from itertools import pairwise

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from pia_meeting.core.linebreak import line_breaks


class KinsokuText(Visual):
    """`text` (Rich Text or plain) wrapped with 禁則 at the width it is given."""

    def __init__(self, text: Text | str, *, body_start: int = 0) -> None:
        """`body_start`: where the body begins after a header (an entry's time and speaker):
        a body that does not fit beside the header starts on a line of its own."""
        self.text = text if isinstance(text, Text) else Text(text)
        self.body_start = body_start
        self._content: Content | None = None
        self._wrapped: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return self.text.plain

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = Content.from_rich_text(self.text)
        return self._content

    def wrapped(self, width: int) -> Content:
        """The content with a newline wherever a line breaks at `width` cells."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        content = self.content
        pieces: list[Content] = []
        position = 0
        for paragraph in content.plain.split("\n"):
            end = position + len(paragraph)
            head = self.body_start if position == 0 and 0 < self.body_start < end else 0
            if head and cell_len(paragraph) <= width:
                head = 0  # header and body on one line
            if head:
                pieces.append(content[:head].rstrip_end(width))
                paragraph = paragraph[head:]
            first = position + head
            cuts = [first + c for c in line_breaks(paragraph, width, get_character_cell_size)]
            edges = [first, *cuts, end]
            pieces.extend(content[a:b] for a, b in pairwise(edges))
            position = end + 1
        result = Content("\n").join(pieces)
        self._wrapped = (width, result)
        return result

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.wrapped(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.wrapped(width).get_height(rules, width)
