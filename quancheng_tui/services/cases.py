"""Registering cases at the counter (登记), reading and listing them, the consultation ledger.

One code path for the registration screen and `quancheng case register`:
everything the clerk typed is checked before the write transaction opens, then
the case, its own copy of the materials list, the first event of its timeline,
the one-time notice of a 提示件 and the audit entry are written in ONE
transaction, together with the case number taken from the gap-free counter.
A refused registration therefore consumes no number.

The date in the case number (`{office}-{YYYYMMDD}-{NNNN}`) is the day of
registration (clock.today()), not `received_on`: numbers of one day are then
consecutive in the order the cases were registered, even when a clerk enters
materials received the day before. `received_on` is what the deadline counts from.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ..domain import masking, registration, text, validators
from ..domain.calendar import Calendar
from ..domain.cases import OPEN_STATUSES, Category, Kind, Mode, Status, parse_enum
from ..domain.lifecycle import Action, case_on_time
from ..domain.registration import DEFAULT_LIMIT_DAYS, Refusal
from ..domain.roles import WRITERS, Role
from ..errors import N_, InputError, NotFound, NotPermitted
from ..store.case_tables import Case, CaseEvent, CaseMaterial, Notice
from ..store.database import Database
from ..store.keys import key
from ..store.tables import Matter, Staff, Village
from . import audit, notices
from .calendar import calendar, calendar_in
from .case_views import (
    ALL_MATERIALS,
    CaseEventView,
    CaseMaterialView,
    CaseSummary,
    CaseView,
    JointStepView,
    RegistrationInput,
    joint_step_views,
)
from .catalog import get_matter
from .catalog_views import MaterialView, MatterView
from .context import Actor, Clock
from .numbering import next_number
from .setup import get_setting

__all__ = [
    "ALL_MATERIALS",
    "DEFAULT_LIMIT_DAYS",
    "CaseEventView",
    "CaseMaterialView",
    "CaseSummary",
    "CaseView",
    "RegistrationInput",
    "get_case",
    "list_cases",
    "log_consultation",
    "register_case",
]

F_MATTER = N_("事项编码")
F_NAME = N_("申请人姓名")
F_ORG = N_("单位名称")
F_CONTACT = N_("联系人")
F_ADDRESS = N_("住址")
F_VILLAGE = N_("所属村（社区）")
F_MODE = N_("办理方式")
F_TYPE = N_("申请人类型")
F_MATERIAL = N_("材料编码")
F_RECEIVED = N_("收件日期")
F_KIND = N_("办件类型")
F_CATEGORY = N_("办件分类")
F_REASON = registration.REASON_FIELD
F_BASIS = registration.BASIS_FIELD
F_UNIT = N_("承办单位")
F_UNIT_CONTACT = N_("承办单位对接人")
F_NUMBER = N_("办件编号")
F_QUESTION = N_("咨询问题")
F_ANSWER = N_("答复内容")
F_RESULT = N_("办理结果")


# --- registration ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """A registration checked in full, ready to be written."""

    matter: MatterView
    applicant_type: str
    name: str
    id_number: str
    phone: str
    address: str
    village: str | None
    org_name: str
    credit_code: str
    contact: str
    mode: Mode
    received: frozenset[str]
    received_on: date
    category: Category
    kind: Kind | None
    status: Status
    limit_days: int
    due_on: date | None
    reason: str
    basis: str
    proposal: dict
    overrides: dict
    missing: tuple[MaterialView, ...]
    notice_late: bool
    warnings: tuple[str, ...]
    units: tuple[str, ...]
    unit_address: str
    unit_phone: str
    transfer_contact: str
    result: str = ""  # 登记并办结: the result of a 即办件 completed at the counter


def _opt(value: str | None, field: str, max_len: int, *, multiline: bool = False) -> str:
    return text.clean(value or "", field, required=False, max_len=max_len, multiline=multiline)


def _materials(matter: MatterView, brought: Sequence[str] | str) -> frozenset[str]:
    """Codes of the matter's materials brought; matched ignoring case; unknown codes refused."""
    if isinstance(brought, str):
        if brought.strip().lower() == ALL_MATERIALS:
            return frozenset(m.code for m in matter.materials)
        brought = [c for c in brought.split(",")]
    by_upper = {m.code.upper(): m.code for m in matter.materials}
    out = set()
    for raw in brought:
        code = _opt(raw, F_MATERIAL, 32)
        if not code:
            continue
        if code.upper() not in by_upper:
            raise InputError(N_("事项 {matter} 没有材料“{code}”"), matter=matter.code, code=code)
        out.add(by_upper[code.upper()])
    return frozenset(out)


