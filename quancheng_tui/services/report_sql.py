"""SQL pieces of the report, shared by its queries: a period's instants, a stored instant's office day,
the applicant's own delay. Portable between SQLite and PostgreSQL; read inside reports.figures' transaction."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import and_, exists, literal_column, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, func, select

from ..domain.lifecycle import APPLICANT, CAUSE_ACTIONS
from ..store.case_tables import Case, CaseEvent

# How lifecycle.act stores an event's cause (json.dumps, ensure_ascii=False): matched as text, so the
# aggregate needs no JSON functions, which SQLite and PostgreSQL spell differently.
APPLICANT_CAUSE = f'%"cause": "{APPLICANT}"%'


def bounds(start: date, end: date, tz: tzinfo | None) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the office's zone: both days included."""
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def in_period(column, start: date, end: date, tz: tzinfo | None) -> ColumnElement[bool]:
    lo, hi = bounds(start, end, tz)
    return and_(column >= lo, column < hi)


def local_day(column, dialect: str, tz: tzinfo | None):
    """The office's day of a stored instant, as SQL comparable with a DATE column.

    Instants are stored in UTC (SQLModel's UTCDateTime on SQLite, timestamptz on PostgreSQL): each is
    moved to the office's UTC offset before its day is taken, whatever the server's time zone is.
    """
    offset = (tz.utcoffset(None) if tz is not None else None) or timedelta(0)
    seconds = int(offset.total_seconds())
    if dialect != "postgresql":
        return func.date(column, f"{seconds:+d} seconds")
    return func.date(func.timezone(literal_column(f"INTERVAL '{seconds} seconds'"), column))


def applicant_delay() -> ColumnElement[bool]:
    """The case was suspended, withdrawn or rejected for the applicant's own cause (004 限时办结 第九条)."""
    return exists(select(CaseEvent.id).where(
        CaseEvent.case_id == Case.id, col(CaseEvent.type).in_(sorted(a.value for a in CAUSE_ACTIONS)),
        col(CaseEvent.data).like(APPLICANT_CAUSE)).correlate(Case))


def on_time_flag(done_at, dialect: str, tz: tzinfo | None):
    """1 on time, 0 late, for a case with a due date ended at `done_at` (as domain.lifecycle.on_time)."""
    from sqlalchemy import case as when

    return when((or_(applicant_delay(), local_day(done_at, dialect, tz) <= Case.due_on), 1), else_=0)
