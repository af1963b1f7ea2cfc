"""Ratings (好差评, 国办发〔2019〕51号; domain.md §9): one per case, from the visitor or a recorded channel.

The rule, one place for every path (the hall terminal, `rating add`, `case act rate`, the case screen):

- the visitor rates at the hall terminal (`rate_by_visitor`), proving the case is theirs by the last
  4 digits of the applicant's ID or phone; staff record a rating the visitor gave elsewhere (phone,
  SMS, QR, paper, at the counter: `record_rating`), never through the hall channel, and never on a
  case whose service they gave (owner, registrar, anyone who acted on it or had it handed to them);
- a case is rated once (一次一评), when it is done or a one-time notice was issued;
- a bad rating (不满意, 非常不满意) opens a rectification item (整改) owned by the case's owner, due in the
  office's `rectify_days` working days, and schedules a follow-up visit; the item closes only once
  the visit is recorded;
- a leader may rule a bad rating mistaken or malicious after review (申诉复核): it stays on record and
  leaves the figures.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import false
from sqlmodel import Session, col, select

from ..domain import masking, text, voice
from ..domain.cases import Status
from ..domain.lifecycle import Action
from ..domain.roles import ADMINS, WRITERS, Role
from ..errors import N_, Conflict, InputError, NotFound, NotPermitted
from ..store.case_tables import Case, CaseEvent
from ..store.database import Database
from ..store.keys import key as row_key
from ..store.voice_tables import FollowUp, Rating, RatingReview, Rectification
from . import audit, followups
from .calendar import calendar_in
from .context import Actor, Clock
from .voice_common import DEFAULTS, VISITOR, local_date, served, setting

RATABLE = frozenset({Status.COMPLETED.value, Status.REPLIED.value, Status.CLOSED.value})
REVIEWERS = frozenset({Role.LEADER})
CLOSERS = frozenset({Role.LEADER, Role.ADMIN})
F_COMMENT = N_("评价意见")


@dataclass(frozen=True)
class RectificationView:
    owner: str
    due_on: date
    status: str  # open | closed
    overdue: bool
    result: str


@dataclass(frozen=True)
class RatingView:
    case_number: str
    matter_name: str
    village: str | None
    owner: str
    level: str
    indicators: Mapping[str, str]  # overall, efficiency, skill, attitude
    channel: str
    comment: str  # masked (ID and phone numbers)
    real_name: bool
    rater: str  # the applicant's masked name when real-name, else ""
    recorded_by: str | None  # None: the visitor at the hall terminal
    at: datetime
    event_id: int
    bad: bool
    ruling: str | None = None  # mistaken | malicious, after a leader's review
    review_reason: str = ""
    reviewed_by: str | None = None
    rectification: RectificationView | None = None
    followup_id: int | None = None
    followup_done: bool = False


@dataclass(frozen=True)
class RatingFigures:
    """What reports count: every rating of the period less those a leader's review took out."""

    rated: int
    by_level: Mapping[str, int] = field(default_factory=dict)
    satisfied: int = 0  # the first three levels
    bad: int = 0
    reviewed_out: int = 0  # ruled mistaken or malicious: not in any figure above
    bad_real_name: int = 0
    bad_real_name_followed_up: int = 0

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def followup_rate(self) -> float | None:
        """Of real-name bad ratings, the share followed up (the rule is 100%)."""
        return self.bad_real_name_followed_up / self.bad_real_name if self.bad_real_name else None


# --- giving a rating --------------------------------------------------------------------------------


def rate_by_visitor(db: Database, clock: Clock, case_number: str, proof_last4: str, level: str,
                    indicators: dict[str, str], comment: str = "", real_name: bool = False) -> RatingView:
    """The visitor's own rating at the hall terminal. A wrong number or proof is one refusal, the same
    for both, so the terminal never tells a stranger which case numbers exist."""
    level, values, comment = _inputs(level, indicators, comment)
    with db.write() as session:
        case = session.exec(select(Case).where(Case.number == (case_number or "").strip())).first()
        if case is None or not voice.proof_matches(proof_last4, case.id_number, case.phone):
            raise InputError(N_("办件编号或证件号码/电话后四位不符"))
        return _insert(session, VISITOR, None, clock, case, "hall", level, values, comment, real_name)