def _check_village(db: Database, actor: Actor, value: str | None) -> str | None:
    village = _opt(value, F_VILLAGE, 32) or None
    if actor.role is Role.AGENT:
        village = village or actor.village
        if village != actor.village:
            raise NotPermitted(N_("村代办员只能为本村（{village}）的群众登记办件"), village=actor.village or "")
    if village is not None:
        with db.read() as session:
            if session.exec(select(Village.id).where(Village.code == village)).first() is None:
                raise NotFound(N_("村（社区）“{code}”不存在"), code=village)
    return village


def _applicant(data: RegistrationInput, applicant_type: str, category: Category,
               today: date) -> tuple[str, str, str, str, str, str, tuple[str, ...]]:
    """(name, id_number, phone, org_name, credit_code, contact, warnings).

    A person needs a name, and an ID number for a 受理件 or 联办件; an organisation its name,
    and its credit code for those. A credit code failing its check is kept, with a warning.
    """
    need_id = category in (Category.OWN, Category.JOINT)
    phone_raw = _opt(data.phone, validators.PHONE_FIELD, 30)
    if applicant_type == "org":
        org_name = text.clean(data.org_name, F_ORG, max_len=200)
        raw_code = _opt(data.credit_code, validators.CREDIT_FIELD, 40)
        warnings: tuple[str, ...] = ()
        code = ""
        if raw_code or need_id:
            result = validators.credit_code(raw_code)
            code, warnings = result.code, result.warnings
        contact = _opt(data.contact or data.name, F_CONTACT, 100)
        phone = validators.phone(phone_raw) if phone_raw else ""
        return org_name, "", phone, org_name, code, contact, warnings
    name = text.clean(data.name, F_NAME, max_len=100)
    raw_id = _opt(data.id_number, validators.ID_FIELD, 40)
    id_number = validators.id_number(raw_id, today=today) if (raw_id or need_id) else ""
    phone = validators.phone(phone_raw) if phone_raw else ""
    contact = _opt(data.contact, F_CONTACT, 100)
    return name, id_number, phone, "", "", contact, ()


def _category(matter: MatterView, value: str | None) -> Category:
    raw = _opt(value, F_CATEGORY, 16)
    category = parse_enum(Category, raw, F_CATEGORY) if raw else Category(matter.category)
    if category is Category.CONSULT:
        raise InputError(N_("咨询不登记为办件，请用咨询登记"))
    return category


def _classify(matter: MatterView, received: frozenset[str], category: Category, kind_value: str | None,
              reason: str, basis: str) -> registration.Registration[MaterialView]:
    """The rules of domain.registration (category already chosen), then the clerk's choices checked:
    any change of the proposal needs a reason; a 退回件 also its legal basis."""
    kind_raw = _opt(kind_value, F_KIND, 16)
    wanted = parse_enum(Kind, kind_raw, F_KIND) if kind_raw else None
    if category is Category.TRANSFER and wanted is not None:
        raise InputError(N_("移办件没有{field}"), field=F_KIND)
    rules = registration.classify(matter, received, category, wanted)
    refusal = registration.override_refusal(rules.overridden, rules.kind, rules.complete, reason, basis)
    if refusal is Refusal.REASON:
        raise InputError(N_("改变系统建议的办件分类或类型，须填写{field}"), field=F_REASON)
    if refusal is Refusal.BASIS:
        raise InputError(N_("退回件须写明{field}"), field=F_BASIS)
    if refusal is Refusal.NOTICE_COMPLETE:
        raise InputError(N_("材料已齐全，无需出具一次性告知书"))
    return rules


