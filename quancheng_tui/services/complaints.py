"""Complaints (投诉, 003 第32条 and 篇6; 002 第二十二条; domain.md §9).

Recorded in writing: who, about which case and/or staff member, what, by which channel. A simple one is
answered the day it comes, any other within 5 working days of the office's calendar; the reply and the
finding (substantiated or not) are recorded, a follow-up visit is scheduled, and the handled ones are
published masked (公布投诉处理情况). A complaint unanswered past its day is overdue (red on the board).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from ..domain import masking, text, validators, voice
from ..domain.roles import Role
from ..errors import N_, Conflict, NotFound, NotPermitted
from ..store.case_tables import Case
from ..store.database import Database
from ..store.keys import key
from ..store.tables import Staff
from ..store.voice_tables import Complaint
from . import audit, followups
from .calendar import calendar_in
from .context import Actor, Clock
from .voice_common import local_date

# Who takes a complaint down: the counter, the leaders, the office's oversight (篇6: 办公室指定专人受理群众投诉).
KEEPERS = frozenset({Role.CLERK, Role.LEADER, Role.ADMIN, Role.SUPERVISOR})
# Who answers one: not a clerk, who may be the one complained of.
ANSWERERS = frozenset({Role.LEADER, Role.ADMIN, Role.SUPERVISOR})
READERS = frozenset({Role.CLERK, Role.HANDLER, Role.LEADER, Role.ADMIN, Role.SUPERVISOR})


@dataclass(frozen=True)
class ComplaintView:
    id: int
    complainant: str  # masked
    phone: str  # masked
    case_number: str | None
    about_staff: str | None
    what: str
    channel: str
    simple: bool
    received_at: datetime
    received_by: str
    due_on: date
    overdue: bool
    answered: bool
    answered_on: date | None
    answered_by: str | None
    finding: str | None
    reply: str


@dataclass(frozen=True)
class PublicComplaint:
    """A handled complaint as the office publishes it: nobody's name or number."""

    id: int
    received_on: date
    complainant: str  # 王*明
    matter: str
    what: str
    finding: str
    reply: str
    answered_on: date | None


def add(db: Database, actor: Actor, clock: Clock, complainant: str, what: str, channel: str, *,
        phone: str = "", case_number: str | None = None, about_staff: str | None = None,
        simple: bool = False) -> ComplaintView:
    actor.require(KEEPERS, N_("登记投诉"))
    complainant = text.clean(complainant, N_("投诉人"), max_len=100)
    what = text.clean(what, N_("投诉内容"), max_len=4000, multiline=True)
    channel = voice.parse_complaint_channel(channel)
    phone = text.clean(phone, N_("联系电话"), required=False, max_len=30)
    if phone:
        phone = validators.phone(phone, field=N_("联系电话"))
    with db.write() as session:
        case = None
        if case_number:
            from .lifecycle import load_case

            case = load_case(session, actor, case_number)
        staff_login = None
        if about_staff:
            staff_login = text.login(about_staff)
            if session.exec(select(Staff.id).where(Staff.login == staff_login)).first() is None:
                raise NotFound(N_("工作人员“{login}”不存在"), login=staff_login)
        today = clock.today()
        due = voice.complaint_due(calendar_in(session), today, simple)
        row = Complaint(complainant=complainant, phone=phone, case_id=case.id if case else None,
                        about_staff=staff_login, what=what, channel=channel, simple=simple, received_at=clock.now(),
                        received_by=actor.login, due_on=due, reply="")
        session.add(row)
        session.flush()
        audit.append(session, actor, clock.now(), "complaint.add", "complaint", str(row.id),
                     after={"case": case.number if case else None, "about_staff": staff_login, "channel": channel,
                            "simple": simple, "due_on": due.isoformat()})
        followups.schedule_in(session, actor, clock, "complaint", row.case_id, complaint_id=row.id)
        return _view(session, row, clock)


def reply(db: Database, actor: Actor, clock: Clock, complaint_id: int, reply_text: str, finding: str) -> ComplaintView:
    """The answer given to the complainant and the finding; never by the one complained of."""
    actor.require(ANSWERERS, N_("答复投诉"))
    reply_text = text.clean(reply_text, N_("答复内容"), max_len=4000, multiline=True)
    finding = voice.parse_finding(finding)
    with db.write() as session:
        row = session.get(Complaint, complaint_id)
        if row is None:
            raise NotFound(N_("投诉 {id} 不存在"), id=complaint_id)
        if row.answered_at is not None:
            raise Conflict(N_("投诉 {id} 已答复，不能重复答复"), id=complaint_id)
        case = session.get(Case, row.case_id) if row.case_id is not None else None
        if actor.login in {row.about_staff, case.owner if case else None}:
            raise NotPermitted(N_("{login} 是被投诉人，不能答复此投诉"), login=actor.login)
        row.reply, row.finding, row.answered_at, row.answered_by = reply_text, finding, clock.now(), actor.login
        session.add(row)
        audit.append(session, actor, clock.now(), "complaint.reply", "complaint", str(row.id),
                     after={"finding": finding, "late": voice.overdue(row.due_on, clock.today(), clock.today())})
        return _view(session, row, clock)


