"""Acting on a registered case: every action is one event, one transaction, one audit entry.

The status follows the state machine (domain/lifecycle.py); the due date is
derived again from all the case's events after each action.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import object_session
from sqlmodel import Session, col, select

from ..domain import joint, text, validators
from ..domain.cases import Category, Kind, Status, parse_enum, propose
from ..domain.deadlines import check_promised_limit
from ..domain.lifecycle import (
    APPLICANT,
    CAUSES,
    CLOCK_RUNS,
    Action,
    check_extension,
    check_kind,
    correction,
    derive_due,
    next_status,
)
from ..domain.roles import APPROVERS, WRITERS, Role
from ..errors import N_, InputError, NotFound, NotPermitted
from ..store.case_tables import Case, CaseEvent, CaseMaterial
from ..store.database import Database
from ..store.keys import key
from ..store.tables import Matter, Staff
from . import audit, roster
from .calendar import calendar
from .cases import DEFAULT_LIMIT_DAYS  # 004 第二篇 限时办结 第一条: 3 working days when no limit is set
from .clock_events import CLOCK_ACTIONS, clock_events
from .context import Actor, Clock

SUSPEND_REASONS = ("听证", "招标", "拍卖", "检验", "检测", "勘测", "检疫", "鉴定", "专家评审")
REPLY_METHODS = {"in_person": N_("当面"), "phone": N_("电话"), "written": N_("书面")}
FINAL = {Status.CLOSED, Status.WITHDRAWN, Status.REJECTED, Status.TRANSFERRED}
# What an action decided, copied into its audit entry; free text (notes, reasons, results) stays in the case
# event only, since it may name the applicant and the audit trail is exported and verified far more widely.
AUDITED_FIELDS = frozenset({"to", "unit", "step", "days", "limit_days", "day_kind", "method", "level", "approved_by",
                            "late_notice", "cause", "kind", "received", "remaining"})


@dataclass(frozen=True)
class ActionResult:
    number: str
    status: str
    due_on: date | None
    event_id: int


def load_case(session: Session, actor: Actor, number: str) -> Case:
    """A case the actor may see; an agent never learns of other villages' cases."""
    row = session.exec(select(Case).where(Case.number == number.strip())).first()
    if row is None or (actor.role is Role.AGENT and row.village != actor.village):
        raise NotFound(N_("办件“{number}”不存在"), number=number)
    return row


def _current_handler(session: Session, case_id: int) -> str | None:
    ev = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.type == Action.HANDOVER.value)
                      .order_by(col(CaseEvent.id).desc()).limit(1)).first()
    return json.loads(ev.data).get("to") if ev else None


def _may_act(session: Session, actor: Actor, case: Case, action: Action, acting: frozenset[str]) -> Actor:
    """The actor as the event records them: standing in for the owner only when the roster says so today.

    A claimed `acting_for` is never trusted: the B post is whoever the A/B roster names while A is away.
    """
    actor.require(WRITERS, N_("办理案件"))
    actor = replace(actor, acting_for=case.owner if case.owner in acting and actor.login != case.owner else None)
    if actor.role in APPROVERS or actor.login == case.owner or actor.acting_for:
        return actor
    if action in (Action.PROGRESS, Action.COMPLETE, Action.JOINT_STEP) and _current_handler(session, key(case)) == actor.login:
        return actor
    raise NotPermitted(N_("只有全程办事人 {owner}、其 B 岗（A 岗不在时）、值班领导或交办的办理人可以办理此案件"),
                       owner=case.owner)


def _matter(session: Session, case: Case) -> Matter | None:
    return session.get(Matter, case.matter_id) if case.matter_id is not None else None


def _promised_limit(matter: Matter | None, kind: Kind) -> int:
    """The limit of a case that becomes accepted as `kind`: the matter's promised limit, else the default."""
    if kind is Kind.INSTANT:
        return 0
    limit = (matter.promised_days if matter else 0) or DEFAULT_LIMIT_DAYS
    check_promised_limit(limit, matter.statutory_days if matter else 0)
    return limit


