"""Which schema a database file is at, read without loading the migrations.

`migrations.py` registers the migrations (sqlite-utils) in the order of MIGRATION_NAMES;
a test holds the two together. Opening a file that has them all needs neither sqlite-utils
nor the migration code.
"""

from __future__ import annotations

import sqlite3

MIGRATION_SET = "pia_meeting"
MIGRATION_NAMES = (
    "m001_initial",
    "m003_search",
    "m004_meeting_locks",
    "m002_privacy_findings",
    "m005_inquiry_date",
    "m007_issued_toshin_numbers",
    "m008_edit_drafts",
    "m006_minutes_styles",
    "m009_header_entries",
    "m010_closing_in_log",
    "m011_unknown_times",
)
SCHEMA_VERSION = len(MIGRATION_NAMES)


def pending_migrations(conn: sqlite3.Connection) -> bool:
    """Whether the file lacks one of MIGRATION_NAMES, as sqlite-utils records them."""
    recorded = conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = '_sqlite_migrations'"
    ).fetchone()
    if recorded is None:
        return True
    applied = {
        row[0]
        for row in conn.execute(
            "select name from _sqlite_migrations where migration_set = ?", (MIGRATION_SET,)
        )
    }
    return not applied.issuperset(MIGRATION_NAMES)
