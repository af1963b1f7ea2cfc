"""Imported holiday schedules read with the standard library alone.

`quancheng deadline` and `calendar show` must start in well under 0.3 s, so
they read a SQLite file through sqlite3 (read-only) instead of SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..domain.calendar import Festival, YearTable
from . import target as target_mod


def table_from_rows(year: int, source: str, published: date | None,
                    rows: Iterable[tuple[date, str, str]]) -> YearTable:
    """Rebuild a YearTable from stored (day, kind, festival name) rows, festivals in date order."""
    by_name: dict[str, dict[str, list[date]]] = defaultdict(lambda: {"holiday": [], "workday": []})
    order: list[str] = []
    for day, kind, name in sorted(rows):
        if name not in by_name:
            order.append(name)
        by_name[name][kind].append(day)
    festivals = tuple(Festival(n, tuple(by_name[n]["holiday"]), tuple(by_name[n]["workday"])) for n in order)
    holidays = frozenset(d for f in festivals for d in f.holidays)
    workdays = frozenset(d for f in festivals for d in f.workdays)
    return YearTable(year, holidays, workdays, source, "imported", published, festivals)


def sqlite_years(path: Path) -> dict[int, YearTable]:
    """The years imported into the SQLite file at `path` (none when it does not exist yet); the caller
    routes other targets through SQLAlchemy (services/calendar_years.py)."""
    if not path.exists() or path.stat().st_size == 0:
        return {}
    target_mod.check_sqlite_file(path, create=False)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='calendar_year'").fetchone():
            return {}
        years = con.execute("SELECT year, source, published FROM calendar_year").fetchall()
        out = {}
        for year, source, published in years:
            rows = [(date.fromisoformat(d[:10]), k, n) for d, k, n in
                    con.execute("SELECT day, kind, name FROM calendar_day WHERE year = ?", (year,))]
            out[year] = table_from_rows(year, source, date.fromisoformat(published) if published else None, rows)
        return out
    finally:
        con.close()
