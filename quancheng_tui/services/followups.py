"""Follow-up visits (回访, 003 第35条): every bad rating, every complaint, a sample of completed cases.

A visit asks the visitor about the staff's attitude, the quality and the efficiency of the work
(each a level of the five) and keeps what they said. Whoever served the case does not record it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from ..domain import masking, text, voice
from ..domain.cases import Status
from ..domain.roles import Role
from ..errors import N_, Conflict, InputError, NotFound, NotPermitted
from ..store.case_tables import Case
from ..store.database import Database
from ..store.keys import key
from ..store.voice_tables import FollowUp
from . import audit
from .calendar import calendar_in
from .context import Actor, Clock
from .voice_common import local_date, served, setting

# Who visits and records: the counter, the leaders, the office's oversight (篇6: 办公室指定专人…定期回访).
VISITORS = frozenset({Role.CLERK, Role.LEADER, Role.ADMIN, Role.SUPERVISOR})
READERS = frozenset({Role.CLERK, Role.HANDLER, Role.LEADER, Role.ADMIN, Role.SUPERVISOR})
SCHEDULERS = frozenset({Role.LEADER, Role.ADMIN})
DONE = (Status.COMPLETED.value, Status.REPLIED.value, Status.CLOSED.value)
SAMPLE_WINDOW_DAYS = 92  # completed cases received within about a quarter are sampled


@dataclass(frozen=True)
class FollowUpView:
    id: int
    reason: str  # rating | complaint | sample
    case_number: str | None
    applicant: str  # masked
    rating_id: int | None
    complaint_id: int | None
    scheduled_on: date
    overdue: bool
    done: bool
    done_on: date | None
    done_by: str | None
    attitude: str | None
    quality: str | None
    efficiency: str | None
    text: str


def schedule_in(session: Session, actor: Actor, clock: Clock, reason: str, case_id: int | None, *,
                rating_id: int | None = None, complaint_id: int | None = None) -> FollowUp:
    """A follow-up due `followup_days` working days from today, inside its cause's transaction."""
    today = clock.today()
    on = calendar_in(session).add_workdays(today, setting(session, "followup_days"))
    row = FollowUp(reason=reason, rating_id=rating_id, complaint_id=complaint_id, case_id=case_id,
                   scheduled_on=on, created_at=clock.now(), text="")
    session.add(row)
    session.flush()
    audit.append(session, actor, clock.now(), "followup.schedule", "follow_up", str(row.id),
                 after={"reason": reason, "scheduled_on": on.isoformat(), "rating": rating_id,
                        "complaint": complaint_id})
    return row


def schedule_sample(db: Database, actor: Actor, clock: Clock) -> list[FollowUpView]:
    """Schedule a visit for each completed case of the last quarter that falls in the office's sample
    (domain.voice.sampled) and has none yet; run again, it adds only the cases completed since."""
    actor.require(SCHEDULERS, N_("安排抽样回访"))
    since = clock.today() - timedelta(days=SAMPLE_WINDOW_DAYS)
    with db.write() as session:
        percent = setting(session, "followup_sample_percent")
        have = set(session.exec(select(FollowUp.case_id).where(FollowUp.reason == "sample")).all())
        rows = session.exec(select(Case.id, Case.number).where(col(Case.status).in_(DONE), Case.received_on >= since)
                            .order_by(col(Case.id))).all()
        made = [schedule_in(session, actor, clock, "sample", case_id)
                for case_id, number in rows if case_id not in have and voice.sampled(number, percent)]
        return [_view(session, f, clock) for f in made]


def list_followups(db: Database, actor: Actor, clock: Clock, *, pending_only: bool = False,
                   limit: int = 500) -> list[FollowUpView]:
    actor.require(READERS, N_("查看回访"))
    with db.read() as session:
        stmt = select(FollowUp)
        if pending_only:
            stmt = stmt.where(col(FollowUp.done_at).is_(None))
        rows = session.exec(stmt.order_by(col(FollowUp.scheduled_on), col(FollowUp.id)).limit(limit)).all()
        return [_view(session, f, clock) for f in rows]


def record(db: Database, actor: Actor, clock: Clock, followup_id: int, attitude: str, quality: str,
           efficiency: str, note: str = "") -> FollowUpView:
    """The visit done: the visitor's three levels and their words."""
    actor.require(VISITORS, N_("记录回访"))
    levels = {"attitude": voice.parse_level(attitude, N_("服务态度")),
              "quality": voice.parse_level(quality, N_("办事质量")),
              "efficiency": voice.parse_level(efficiency, N_("办事效率"))}
    note = text.clean(note, N_("回访内容"), required=False, max_len=2000, multiline=True)
    with db.write() as session:
        row = session.get(FollowUp, followup_id)
        if row is None:
            raise NotFound(N_("回访 {id} 不存在"), id=followup_id)
        if row.done_at is not None:
            raise Conflict(N_("回访 {id} 已于 {day} 记录，不能重复记录"), id=followup_id,
                           day=str(local_date(row.done_at, clock.now().tzinfo)))
        case = session.get(Case, row.case_id) if row.case_id is not None else None
        if case is not None and actor.login in served(session, case):
            raise NotPermitted(N_("{login} 经办了办件 {number}，不能记录对其的回访"), login=actor.login,
                               number=case.number)
        for key, value in levels.items():
            setattr(row, key, value)
        row.text, row.done_at, row.done_by = note, clock.now(), actor.login
        session.add(row)
        audit.append(session, actor, clock.now(), "followup.record", "follow_up", str(row.id),
                     after={**levels, "reason": row.reason})
        return _view(session, row, clock)


def parse_id(value: str) -> int:
    raw = (value or "").strip().lstrip("#")
    if not raw.isascii() or not raw.isdecimal():
        raise InputError(N_("编号“{value}”无效，应为数字"), value=value)
    return int(raw)


def _view(session: Session, f: FollowUp, clock: Clock) -> FollowUpView:
    case = session.get(Case, f.case_id) if f.case_id is not None else None
    applicant = ""
    if case is not None:
        applicant = case.applicant_name if case.applicant_type == "org" else masking.name(case.applicant_name)
    done_on = local_date(f.done_at, clock.now().tzinfo)
    return FollowUpView(
        id=key(f), reason=f.reason, case_number=case.number if case else None, applicant=applicant,
        rating_id=f.rating_id, complaint_id=f.complaint_id, scheduled_on=f.scheduled_on,
        overdue=voice.overdue(f.scheduled_on, done_on, clock.today()), done=f.done_at is not None,
        done_on=done_on, done_by=f.done_by, attitude=f.attitude, quality=f.quality, efficiency=f.efficiency,
        text=f.text,
    )