def list_complaints(db: Database, actor: Actor, clock: Clock, *, open_only: bool = False,
                    overdue_only: bool = False, limit: int = 500) -> list[ComplaintView]:
    """Newest first; the complainant's name and phone masked (the staff complained of read this list)."""
    actor.require(READERS, N_("查看投诉"))
    with db.read() as session:
        stmt = select(Complaint)
        if open_only or overdue_only:
            stmt = stmt.where(col(Complaint.answered_at).is_(None))
        if overdue_only:
            stmt = stmt.where(Complaint.due_on < clock.today())
        rows = session.exec(stmt.order_by(col(Complaint.received_at).desc(), col(Complaint.id).desc()).limit(limit)).all()
        return [_view(session, r, clock) for r in rows]


def overdue_count(db: Database, clock: Clock) -> int:
    """Complaints past their day and not answered: the board's red light."""
    with db.read() as session:
        return session.exec(select(func.count()).select_from(Complaint).where(
            col(Complaint.answered_at).is_(None), Complaint.due_on < clock.today())).one()


def public_list(db: Database, clock: Clock, limit: int = 50) -> list[PublicComplaint]:
    """Handled complaints as published (003 第32条 公布投诉处理情况), newest answer first, masked."""
    with db.read() as session:
        rows = session.exec(select(Complaint).where(col(Complaint.answered_at).is_not(None))
                            .order_by(col(Complaint.answered_at).desc(), col(Complaint.id).desc()).limit(limit)).all()
        out = []
        for r in rows:
            case = session.get(Case, r.case_id) if r.case_id is not None else None
            known = [r.complainant, r.phone] + ([case.applicant_name, case.id_number, case.phone] if case else [])
            out.append(PublicComplaint(
                id=key(r), received_on=local_date(r.received_at, clock.now().tzinfo), complainant=masking.name(r.complainant),
                matter=case.matter_name if case else "", what=masking.text(r.what, [k for k in known if k]),
                finding=r.finding or "", reply=masking.text(r.reply, [k for k in known if k]),
                answered_on=local_date(r.answered_at, clock.now().tzinfo)))
        return out


def export_rows(session: Session, clock: Clock, start: date | None, end: date | None,
                unmasked: bool) -> Iterator[tuple]:
    """Inside exports.export's read: every complaint received in the period, in id order."""
    from datetime import time

    tz = clock.now().tzinfo
    stmt = select(Complaint, Case.number).outerjoin(Case, col(Case.id) == col(Complaint.case_id))
    if start is not None:
        stmt = stmt.where(Complaint.received_at >= datetime.combine(start, time.min, tz))
    if end is not None:
        stmt = stmt.where(Complaint.received_at < datetime.combine(date.fromordinal(end.toordinal() + 1), time.min, tz))
    today = clock.today()
    for r, number in session.exec(stmt.order_by(col(Complaint.id))):
        answered = local_date(r.answered_at, tz)
        known = [k for k in (r.complainant, r.phone) if k]
        yield (r.id, local_date(r.received_at, tz).isoformat(), r.channel,
               r.complainant if unmasked else masking.name(r.complainant),
               r.phone if unmasked else masking.phone(r.phone), number, r.about_staff,
               r.what if unmasked else masking.text(r.what, known), int(r.simple), r.due_on.isoformat(),
               int(voice.overdue(r.due_on, answered, today)), answered.isoformat() if answered else None,
               r.answered_by, r.finding, r.reply if unmasked else masking.text(r.reply, known), r.received_by)


EXPORT_COLUMNS = ("id", "received_on", "channel", "complainant", "phone", "case", "about_staff", "what", "simple",
                  "due_on", "overdue", "answered_on", "answered_by", "finding", "reply", "received_by")


def _view(session: Session, r: Complaint, clock: Clock) -> ComplaintView:
    case_number = session.exec(select(Case.number).where(Case.id == r.case_id)).first() if r.case_id else None
    answered = local_date(r.answered_at, clock.now().tzinfo)
    return ComplaintView(
        id=key(r), complainant=masking.name(r.complainant), phone=masking.phone(r.phone), case_number=case_number,
        about_staff=r.about_staff, what=r.what, channel=r.channel, simple=r.simple, received_at=r.received_at,
        received_by=r.received_by, due_on=r.due_on, overdue=voice.overdue(r.due_on, answered, clock.today()),
        answered=r.answered_at is not None, answered_on=answered, answered_by=r.answered_by, finding=r.finding,
        reply=r.reply,
    )