def _cause(data: dict) -> str:
    cause = str(data.get("cause") or "office").strip()
    if cause not in CAUSES:
        raise InputError(N_("原因须为 applicant（申请人原因）或 office（本中心原因）"))
    return cause


def _correct(session: Session, case: Case, data: dict, out: dict) -> None:
    """补正: tick off the materials brought; with none missing, the case is accepted as the matter's kind
    and its limit counts from the day after the correction (domain.md §5)."""
    rows = session.exec(select(CaseMaterial).where(CaseMaterial.case_id == case.id)
                        .order_by(col(CaseMaterial.position))).all()
    missing = [m.code for m in rows if m.required and not m.received]
    done = correction(missing, data.get("materials", ()))
    for m in rows:
        if m.code in done.received:
            m.received = True
            session.add(m)
    out["received"] = list(done.received)
    out["remaining"] = list(done.remaining)
    if done.complete:
        matter = _matter(session, case)
        kind = propose(case.category if case.category in (Category.OWN.value, Category.JOINT.value)
                       else Category.OWN.value, matter.kind if matter else None, 0, True).kind or Kind.PROMISED
        out["kind"] = kind.value
        out["limit_days"] = _promised_limit(matter, kind)


def _session_of(case: Case) -> Session:
    """The transaction that holds the case: every case here came from ``load_case`` inside ``db.write``."""
    session = object_session(case)
    assert isinstance(session, Session), "the case is attached to the sqlmodel Session that loaded it"
    return session


def _joint_steps(case: Case) -> joint.JointSteps:
    """The units' steps so far, read in the transaction that holds the case."""
    session = _session_of(case)
    rows = session.exec(select(CaseEvent.type, CaseEvent.data).where(
        CaseEvent.case_id == case.id, col(CaseEvent.type).in_(["registered", Action.JOINT_STEP.value]))
        .order_by(col(CaseEvent.id))).all()
    units: list[str] = []
    events = []
    for kind, raw in rows:
        data = json.loads(raw or "{}")
        if kind == "registered":
            units = list(data.get("units", ()))
        elif (ev := joint.JointEvent.from_data(data)) is not None:
            events.append(ev)
    return joint.fold(units, events)


def _joint_step(data: dict, case: Case, today: date) -> dict:
    """One unit's 联办环节 (domain/joint.py), refused unless it fits the unit's steps so far."""
    if case.category != Category.JOINT.value:
        raise InputError(N_("办件 {number} 不是联办件，没有联办环节"), number=case.number)
    steps = _joint_steps(case)
    unit = text.clean(str(data.get("unit") or ""), joint.F_UNIT, max_len=200)
    steps.of(unit)  # one of the case's units, named in the refusal
    step = parse_enum(joint.Step, text.clean(str(data.get("step") or ""), joint.F_STEP, max_len=16), joint.F_STEP)
    joint.check_move(steps, unit, step)
    out: dict = {"unit": unit, "step": step.value}
    if step is joint.Step.START:
        raw = str(data.get("limit_days") or "").strip()
        if not raw.isdecimal():  # int() reads these, full-width digits included
            raise InputError(N_("{field}须为 1 到 {max} 之间的整数"), field=joint.F_LIMIT, max=joint.MAX_LIMIT_DAYS)
        out["limit_days"] = int(raw)
        out["day_kind"] = str(data.get("day_kind") or case.day_kind)
    elif step is joint.Step.HANDOVER:
        out["contact"] = text.clean(str(data.get("contact") or ""), joint.F_CONTACT, max_len=100)
        phone = text.clean(str(data.get("phone") or ""), joint.F_PHONE, max_len=30)
        out["phone"] = validators.phone(phone, field=joint.F_PHONE)
    # a progress entry is its note; the other steps may go without one
    out["note"] = text.clean(str(data.get("note") or ""), N_("说明"), required=step is joint.Step.PROGRESS,
                             max_len=1000, multiline=True)
    joint.advance(steps, joint.JointEvent(unit, step, today, out.get("limit_days", 0),
                                          out.get("day_kind", "working"), out.get("contact", ""),
                                          out.get("phone", ""), out["note"]))
    return out


