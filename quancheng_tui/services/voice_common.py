"""What the ratings, complaints and follow-up services share, always inside their caller's transaction."""

from __future__ import annotations

import json
from datetime import date, datetime, tzinfo
from typing import overload

from sqlmodel import Session, select

from ..domain.lifecycle import Action
from ..domain.roles import Role
from ..store.case_tables import Case, CaseEvent
from ..store.tables import Setting
from .context import Actor

# The visitor at the hall terminal: recorded in the audit trail under this name, never a login of staff
# (staff logins are [a-z0-9_.-]; this one has a colon). Its role only fills the record: nothing checks it.
VISITOR = Actor(login="visitor:hall", name="办事群众", role=Role.SUPERVISOR)

# Office settings of the public's voice, in the `setting` table like the others (JSON values); the
# defaults hold until an admin sets them (ratings.configure).
DEFAULTS = {
    "rectify_days": 5,  # working days to put a bad rating right (domain.md §9: local rules 5 to 15)
    "followup_days": 5,  # working days until a scheduled follow-up visit is due
    "followup_sample_percent": 10,  # share of completed cases sampled for a follow-up visit
}


def setting(session: Session, key: str) -> int:
    row = session.get(Setting, key)
    return int(json.loads(row.value)) if row is not None else int(DEFAULTS[key])


def served(session: Session, case: Case) -> set[str]:
    """Everyone whose service the visitor rates: the owner, who registered it, whoever acted on it or had
    it handed to them. None of them may type in the case's rating nor its follow-up."""
    who = {case.owner, case.registered_by}
    for actor, acting_for, kind, raw in session.exec(
            select(CaseEvent.actor, CaseEvent.acting_for, CaseEvent.type, CaseEvent.data)
            .where(CaseEvent.case_id == case.id, CaseEvent.type != Action.RATE.value)):
        who.add(actor)
        if acting_for:
            who.add(acting_for)
        if kind == Action.HANDOVER.value:
            to = json.loads(raw or "{}").get("to")
            if to:
                who.add(to)
    return who


@overload
def local_date(value: datetime, tz: tzinfo | None) -> date: ...


@overload
def local_date(value: datetime | None, tz: tzinfo | None) -> date | None: ...


def local_date(value: datetime | None, tz: tzinfo | None) -> date | None:
    """The office's day of a stored instant: PostgreSQL returns it aware (in the server's zone), SQLite
    naive in the wall-clock time it was written with."""
    if value is None:
        return None
    if value.tzinfo is None or tz is None:
        return value.date()
    return value.astimezone(tz).date()
