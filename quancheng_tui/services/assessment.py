"""Quarterly assessment of the staff (季度考核, issue 15 item 2): one read, the quarter and the one before.

The figures are the report's (services/reports.py: the same SQL, the same definitions); attendance is
days signed in against the working days of the quarter so far, less approved leave; substantiated
complaints and the accountability register's standing 通报批评/诫勉 can fail a quarter outright (一票否决,
office settings). The arithmetic is domain/assessment.py. Weights are office settings (`assess_*` keys of
the `setting` table), changed by admins, audited.

Assessed: every active clerk, handler and village agent added by the quarter's last counted day, and anyone
else who owned a case in the quarter.
Nothing is stored: the sheet is worked out again from the records whenever it is asked for, so a late
correction of a record (a complaint found unsubstantiated on review) shows in it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from ..domain.assessment import Inputs, Result, Weights, assess, consequence, order_key, ranks
from ..domain.periods import Period, previous_quarter, quarter
from ..domain.roles import ADMINS, Role
from ..errors import N_
from ..store.accountability_tables import AccountabilityDecision, AccountabilityEntry
from ..store.case_tables import Case
from ..store.database import Database
from ..store.roster_tables import StaffAbsence
from ..store.tables import Setting, Staff
from ..store.voice_tables import Complaint
from . import audit
from .calendar import calendar_in
from .context import Actor, Clock
from .report_sql import bounds
from .voice_common import local_date

READERS = frozenset({Role.LEADER, Role.ADMIN, Role.SUPERVISOR})
ASSESSED_ROLES = (Role.CLERK.value, Role.HANDLER.value, Role.AGENT.value)
SANCTIONS = ("criticize", "admonish")  # 通报批评, 诫勉
PREFIX = "assess_"
_LAST = "last_decision"  # a column name (a variable: the message extractor reads .label("…") as a text)


@dataclass(frozen=True)
class StaffAssessment:
    login: str
    name: str
    role: str
    inputs: Inputs
    result: Result
    rank: int
    failed_before: bool  # the quarter before was failed too
    consequence: str | None  # reward | admonish | replace (domain.assessment.CONSEQUENCES)


@dataclass(frozen=True)
class Assessment:
    year: int
    quarter: int
    start: date
    end: date
    through: date  # the last day counted (today, while the quarter is not over)
    weights: Weights
    people: tuple[StaffAssessment, ...]  # best first


def weights_in(session: Session) -> Weights:
    stored = {row.key[len(PREFIX):]: json.loads(row.value)
              for row in session.exec(select(Setting).where(col(Setting.key).startswith(PREFIX))).all()}
    names = {f.name for f in fields(Weights)}
    return Weights(**{k: v for k, v in stored.items() if k in names})


def current_weights(db: Database, actor: Actor) -> Weights:
    """The assessment settings, for whoever may read the assessment or change them."""
    actor.require(READERS | ADMINS, N_("查看考核设置"))
    with db.read() as session:
        return weights_in(session)


def configure(db: Database, actor: Actor, clock: Clock, **changes: int | bool | None) -> Weights:
    """Change the assessment settings (admins): any of Weights' fields; the rest stay."""
    actor.require(ADMINS, N_("修改考核设置"))
    with db.write() as session:
        before = weights_in(session)
        after = before.with_(**changes)  # every value checked before anything is written
        diff = {k: v for k, v in asdict(after).items() if asdict(before)[k] != v}
        for key, value in diff.items():
            session.merge(Setting(key=PREFIX + key, value=json.dumps(value)))
        if diff:
            audit.append(session, actor, clock.now(), "settings.update", "setting", "assessment",
                         before={k: asdict(before)[k] for k in diff}, after=diff)
        return after


def quarterly(db: Database, actor: Actor, clock: Clock, year: int | None = None,
              q: int | None = None) -> Assessment:
    """The assessment of quarter `q` of `year` (default: the last finished quarter)."""
    actor.require(READERS, N_("查看季度考核"))
    period = quarter(year, q) if year and q else previous_quarter(clock.today())
    before = previous_quarter(period.start)
    with db.read() as session:
        weights = weights_in(session)
        now = _assess(session, clock, period, weights)
        earlier = _assess(session, clock, before, weights) if before.end < clock.today() else {}
        people = []
        order = sorted(now.values(), key=lambda item: (order_key(item[3]), item[0]))
        for (login, name, role, result, inputs), rank in zip(order, ranks([order_key(o[3]) for o in order])):
            failed_before = login in earlier and earlier[login][3].grade == "fail"
            people.append(StaffAssessment(login, name, role, inputs, result, rank, failed_before,
                                          consequence(result.grade, failed_before)))
        through = min(period.end, clock.today())
        return Assessment(period.start.year, (period.start.month - 1) // 3 + 1, period.start, period.end,
                          through, weights, tuple(people))


