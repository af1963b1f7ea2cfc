"""Reminders (催办, 003 第34条): overdue and nearly due cases, for their owners and the duty leader.

A slip per case (``slip``) or, what an office prints each morning, one sheet per 全程办事人 listing
all their cases at once (``owner_slips``): each owner signs one sheet, the duty leader sees them all.
The office's phones on them come from ``services.forms.contacts`` as on every form.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from sqlmodel import col, select

from ..documents.forms import ReminderData, ReminderItem, ReminderListData
from ..domain.deadlines import warning_state
from ..domain.roles import APPROVERS, Role
from ..errors import N_, NotPermitted
from ..store.database import Database
from ..store.tables import Staff
from .calendar import calendar
from .cases import list_cases
from .context import Actor, Clock
from .forms import contacts
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
    late = list_cases(db, actor, overdue=True, limit=limit, today=today)
    soon = list_cases(db, actor, due_within=k, limit=limit, today=today)  # not yet late
    for c in late + soon:
        if c.due_on is None or (owner and c.owner != owner) or c.status == "suspended":
            continue
        w = warning_state(cal, c.due_on, today, 1, yellow_within=k)
        if w.light == "green":
            continue
        left = -w.workdays_overdue if w.light == "red" else w.workdays_left
        out.append(Reminder(c.number, c.matter_name, masking.name(c.applicant_name), c.owner, c.received_on,
                            c.due_on, w.light, left))
    return sorted(out, key=lambda r: (r.owner, r.due_on, r.number))


def _names(db: Database, logins: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(logins))
    if not wanted:
        return {}
    with db.read() as session:
        return dict(session.exec(select(Staff.login, Staff.name).where(col(Staff.login).in_(wanted))).all())


def _who(names: dict[str, str], login: str) -> str:
    name = names.get(login)
    return f"{name}（{login}）" if name and name != login else login


def slip(db: Database, actor: Actor, clock: Clock, reminder: Reminder) -> ReminderData:
    off = office(db)
    return ReminderData(
        office=off.name if off else "", number=f"CB-{reminder.number}", issued_on=clock.today(),
        case_number=reminder.number, matter_name=reminder.matter_name,
        owner=_who(_names(db, [reminder.owner]), reminder.owner),
        due_on=reminder.due_on, days_left=reminder.days_left, applicant=reminder.applicant,
        received_on=reminder.received_on, issued_by=actor.name, overdue=reminder.light == "red",
        contacts=contacts(off),
    )


def owner_number(owner: str, day: date) -> str:
    """CB-<owner login>-<YYYYMMDD>: one sheet per owner and day."""
    return f"CB-{owner}-{day:%Y%m%d}"


def owner_slips(db: Database, actor: Actor, clock: Clock, reminders: Sequence[Reminder]) -> list[ReminderListData]:
    """One 催办单 per owner of the given reminders (as ``due_soon`` returned them), owners in login order."""
    off = office(db)
    today = clock.today()
    names = _names(db, (r.owner for r in reminders))
    out = []
    for owner, mine in groupby(sorted(reminders, key=lambda r: (r.owner, r.due_on, r.number)), key=lambda r: r.owner):
        items = tuple(ReminderItem(r.number, r.matter_name, r.applicant, r.received_on, r.due_on, r.days_left,
                                   r.light) for r in mine)
        out.append(ReminderListData(
            office=off.name if off else "", number=owner_number(owner, today), issued_on=today,
            owner=names.get(owner, owner), owner_login=owner, items=items, issued_by=actor.name,
            contacts=contacts(off),
        ))
    return out