def record_rating(db: Database, actor: Actor, clock: Clock, case_number: str, channel: str, level: str,
                  indicators: dict[str, str] | None = None, comment: str = "", real_name: bool = False) -> RatingView:
    """Staff record a rating the visitor gave by another channel (phone, SMS, QR, paper, at the counter)."""
    actor.require(WRITERS, N_("代录评价"))
    channel = voice.parse_channel(channel)
    if channel in voice.SELF_CHANNELS:
        raise NotPermitted(N_("大厅评价终端的评价只能由办事群众本人作出，工作人员不能代录"))
    level, values, comment = _inputs(level, indicators, comment)
    with db.write() as session:
        case = _load(session, actor, case_number)
        if actor.login in served(session, case):
            raise NotPermitted(N_("{login} 经办了办件 {number}，不能录入对其的评价"), login=actor.login,
                               number=case.number)
        return _insert(session, actor, actor.login, clock, case, channel, level, values, comment, real_name)


def _inputs(level: str, indicators: Mapping[str, str] | None, comment: str) -> tuple[str, dict, str]:
    level = voice.parse_level(level)
    return (level, voice.parse_indicators(indicators, level),
            text.clean(comment, F_COMMENT, required=False, max_len=500, multiline=True))


def _load(session: Session, actor: Actor, number: str) -> Case:
    from .lifecycle import load_case  # the same village rule as every case action

    return load_case(session, actor, number)


def _insert(session: Session, actor: Actor, recorded_by: str | None, clock: Clock, case: Case, channel: str,
            level: str, values: dict[str, str], comment: str, real_name: bool) -> RatingView:
    if case.status not in RATABLE and not (case.status == Status.PENDING_MATERIALS.value and case.notice_id):
        raise InputError(N_("办件 {number} 尚未办结，也未出具一次性告知书，还不能评价"), number=case.number)
    earlier = session.exec(select(CaseEvent.id).where(CaseEvent.case_id == case.id,
                                                      CaseEvent.type == Action.RATE.value)).first()
    if earlier is not None or session.exec(select(Rating.id).where(Rating.case_id == case.id)).first():
        raise Conflict(N_("办件 {number} 已评价过，每件只能评价一次（一次一评）"), number=case.number)
    now = clock.now()
    rater = case.applicant_name if real_name else None
    row = Rating(case_id=row_key(case), level=level, overall=values["overall"], efficiency=values["efficiency"],
                 skill=values["skill"], attitude=values["attitude"], channel=channel, comment=comment,
                 real_name=real_name, rater_name=rater, recorded_by=recorded_by, at=now)
    session.add(row)
    session.flush()
    # The case's history shows the rating as before (an event of type "rate"); the rating row is the record.
    event = CaseEvent(case_id=row_key(case), at=now, actor=actor.login, acting_for=None, type=Action.RATE.value,
                      data=json.dumps({"on": clock.today().isoformat(), "level": level, "channel": channel,
                                       "rating": row.id}, ensure_ascii=False))
    session.add(event)
    session.flush()
    audit.append(session, actor, now, f"case.{Action.RATE.value}", "case", case.number,
                 after={"level": level, "channel": channel, "real_name": real_name, **values})
    if voice.is_bad(level):
        due = calendar_in(session).add_workdays(clock.today(), setting(session, "rectify_days"))
        session.add(Rectification(rating_id=row_key(row), owner=case.owner, due_on=due, status="open", result="",
                                  opened_at=now))
        audit.append(session, actor, now, "rectification.open", "case", case.number,
                     after={"owner": case.owner, "due_on": due.isoformat()})
        followups.schedule_in(session, actor, clock, "rating", case.id, rating_id=row.id)
    session.flush()
    return _view(session, row, case, clock, event.id)


# --- review and rectification ------------------------------------------------------------------------


