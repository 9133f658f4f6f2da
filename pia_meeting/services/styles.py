"""Minutes styles a secretariat lists, copies, edits and loads (SPEC §4, `pia-meeting style`),
and the style a board prints with.

The built-in styles are the files of pia_meeting/resources/styles; an imported style is kept
in the database (its TOML text, under its name), so that the one SQLite file holds all a
board needs. A board printing with an imported style keeps a copy of its text, updated when
the style is imported again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pia_meeting.core import styles
from pia_meeting.core.model import Board
from pia_meeting.core.styles import MinutesStyle, StyleError
from pia_meeting.store.facade import Store
from pia_meeting.store.files import write_atomically

BUILT_IN = "組み込み"
IMPORTED = "取込"


@dataclass(frozen=True)
class StyleEntry:
    name: str
    style: MinutesStyle
    origin: str  # 組み込み / 取込
    source: str  # the TOML text

    @property
    def title(self) -> str:
        return self.style.style.title


def catalogue(store: Store | None) -> list[StyleEntry]:
    """Every style a board may choose: the default first, the other built-in ones, then the
    imported ones (a stored text that no longer reads is left out)."""
    sources = styles.builtin_sources()
    entries = [
        StyleEntry(name, styles.builtin_style(name), BUILT_IN, sources[name])
        for name in sorted(sources, key=lambda n: (n != styles.DEFAULT_STYLE, n))
    ]
    for name, source in (store.style_library() if store is not None else {}).items():
        try:
            entries.append(StyleEntry(name, styles.parse_style(source, name), IMPORTED, source))
        except StyleError:
            continue
    return entries


def find(store: Store | None, name: str) -> StyleEntry:
    """The style called `name`; StyleError listing the known ones when there is none."""
    entries = catalogue(store)
    for entry in entries:
        if entry.name == name.strip():
            return entry
    raise StyleError(styles.unknown_style_message(name, [e.name for e in entries]))


def export_style(store: Store | None, name: str, out: Path, *, force: bool = False) -> Path:
    """Write the style `name` as a TOML file to edit (the built-in file as shipped, with its
    comments); never over a file unless `force`."""
    entry = find(store, name)
    data = entry.source.encode("utf-8")
    return write_atomically(Path(out), lambda handle: handle.write(data), force=force)


def import_style(store: Store, path: Path) -> tuple[StyleEntry, int]:
    """Load a style file into the database: checked whole first (StyleError naming the key
    and the line; nothing is kept), refused under a built-in style's name. Returns the
    style and how many boards printing with it took the new text."""
    style = styles.load_file(Path(path))
    if style.name in styles.builtin_sources():
        raise StyleError(
            f"書式 {Path(path).name}: 「{style.name}」は組み込みの書式の名前です。"
            "[style] name を別の名前(例: my-city)にしてください"
        )
    source = Path(path).read_text(encoding="utf-8-sig")
    boards = store.save_style(style.name, source)
    return StyleEntry(style.name, style, IMPORTED, source), boards


def choose_for_board(store: Store, board: Board, name: str) -> Board:
    """Save `board` printing in the style `name` (its overrides cleared, its label form the
    style's); returns the board as saved."""
    entry = find(store, name)
    chosen = styles.choose(board, entry.name, entry.source if entry.origin == IMPORTED else "")
    store.update_board(chosen)
    return chosen
