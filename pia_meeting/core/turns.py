"""The live-capture rules that do not depend on the screen: who speaks next, and in what kind."""

from __future__ import annotations

from dataclasses import dataclass, field

from pia_meeting.core.model import Attendance, Entry, EntryKind, Side

KIND_CYCLE: tuple[str, ...] = (
    EntryKind.EXPLANATION,
    EntryKind.QUESTION,
    EntryKind.ANSWER,
    EntryKind.OPINION,
    EntryKind.PROCEDURE,
    EntryKind.STAGE,
    EntryKind.HEADING,
)

# Kinds that are the secretariat's own words and need no speaker.
SPEAKERLESS = frozenset({EntryKind.HEADING})


@dataclass
class CaptureState:
    """The current speaker and kind of the typing box, and how they move after each entry."""

    speakers: list[Attendance]
    kind: str = EntryKind.EXPLANATION
    speaker_id: int | None = None
    last_answerer_id: int | None = None
    last_questioner_id: int | None = None
    _by_id: dict[int, Attendance] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {p.id: p for p in self.speakers if p.id is not None}
        if self.speaker_id is None and self.speakers:
            explainers = [p for p in self.speakers if p.side == Side.EXPLAINER]
            self.speaker_id = (explainers or self.speakers)[0].id

    @property
    def speaker(self) -> Attendance | None:
        return self._by_id.get(self.speaker_id) if self.speaker_id is not None else None

    def learn(self, entries: list[Entry]) -> None:
        """Pick up who asked and answered last from entries already recorded."""
        for entry in entries:
            self._note(entry)
        if entries:
            last = entries[-1]
            if last.speaker_id in self._by_id:
                self.speaker_id = last.speaker_id
            self.kind = last.kind if last.kind != EntryKind.HEADING else self.kind
            self.after(last, note=False)

    def _note(self, entry: Entry) -> None:
        if entry.speaker_id not in self._by_id:
            return
        if entry.kind == EntryKind.ANSWER:
            self.last_answerer_id = entry.speaker_id
        elif entry.kind == EntryKind.QUESTION:
            self.last_questioner_id = entry.speaker_id

    def after(self, entry: Entry, *, note: bool = True) -> None:
        """Defaults for the next entry: after a 質問 the department that answered last (回答);
        after a 回答 the member who asked last (質問)."""
        if note:
            self._note(entry)
        if entry.kind == EntryKind.QUESTION:
            self.kind = EntryKind.ANSWER
            self.speaker_id = (
                self.last_answerer_id or self._first(Side.EXPLAINER) or self.speaker_id
            )
        elif entry.kind == EntryKind.ANSWER:
            self.kind = EntryKind.QUESTION
            self.speaker_id = self.last_questioner_id or self._chair() or self.speaker_id
        elif entry.kind == EntryKind.STAGE:
            # A stage direction such as 《…が説明》 is followed by that speaker's explanation.
            self.kind = EntryKind.EXPLANATION
        elif entry.kind == EntryKind.HEADING and entry.text.strip() == "質疑応答":
            self.kind = EntryKind.QUESTION
            self.speaker_id = self.last_questioner_id or self._chair() or self.speaker_id

    def _first(self, side: str) -> int | None:
        return next((p.id for p in self.speakers if p.side == side), None)

    def _chair(self) -> int | None:
        chair = next(
            (p.id for p in self.speakers if p.side == Side.MEMBER and p.title == "会長"), None
        )
        return chair or self._first(Side.MEMBER)

    def cycle_speaker(self, step: int = 1) -> None:
        if not self.speakers:
            return
        ids = [p.id for p in self.speakers]
        index = ids.index(self.speaker_id) if self.speaker_id in ids else -step
        self.speaker_id = ids[(index + step) % len(ids)]

    def choose_speaker(self, index: int) -> bool:
        if 0 <= index < len(self.speakers):
            self.speaker_id = self.speakers[index].id
            return True
        return False

    def cycle_kind(self, step: int = 1) -> None:
        index = KIND_CYCLE.index(self.kind) if self.kind in KIND_CYCLE else -step
        self.kind = KIND_CYCLE[(index + step) % len(KIND_CYCLE)]
