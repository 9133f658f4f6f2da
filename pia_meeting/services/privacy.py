"""The privacy guard's records (SPEC §7): how a finding was dealt with, and the 公開用
written on purpose with a possible 個人番号 left in. Only redacted forms are stored."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pia_meeting.core.findings import MeetingFinding, scan_meeting
from pia_meeting.core.model import AuditEvent, Entry, MeetingBundle
from pia_meeting.core.privacy import CHECKED, MASKED, OVERRIDE, Finding, last4
from pia_meeting.store.facade import Store


def scan_stored_meeting(store: Store, bundle: MeetingBundle) -> list[MeetingFinding]:
    """`scan_meeting` with the reviews already recorded for the meeting."""
    reviews = store.finding_reviews(bundle.meeting.id) if bundle.meeting.id else []
    return scan_meeting(bundle, reviews=reviews)


def record_override(
    store: Store,
    bundle: MeetingBundle,
    findings: Sequence[MeetingFinding],
    *,
    actor: str,
    target: Path,
    via: str,
) -> None:
    """Record that the 公開用 was written with `findings` left in: one audit row and one
    'override' review per finding. Only the last 4 digits are kept, never the number.
    `via` says how it was allowed (the command-line flag, or the 出力 screen's question)."""
    with store.atomic():
        for f in findings:
            store.record_audit(
                AuditEvent(
                    meeting_id=bundle.meeting.id,
                    table_name="entries",
                    row_id=f.entry_id,
                    field="privacy:my_number",
                    new_value=f"末尾{last4(f.matched)} {f.where}",
                    reason=(
                        f"個人番号の可能性がある番号を残したまま公開用を出力 ({target.name}、{via})"
                    ),
                    actor=actor,
                )
            )
            store.mark_finding(f.entry_id, f.kind, f.matched, OVERRIDE, actor, "公開用の出力")


def record_reviews(
    store: Store, entry: Entry, findings: Sequence[Finding], status: str, actor: str
) -> None:
    """Record that `findings` of `entry` were masked (MASKED) or judged not personal data
    (CHECKED), in one transaction."""
    if status not in (MASKED, CHECKED):
        raise ValueError(f"not a review a person makes: {status!r}")
    with store.atomic():
        for finding in findings:
            store.mark_finding(entry.id or 0, finding.kind, finding.matched, status, actor)
