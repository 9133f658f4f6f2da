"""The running log of 議事: one option a committed entry, drawn from the `EntryLine`s of the
capture session; only what changed is drawn again when another instance writes."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from pia_meeting.core.clock import hm_of
from pia_meeting.core.model import Entry, EntryKind
from pia_meeting.services.capture import EntryLine
from pia_meeting.tui.widgets.kinsoku_text import KinsokuText


class EntryLog(OptionList):
    """The running log; `CaptureLog` adds the keys that change its entries."""

    @property
    def highlighted_id(self) -> int | None:
        """The id of the entry under the cursor."""
        if self.highlighted is None or not self.option_count:
            return None
        return int(self.get_option_at_index(self.highlighted).id or 0)

    @property
    def at_end(self) -> bool:
        return self.highlighted is None or self.highlighted >= self.option_count - 1

    def _highlight(self, entry_id: int | None) -> None:
        """The cursor on that entry; on the last one (in view) without one."""
        try:
            if entry_id is not None:
                self.highlighted = self.get_option_index(str(entry_id))
                return
        except OptionDoesNotExist:
            pass  # gone meanwhile (another instance deleted it)
        if self.option_count:
            self.highlighted = self.option_count - 1
            self.scroll_end(animate=False)

    def show_lines(self, lines: Sequence[EntryLine], highlight_id: int | None = None) -> None:
        self.clear_options()
        self.add_options([entry_option(line) for line in lines])
        self._highlight(highlight_id)

    def append_line(self, line: EntryLine) -> None:
        """An entry just committed: at the end, under the cursor."""
        self.add_option(entry_option(line))
        self._highlight(None)

    def select_entry(self, entry_id: int) -> None:
        """Highlight the entry and bring it into view."""
        self._highlight(entry_id)
        # After the list's own scroll to its end (queued when it was filled), not before it.
        self.call_after_refresh(self.scroll_to_highlight)

    def follow(
        self,
        entries: Sequence[Entry],
        changed: Collection[int],
        line: Callable[[Entry], EntryLine],
    ) -> None:
        """Show `entries`, redrawing only those whose id is in `changed` and adding the new
        ones; a cursor at the end stays at the end. When entries moved, the whole list is
        drawn again."""
        keep = None if self.at_end else self.highlighted_id
        shown = [int(option.id or 0) for option in self.options]
        order = [e.id or 0 for e in entries]
        wanted = set(order)
        kept = [i for i in shown if i in wanted]
        if kept != order[: len(kept)]:
            self.show_lines([line(e) for e in entries], keep)
            return
        for gone in set(shown) - wanted:
            self.remove_option(str(gone))
        for entry in entries[: len(kept)]:
            if entry.id in changed:
                self.replace_option_prompt(str(entry.id), entry_visual(line(entry)))
        self.add_options([entry_option(line(e)) for e in entries[len(kept) :]])
        self._highlight(keep)


def entry_prompt(line: EntryLine) -> Text:
    prompt = render_entry(line.entry, line.label, line.who, line.tags)
    if line.open_findings:
        prompt.append(f"  [{line.open_findings}?]", style="bold reverse red")
    return prompt


def entry_visual(line: EntryLine) -> KinsokuText:
    """The entry wrapped with 禁則 (no line starts with 「、」); a text that does not fit
    beside the time and the speaker starts below them."""
    prompt = entry_prompt(line)
    entry = line.entry
    body = entry.text if entry.kind != EntryKind.HEADING else f"■ {entry.text}"
    if entry.kind == EntryKind.STAGE:
        body = f"《{entry.text}》"
    return KinsokuText(prompt, body_start=max(0, prompt.plain.find(body)))


def entry_option(line: EntryLine) -> Option:
    return Option(entry_visual(line), id=str(line.entry.id))


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
