"""Writing the 議事録 of a meeting (SPEC §4, §7): the 公開用 goes out only past the privacy
guard, and one written on purpose with a possible 個人番号 left in is recorded first."""

from __future__ import annotations

from pathlib import Path

from pia_meeting.core.checklist import is_answered
from pia_meeting.core.findings import PrivacyBlockedError, blocking_findings, scan_meeting
from pia_meeting.core.model import MeetingBundle
from pia_meeting.core.styles import MinutesStyle, check_board
from pia_meeting.export.files import (
    DEFAULT_FOLDER,
    KIND_MINUTES,
    KIND_PUBLIC,
    check_format,
    default_export_name,
    resolve_target,
)
from pia_meeting.export.minutes import build_minutes
from pia_meeting.export.text_writer import write_text
from pia_meeting.services.privacy import record_override
from pia_meeting.store.facade import Store
from pia_meeting.store.files import refuse_existing

OVERRIDE_BY_COMMAND = "--allow-personal-data"


def export_notes(
    bundle: MeetingBundle, *, public: bool = False, checklist: bool = False
) -> list[str]:
    """What an option asked for leaves out, said after the file is written: the checklist
    is internal (never in the 公開用), and nothing of it may have been filled in."""
    notes: list[str] = []
    if checklist and public:
        notes.append("チェックリストは内部用のため、公開用には付けていません")
    elif checklist and not any(
        is_answered(bundle.checklist.get(item.id or 0, {})) for item in bundle.agenda
    ):
        notes.append(
            "チェックリストは未回答のため付けていません"
            "(答申の画面のチェックリストで Space を押して判定を入力できます)"
        )
    return notes


def export_minutes(
    bundle: MeetingBundle,
    *,
    fmt: str = "docx",
    public: bool = False,
    with_times: bool = False,
    appendix_pages: bool = False,
    checklist: bool = False,
    out: str | Path | None = None,
    folder: Path = DEFAULT_FOLDER,
    force: bool = False,
    override_privacy: bool = False,
    actor: str = "事務局",
    override_via: str = OVERRIDE_BY_COMMAND,
    store: Store | None = None,
    style: MinutesStyle | None = None,
    template: str | Path | None = None,
) -> Path:
    """Write the 議事録 of `bundle` and return where it went.

    The minutes are laid out in `style` (the board's own by default: core.styles), a Word
    file on `template` (the board's Word template by default; none: the built-in base). A
    board style or template that cannot be used is a StyleError/UserError before anything
    is written.

    Without `out`, the file is `folder/第15回_2021-11-09_議事録.docx` (…_公開用 for `public`);
    an `out` that is an existing folder receives that default name. The folder is created
    when missing. An existing file is refused (UserError) unless `force`.

    The 公開用 is refused (PrivacyBlockedError, nothing written) while a possible 個人番号
    is unresolved in its public part (SPEC §7). `store` supplies the findings already
    checked and receives the record of an override: with `override_privacy` the file is
    written and `actor` is recorded as having allowed it, `override_via` how.
    """
    fmt = check_format(fmt)
    style = style or check_board(bundle.board)
    if template is None and fmt == "docx":
        template = bundle.board.word_template.strip() or None
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
            record_override(store, bundle, blocking, actor=actor, target=target, via=override_via)
    if fmt == "json":
        from pia_meeting.export.json_writer import write_json

        return write_json(bundle, target, public=public, force=force)
    doc = build_minutes(
        bundle,
        public=public,
        with_times=with_times,
        appendix_pages=appendix_pages,
        checklist=checklist,
        style=style,
    )
    if fmt == "docx":
        from pia_meeting.export.docx_writer import write_docx

        return write_docx(doc, target, force=force, template=template)
    return write_text(doc, target, fmt=fmt, force=force)
