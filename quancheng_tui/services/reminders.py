"""Reminders (催办, 003 第34条): overdue and nearly due cases, for their owners and the duty leader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.deadlines import warning_state
from ..domain.roles import APPROVERS, Role
from ..documents.forms import ReminderData
from ..errors import N_, NotPermitted
from ..store.database import Database
from .calendar import calendar
from .cases import list_cases
from .context import Actor, Clock
from .setup import get_setting, office


@dataclass(frozen=True)
class Reminder:
    number: str
    matter_name: str
    applicant: str  # masked
    owner: str
    received_on: date
    due_on: date
    light: str  # red | due_today | yellow
    days_left: int  # working days; negative when overdue


def due_soon(db: Database, actor: Actor, clock: Clock, *, owner: str | None = None,
             within: int | None = None, limit: int = 500) -> list[Reminder]:
    """Open cases overdue or due within `within` working days (default: the office's yellow threshold).

    A leader, admin or supervisor sees everyone's; anyone else only their own cases.
    """
    from ..domain import masking

    if actor.role not in APPROVERS and actor.role is not Role.SUPERVISOR:
        if owner not in (None, actor.login):
            raise NotPermitted(N_("只能查看自己的催办"))
        owner = actor.login
    today = clock.today()
    k = int(get_setting(db, "yellow_within") or 2) if within is None else within
    cal = calendar(db)
    out = []
    for c in list_cases(db, actor, due_within=k, limit=limit, today=today):
        if c.due_on is None or (owner and c.owner != owner) or c.status == "suspended":
            continue
        w = warning_state(cal, c.due_on, today, 1, yellow_within=k)
        if w.light == "green":
            continue
        left = -w.workdays_overdue if w.light == "red" else w.workdays_left
        out.append(Reminder(c.number, c.matter_name, masking.name(c.applicant_name), c.owner, c.received_on,
                            c.due_on, w.light, left))
    return sorted(out, key=lambda r: (r.owner, r.due_on, r.number))


def slip(db: Database, actor: Actor, clock: Clock, reminder: Reminder) -> ReminderData:
    off = office(db)
    return ReminderData(
        office=off.name if off else "", number=f"CB-{reminder.number}", issued_on=clock.today(),
        case_number=reminder.number, matter_name=reminder.matter_name, owner=reminder.owner,
        due_on=reminder.due_on, days_left=reminder.days_left, applicant=reminder.applicant,
        received_on=reminder.received_on, issued_by=actor.name,
    )
