"""The accountability register (责任追究台账, issue 15 item 3; domain.md §10).

Entries come by themselves: `sync` copies in every case past its due date for the office's own reasons,
every approved breach of the one-time notice and every complaint found substantiated that is not there
yet. It runs whenever the register is read (`list_entries`, `bulletin`) and on demand (`scan`), inside
that same write transaction. Why on read rather than on the events themselves: an overdue case has no
event (the day simply passes) and the office runs no scheduler, so the only moment the register is sure
to be complete is when someone looks at it; the unique (source, source_id) key makes a second sync a
no-op, and a sync that found something appends one audit entry naming what it added.

Who may do what, and why:

- Read the register, scan, print the 通报: leaders, admins and supervisors (the office's oversight, 003
  第34条 and 004: the leader decides, the supervisor watches that it was decided).
- Decide (提醒, 告诫, 通报批评, 诫勉, 其他, always with a reason): a leader, never on an entry about
  themselves. A later decision is appended and stands; the earlier ones stay. Nothing is deleted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import exists
from sqlmodel import Session, col, select

from ..domain import accountability as rules
from ..domain import text
from ..domain.cases import Status
from ..domain.lifecycle import ENDINGS, case_on_time
from ..domain.roles import Role
from ..errors import N_, Conflict, InputError, NotFound, NotPermitted
from ..store.accountability_tables import AccountabilityDecision, AccountabilityEntry
from ..store.case_tables import Case, CaseEvent, Notice, NoticeBreach
from ..store.database import Database
from ..store.tables import Staff
from ..store.voice_tables import Complaint
from . import audit
from .context import Actor, Clock
from .report_sql import applicant_delay, local_day
from .voice_common import local_date

__all__ = [
    "DecisionView",
    "EntryView",
    "SyncResult",
    "bulletin",
    "decide",
    "list_entries",
    "scan",
]

READERS = rules.READERS
DECIDERS = frozenset({Role.LEADER})
# An open case whose clock runs: 待补正 has none yet, a suspended one has it stopped.
RUNNING = (Status.ACCEPTED.value, Status.IN_PROGRESS.value, Status.REPORTED_UP.value)
MAX_DAYS = 366


@dataclass(frozen=True)
class DecisionView:
    id: int
    measure: str  # MEASURES code
    reason: str
    leader: str
    leader_name: str
    at: datetime


@dataclass(frozen=True)
class EntryView:
    id: int
    source: str  # overdue | notice_breach | complaint
    source_id: int
    login: str
    name: str
    case_number: str | None
    occurred_on: date
    summary: str
    entered_at: datetime
    decisions: tuple[DecisionView, ...]  # oldest first; the last one stands

    @property
    def decision(self) -> DecisionView | None:
        return self.decisions[-1] if self.decisions else None


@dataclass(frozen=True)
class SyncResult:
    overdue: int
    notice_breach: int
    complaint: int

    @property
    def total(self) -> int:
        return self.overdue + self.notice_breach + self.complaint


# --- sync ---------------------------------------------------------------------------------------------


def _entered(session: Session, source: str):
    return select(AccountabilityEntry.source_id).where(AccountabilityEntry.source == source)


def _overdue_cases(session: Session, clock: Clock) -> list[Case]:
    """Cases not yet entered whose due date passed for the office's reasons: open with the clock running,
    or ended after it. The SQL narrows to candidates; domain.lifecycle.case_on_time decides each."""
    today, tz = clock.today(), clock.now().tzinfo
    dialect = session.get_bind().dialect.name
    late_end = exists(select(CaseEvent.id).where(
        CaseEvent.case_id == Case.id, col(CaseEvent.type).in_(sorted(a.value for a in ENDINGS)),
        local_day(CaseEvent.at, dialect, tz) > Case.due_on).correlate(Case))
    stmt = (select(Case).where(col(Case.due_on).is_not(None), col(Case.due_on) < today,
                               col(Case.id).not_in(_entered(session, "overdue")), ~applicant_delay(),
                               (col(Case.status).in_(RUNNING)) | late_end)
            .order_by(col(Case.id)))
    out = []
    for case in session.exec(stmt).all():
        events = session.exec(select(CaseEvent.type, CaseEvent.data).where(CaseEvent.case_id == case.id)
                              .order_by(col(CaseEvent.id))).all()
        parsed = [(kind, json.loads(raw or "{}")) for kind, raw in events]
        if case.status in RUNNING or case_on_time(case.due_on, parsed, today) is False:
            out.append(case)
    return out


def _sync(session: Session, actor: Actor, clock: Clock) -> SyncResult:
    if session.get_bind().dialect.name == "postgresql":  # two readers must not both enter the same fact
        session.connection().exec_driver_sql("SELECT pg_advisory_xact_lock(7283001)")
    now, tz = clock.now(), clock.now().tzinfo
    added: dict[str, list[str]] = {"overdue": [], "notice_breach": [], "complaint": []}
    for case in _overdue_cases(session, clock):
        assert case.due_on is not None and case.id is not None
        session.add(AccountabilityEntry(
            source="overdue", source_id=case.id, login=case.owner, case_id=case.id,
            occurred_on=case.due_on + timedelta(days=1), entered_at=now,
            summary=f"{case.number} {case.matter_name}：承诺 {case.due_on.isoformat()} 办结，已超期"))
        added["overdue"].append(case.number)
    breaches = session.exec(
        select(NoticeBreach, Notice).join(Notice, col(Notice.id) == NoticeBreach.notice_id)
        .where(col(NoticeBreach.id).not_in(_entered(session, "notice_breach"))).order_by(col(NoticeBreach.id))).all()
    for breach, notice in breaches:
        assert breach.id is not None
        case_id = session.exec(select(Case.id).where(Case.notice_id == notice.id)).first()
        session.add(AccountabilityEntry(
            source="notice_breach", source_id=breach.id, login=notice.issued_by, case_id=case_id,
            occurred_on=local_date(breach.at, tz), entered_at=now,
            summary=f"{notice.number} {notice.matter_name}：一次性告知未列“{breach.material_name}”，"
                    f"后又要求补交（{breach.reason}）"))
        added["notice_breach"].append(notice.number)
    complaints = session.exec(
        select(Complaint).where(Complaint.finding == "substantiated", col(Complaint.answered_at).is_not(None),
                                col(Complaint.id).not_in(_entered(session, "complaint")))
        .order_by(col(Complaint.id))).all()
    for c in complaints:
        assert c.id is not None and c.answered_at is not None
        about = session.get(Case, c.case_id) if c.case_id is not None else None
        login = c.about_staff or (about.owner if about else "")
        what = c.what if len(c.what) <= 80 else c.what[:79] + "…"
        session.add(AccountabilityEntry(
            source="complaint", source_id=c.id, login=login, case_id=c.case_id,
            occurred_on=local_date(c.answered_at, tz), entered_at=now,
            summary=f"投诉 {c.id}" + (f"（{about.number}）" if about else " ") + f"经查属实：{what}"))
        added["complaint"].append(str(c.id))
    result = SyncResult(len(added["overdue"]), len(added["notice_breach"]), len(added["complaint"]))
    if result.total:
        session.flush()
        audit.append(session, actor, now, "accountability.sync", "accountability", "",
                     after={k: v for k, v in added.items() if v})
    return result


def scan(db: Database, actor: Actor, clock: Clock) -> SyncResult:
    """Enter what is not in the register yet, now (also done by every read of the register)."""
    actor.require(READERS, N_("查看责任追究台账"))
    with db.write() as session:
        return _sync(session, actor, clock)


# --- reading --------------------------------------------------------------------------------------


def _views(session: Session, rows: Sequence[AccountabilityEntry]) -> list[EntryView]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    decisions: dict[int, list[AccountabilityDecision]] = {}
    for d in session.exec(select(AccountabilityDecision).where(col(AccountabilityDecision.entry_id).in_(ids))
                          .order_by(col(AccountabilityDecision.id))):
        decisions.setdefault(d.entry_id, []).append(d)
    names = dict(session.exec(select(Staff.login, Staff.name)).all())
    case_ids = sorted({r.case_id for r in rows if r.case_id is not None})
    numbers = dict(session.exec(select(Case.id, Case.number).where(col(Case.id).in_(case_ids))).all()) \
        if case_ids else {}
    return [EntryView(r.id or 0, r.source, r.source_id, r.login, names.get(r.login, r.login),
                      numbers.get(r.case_id) if r.case_id is not None else None, r.occurred_on, r.summary,
                      r.entered_at,
                      tuple(DecisionView(d.id or 0, d.measure, d.reason, d.leader, names.get(d.leader, d.leader), d.at)
                            for d in decisions.get(r.id or 0, ())))
            for r in rows]


def _check_period(start: date | None, end: date | None) -> None:
    if start is not None and end is not None:
        if end < start:
            raise InputError(N_("结束日期不能早于开始日期"))
        if (end - start).days > MAX_DAYS:
            raise InputError(N_("查询范围不能超过一年"))


def list_entries(db: Database, actor: Actor, clock: Clock, *, start: date | None = None, end: date | None = None,
                 source: str | None = None, undecided: bool = False, login: str | None = None) -> list[EntryView]:
    """The register (synced first), by the day each fact happened, then id. Filters: a period of
    `occurred_on`, a source, only those without a decision, one person."""
    actor.require(READERS, N_("查看责任追究台账"))
    _check_period(start, end)
    source = rules.parse_source(source) if source is not None else None
    login = text.login(login) if login is not None else None
    with db.write() as session:
        _sync(session, actor, clock)
        stmt = select(AccountabilityEntry)
        if start is not None:
            stmt = stmt.where(col(AccountabilityEntry.occurred_on) >= start)
        if end is not None:
            stmt = stmt.where(col(AccountabilityEntry.occurred_on) <= end)
        if source is not None:
            stmt = stmt.where(AccountabilityEntry.source == source)
        if login is not None:
            stmt = stmt.where(AccountabilityEntry.login == login)
        if undecided:
            stmt = stmt.where(~exists(select(AccountabilityDecision.id).where(
                AccountabilityDecision.entry_id == AccountabilityEntry.id)))
        rows = session.exec(stmt.order_by(col(AccountabilityEntry.occurred_on), col(AccountabilityEntry.id))).all()
        return _views(session, rows)


# --- deciding -------------------------------------------------------------------------------------


def decide(db: Database, actor: Actor, clock: Clock, entry_id: int, measure: str, reason: str) -> EntryView:
    """A leader's decision on an entry, with its reason; appended (a later one stands, the earlier stay)."""
    actor.require(DECIDERS, N_("作出责任追究处理决定"))
    measure = rules.parse_measure(measure)
    reason = text.clean(reason, N_("处理理由"), max_len=1000, multiline=True)
    now = clock.now()
    with db.write() as session:
        row = session.get(AccountabilityEntry, entry_id)
        if row is None:
            raise NotFound(N_("责任追究台账第 {id} 条不存在"), id=entry_id)
        if row.login == actor.login:
            raise NotPermitted(N_("{login} 不能对涉及本人的台账条目作出处理决定"), login=actor.login)
        last = session.exec(select(AccountabilityDecision).where(AccountabilityDecision.entry_id == entry_id)
                            .order_by(col(AccountabilityDecision.id).desc())).first()
        if last is not None and (last.measure, last.reason) == (measure, reason):
            raise Conflict(N_("台账第 {id} 条已有相同的处理决定"), id=entry_id)
        session.add(AccountabilityDecision(entry_id=entry_id, measure=measure, reason=reason, leader=actor.login,
                                           at=now))
        session.flush()
        audit.append(session, actor, now, "accountability.decide", "accountability", str(entry_id),
                     before={"measure": last.measure, "reason": last.reason} if last else None,
                     after={"measure": measure, "reason": reason, "login": row.login, "source": row.source})
        return _views(session, [row])[0]


