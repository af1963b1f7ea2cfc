"""Plain, frozen records of cases, handed to screens and the CLI instead of ORM rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..domain import joint, masking
from ..domain.calendar import Calendar
from ..domain.lifecycle import CLOCK_RUNS, Action, ClockEvent, suspensions

ALL_MATERIALS = "all"


@dataclass(frozen=True)
class RegistrationInput:
    """What the counter (screen or `case register`) hands to `register_case`.

    A person gives `name` and, for a 受理件 or 联办件, `id_number`; an organisation
    gives `org_name` and `credit_code` (`contact`/`phone` for the person who came).
    `materials` is the codes brought, or ``"all"``. `kind`/`category` override the
    proposal; any override needs `reason`, a 退回件 also `basis`. A 移办件 names where
    to go (`transfer_unit`, default: the matter's competent unit).
    """

    matter_code: str
    applicant_type: str = "person"  # person | org
    name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    village: str | None = None
    org_name: str = ""
    credit_code: str = ""
    contact: str = ""
    mode: str | None = None  # counter | proxy | accompany | advise | door | appointment; None: by role
    materials: Sequence[str] | str = ALL_MATERIALS
    received_on: date | None = None  # default: today
    kind: str | None = None  # override: notice | instant | promised | report_up | rejected
    category: str | None = None  # override: own | joint | transfer
    reason: str = ""
    basis: str = ""
    transfer_unit: str = ""
    transfer_contact: str = ""
    # 登记并办结: a 即办件 done at the counter (003 第24条) is registered and completed in one go, with this result
    result: str = ""


@dataclass(frozen=True)
class CaseMaterialView:
    code: str
    name: str
    form: str
    copies: int
    required: bool
    received: bool


@dataclass(frozen=True)
class CaseEventView:
    at: datetime
    actor: str
    acting_for: str | None
    type: str
    data: dict = field(hash=False, compare=False)


@dataclass(frozen=True)
class JointStepView:
    """One other unit's part of a 联办件 (domain/joint.py), with its light while it works."""

    unit: str
    state: str  # waiting | working | done | handed
    limit_days: int
    day_kind: str
    started_on: date | None
    due_on: date | None
    done_on: date | None
    handed_to: str | None  # the next unit, once handed over
    contact: str  # the next unit's contact it was handed to
    phone: str
    notes: tuple[str, ...]
    light: str | None = None  # green | yellow | due_today | red; None unless working on a running clock
    days_left: int = 0
    days_overdue: int = 0
    late: bool = False  # finished after its due date

    def as_json(self, mask: bool = False) -> dict[str, Any]:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "unit": self.unit, "state": self.state, "limit_days": self.limit_days, "day_kind": self.day_kind,
            "started_on": iso(self.started_on), "due_on": iso(self.due_on), "done_on": iso(self.done_on),
            "handed_to": self.handed_to, "contact": masking.name(self.contact) if mask else self.contact,
            "phone": masking.phone(self.phone) if mask else self.phone, "notes": list(self.notes),
            "light": self.light, "late": self.late,
        }


def joint_step_views(units: Sequence[str], events: Sequence[CaseEventView], status: str, cal: Calendar | None,
                     today: date | None, yellow_within: int = 2) -> tuple[tuple[JointStepView, ...], str | None]:
    """The units' steps of a 联办件 and the unit next in line, from the case's events.

    Without a calendar (a case just registered: no unit has started) there are no due dates.
    A unit's light shows only while the case's clock runs, as the case's own light does.
    """
    jevs = [j for e in events if e.type == Action.JOINT_STEP.value
            for j in (joint.JointEvent.from_data(e.data),) if j is not None]
    if cal is None or today is None:
        steps = joint.fold(units, jevs)
    else:
        clock = [ClockEvent(Action(e.type), date.fromisoformat(e.data["on"])) for e in events
                 if e.type in (Action.SUSPEND.value, Action.RESUME.value) and "on" in e.data]
        steps = joint.derive(cal, units, jevs, suspensions(clock, today))
    running = status in {s.value for s in CLOCK_RUNS}
    out = []
    for s in steps.steps:
        w = joint.light(cal, s, today, yellow_within) if running and cal is not None and today else None
        out.append(JointStepView(
            s.unit, s.state.value, s.limit_days, s.day_kind, s.started_on, s.due_on, s.done_on, s.handed_to,
            s.contact, s.phone, s.notes, w.light if w else None, w.workdays_left if w else 0,
            w.workdays_overdue if w else 0, s.late))
    return tuple(out), steps.next_unit


