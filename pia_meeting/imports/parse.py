"""Text → `ParsedMinutes`: the stages in order (lines, header, body), then what can only be
decided once the whole text is read."""

from __future__ import annotations

from pia_meeting.core.errors import UserError
from pia_meeting.core.model import EntryKind, LabelStyle, RecordStyle
from pia_meeting.imports.body import BodyReader
from pia_meeting.imports.closing import closed_reason, take_closing
from pia_meeting.imports.exported import give_back, take_exported
from pia_meeting.imports.header import HeaderReader, board_in
from pia_meeting.imports.lines import split_lines
from pia_meeting.imports.tree import ParsedEntry, ParsedMinutes

_OPENING_ENTRIES = 200


def parse_minutes(text: str, *, join_broken_sentences: bool = True) -> ParsedMinutes:
    """Read published minutes (any layout of DOMAIN §3) into a tree; nothing is written.

    `join_broken_sentences` joins a sentence that a PDF broke over a blank line; Word files
    have real paragraphs, so their import turns it off. Raises UserError only when there is
    no text at all.
    """
    if not text.strip():
        raise UserError("議事録として読める文字がありません(空のファイルです)")
    out = ParsedMinutes()
    text, exported = take_exported(text)
    header = HeaderReader(out, split_lines(text))
    body = BodyReader(out, join_broken=join_broken_sentences)
    body.read(header.read())
    _finish(out, header, body)
    give_back(out, exported)
    return out


def _finish(out: ParsedMinutes, header: HeaderReader, body: BodyReader) -> None:
    orphans = body.orphans
    if not body.headed and out.items:
        # No agenda heading in the body: what was said belongs to the first item.
        out.items[0].entries[:0] = orphans
        orphans = []
    out.preamble = header.extras + orphans
    for item in out.items:
        take_closing(item)
        if not item.is_public and not item.closed_reason:
            item.closed_reason = closed_reason(item) or header.closed_reason
    # A 非公開の理由 of the header that no closed item took is kept where it was printed.
    if header.closed_reason and not any(
        not i.is_public and i.closed_reason == header.closed_reason for i in out.items
    ):
        line = ParsedEntry(EntryKind.UNCLASSIFIED, header.closed_reason_line)
        line.anchor = header.closed_reason_anchor
        out.preamble.append(line)
    if body.styles:
        best = max(body.styles.values())
        winners = [s for s, n in body.styles.items() if n == best]
        out.label_style = LabelStyle.DEPARTMENT if LabelStyle.DEPARTMENT in winners else winners[0]
    if "主な質疑は次のとおり" in "".join(e.text for e in out.all_entries()):
        out.record_style = RecordStyle.SUMMARY
    if not out.board_name:
        # The name, when the header gives none, is in the opening lines (「ただいまから第3回
        # …審査会を開会する」): the first entries are enough, however long the minutes.
        opening = [out.title, *(e.text for e in out.all_entries()[:_OPENING_ENTRIES])]
        out.board_name = board_in("\n".join(opening))
    for item in out.items:
        if not item.title:  # a 諮問番号 whose title never came
            item.title = item.inquiry
    out.layout.decide()
    out.layout.record_style = out.record_style
