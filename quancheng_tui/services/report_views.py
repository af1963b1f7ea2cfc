"""The report's figures as frozen records (services/reports.py fills them; README "报表口径" defines them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def ratio(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide (never a made-up 0% or 100%)."""
    return part / whole if whole else None


@dataclass(frozen=True)
class CountRow:
    """Cases of one category, handling kind or mode: received and completed in the period."""

    key: str
    received: int
    completed: int


@dataclass(frozen=True)
class MonthRow:
    month: str  # YYYY-MM
    received: int
    completed: int


@dataclass(frozen=True)
class OverdueRow:
    number: str
    matter: str
    owner: str
    village: str | None
    due_on: date
    ended_on: date | None  # None: still open
    status: str


@dataclass(frozen=True)
class ComplaintRow:
    """Complaints received in the period through one channel (their type)."""

    channel: str
    received: int
    answered: int
    answered_on_time: int
    substantiated: int

    @property
    def on_time_rate(self) -> float | None:
        return ratio(self.answered_on_time, self.received)


@dataclass(frozen=True)
class Compression:
    """The catalog's promised limits against the statutory ones (002 asks a 50% cut at least)."""

    matters: int  # active matters with a statutory limit
    meeting: int  # of those, promised ≤ half the statutory limit
    promised_days: int
    statutory_days: int

    @property
    def rate(self) -> float | None:
        """1 − Σ promised / Σ statutory over those matters."""
        return 1 - self.promised_days / self.statutory_days if self.statutory_days else None


@dataclass(frozen=True)
class StaffRow:
    login: str
    name: str
    received: int  # cases they own, received in the period
    completed: int  # cases they own, completed in the period
    timed: int  # of those completed, with a due date
    on_time: int
    rated: int  # counted ratings (reviewed-out left out) given in the period on cases they own
    satisfied: int
    complaints: int  # received in the period, about them or about a case they own
    attendance: int  # days signed in (签到) in the period

    @property
    def on_time_rate(self) -> float | None:
        return ratio(self.on_time, self.timed)

    @property
    def satisfaction_rate(self) -> float | None:
        return ratio(self.satisfied, self.rated)


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    village: str | None  # None: the whole office
    received: int
    completed: int
    one_visit: int  # completed without a one-time notice (materials complete at the first visit)
    timed: int  # completed with a due date
    on_time: int
    overdue_total: int
    overdue: tuple[OverdueRow, ...]  # the first OVERDUE_LIMIT, earliest due first
    rated: int
    satisfied: int
    bad: int
    reviewed_out: int
    completed_rated: int  # completed in the period and rated (counted ratings)
    breaches: int
    village_point: int  # received, registered by a village agent
    by_category: tuple[CountRow, ...]
    by_kind: tuple[CountRow, ...]
    by_mode: tuple[CountRow, ...]
    complaints: tuple[ComplaintRow, ...]
    compression: Compression
    staff: tuple[StaffRow, ...]
    months: tuple[MonthRow, ...]

    @property
    def one_visit_rate(self) -> float | None:
        return ratio(self.one_visit, self.completed)

    @property
    def on_time_rate(self) -> float | None:
        return ratio(self.on_time, self.timed)

    @property
    def satisfaction_rate(self) -> float | None:
        return ratio(self.satisfied, self.rated)

    @property
    def coverage(self) -> float | None:
        """应评尽评: completed cases rated / completed cases."""
        return ratio(self.completed_rated, self.completed)

    @property
    def village_share(self) -> float | None:
        return ratio(self.village_point, self.received)

    @property
    def complaints_received(self) -> int:
        return sum(c.received for c in self.complaints)

    @property
    def complaints_on_time(self) -> int:
        return sum(c.answered_on_time for c in self.complaints)

    @property
    def complaint_on_time_rate(self) -> float | None:
        return ratio(self.complaints_on_time, self.complaints_received)