def _prepare(db: Database, actor: Actor, today: date, data: RegistrationInput) -> _Plan:
    code = text.code(_opt(data.matter_code, F_MATTER, 32), F_MATTER)
    matter = get_matter(db, code)
    if not matter.active:
        raise InputError(N_("事项 {code} 已停用"), code=matter.code)
    if actor.role is Role.AGENT and not matter.village:
        raise NotPermitted(N_("事项 {code} 不由村代办员受理"), code=matter.code)
    applicant_type = _opt(data.applicant_type, F_TYPE, 8) or "person"
    if applicant_type not in ("person", "org"):
        raise InputError(N_("{field}应为 person（个人）或 org（单位）"), field=F_TYPE)
    # In the order of the form: the first field in error is the one named.
    category = _category(matter, data.category)
    name, id_number, phone, org_name, credit_code, contact, warnings = _applicant(data, applicant_type, category, today)
    address = _opt(data.address, F_ADDRESS, 300)
    village = _check_village(db, actor, data.village)
    mode_raw = _opt(data.mode, F_MODE, 16)
    mode = parse_enum(Mode, mode_raw, F_MODE) if mode_raw else (
        Mode.PROXY if actor.role is Role.AGENT else Mode.COUNTER)
    received = _materials(matter, data.materials)
    received_on = data.received_on or today
    if received_on > today:
        raise InputError(N_("{field}不能晚于今天"), field=F_RECEIVED)
    reason = _opt(data.reason, F_REASON, 1000, multiline=True)
    basis = _opt(data.basis, F_BASIS, 1000, multiline=True)
    rules = _classify(matter, received, category, data.kind, reason, basis)
    proposal, kind, status = rules.proposal, rules.kind, rules.status
    overrides: dict = {}
    if category is not proposal.category:
        overrides["category"] = category.value
    if kind is not proposal.kind:
        overrides["kind"] = kind.value if kind else None
    result = _opt(data.result, F_RESULT, 1000, multiline=True)
    if result and (kind is not Kind.INSTANT or status is not Status.ACCEPTED):
        raise InputError(N_("只有材料齐全的即办件可以登记并当场办结（003 第24条）"))
    due, late = None, False
    if rules.needs_calendar:
        cal = calendar(db)
        counted = registration.due(rules, matter, cal, received_on)
        due = counted.due if counted is not None else None
        late = registration.notice_late(rules, cal, received_on, today)

    units, unit_address, unit_phone = matter.units, matter.unit_address, matter.unit_phone
    transfer_contact = ""
    if category is Category.TRANSFER:
        unit = _opt(data.transfer_unit, F_UNIT, 200)
        transfer_contact = _opt(data.transfer_contact, F_UNIT_CONTACT, 100)
        units, unit_address, unit_phone = registration.transfer_to(matter, unit)
        if not units:
            raise InputError(N_("移办件须写明{field}"), field=F_UNIT)
        received = frozenset()  # the office takes nothing in: the applicant goes elsewhere
    return _Plan(
        matter=matter, applicant_type=applicant_type, name=name, id_number=id_number, phone=phone,
        address=address, village=village, org_name=org_name, credit_code=credit_code, contact=contact,
        mode=mode, received=received, received_on=received_on, category=category, kind=kind, status=status,
        limit_days=rules.limit_days, due_on=due, reason=reason, basis=basis,
        proposal={"category": proposal.category.value, "kind": proposal.kind.value if proposal.kind else None,
                  "status": proposal.status.value, "limit_days": proposal.limit_days},
        overrides=overrides, missing=rules.recorded_missing,
        notice_late=late, warnings=warnings, units=units, unit_address=unit_address, unit_phone=unit_phone,
        transfer_contact=transfer_contact, result=result,
    )


def _masked_applicant(plan: _Plan) -> dict:
    return {
        "type": plan.applicant_type,
        "name": masking.org_name(plan.name) if plan.applicant_type == "org" else masking.name(plan.name),
        "id_number": masking.id_number(plan.id_number),
        "phone": masking.phone(plan.phone),
        "address": masking.address(plan.address),
        "credit_code": plan.credit_code,
        "contact": masking.name(plan.contact),
    }


