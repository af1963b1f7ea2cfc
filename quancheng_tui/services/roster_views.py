"""Plain, frozen records of rosters, posts and absences for screens and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.roster_rule import MonthBreach


@dataclass(frozen=True)
class PersonRef:
    login: str
    name: str  # the login itself when no such staff member exists any more


@dataclass(frozen=True)
class DutyToday:
    day: date
    clerks: tuple[PersonRef, ...]
    leader: PersonRef


@dataclass(frozen=True)
class PeriodView:
    start: date
    end: date
    clerks: tuple[PersonRef, ...]
    leader: PersonRef


@dataclass(frozen=True)
class AbsenceView:
    id: int
    who: PersonRef
    kind: str  # leave | trip
    start: date
    end: date  # as asked
    last_day: date | None  # after 销假; None when cancelled before it began
    handover: PersonRef | None
    returned_on: date | None


@dataclass(frozen=True)
class Acting:
    """On one day: `b` acts for absent `a` on post `post` (b is None: nobody can, the post is empty)."""

    post: str
    a: PersonRef
    b: PersonRef | None


@dataclass(frozen=True)
class DayView:
    day: date
    workday: bool | None  # None: no holiday schedule for that year
    clerks: tuple[PersonRef, ...]
    leader: PersonRef | None
    absent: tuple[AbsenceView, ...]
    acting: tuple[Acting, ...]


@dataclass(frozen=True)
class MonthView:
    month: str
    periods: tuple[PeriodView, ...]
    days: tuple[DayView, ...]
    gaps: tuple[date, ...]  # working days nobody is on duty


@dataclass(frozen=True)
class PostView:
    code: str
    name: str
    a: PersonRef
    bs: tuple[PersonRef, ...]


@dataclass(frozen=True)
class ImportResult:
    source: str
    months: tuple[str, ...]
    periods: int
    posts: int | None  # None: the file left the posts as they were
    rule_breaches: tuple[MonthBreach, ...] = ()  # months against the office's roster rule: warned, not refused


@dataclass(frozen=True)
class AbsenceResult:
    absence: AbsenceView
    uncovered: tuple[tuple[date, str], ...]  # (working day, post code) left without anyone: 空岗
