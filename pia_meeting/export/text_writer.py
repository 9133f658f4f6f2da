"""The 議事録 as plain text or Markdown: the same blocks as the Word file, in the same order."""

from __future__ import annotations

import re
from pathlib import Path

from pia_meeting.export.files import check_format
from pia_meeting.export.minutes import Block, BlockKind, MinutesDocument
from pia_meeting.export.minutes_header import HeaderRow
from pia_meeting.store.files import write_atomically


def _table_lines(rows: list[HeaderRow]) -> list[str]:
    out: list[str] = []
    for row in rows:
        lines = row.lines or ("",)
        out.append(f"{row.label}\t{lines[0]}")
        out += [f"\t{line}" for line in lines[1:]]
    return out


def _section_lines(rows: list[HeaderRow], *, blank: bool) -> list[str]:
    """A key on its line and the value below (「1 開催日時」 / 「令和…」)."""
    out: list[str] = []
    for row in rows:
        if row.label:
            out += [row.label, ""] if blank else [row.label]
        out += list(row.lines)
        if blank and row.lines:
            out.append("")
    return out


def _inline_lines(rows: list[HeaderRow], suffix: str) -> list[str]:
    """「出席委員:沢村会長、安西委員」; a row without a key is its value alone."""
    out: list[str] = []
    for row in rows:
        lines = list(row.lines)
        if row.label:
            out.append(f"{row.label}{suffix}{lines.pop(0) if lines else ''}")
        out += lines
    return out


def header_text(doc: MinutesDocument) -> list[str]:
    """The header as lines of text, in the style's form."""
    header = doc.style.header
    if header.form == "table":
        out = _table_lines([row for row in doc.header if row.in_table])
        after = [row for row in doc.header if not row.in_table]
        for row in after:
            out += ["", row.label, *row.lines] if row.label else ["", *row.lines]
        return out
    if header.form == "inline":
        return _inline_lines(doc.header, header.key_suffix)
    return _section_lines(doc.header, blank=header.blank_lines)


def render_text(doc: MinutesDocument) -> str:
    """Plain text laid out like the published minutes: the header as the style says (for the
    reference, 「日 時<TAB>令和3年…」 lines) and one blank line between paragraphs. Entry text
    is carried exactly as typed."""
    out = [doc.mark] if doc.mark else []
    out += [doc.title, ""]
    if doc.preamble:
        out += [*doc.preamble, ""]
    out += header_text(doc)
    for block in [*doc.body, *doc.appendix]:
        out += ["", block.render()]
    return "\n".join(out) + "\n"


# Characters that would turn a line of speech into Markdown structure (a heading, a list, a
# quote, emphasis, a table cell, raw HTML). Escaped so that the rendered page shows the text
# exactly as typed.
_MD_INLINE = re.compile(r"([\\`*_<>|~&\[\]])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def md_escape(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        line = _MD_INLINE.sub(r"\\\1", line)
        line = _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}", line)
        lines.append(_MD_ORDERED.sub(lambda m: f"{m[1]}\\{m[2]}", line))
    return "\n".join(lines)


def _md_block(block: Block) -> str:
    if block.kind == BlockKind.APPENDIX_TITLE or block.kind == BlockKind.ITEM_HEADING:
        return f"## {md_escape(block.render())}"
    if block.is_heading:
        return f"### {md_escape(block.render())}"
    # One Markdown paragraph per line of the entry, as the Word file has one paragraph each.
    return "\n\n".join(md_escape(line) for line in block.render().split("\n"))


def render_markdown(doc: MinutesDocument) -> str:
    out = [f"**{md_escape(doc.mark)}**", ""] if doc.mark else []
    out += [f"# {md_escape(doc.title)}"]
    for line in doc.preamble:
        out += ["", md_escape(line)]
    table = doc.header_form == "table"
    rows = [row for row in doc.header if row.in_table] if table else []
    if rows:
        out += ["", "|  |  |", "|---|---|"]
    for row in rows:
        cell = "<br>".join(md_escape(line) for line in row.lines)
        out.append(f"| {md_escape(row.label)} | {cell} |")
    for row in doc.header if not table else [r for r in doc.header if not r.in_table]:
        if row.label:
            out += ["", f"**{md_escape(row.label)}**"]
        for line in row.lines:  # one paragraph a line, as the Word file has
            out += ["", md_escape(line)]
    for block in [*doc.body, *doc.appendix]:
        out += ["", _md_block(block)]
    return "\n".join(out) + "\n"


def write_text(doc: MinutesDocument, path: Path, *, fmt: str = "txt", force: bool = False) -> Path:
    """Write `doc` as `txt` or `md` (UTF-8), atomically, mode 0600, never over a file
    unless `force`."""
    fmt = check_format(fmt)
    if fmt == "docx":
        raise ValueError("use docx_writer.write_docx for docx")
    content = render_markdown(doc) if fmt == "md" else render_text(doc)
    data = content.encode("utf-8")
    return write_atomically(path, lambda handle: handle.write(data), force=force)
