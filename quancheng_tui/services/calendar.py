"""Holiday schedules: the shipped tables overlaid by the years an admin imports."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, col, delete, select

from ..domain.calendar import Calendar, YearTable, build_calendar, parse_year_csv, parse_year_toml, shipped_years
from ..domain.roles import ADMINS
from ..errors import N_, InputError
from ..store.calendar_rows import table_from_rows
from ..store.database import Database
from ..store.tables import CalendarDay, CalendarYear, Setting
from . import audit
from .context import SYSTEM, Actor, Clock
from .redating import DueChange, redate_open_cases


def imported_in(session: Session) -> dict[int, YearTable]:
    out = {}
    for y in session.exec(select(CalendarYear)).all():
        rows = [(d.day, d.kind, d.name) for d in session.exec(select(CalendarDay).where(CalendarDay.year == y.year))]
        out[y.year] = table_from_rows(y.year, y.source, y.published, rows)
    return out


def imported_tables(db: Database) -> dict[int, YearTable]:
    with db.read() as session:
        return imported_in(session)


def calendar(db: Database) -> Calendar:
    """The office's calendar, read in a transaction of its own (see calendar_in)."""
    with db.read() as session:
        return calendar_in(session)


def calendar_in(session: Session) -> Calendar:
    """The office's calendar as `session` sees it: shipped and imported years, provisional ones up to
    next year at least.

    The wall clock only widens coverage here (an office still running in a year far past the last shipped
    table gets provisional years instead of refusals); what a given date counts to never depends on it.
    Built calendars are immutable and shared: the same imported tables give the same object.
    """
    return _built(tuple(sorted(imported_in(session).items())), date.today().year + 1)


@lru_cache(maxsize=8)
def _built(imported: tuple[tuple[int, YearTable], ...], through: int) -> Calendar:
    return build_calendar(dict(imported), through=through)


def next_year_unscheduled(cal: Calendar, today: date) -> int | None:
    """From 1 November, the coming year when it has no official schedule yet."""
    if today.month >= 11 and (today.year + 1) in cal.provisional_years:
        return today.year + 1
    return None


def reminds_of_schedules(actor: Actor) -> bool:
    """Whether `actor`'s status line says when a coming year has no official schedule (schedule_reminder):
    an admin's does, anyone else's never."""
    return actor.role in ADMINS


def schedule_reminder(db: Database, actor: Actor, today: date) -> int | None:
    """The year an admin should import a schedule for (their status line says so), else None."""
    if not reminds_of_schedules(actor):
        return None
    return next_year_unscheduled(calendar(db), today)


def parse_file(path: Path) -> YearTable:
    try:
        from ..files import read_input

        raw = read_input(Path(path))  # a regular file of bounded size: never /dev/zero
    except OSError as exc:
        raise InputError(N_("无法读取文件 {path}：{reason}"), path=str(path), reason=exc.strerror or str(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(N_("{path}：文件不是 UTF-8 编码"), path=path.name) from None
    if path.suffix.lower() == ".csv":
        return parse_year_csv(text, path.name)
    if path.suffix.lower() == ".toml":
        return parse_year_toml(text, path.name)
    raise InputError(N_("{path}：只支持 .toml 或 .csv 文件"), path=path.name)


@dataclass(frozen=True)
class ImportResult:
    year: int
    holidays: int
    workdays: int
    replaced: bool
    redated: tuple[DueChange, ...] = ()  # open cases whose due date moved with the new schedule


def import_year(db: Database, actor: Actor, clock: Clock, path: Path) -> ImportResult:
    """All of the file or nothing; a year imported again replaces the earlier import.

    In the same transaction every open case whose due date depends on that year is counted again
    under the new calendar (services/redating.py): the import and the re-dating land together or not at all.
    """
    actor.require(ADMINS, N_("导入节假日安排"))
    table = parse_file(path)
    with db.write() as session:
        old = session.get(CalendarYear, table.year)
        before = None
        if old is not None:
            before = {"source": old.source}
            session.exec(delete(CalendarDay).where(col(CalendarDay.year) == table.year))
            session.delete(old)
            session.flush()
        session.add(CalendarYear(year=table.year, source=table.source, published=table.published,
                                 imported_at=clock.now(), imported_by=actor.login))
        session.flush()
        for d in sorted(table.holidays):
            session.add(CalendarDay(day=d, year=table.year, kind="holiday", name=table.name_of(d)))
        for d in sorted(table.workdays):
            session.add(CalendarDay(day=d, year=table.year, kind="workday", name=table.name_of(d)))
        audit.append(session, actor, clock.now(), "calendar.import", "calendar", str(table.year),
                     before=before, after={"source": table.source, "holidays": len(table.holidays),
                                           "workdays": len(table.workdays)})
        session.flush()
        changes = redate_open_cases(session, actor, clock, calendar_in(session), table.year)
    return ImportResult(table.year, len(table.holidays), len(table.workdays), old is not None, tuple(changes))


# A release may ship a year's official table that an office so far counted provisionally: the first
# time a database is opened by such a release, its open cases are re-dated exactly as an import does.
SHIPPED_KEY = "calendar.shipped_years"


def adopt_shipped_years(db: Database, clock: Clock) -> tuple[list[int], list[DueChange]]:
    """Re-date open cases for the official years this release ships and the database has not seen yet.

    Returns (the years newly adopted, the cases whose due date moved). A database that has never recorded
    the shipped years (made before this rule, or new) records them and changes nothing else: its cases
    were counted with these very tables.
    """
    shipped = sorted(shipped_years())
    with db.read() as session:
        row = session.get(Setting, SHIPPED_KEY)
        if row is not None and all(y in json.loads(row.value) for y in shipped):
            return [], []
    with db.write() as session:
        row = session.get(Setting, SHIPPED_KEY)  # again, inside the write: another process may have done it
        known = json.loads(row.value) if row is not None else None
        new = [] if known is None else [y for y in shipped if y not in known]
        imported = imported_in(session)
        cal = calendar_in(session)
        changes: list[DueChange] = []
        for year in new:
            if year in imported:
                continue  # an imported table governs that year; the shipped one changes nothing
            changes += redate_open_cases(session, SYSTEM, clock, cal, year)
        session.merge(Setting(key=SHIPPED_KEY, value=json.dumps(sorted(set(shipped) | set(known or ())))))
        if new:
            audit.append(session, SYSTEM, clock.now(), "calendar.shipped", "calendar", ",".join(map(str, new)),
                         after={"years": new, "redated": len(changes)})
    return new, changes