# --- the 通报 ------------------------------------------------------------------------------------------


def bulletin(db: Database, actor: Actor, clock: Clock, start: date, end: date):
    """The 通报 of a period's entries (by `occurred_on`) as a form of the one forms service
    (documents.bulletin.AccountabilityBulletinData): render or write it with services.forms."""
    from ..documents.bulletin import AccountabilityBulletinData, BulletinEntry
    from .forms import contacts
    from .setup import office as get_office

    if end < start:
        raise InputError(N_("结束日期不能早于开始日期"))
    entries = list_entries(db, actor, clock, start=start, end=end)
    office = get_office(db)
    if office is None:
        raise Conflict(N_("请先完成中心设置"))
    items = tuple(BulletinEntry(
        occurred_on=e.occurred_on, source=rules.SOURCES[e.source], name=e.name or e.login, summary=e.summary,
        measure=rules.MEASURES[e.decision.measure] if e.decision else "", reason=e.decision.reason if e.decision else "",
        leader=e.decision.leader_name if e.decision else "") for e in entries)
    number = f"ZR-{start:%Y%m%d}-{end:%Y%m%d}"
    return AccountabilityBulletinData(office=office.name, number=number, start=start, end=end,
                                      issued_on=clock.today(), issued_by=actor.name, entries=items,
                                      contacts=contacts(office))
