"""The holiday years imported into a database, read without SQLAlchemy where it is a SQLite file.

`quancheng deadline` and `calendar show` must start in well under 0.3 s and import neither SQLAlchemy
nor Textual (tests/cli/test_deadline_commands.py): a SQLite file is read through sqlite3
(store/calendar_rows.py); any other target through services/calendar.py, which needs SQLAlchemy anyway.
"""

from __future__ import annotations

from ..domain.calendar import YearTable


def imported_years(raw_target: str) -> dict[int, YearTable]:
    """The years an admin imported into the database `raw_target` (a path or an SQLAlchemy URL)."""
    from ..store import target

    tgt = target.parse(raw_target)
    if tgt.path is not None:
        from ..store.calendar_rows import sqlite_years

        return sqlite_years(tgt.path)
    from ..store.database import Database
    from .calendar import imported_tables

    db = Database.open(raw_target, create=False)
    try:
        return imported_tables(db)
    finally:
        db.dispose()