def _assess(session: Session, clock: Clock, period: Period, weights: Weights) -> dict[str, tuple]:
    """login → (login, name, role, Result, Inputs) for one quarter."""
    from .reports import figures_in  # the report's own figures, read in this transaction

    tz = clock.now().tzinfo
    through = min(period.end, clock.today())
    report = figures_in(session, clock, period.start, period.end)
    figures = {row.login: row for row in report.staff}
    # Not someone added after the quarter's last counted day: they were not there to be assessed.
    people = {p.login: (p.name, p.role, p.created_at) for p in session.exec(select(Staff)).all()
              if ((p.active and p.role in ASSESSED_ROLES) and local_date(p.created_at, tz) <= through)
              or (p.login in figures and figures[p.login].completed + figures[p.login].received)}
    if not people:
        return {}
    cal = calendar_in(session)
    leave = _leave_days(session, period.start, through)
    substantiated = _substantiated(session, period, tz)
    sanctions = _sanctions(session, period, tz)
    most = max((figures[login].completed for login in people if login in figures), default=0)
    out = {}
    for login, (name, role, created) in people.items():
        row = figures.get(login)
        first = max(period.start, local_date(created, tz))
        due = [d for d in _days(first, through) if cal.is_workday(d) and d not in leave.get(login, ())]
        inputs = Inputs(
            completed=row.completed if row else 0, most_completed=most,
            timed=row.timed if row else 0, on_time=row.on_time if row else 0,
            rated=row.rated if row else 0, satisfied=row.satisfied if row else 0,
            days_present=row.attendance if row else 0, days_due=len(due),
            substantiated=substantiated.get(login, 0), sanctions=sanctions.get(login, 0))
        out[login] = (login, name, role, assess(inputs, weights), inputs)
    return out


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _leave_days(session: Session, first: date, last: date) -> dict[str, set[date]]:
    out: dict[str, set[date]] = {}
    for login, starts, ends in session.exec(select(col(StaffAbsence.login), col(StaffAbsence.starts_on), col(StaffAbsence.ends_on))
                                            .where(StaffAbsence.starts_on <= last, StaffAbsence.ends_on >= first)):
        out.setdefault(login, set()).update(_days(max(first, starts), min(last, ends)))
    return out


def _substantiated(session: Session, period: Period, tz) -> dict[str, int]:
    """Complaints received in the quarter and found substantiated, about the person or a case they own."""
    low, high = bounds(period.start, period.end, tz)
    who = func.coalesce(Complaint.about_staff, Case.owner)
    rows = session.exec(select(who, func.count()).select_from(Complaint)
                        .join(Case, col(Complaint.case_id) == col(Case.id), isouter=True)
                        .where(Complaint.finding == "substantiated", Complaint.received_at >= low,
                               Complaint.received_at < high, or_(col(Complaint.about_staff).is_not(None),
                                                                 col(Case.owner).is_not(None)))
                        .group_by(who)).all()
    return {login: n for login, n in rows if login}


def _sanctions(session: Session, period: Period, tz) -> dict[str, int]:
    """Entries of the register decided in the quarter whose standing (latest) decision is 通报批评 or 诫勉."""
    low, high = bounds(period.start, period.end, tz)
    latest = (select(AccountabilityDecision.entry_id, func.max(AccountabilityDecision.id).label(_LAST))
              .group_by(col(AccountabilityDecision.entry_id)).subquery())
    rows = session.exec(select(AccountabilityEntry.login, func.count())
                        .select_from(AccountabilityEntry)
                        .join(latest, latest.c.entry_id == col(AccountabilityEntry.id))
                        .join(AccountabilityDecision, col(AccountabilityDecision.id) == latest.c[_LAST])
                        .where(col(AccountabilityDecision.measure).in_(SANCTIONS),
                               AccountabilityDecision.at >= low, AccountabilityDecision.at < high)
                        .group_by(col(AccountabilityEntry.login))).all()
    return dict(rows)
