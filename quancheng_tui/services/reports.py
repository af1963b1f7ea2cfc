"""The office's figures for a period (issue 15; domain.md §10; README "报表口径 / Report figures").

Every figure is a SQL aggregate (GROUP BY / COUNT / SUM) over the period: no case is loaded into Python
one by one, so a month of 100,000 cases stays under two seconds (bench/bench_report.py). Leaders, admins
and supervisors see the whole office (or one village); a village agent only their own village; clerks
and handlers are not shown their colleagues' figures. A read of figures is not audited, as no read of
ratings, complaints or cases is.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import case as when
from sqlalchemy import exists, false, func
from sqlmodel import Session, col, select

from ..domain import voice
from ..domain.cases import OPEN_STATUSES, Category, Kind, Mode, Status
from ..domain.lifecycle import ENDINGS, Action
from ..domain.periods import Period, checked_range
from ..domain.roles import Role
from ..errors import N_, NotFound, NotPermitted
from ..store.case_tables import Case, CaseEvent, NoticeBreach
from ..store.database import Database
from ..store.tables import Matter, Staff, Village
from ..store.voice_tables import Complaint, Rating, RatingReview
from .context import Actor, Clock
from .report_sql import applicant_delay, bounds, in_period, local_day, on_time_flag
from .report_views import (
    ComplaintRow,
    Compression,
    CountRow,
    MonthRow,
    OverdueRow,
    Report,
    StaffRow,
)
from .voice_common import local_date

READERS = frozenset({Role.LEADER, Role.ADMIN, Role.SUPERVISOR, Role.AGENT})
OVERDUE_LIMIT = 200  # rows of the overdue list; its total is counted whole
COMPLETE = Action.COMPLETE.value


def figures(db: Database, actor: Actor, clock: Clock, start: date, end: date,
            village: str | None = None) -> Report:
    """The report of [start, end] (both days included), of the office or of one village."""
    actor.require(READERS, N_("查看统计报表"))
    period = checked_range(start, end)
    if actor.role is Role.AGENT:
        if village is not None and village != actor.village:
            raise NotPermitted(N_("村代办员只能查看本村（{village}）的办件"), village=actor.village or "")
        village = actor.village
    with db.read() as session:
        if village is not None and actor.role is not Role.AGENT and session.exec(
                select(Village.id).where(Village.code == village)).first() is None:
            raise NotFound(N_("村（社区）“{code}”不存在"), code=village)
        return _Query(session, clock, period, village, agent_without_village=actor.role is Role.AGENT
                      and not village).report()


def figures_in(session: Session, clock: Clock, start: date, end: date, village: str | None = None) -> Report:
    """The same report inside the caller's transaction (the quarterly assessment's): the caller has checked
    who may read it."""
    return _Query(session, clock, checked_range(start, end), village, agent_without_village=False).report()


class _Query:
    def __init__(self, session: Session, clock: Clock, period: Period, village: str | None, *,
                 agent_without_village: bool) -> None:
        self.s = session
        self.p = period
        self.tz = clock.now().tzinfo
        self.today = clock.today()
        bind = session.get_bind()
        self.dialect = bind.dialect.name
        self.village = village
        self.nothing = agent_without_village  # an agent with no village sees no case at all

    def scope(self) -> list:
        if self.nothing:
            return [false()]
        return [Case.village == self.village] if self.village is not None else []

    def report(self) -> Report:
        staff_rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        received = self._received(staff_rows)
        completed = self._completed(staff_rows)
        rated = self._ratings(staff_rows)
        complaints = self._complaints(staff_rows)
        overdue_total, overdue = self._overdue()
        attendance = _attendance(self.s, self.p)
        return Report(
            start=self.p.start, end=self.p.end, village=self.village,
            received=received["total"], completed=completed["total"], one_visit=completed["one_visit"],
            timed=completed["timed"], on_time=completed["on_time"], overdue_total=overdue_total,
            overdue=overdue, rated=rated["rated"], satisfied=rated["satisfied"], bad=rated["bad"],
            reviewed_out=rated["reviewed_out"], completed_rated=completed["rated"], breaches=self._breaches(),
            village_point=received["village_point"],
            by_category=_rows(received["category"], completed["category"], Category),
            by_kind=_rows(received["kind"], completed["kind"], Kind),
            by_mode=_rows(received["mode"], completed["mode"], Mode),
            complaints=complaints, compression=self._compression(),
            staff=self._staff(staff_rows, attendance), months=self._months(received["total"], completed["total"]),
        )

    # --- cases received: received_on in the period --------------------------------------------------

    def _received(self, per_staff) -> dict:
        agents = set(self.s.exec(select(Staff.login).where(Staff.role == Role.AGENT.value)).all())
        stmt = (select(Case.category, Case.kind, Case.mode, Case.owner, Case.registered_by,  # type: ignore[call-overload]
                       func.count(col(Case.id)))
                .where(Case.received_on >= self.p.start, Case.received_on <= self.p.end, *self.scope())
                .group_by(Case.category, Case.kind, Case.mode, Case.owner, Case.registered_by))
        out: dict = {"total": 0, "village_point": 0, "category": defaultdict(int), "kind": defaultdict(int),
                     "mode": defaultdict(int)}
        for category, kind, mode, owner, registrar, n in self.s.exec(stmt).all():
            out["total"] += n
            out["village_point"] += n if registrar in agents else 0
            out["category"][category] += n
            if kind:
                out["kind"][kind] += n
            out["mode"][mode] += n
            per_staff[owner]["received"] += n
        return out

    # --- cases completed: their 办结 (complete) event in the period ------------------------------------

    def _completed(self, per_staff) -> dict:
        done = CaseEvent  # a case is completed once (已办结 never returns to 办理中): its one complete event
        one_visit = when((col(Case.notice_id).is_(None), 1), else_=0)
        timed = when((col(Case.due_on).is_(None), 0), else_=1)
        on_time = when((col(Case.due_on).is_(None), 0), else_=on_time_flag(done.at, self.dialect, self.tz))
        counted = exists(select(Rating.id).where(
            Rating.case_id == Case.id, ~exists(select(RatingReview.id).where(RatingReview.rating_id == Rating.id))))
        rated = when((counted, 1), else_=0)
        stmt = (select(Case.category, Case.kind, Case.mode, Case.owner, one_visit,  # type: ignore[call-overload]
                       timed, on_time, rated, func.count(col(Case.id)))
                .join(done, col(done.case_id) == col(Case.id))
                .where(done.type == COMPLETE, in_period(done.at, self.p.start, self.p.end, self.tz), *self.scope())
                .group_by(Case.category, Case.kind, Case.mode, Case.owner, one_visit, timed, on_time, rated))
        out: dict = {"total": 0, "one_visit": 0, "timed": 0, "on_time": 0, "rated": 0,
                     "category": defaultdict(int), "kind": defaultdict(int), "mode": defaultdict(int)}
        for category, kind, mode, owner, first_visit, has_due, in_time, has_rating, n in self.s.exec(stmt).all():
            out["total"] += n
            out["one_visit"] += n * first_visit
            out["timed"] += n * has_due
            out["on_time"] += n * in_time
            out["rated"] += n * has_rating
            out["category"][category] += n
            if kind:
                out["kind"][kind] += n
            out["mode"][mode] += n
            mine = per_staff[owner]
            mine["completed"] += n
            mine["timed"] += n * has_due
            mine["on_time"] += n * in_time
        return out

    # --- ratings given in the period (申诉复核's rulings left out) --------------------------------------

    def _ratings(self, per_staff) -> dict:
        reviewed = exists(select(RatingReview.id).where(RatingReview.rating_id == Rating.id))
        out_flag = when((reviewed, 1), else_=0)
        stmt = (select(Case.owner, Rating.level, out_flag, func.count(col(Rating.id)))
                .join(Case, col(Case.id) == col(Rating.case_id))
                .where(in_period(Rating.at, self.p.start, self.p.end, self.tz), *self.scope())
                .group_by(Case.owner, Rating.level, out_flag))
        out = {"rated": 0, "satisfied": 0, "bad": 0, "reviewed_out": 0}
        for owner, level, ruled_out, n in self.s.exec(stmt).all():
            if ruled_out:
                out["reviewed_out"] += n
                continue
            good = level in voice.GOOD
            out["rated"] += n
            out["satisfied"] += n if good else 0
            out["bad"] += n if voice.is_bad(level) else 0
            per_staff[owner]["rated"] += n
            per_staff[owner]["satisfied"] += n if good else 0
        return out

    # --- one-time notice breaches approved in the period ---------------------------------------------

    def _breaches(self) -> int:
        stmt = select(func.count(col(NoticeBreach.id))).where(
            in_period(NoticeBreach.at, self.p.start, self.p.end, self.tz))
        if self.nothing or self.village is not None:
            stmt = stmt.where(exists(select(Case.id).where(Case.notice_id == NoticeBreach.notice_id, *self.scope())))
        return self.s.exec(stmt).one()

    # --- complaints received in the period, by channel -----------------------------------------------

    def _complaints(self, per_staff) -> tuple[ComplaintRow, ...]:
        answered_in_time = when((col(Complaint.answered_at).is_(None), 0),
                                (local_day(Complaint.answered_at, self.dialect, self.tz) <= Complaint.due_on, 1),
                                else_=0)
        answered = when((col(Complaint.answered_at).is_(None), 0), else_=1)
        found = when((col(Complaint.finding) == "substantiated", 1), else_=0)
        whom = func.coalesce(Complaint.about_staff, Case.owner)
        stmt = (select(Complaint.channel, whom, answered, answered_in_time, found,  # type: ignore[call-overload]
                       func.count(col(Complaint.id)))
                .outerjoin(Case, col(Case.id) == col(Complaint.case_id))
                .where(in_period(Complaint.received_at, self.p.start, self.p.end, self.tz), *self.scope())
                .group_by(Complaint.channel, whom, answered, answered_in_time, found))
        rows: dict[str, list[int]] = {}
        for channel, who, done, in_time, substantiated, n in self.s.exec(stmt).all():
            row = rows.setdefault(channel, [0, 0, 0, 0])
            row[0] += n
            row[1] += n * done
            row[2] += n * in_time
            row[3] += n * substantiated
            if who:
                per_staff[who]["complaints"] += n
        order = list(voice.COMPLAINT_CHANNELS)
        return tuple(ComplaintRow(ch, *rows[ch]) for ch in sorted(rows, key=lambda c: (
            order.index(c) if c in order else len(order), c)))

    # --- the overdue: due by the period's end, not ended by their due date ---------------------------

    def _overdue(self) -> tuple[int, tuple[OverdueRow, ...]]:
        """Open (clock running) past their due date, plus those whose ending came after their due date and
        on or after the period's first day: an ending is final, so a case has one ending event."""
        last_due = min(self.p.end, self.today - _ONE_DAY)  # due today is not late yet
        common = [col(Case.due_on).is_not(None), col(Case.due_on) <= last_due, Case.category != Category.CONSULT.value,
                  ~applicant_delay(), *self.scope()]
        running = sorted(_OPEN - {Status.SUSPENDED.value})  # a suspended case's clock stands
        open_where = [col(Case.status).in_(running), *common]
        ended = [col(CaseEvent.type).in_(sorted(a.value for a in ENDINGS)),
                 col(CaseEvent.at) >= bounds(self.p.start, self.p.end, self.tz)[0],
                 local_day(CaseEvent.at, self.dialect, self.tz) > Case.due_on, *common]
        columns = (Case.number, Case.matter_name, Case.owner, Case.village, Case.due_on, Case.status,
                   func.count().over())  # the whole count beside the first rows: one query, not two
        order = (col(Case.due_on), col(Case.number))
        still_open = self.s.exec(select(*columns)  # type: ignore[call-overload]
                                 .where(*open_where).order_by(*order).limit(OVERDUE_LIMIT)).all()
        late = self.s.exec(select(*columns, CaseEvent.at)  # type: ignore[call-overload]
                           .join(CaseEvent, col(CaseEvent.case_id) == col(Case.id))
                           .where(*ended).order_by(*order).limit(OVERDUE_LIMIT)).all()
        total = (still_open[0][6] if still_open else 0) + (late[0][6] if late else 0)
        rows = [OverdueRow(n, m, o, v, d, None, st) for n, m, o, v, d, st, _ in still_open]
        rows += [OverdueRow(n, m, o, v, d, local_date(at, self.tz), st) for n, m, o, v, d, st, _, at in late]
        rows.sort(key=lambda r: (r.due_on, r.number))
        return total, tuple(rows[:OVERDUE_LIMIT])

    # --- the catalog ---------------------------------------------------------------------------------

    def _compression(self) -> Compression:
        meets = when((col(Matter.promised_days) * 2 <= col(Matter.statutory_days), 1), else_=0)
        n, meeting, promised, statutory = self.s.exec(
            select(func.count(col(Matter.id)), func.coalesce(func.sum(meets), 0),
                   func.coalesce(func.sum(Matter.promised_days), 0),
                   func.coalesce(func.sum(Matter.statutory_days), 0))
            .where(Matter.active == True, Matter.statutory_days > 0)).one()  # noqa: E712
        return Compression(int(n), int(meeting), int(promised), int(statutory))

    # --- month by month ------------------------------------------------------------------------------

    def _months(self, received: int, completed: int) -> tuple[MonthRow, ...]:
        pieces = self.p.months()
        if len(pieces) == 1:  # a month's own totals: no need to count again
            return (MonthRow(pieces[0][0].strftime("%Y-%m"), received, completed),)
        out = []
        for first, last in self.p.months():
            got = self.s.exec(select(func.count(col(Case.id))).where(
                Case.received_on >= first, Case.received_on <= last, *self.scope())).one()
            done = self.s.exec(select(func.count(func.distinct(CaseEvent.case_id)))
                               .join(Case, col(Case.id) == col(CaseEvent.case_id))
                               .where(CaseEvent.type == COMPLETE, in_period(CaseEvent.at, first, last, self.tz),
                                      *self.scope())).one()
            out.append(MonthRow(first.strftime("%Y-%m"), got, done))
        return tuple(out)

    # --- per staff member ----------------------------------------------------------------------------

    def _staff(self, per_staff, attendance: dict[str, int]) -> tuple[StaffRow, ...]:
        people = self.s.exec(select(Staff.login, Staff.name, Staff.role, Staff.village_id,  # type: ignore[call-overload]
                                    Staff.active)).all()
        villages = dict(self.s.exec(select(Village.id, Village.code)).all())
        rows = []
        for login, name, role, village_id, active in people:
            figures = per_staff.get(login, {})
            present = attendance.get(login, 0)
            if self.village is not None or self.nothing:
                # a village's report lists those with figures there, and its own agents
                if not figures and villages.get(village_id) != self.village:
                    continue
            elif not figures and not present and (not active or role in (Role.ADMIN.value, Role.SUPERVISOR.value)):
                continue
            counts = {k: figures.get(k, 0) for k in (
                "received", "completed", "timed", "on_time", "rated", "satisfied", "complaints")}
            rows.append(StaffRow(login=login, name=name, attendance=present, **counts))
        return tuple(sorted(rows, key=lambda r: (-r.completed, -r.received, r.login)))


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)
_OPEN = frozenset(s.value for s in OPEN_STATUSES)


def _rows(received: dict[str, int], completed: dict[str, int], enum) -> tuple[CountRow, ...]:
    order = [e.value for e in enum]
    keys = sorted(set(received) | set(completed), key=lambda k: (order.index(k) if k in order else len(order), k))
    return tuple(CountRow(k, received.get(k, 0), completed.get(k, 0)) for k in keys)


def _attendance(session: Session, period: Period) -> dict[str, int]:
    """Days signed in per login (签到, services/attendance.py), in this report's own snapshot."""
    from .attendance import days_present

    return days_present(session, period.start, period.end)