def _joint_all_finished(case: Case) -> None:
    """A 联办件 is done only once every unit that took it up is done or handed over (000 三(三):
    联办件须在协办完…流程或…办理移交手续前方为办结); a unit never started does not hold it."""
    unfinished = _joint_steps(case).unfinished
    if unfinished:
        raise InputError(N_("联办单位尚未办结或移交：{units}；各单位办结后才能办结本案"), units="、".join(unfinished))


def _check(action: Action, data: dict, case: Case, actor: Actor, approver: Actor | None, db: Database,
           today: date) -> dict:
    """Validate the action's own fields; returns what the event stores."""
    out: dict[str, object] = {"on": today.isoformat()}
    if action is Action.HANDOVER:
        out["to"] = text.login(data.get("to", ""))
        out["note"] = text.clean(data.get("note", ""), N_("交接说明"), required=False, max_len=500)
    elif action is Action.SUSPEND:
        reason = data.get("reason", "")
        cause = _cause(data)
        if cause == APPLICANT:  # the applicant's own delay (004 限时办结 第九条): their reason, in words
            reason = text.clean(str(reason), N_("事由"), max_len=200)
        elif reason not in SUSPEND_REASONS:
            raise InputError(N_("中止计时的事由须为：{allowed}"), allowed="、".join(SUSPEND_REASONS))
        out["reason"] = reason
        out["cause"] = cause
        out["note"] = text.clean(data.get("note", ""), N_("说明"), required=False, max_len=500)
    elif action is Action.EXTEND:
        days = int(data.get("days", 0))
        if days <= 0:
            raise InputError(N_("延长天数须为正整数"))
        if case.due_on is not None and today > case.due_on:
            raise InputError(N_("期限已过（{due}），不能再延期"), due=case.due_on.isoformat())
        out["days"] = days
        out["reason"] = text.clean(data.get("reason", ""), N_("延期理由"), max_len=500)
        out["basis"] = text.clean(data.get("basis", ""), N_("延期依据"), max_len=500)
    elif action is Action.REPORT_UP:
        out["to"] = text.clean(data.get("to", ""), N_("上报单位"), max_len=200)
    elif action in (Action.REPORT_ANSWER, Action.PROGRESS):
        out["note"] = text.clean(data.get("note", ""), N_("内容"), max_len=1000, multiline=True)
    elif action is Action.JOINT_STEP:
        out.update(_joint_step(data, case, today))
    elif action is Action.COMPLETE:
        out["result"] = text.clean(data.get("result", ""), N_("办理结果"), max_len=1000, multiline=True)
        if case.category == Category.JOINT.value:
            _joint_all_finished(case)
    elif action is Action.REPLY:
        method = data.get("method", "")
        if method not in REPLY_METHODS:
            raise InputError(N_("回复方式须为 in_person（当面）、phone（电话）或 written（书面）"))
        out["method"] = method
        out["note"] = text.clean(data.get("note", ""), N_("回复内容"), required=False, max_len=1000, multiline=True)
    elif action in (Action.REJECT, Action.TRANSFER, Action.WITHDRAW):
        out["reason"] = text.clean(data.get("reason", ""), N_("理由"), max_len=500)
        if action is Action.REJECT:
            out["basis"] = text.clean(data.get("basis", ""), N_("法律依据"), max_len=500)
        if action is Action.TRANSFER:
            out["unit"] = text.clean(data.get("unit", ""), N_("承办单位"), max_len=200)
        else:
            out["cause"] = _cause(data)
    elif action is Action.RECLASSIFY:
        out["reason"] = text.clean(data.get("reason", ""), N_("理由"), max_len=500, multiline=True)
        out["kind"] = Kind.PROMISED.value
        out["from"] = case.kind
        out["limit_days"] = _promised_limit(_matter(_session_of(case), case), Kind.PROMISED)
    elif action is Action.CORRECT:
        _correct(_session_of(case), case, data, out)
    return out


def _rate(db: Database, actor: Actor, clock: Clock, number: str, data: dict) -> ActionResult:
    """评价 from the case screen or `case act rate`: staff recording what the visitor said by another
    channel, through services/ratings.py (one per case, never by whoever served the case)."""
    from . import ratings

    view = ratings.record_rating(db, actor, clock, number, str(data.get("channel") or ""),
                                 str(data.get("level") or ""), data.get("indicators"),
                                 str(data.get("comment") or ""), bool(data.get("real_name")))
    with db.read() as session:
        case = load_case(session, actor, number)
        return ActionResult(case.number, case.status, case.due_on, view.event_id)