def review(db: Database, actor: Actor, clock: Clock, case_number: str, ruling: str, reason: str) -> RatingView:
    """申诉复核: the duty leader rules a bad rating mistaken or malicious, with the reason."""
    actor.require(REVIEWERS, N_("复核差评"))
    ruling = voice.parse_ruling(ruling)
    reason = text.clean(reason, N_("复核理由"), max_len=1000, multiline=True)
    with db.write() as session:
        case, row = _rating_of(session, actor, case_number)
        if not voice.is_bad(row.level):
            raise InputError(N_("办件 {number} 的评价为“{level}”，只有差评才能复核"), number=case.number,
                             level=row.level)
        if session.exec(select(RatingReview).where(RatingReview.rating_id == row.id)).first() is not None:
            raise Conflict(N_("办件 {number} 的差评已复核过"), number=case.number)
        session.add(RatingReview(rating_id=row_key(row), leader=actor.login, ruling=ruling, reason=reason,
                                 at=clock.now()))
        audit.append(session, actor, clock.now(), "rating.review", "case", case.number, after={"ruling": ruling})
        session.flush()
        return _view(session, row, case, clock)


def close_rectification(db: Database, actor: Actor, clock: Clock, case_number: str, result: str) -> RatingView:
    """整改 done: by its owner, a leader or an admin, and only once the follow-up visit is recorded."""
    actor.require(WRITERS, N_("办结差评整改"))
    result = text.clean(result, N_("整改结果"), max_len=1000, multiline=True)
    with db.write() as session:
        case, row = _rating_of(session, actor, case_number)
        item = session.exec(select(Rectification).where(Rectification.rating_id == row.id)).first()
        if item is None:
            raise NotFound(N_("办件 {number} 没有整改事项"), number=case.number)
        if actor.role not in CLOSERS and actor.login != item.owner:
            raise NotPermitted(N_("只有整改责任人 {owner}、值班领导或管理员可以办结整改"), owner=item.owner)
        if item.status == "closed":
            raise Conflict(N_("办件 {number} 的整改已办结"), number=case.number)
        visit = session.exec(select(FollowUp).where(FollowUp.rating_id == row.id)).first()
        if visit is None or visit.done_at is None:
            raise Conflict(N_("差评须先回访（回访 {id} 尚未记录），才能办结整改"), id=visit.id if visit else "-")
        item.status, item.result, item.closed_at, item.closed_by = "closed", result, clock.now(), actor.login
        session.add(item)
        audit.append(session, actor, clock.now(), "rectification.close", "case", case.number,
                     after={"owner": item.owner})
        session.flush()
        return _view(session, row, case, clock)


def _rating_of(session: Session, actor: Actor, number: str) -> tuple[Case, Rating]:
    case = _load(session, actor, number)
    row = session.exec(select(Rating).where(Rating.case_id == case.id)).first()
    if row is None:
        raise NotFound(N_("办件 {number} 还没有评价"), number=case.number)
    return case, row


# --- reading -------------------------------------------------------------------------------------------


def get_rating(db: Database, actor: Actor, clock: Clock, case_number: str) -> RatingView:
    with db.read() as session:
        case, row = _rating_of(session, actor, case_number)
        return _view(session, row, case, clock)


def list_ratings(db: Database, actor: Actor, clock: Clock, *, start: date | None = None, end: date | None = None,
                 bad_only: bool = False, limit: int = 500) -> list[RatingView]:
    """Ratings newest first; an agent sees their own village's only, as with cases."""
    with db.read() as session:
        stmt = select(Rating, Case).join(Case, col(Case.id) == col(Rating.case_id)).where(*_scope(actor))
        stmt = _period(stmt, start, end, clock)
        if bad_only:
            stmt = stmt.where(col(Rating.level).in_(sorted(voice.BAD)))
        rows = session.exec(stmt.order_by(col(Rating.at).desc(), col(Rating.id).desc()).limit(limit)).all()
        return [_view(session, r, c, clock) for r, c in rows]