def register_case(db: Database, actor: Actor, clock: Clock, data: RegistrationInput) -> CaseView:
    """Register a case (登记): checks everything, then writes it all in one transaction."""
    actor.require(WRITERS, N_("登记办件"))
    today = clock.today()
    plan = _prepare(db, actor, today, data)
    matter = plan.matter
    with db.write() as session:
        number = next_number(session, notices.office_code(session), today)
        now = clock.now()
        notice_row = None
        if plan.kind is Kind.NOTICE:
            notice_row = notices.issue_in_session(
                session, actor, clock, matter, plan.missing, plan.name, plan.id_number, plan.phone,
                plan.received_on, plan.notice_late)
        closed = plan.status in (Status.TRANSFERRED, Status.REJECTED)
        row = Case(
            number=number, matter_id=session.exec(select(Matter.id).where(Matter.code == matter.code)).first(),
            matter_code=matter.code, matter_name=matter.name, category=plan.category.value,
            kind=plan.kind.value if plan.kind else None, status=plan.status.value, mode=plan.mode.value,
            applicant_type=plan.applicant_type, applicant_name=plan.name, id_number=plan.id_number,
            phone=plan.phone, address=plan.address, village=plan.village, org_name=plan.org_name,
            credit_code=plan.credit_code, contact=plan.contact, received_on=plan.received_on,
            registered_at=now, registered_by=actor.login, owner=actor.login, limit_days=plan.limit_days,
            statutory_days=matter.statutory_days, day_kind=matter.day_kind, due_on=plan.due_on,
            closed_at=now if closed else None, reason=plan.reason, basis=plan.basis,
            notice_id=notice_row.id if notice_row is not None else None,
        )
        session.add(row)
        session.flush()
        for pos, m in enumerate(matter.materials):
            session.add(CaseMaterial(case_id=key(row), position=pos, code=m.code, name=m.name, form=m.form,
                                     copies=m.copies, required=m.required, received=m.code in plan.received))
        event = {
            "proposal": plan.proposal, "overrides": plan.overrides, "reason": plan.reason, "basis": plan.basis,
            "category": plan.category.value, "kind": plan.kind.value if plan.kind else None,
            "status": plan.status.value, "limit_days": plan.limit_days,
            "due_on": plan.due_on.isoformat() if plan.due_on else None,
            "missing": [m.code for m in plan.missing],
            "notice": notice_row.number if notice_row is not None else None,
            "warnings": list(plan.warnings), "window": matter.window, "units": list(plan.units),
            "unit_address": plan.unit_address, "unit_phone": plan.unit_phone,
            "transfer_contact": plan.transfer_contact,
        }
        session.add(CaseEvent(case_id=key(row), at=now, actor=actor.login, acting_for=actor.acting_for,
                              type="registered", data=json.dumps(event, ensure_ascii=False)))
        audit.append(session, actor, now, "case.register", "case", number, after={
            "matter": matter.code, "category": plan.category.value,
            "kind": plan.kind.value if plan.kind else None, "status": plan.status.value,
            "mode": plan.mode.value, "village": plan.village, "received_on": plan.received_on.isoformat(),
            "due_on": plan.due_on.isoformat() if plan.due_on else None, "owner": actor.login,
            "applicant": _masked_applicant(plan), "received": sorted(plan.received),
            "missing": event["missing"], "notice": event["notice"], "proposal": plan.proposal,
            "overrides": plan.overrides, "reason": plan.reason, "basis": plan.basis,
            "warnings": list(plan.warnings),
        })
        if plan.result:  # 登记并办结: the 即办件 is done at the counter, in the same transaction
            session.add(CaseEvent(case_id=key(row), at=now, actor=actor.login, acting_for=actor.acting_for,
                                  type=Action.COMPLETE.value, data=json.dumps({"on": today.isoformat(), "result": plan.result},
                                                                   ensure_ascii=False)))
            row.status = Status.COMPLETED.value
            session.add(row)
            audit.append(session, actor, now, "case.complete", "case", number,
                         before={"status": plan.status.value, "due_on": event["due_on"]},
                         after={"status": row.status, "due_on": event["due_on"], "at_counter": True})
        session.flush()
        return _view(session, row, today=today)


# --- consultations (咨询 / 首问登记) ---------------------------------------------------------


