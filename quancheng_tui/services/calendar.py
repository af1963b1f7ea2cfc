"""Holiday schedules: the shipped tables overlaid by the years an admin imports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import delete, select

from ..domain.calendar import Calendar, YearTable, build_calendar, parse_year_csv, parse_year_toml
from ..domain.roles import ADMINS
from ..errors import N_, InputError
from ..store.calendar_rows import table_from_rows
from ..store.database import Database
from ..store.tables import CalendarDay, CalendarYear
from . import audit
from .context import Actor, Clock


def imported_tables(db: Database) -> dict[int, YearTable]:
    with db.read() as session:
        out = {}
        for y in session.exec(select(CalendarYear)).all():
            rows = [(d.day, d.kind, d.name) for d in session.exec(select(CalendarDay).where(CalendarDay.year == y.year))]
            out[y.year] = table_from_rows(y.year, y.source, y.published, rows)
        return out


def calendar(db: Database) -> Calendar:
    return build_calendar(imported_tables(db))


def parse_file(path: Path) -> YearTable:
    try:
        raw = path.read_bytes()
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


def import_year(db: Database, actor: Actor, clock: Clock, path: Path) -> ImportResult:
    """All of the file or nothing; a year imported again replaces the earlier import."""
    actor.require(ADMINS, N_("导入节假日安排"))
    table = parse_file(path)
    with db.write() as session:
        old = session.get(CalendarYear, table.year)
        before = None
        if old is not None:
            before = {"source": old.source}
            session.exec(delete(CalendarDay).where(CalendarDay.year == table.year))
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
    return ImportResult(table.year, len(table.holidays), len(table.workdays), old is not None)