def figures(db: Database, actor: Actor, clock: Clock, *, start: date | None = None,
            end: date | None = None) -> RatingFigures:
    """Counts for the reports (domain.md §10), reviewed-out ratings left out of every one."""
    with db.read() as session:
        # sqlmodel types select() for at most 4 columns (fastapi/sqlmodel#271)
        stmt = (select(Rating.id, Rating.level, Rating.real_name, RatingReview.id, FollowUp.done_at)  # type: ignore[call-overload]
                .join(Case, Case.id == Rating.case_id)
                .outerjoin(RatingReview, RatingReview.rating_id == Rating.id)
                .outerjoin(FollowUp, FollowUp.rating_id == Rating.id)
                .where(*_scope(actor)))
        rows = session.exec(_period(stmt, start, end, clock)).all()
    counted = [r for r in rows if r[3] is None]
    by_level = {lv: sum(1 for r in counted if r[1] == lv) for lv in voice.LEVELS}
    bad_named = [r for r in counted if voice.is_bad(r[1]) and r[2]]
    return RatingFigures(
        rated=len(counted), by_level=by_level, satisfied=sum(by_level[lv] for lv in voice.GOOD),
        bad=sum(by_level[lv] for lv in voice.BAD), reviewed_out=len(rows) - len(counted),
        bad_real_name=len(bad_named), bad_real_name_followed_up=sum(1 for r in bad_named if r[4] is not None),
    )


def configure(db: Database, actor: Actor, clock: Clock, *, rectify_days: int | None = None,
              followup_days: int | None = None, sample_percent: int | None = None) -> dict[str, int]:
    """The office's settings of the public's voice (admins): working days to rectify (5 to 15 by local
    rules), days to a follow-up visit, the share of completed cases sampled. The limits, the checks and the
    audit entry are the office settings' (services/office_settings.py), as on the 设置 screen."""
    from .office_settings import update_office_settings

    actor.require(ADMINS, N_("修改评价与回访设置"))
    wanted = {key: value for key, value in (("rectify_days", rectify_days), ("followup_days", followup_days),
                                            ("followup_sample_percent", sample_percent)) if value is not None}
    now = update_office_settings(db, actor, clock, wanted)
    return {key: getattr(now, key) for key in DEFAULTS}


def _scope(actor: Actor) -> list:
    if actor.role is not Role.AGENT:
        return []
    return [Case.village == actor.village] if actor.village else [false()]


def _period(stmt, start: date | None, end: date | None, clock: Clock):
    tz = clock.now().tzinfo
    if start is not None:
        stmt = stmt.where(Rating.at >= datetime.combine(start, time.min, tz))
    if end is not None:
        stmt = stmt.where(Rating.at < datetime.combine(date.fromordinal(end.toordinal() + 1), time.min, tz))
    return stmt


def _view(session: Session, r: Rating, case: Case, clock: Clock, event_id: int | None = None) -> RatingView:
    if event_id is None:
        event_id = session.exec(select(CaseEvent.id).where(CaseEvent.case_id == case.id,
                                                           CaseEvent.type == Action.RATE.value)
                                .order_by(col(CaseEvent.id).desc())).first() or 0
    rev = session.exec(select(RatingReview).where(RatingReview.rating_id == r.id)).first()
    item = session.exec(select(Rectification).where(Rectification.rating_id == r.id)).first()
    visit = session.exec(select(FollowUp).where(FollowUp.rating_id == r.id)).first()
    today = clock.today()
    rect = None
    if item is not None:
        closed_on = local_date(item.closed_at, clock.now().tzinfo)
        rect = RectificationView(item.owner, item.due_on, item.status,
                                 item.status != "closed" and voice.overdue(item.due_on, closed_on, today), item.result)
    return RatingView(
        case_number=case.number, matter_name=case.matter_name, village=case.village, owner=case.owner,
        level=r.level, indicators={"overall": r.overall, "efficiency": r.efficiency, "skill": r.skill,
                                   "attitude": r.attitude},
        channel=r.channel, comment=masking.text(r.comment), real_name=r.real_name,
        rater=masking.name(r.rater_name or "") if r.real_name else "", recorded_by=r.recorded_by, at=r.at,
        event_id=event_id, bad=voice.is_bad(r.level), ruling=rev.ruling if rev else None,
        review_reason=rev.reason if rev else "", reviewed_by=rev.leader if rev else None, rectification=rect,
        followup_id=visit.id if visit else None, followup_done=bool(visit and visit.done_at is not None),
    )