def log_consultation(db: Database, actor: Actor, clock: Clock, name: str, phone: str = "",
                     matter_code: str | None = None, question: str = "", answer: str = "",
                     *, village: str | None = None) -> CaseView:
    """A question only (咨询): a closed case of category consult in the same number series, so the
    first-inquiry ledger (004 首问负责制 第二条) and the statistics count it like any other visit."""
    actor.require(WRITERS, N_("登记咨询"))
    today = clock.today()
    who = text.clean(name, F_NAME, max_len=100)
    phone_raw = _opt(phone, validators.PHONE_FIELD, 30)
    tel = validators.phone(phone_raw) if phone_raw else ""
    matter = None
    code = _opt(matter_code, F_MATTER, 32)
    if code:
        matter = get_matter(db, text.code(code, F_MATTER))
    q = text.clean(question, F_QUESTION, max_len=2000, multiline=True)
    a = _opt(answer, F_ANSWER, 2000, multiline=True)
    where = _check_village(db, actor, village)
    mode = Mode.ADVISE if actor.role is Role.AGENT else Mode.COUNTER
    with db.write() as session:
        number = next_number(session, notices.office_code(session), today)
        now = clock.now()
        row = Case(
            number=number, matter_id=session.exec(select(Matter.id).where(Matter.code == matter.code)).first()
            if matter else None, matter_code=matter.code if matter else "", matter_name=matter.name if matter else "",
            category=Category.CONSULT.value, kind=None, status=Status.CLOSED.value, mode=mode.value,
            applicant_type="person", applicant_name=who, phone=tel, village=where, received_on=today,
            registered_at=now, registered_by=actor.login, owner=actor.login, due_on=None, closed_at=now,
            limit_days=0, statutory_days=0, day_kind="working", reason="", basis="",
        )
        session.add(row)
        session.flush()
        session.add(CaseEvent(case_id=key(row), at=now, actor=actor.login, acting_for=actor.acting_for,
                              type="consulted", data=json.dumps({"question": q, "answer": a}, ensure_ascii=False)))
        audit.append(session, actor, now, "case.consult", "case", number, after={
            "matter": matter.code if matter else None, "village": where, "owner": actor.login,
            "applicant": {"name": masking.name(who), "phone": masking.phone(tel)},
        })
        session.flush()
        return _view(session, row)


# --- reading -----------------------------------------------------------------------------------


def _view(session: Session, row: Case, cal: Calendar | None = None, today: date | None = None,
          yellow_within: int = 2) -> CaseView:
    """The case as a frozen record; a 联办件's unit steps get due dates and lights only with `cal`."""
    mats = session.exec(select(CaseMaterial).where(CaseMaterial.case_id == row.id)
                        .order_by(col(CaseMaterial.position))).all()
    events = session.exec(select(CaseEvent).where(CaseEvent.case_id == row.id).order_by(col(CaseEvent.id))).all()
    notice = None
    if row.notice_id:
        notice_row = session.get(Notice, row.notice_id)
        assert notice_row is not None, "Case.notice_id is a foreign key to the notice"
        notice = notice_row.number
    owner_name = session.exec(select(Staff.name).where(Staff.login == row.owner)).first() or row.owner
    ev = tuple(CaseEventView(e.at, e.actor, e.acting_for, e.type, json.loads(e.data or "{}")) for e in events)
    reg = next((e.data for e in ev if e.type == "registered"), {})
    materials = tuple(CaseMaterialView(m.code, m.name, m.form, m.copies, m.required, m.received) for m in mats)
    missing: tuple[str, ...] = ()
    if row.category in (Category.OWN.value, Category.JOINT.value):
        missing = tuple(m.code for m in materials if m.required and not m.received)
    units = tuple(reg.get("units", ()))
    joint_steps: tuple[JointStepView, ...] = ()
    next_unit: str | None = None
    if row.category == Category.JOINT.value:
        joint_steps, next_unit = joint_step_views(units, ev, row.status, cal, today, yellow_within)
    return CaseView(
        number=row.number, matter_code=row.matter_code, matter_name=row.matter_name, category=row.category,
        kind=row.kind, status=row.status, mode=row.mode, applicant_type=row.applicant_type,
        applicant_name=row.applicant_name, id_number=row.id_number, phone=row.phone, address=row.address,
        village=row.village, org_name=row.org_name, credit_code=row.credit_code, contact=row.contact,
        received_on=row.received_on, registered_at=row.registered_at, registered_by=row.registered_by,
        owner=row.owner, owner_name=owner_name, limit_days=row.limit_days, statutory_days=row.statutory_days,
        day_kind=row.day_kind, due_on=row.due_on, closed_at=row.closed_at, reason=row.reason, basis=row.basis,
        materials=materials, missing_materials=missing, notice_number=notice,
        warnings=tuple(reg.get("warnings", ())), window=reg.get("window", ""), units=units,
        unit_address=reg.get("unit_address", ""), unit_phone=reg.get("unit_phone", ""),
        transfer_contact=reg.get("transfer_contact", ""), events=ev, joint_steps=joint_steps, next_unit=next_unit,
        due_provisional=row.due_on is not None and (cal or calendar_in(session)).provisional(row.received_on,
                                                                                            row.due_on),
        on_time=case_on_time(row.due_on, [(e.type, e.data) for e in ev], today) if today else None,
    )


