"""Due dates follow the calendar: when a year's official schedule arrives, open cases are re-dated.

A case's `due_on` is a cache of what its events give under the calendar (domain/lifecycle.derive_due).
A provisional year (no official schedule yet) may have been used when it was counted; importing the
official schedule changes the calendar, so every open case whose count can reach that year is counted
again in the import's own transaction, each change audited and recorded as a case event, so that the
applicant can be told (时限变更告知, 004 限时办结制度: the applicant is told of any change of the limit).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ..domain.calendar import Calendar
from ..domain.cases import Status
from ..domain.lifecycle import derive_due
from ..store.case_tables import Case, CaseEvent
from . import audit
from .clock_events import clock_events
from .context import Actor, Clock

# Where a due date still matters: cases not yet done. Completed cases keep the date they were held to.
OPEN = (Status.PENDING_MATERIALS, Status.ACCEPTED, Status.IN_PROGRESS, Status.SUSPENDED, Status.REPORTED_UP)
REDATED = "redated"  # the case event's type


@dataclass(frozen=True)
class DueChange:
    number: str
    owner: str
    old_due: date
    new_due: date
    provisional: bool  # the new date is still 预计 (another year without a schedule is involved)


def redate_open_cases(session: Session, actor: Actor, clock: Clock, cal: Calendar, year: int) -> list[DueChange]:
    """Count again every open case whose due date can depend on `year` (its schedule was just imported);
    returns the ones that moved.

    A count that ends before 1 January of `year` never looked at it, so only cases due in or after
    that year (with a month's margin for a natural-day limit rolled over a holiday) are read.
    """
    today = clock.today()
    since = date(year - 1, 12, 1)
    rows = session.exec(select(Case).where(col(Case.status).in_([s.value for s in OPEN]), col(Case.due_on).is_not(None),
                                           col(Case.due_on) >= since).order_by(col(Case.number))).all()
    changes: list[DueChange] = []
    for case in rows:
        assert case.id is not None and case.due_on is not None  # stored rows, selected for a due date
        result = derive_due(cal, case.received_on, case.limit_days, case.day_kind, clock_events(session, case.id), today)
        if result.due is None or result.due == case.due_on:  # None: a count that cannot end (never stored)
            continue
        old = case.due_on
        change = DueChange(case.number, case.owner, old, result.due, result.provisional)
        changes.append(change)
        case.due_on = result.due
        session.add(case)
        stored = {"on": today.isoformat(), "old_due": old.isoformat(), "new_due": result.due.isoformat(),
                  "calendar_year": year}
        session.add(CaseEvent(case_id=case.id, at=clock.now(), actor=actor.login, acting_for=None,
                              type=REDATED, data=json.dumps(stored, ensure_ascii=False)))
        audit.append(session, actor, clock.now(), "case.redate", "case", case.number,
                     before={"due_on": old.isoformat()},
                     after={"due_on": result.due.isoformat(), "provisional": result.provisional,
                            "calendar_year": year})
    return changes
