"""The events a case's due date is counted from, read inside the caller's transaction.

One reading for every place that counts a due date again (an action, a re-dating on a calendar import),
so that they can never disagree about which events count.
"""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, col, select

from ..domain.lifecycle import Action, ClockEvent
from ..store.case_tables import CaseEvent

CLOCK_ACTIONS = frozenset({Action.SUSPEND, Action.RESUME, Action.CORRECT, Action.EXTEND})


def clock_rows(session: Session, case_id: int) -> list[CaseEvent]:
    """The case's events of the CLOCK_ACTIONS kinds, in order."""
    return list(session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id,
                                                     col(CaseEvent.type).in_([a.value for a in CLOCK_ACTIONS]))
                             .order_by(col(CaseEvent.id))).all())


def clock_events(session: Session, case_id: int) -> list[ClockEvent]:
    return to_clock_events(clock_rows(session, case_id))


def to_clock_events(rows: list[CaseEvent]) -> list[ClockEvent]:
    out = []
    for r in rows:
        data = json.loads(r.data)
        if r.type == Action.CORRECT.value and data.get("remaining"):
            continue  # a partial correction: the count starts only once the file is complete
        out.append(ClockEvent(Action(r.type), date.fromisoformat(data["on"]), int(data.get("days", 0))))
    return out