def _not_found(number: str) -> NotFound:
    return NotFound(N_("办件“{number}”不存在"), number=number)


def get_case(db: Database, actor: Actor, number: str, *, today: date | None = None) -> CaseView:
    """A case by its number. A village agent sees only their village's: any other is 'not found'.

    `today` (default: the system date) dates the lights of a 联办件's units."""
    wanted = text.clean(number, F_NUMBER, max_len=40)
    cal = calendar(db)  # read before the case: one transaction at a time
    try:
        yellow = int(get_setting(db, "yellow_within"))
    except (TypeError, ValueError):
        yellow = 2
    with db.read() as session:
        row = session.exec(select(Case).where(Case.number == wanted)).first()
        if row is None and wanted != wanted.upper():
            row = session.exec(select(Case).where(Case.number == wanted.upper())).first()
        if row is None or (actor.role is Role.AGENT and row.village != actor.village):
            raise _not_found(wanted)
        return _view(session, row, cal, today or date.today(), yellow)


_SUMMARY_COLS = (Case.number, Case.matter_code, Case.matter_name, Case.category, Case.kind, Case.status,
                 Case.mode, Case.applicant_type, Case.applicant_name, Case.village, Case.received_on,
                 Case.due_on, Case.owner)


def list_cases(db: Database, actor: Actor, *, status: str | None = None, kind: str | None = None,
               overdue: bool = False, due_within: int | None = None, village: str | None = None,
               limit: int = 100, offset: int = 0, today: date | None = None) -> list[CaseSummary]:
    """One page of cases, ordered by due date (none last) then number, filtered in SQL.

    `overdue`: open cases whose due date is before `today`; `due_within` N: open cases due on or
    before the N-th working day after `today` and not yet overdue. A village agent sees only
    their own village's cases.
    """
    today = today or date.today()
    if not 1 <= limit <= 10_000:
        raise InputError(N_("{field}应在 1 到 10000 之间"), field=N_("条数"))
    if offset < 0:
        raise InputError(N_("{field}不能为负数"), field=N_("起始位置"))
    # sqlmodel types select() for at most 4 columns (fastapi/sqlmodel#271)
    stmt = select(*_SUMMARY_COLS)  # type: ignore[call-overload]
    if status:
        stmt = stmt.where(Case.status == parse_enum(Status, _opt(status, N_("状态"), 20), N_("状态")).value)
    if kind:
        stmt = stmt.where(Case.kind == parse_enum(Kind, _opt(kind, F_KIND, 16), F_KIND).value)
    where = _opt(village, F_VILLAGE, 32) or None
    if actor.role is Role.AGENT:
        if where is not None and where != actor.village:
            raise NotPermitted(N_("村代办员只能查看本村（{village}）的办件"), village=actor.village or "")
        where = actor.village
    if where is not None:
        stmt = stmt.where(Case.village == where)
    open_values = sorted(s.value for s in OPEN_STATUSES)
    if overdue:
        stmt = stmt.where(col(Case.status).in_(open_values), col(Case.due_on) < today)
    if due_within is not None:
        if due_within < 0:
            raise InputError(N_("{field}不能为负数"), field=N_("到期工作日数"))
        cutoff = calendar(db).add_workdays(today, due_within)
        stmt = stmt.where(col(Case.status).in_(open_values), col(Case.due_on) >= today, col(Case.due_on) <= cutoff)
    stmt = stmt.order_by(col(Case.due_on).asc().nulls_last(), col(Case.number)).offset(offset).limit(limit)
    cal = calendar(db)
    with db.read() as session:
        return [CaseSummary(r.number, r.matter_code, r.matter_name, r.category, r.kind, r.status, r.mode,
                            r.applicant_type, r.applicant_name, r.village, r.received_on, r.due_on, r.owner,
                            r.due_on is not None and cal.provisional(r.received_on, r.due_on))
                for r in session.exec(stmt)]
