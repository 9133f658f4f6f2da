"""Importing many published minutes at once (`pia-meeting import *.txt *.docx *.pdf`, and the
会議一覧's import, key i): one file after the other through the same store, a summary of
what was read from each, and the files refused with the reason. The command line and the
TUI both call `import_files`, so they say the same thing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import EntryKind
from pia_meeting.imports import Imported, import_minutes
from pia_meeting.store.facade import Store

# (files done, files in all, the file now being read, bytes done, bytes in all)
Progress = Callable[[int, int, Path, int, int], None]


@dataclass(frozen=True)
class FileSummary:
    """What one imported file gave: the new meeting and how much of the minutes was read."""

    path: Path
    meeting_id: int
    number: int | None
    date: str | None
    header_read: int  # header fields read from the minutes (see HEADER_FIELDS)
    attendees: int
    agenda: int
    entries: int
    unclassified: int  # entries kept as 未分類: lines the importer could not place
    notes: tuple[str, ...] = ()

    def line(self) -> str:
        """「第3回_議事録.pdf: 会議ID 12(第3回 2023-10-18)見出し 8/8項目、出席者 11名、議題 2件、
        発言 23件(うち未分類 1件)」, then the notes."""
        number = f"第{self.number}回" if self.number else "回不明"
        when = f"{number} {self.date or '日付不明'}"
        text = (
            f"{self.path.name}: 会議ID {self.meeting_id}({when})"
            f"見出し {self.header_read}/{len(HEADER_FIELDS)}項目、出席者 {self.attendees}名、"
            f"議題 {self.agenda}件、発言 {self.entries}件(うち未分類 {self.unclassified}件)"
        )
        return text + "".join(f"。{note}" for note in self.notes)


@dataclass(frozen=True)
class Refusal:
    path: Path
    message: str  # Japanese, naming the file


@dataclass
class BatchResult:
    imported: list[FileSummary] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def refused_line(self) -> str:
        """「取り込めなかったファイル(2件): a.pdf, b.txt」, or "" when none was refused."""
        if not self.refused:
            return ""
        names = ", ".join(str(r.path) for r in self.refused)
        return f"取り込めなかったファイル({len(self.refused)}件): {names}"


# The header fields a summary counts, as the minutes give them.
HEADER_FIELDS = ("board", "number", "title", "date", "start", "end", "place", "observers")


def summary_of(path: Path, imported: Imported) -> FileSummary:
    parsed = imported.parsed
    values = (
        parsed.board_name,
        parsed.number,
        parsed.title,
        parsed.date,
        parsed.start_time,
        parsed.end_time,
        parsed.place,
        parsed.observers,
    )
    entries = [e for e in parsed.all_entries() if e.text.strip()]
    return FileSummary(
        path=path,
        meeting_id=imported.meeting_id,
        number=imported.number,
        date=parsed.date.isoformat() if parsed.date else None,
        header_read=sum(v is not None and v != "" for v in values),
        attendees=len(parsed.attendees),
        agenda=len(parsed.items),
        entries=len(entries),
        unclassified=sum(e.kind == EntryKind.UNCLASSIFIED for e in entries),
        notes=tuple(imported.notes),
    )


def import_files(
    store: Store,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    report: Callable[[FileSummary | Refusal], None] | None = None,
) -> BatchResult:
    """Import each file as a new meeting, in order; a file refused (unreadable, not
    minutes, imported already …) is reported and the others go on. Each file is all or
    nothing (Store.insert_meeting). `report` hears of each file as soon as it is done."""
    result = BatchResult()
    sizes = [_size(path) for path in paths]
    total = sum(sizes)
    done = 0
    for index, path in enumerate(paths):
        if progress is not None:
            progress(index, len(paths), path, done, total)
        try:
            imported = import_minutes(store, path)
        except UserError as exc:
            refusal = Refusal(path, str(exc))
            result.refused.append(refusal)
            outcome: FileSummary | Refusal = refusal
        else:
            summary = summary_of(path, imported)
            result.imported.append(summary)
            outcome = summary
        if report is not None:
            report(outcome)
        done += sizes[index]
    if progress is not None and paths:
        progress(len(paths), len(paths), paths[-1], total, total)
    return result


def _size(path: Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # refused when it is read, with the reason
