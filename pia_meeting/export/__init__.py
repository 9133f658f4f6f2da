"""Export of the 議事録 (SPEC §4): one document model, written as .docx, .txt or .md.

Plain Python, no Textual: the CLI and the 出力 screen both call `export_minutes`. python-docx
is imported only when a Word file is written, so importing this package stays cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pia_meeting.core.model import MeetingBundle
from pia_meeting.core.privacy import (
    PrivacyBlockedError,
    blocking_findings,
    record_override,
    scan_meeting,
)
from pia_meeting.export.files import (
    DEFAULT_FOLDER,
    FORMATS,
    KIND_MINUTES,
    KIND_PUBLIC,
    KIND_TOSHIN,
    check_format,
    default_export_name,
    refuse_existing,
    resolve_target,
    write_atomically,
)
from pia_meeting.export.minutes import (
    APPENDIX_TITLE,
    Block,
    BlockKind,
    HeaderRow,
    MinutesDocument,
    build_minutes,
)
from pia_meeting.export.text_writer import render_markdown, render_text, write_text
from pia_meeting.export.toshin_doc import ToshinDocument, build_toshin_document, export_toshin

if TYPE_CHECKING:
    from pia_meeting.store.facade import Store

__all__ = [
    "APPENDIX_TITLE",
    "DEFAULT_FOLDER",
    "FORMATS",
    "KIND_MINUTES",
    "KIND_PUBLIC",
    "KIND_TOSHIN",
    "Block",
    "BlockKind",
    "HeaderRow",
    "MinutesDocument",
    "ToshinDocument",
    "build_minutes",
    "build_toshin_document",
    "check_format",
    "default_export_name",
    "export_minutes",
    "export_toshin",
    "render_markdown",
    "render_text",
    "write_atomically",
    "write_text",
]


def export_minutes(
    bundle: MeetingBundle,
    *,
    fmt: str = "docx",
    public: bool = False,
    with_times: bool = False,
    appendix_pages: bool = False,
    checklist: bool = False,
    out: Path | None = None,
    folder: Path = DEFAULT_FOLDER,
    force: bool = False,
    override_privacy: bool = False,
    actor: str = "事務局",
    store: Store | None = None,
) -> Path:
    """Write the 議事録 of `bundle` and return where it went.

    Without `out`, the file is `folder/第15回_2021-11-09_議事録.docx` (…_公開用 for `public`);
    an `out` that is an existing folder receives that default name. The folder is created
    when missing. An existing file is refused (UserError) unless `force`.

    The 公開用 is refused (PrivacyBlockedError, nothing written) while a possible 個人番号
    is unresolved in its public part (SPEC §7). `store` supplies the findings already
    checked and receives the record of an override: with `override_privacy` the file is
    written and `actor` is recorded as having allowed it.
    """
    fmt = check_format(fmt)
    name = default_export_name(bundle.meeting, KIND_PUBLIC if public else KIND_MINUTES, fmt)
    target = resolve_target(name, out, folder)
    if public:
        meeting_id = bundle.meeting.id
        reviews = store.finding_reviews(meeting_id) if store is not None and meeting_id else []
        blocking = blocking_findings(scan_meeting(bundle, reviews=reviews))
        if blocking and not override_privacy:
            raise PrivacyBlockedError(blocking)
        if blocking:
            if store is None:
                raise ValueError("an override of the privacy guard is recorded: pass `store`")
            # Recorded before writing: an audit row too many beats a 公開用 nobody recorded.
            refuse_existing(target, force=force)
            record_override(store, bundle, blocking, actor=actor, target=target)
    doc = build_minutes(
        bundle,
        public=public,
        with_times=with_times,
        appendix_pages=appendix_pages,
        checklist=checklist,
    )
    if fmt == "docx":
        from pia_meeting.export.docx_writer import write_docx

        return write_docx(doc, target, force=force)
    return write_text(doc, target, fmt=fmt, force=force)