def act(db: Database, actor: Actor, clock: Clock, number: str, action: Action, data: dict | None = None,
        approver: Actor | None = None) -> ActionResult:
    data = dict(data or {})
    if action is Action.RATE:  # one rule for every rating, whichever screen or command gives it
        return _rate(db, actor, clock, number, data)
    today = clock.today()
    cal = calendar(db)  # read before the write transaction: it may import nothing, but it reads
    acting = roster.acting_for(db, actor.login, today)
    with db.write() as session:
        case = load_case(session, actor, number)
        actor = _may_act(session, actor, case, action, acting)
        status = Status(case.status)
        new_status = next_status(status, action)
        check_kind(case.kind, action)
        stored = _check(action, data, case, actor, approver, db, today)
        if action is Action.CORRECT and stored["remaining"]:
            new_status = Status.PENDING_MATERIALS  # still incomplete: the rest is listed, the clock waits
        if "kind" in stored:  # a correction that completes the file, or a 即办件 reclassified
            case.kind = stored["kind"]
            case.limit_days = stored["limit_days"]
        if action is Action.HANDOVER:
            target = session.exec(select(Staff).where(Staff.login == stored["to"], Staff.active == True)).first()  # noqa: E712
            if target is None:
                raise NotFound(N_("工作人员“{login}”不存在"), login=stored["to"])
        before = {"status": case.status, "due_on": case.due_on.isoformat() if case.due_on else None}
        event = CaseEvent(case_id=key(case), at=clock.now(), actor=actor.login, acting_for=actor.acting_for,
                          type=action.value, data=json.dumps(stored, ensure_ascii=False))
        session.add(event)
        session.flush()
        if new_status is not Status.PENDING_MATERIALS and (action in CLOCK_ACTIONS or new_status in CLOCK_RUNS):
            events = clock_events(session, key(case))
            received = case.received_on
            if case.limit_days or case.due_on is not None or "kind" in stored:
                if action is not Action.EXTEND:
                    due = derive_due(cal, received, case.limit_days, case.day_kind, events, today).due
                else:  # check_extension counts the new due date itself, with the law's limits beside it
                    if approver is None and actor.role is Role.LEADER:
                        approver = actor  # the duty leader who extends approves by doing so
                    matter = _matter(session, case)
                    rules = check_extension(cal, received, case.limit_days, case.day_kind, events, today,
                                            case.due_on, case.statutory_days,
                                            matter.statutory_extension_days if matter else 0)
                    leader = approver is not None and approver.role is Role.LEADER
                    if rules.past_statutory and not leader:
                        raise NotPermitted(N_("延期后超过法定期限（{legal}），须值班领导批准（行政许可法第四十二条）"),
                                           legal=rules.legal.isoformat() if rules.legal else "")
                    if rules.late_notice and not leader:
                        assert case.due_on is not None, "check_extension: a notice is late only against a due date"
                        raise NotPermitted(N_("距办结期限（{due}）已不足 3 个工作日，延期属告知不及时，须值班领导批准"
                                              "（004 限时办结 第三条）"), due=case.due_on.isoformat())
                    if rules.late_notice:
                        stored["late_notice"] = True
                    if approver is not None:
                        stored["approved_by"] = approver.login
                    event.data = json.dumps(stored, ensure_ascii=False)
                    due = rules.due
                case.due_on = due
        case.status = new_status.value
        if new_status in FINAL and case.closed_at is None:
            case.closed_at = clock.now()
        session.add(case)
        audit.append(session, actor, clock.now(), f"case.{action.value}", "case", case.number,
                     before=before, after={"status": case.status,
                                           "due_on": case.due_on.isoformat() if case.due_on else None,
                                           **{k: v for k, v in stored.items() if k in AUDITED_FIELDS}})
        return ActionResult(case.number, case.status, case.due_on, key(event))