@dataclass(frozen=True)
class CaseView:
    number: str
    matter_code: str
    matter_name: str
    category: str
    kind: str | None
    status: str
    mode: str
    applicant_type: str
    applicant_name: str  # the person, or the organisation's name
    id_number: str
    phone: str
    address: str
    village: str | None
    org_name: str
    credit_code: str
    contact: str
    received_on: date
    registered_at: datetime
    registered_by: str
    owner: str
    owner_name: str
    limit_days: int
    statutory_days: int
    day_kind: str
    due_on: date | None
    closed_at: datetime | None
    reason: str
    basis: str
    materials: tuple[CaseMaterialView, ...]
    missing_materials: tuple[str, ...]  # codes of required materials not received (受理件/联办件 only)
    notice_number: str | None
    warnings: tuple[str, ...]  # msgids, e.g. a credit code whose check character does not match
    window: str = ""
    units: tuple[str, ...] = ()  # 联办件: the other units; 移办件: the competent unit first
    unit_address: str = ""
    unit_phone: str = ""
    transfer_contact: str = ""
    events: tuple[CaseEventView, ...] = ()
    joint_steps: tuple[JointStepView, ...] = ()  # 联办件: one per unit of `units`, in that order
    next_unit: str | None = None  # 联办件: the first unit not started yet
    # The due date was counted through a year without the official holiday schedule (预计, domain.md §5).
    due_provisional: bool = False
    # Done (or, while open, still) within the limit; the applicant's own delay counts as on time
    # (004 限时办结 第九条, domain/lifecycle.on_time). None: no limit, or no day to judge by.
    on_time: bool | None = None

    def applicant_display(self, mask: bool) -> str:
        if self.applicant_type == "org":
            return masking.org_name(self.applicant_name)
        return masking.name(self.applicant_name) if mask else self.applicant_name

    def as_json(self, mask: bool = False) -> dict[str, Any]:
        """cli-contract.md keys first; personal data masked with ``mask``."""
        m = masking
        return {
            "number": self.number,
            "matter": self.matter_code,
            "matter_name": self.matter_name,
            "category": self.category,
            "kind": self.kind,
            "status": self.status,
            "received_on": self.received_on.isoformat(),
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "provisional": self.due_provisional,
            "on_time": self.on_time,
            "owner": self.owner,
            "missing_materials": list(self.missing_materials),
            "registered_by": self.registered_by,
            "registered_at": self.registered_at.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "mode": self.mode,
            "limit_days": self.limit_days,
            "day_kind": self.day_kind,
            "village": self.village,
            "applicant": {
                "type": self.applicant_type,
                "name": self.applicant_display(mask),
                "id_number": m.id_number(self.id_number) if mask else self.id_number,
                "phone": m.phone(self.phone) if mask else self.phone,
                "address": m.address(self.address) if mask else self.address,
                "org_name": self.org_name,
                "credit_code": self.credit_code,
                "contact": m.name(self.contact) if mask else self.contact,
            },
            "materials": [
                {"code": x.code, "name": x.name, "form": x.form, "copies": x.copies, "required": x.required,
                 "received": x.received} for x in self.materials
            ],
            "notice_number": self.notice_number,
            "warnings": list(self.warnings),
            "reason": self.reason,
            "basis": self.basis,
            "units": list(self.units),
            "joint_steps": [j.as_json(mask) for j in self.joint_steps],
            "next_unit": self.next_unit,
        }


@dataclass(frozen=True)
class CaseSummary:
    """One line of a case list."""

    number: str
    matter_code: str
    matter_name: str
    category: str
    kind: str | None
    status: str
    mode: str
    applicant_type: str
    applicant_name: str
    village: str | None
    received_on: date
    due_on: date | None
    owner: str
    provisional: bool = False  # due_on is 预计: counted through a year without the official schedule

    def as_dict(self, mask: bool = True) -> dict[str, Any]:
        name = self.applicant_name
        if mask and self.applicant_type != "org":
            name = masking.name(name)
        return {
            "number": self.number, "matter": self.matter_code, "matter_name": self.matter_name,
            "category": self.category, "kind": self.kind, "status": self.status, "mode": self.mode,
            "applicant": name, "village": self.village, "received_on": self.received_on,
            "due_on": self.due_on, "provisional": self.provisional, "owner": self.owner,
        }
