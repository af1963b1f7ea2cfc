"""The extension notice (延长办理期限告知书) of a case: what the applicant is told when the limit is extended.

An extension must be told to the applicant in writing with its reason, basis and new date
(domain.md §5; 004 限时办结 第三条、第九条). The dates are derived again from the case's events up to
the extension, so a notice printed later still states the dates as they were on that day, even
after a later suspension or a second extension moved the due date again.
"""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import col, select

from ..documents.forms import ExtensionNoticeData
from ..domain.lifecycle import Action, derive_due
from ..domain.roles import Role
from ..errors import N_, Conflict, NotFound
from ..store.database import Database
from ..store.tables import Staff
from .calendar import calendar
from .clock_events import clock_rows, to_clock_events
from .context import Actor, Clock
from .forms.content import applicant_on_form
from .lifecycle import load_case
from .setup import office


def notice_number(case_number: str, sequence: int) -> str:
    """YQ-<case number>-<n>: the n-th extension of that case."""
    return f"YQ-{case_number}-{sequence}"


def extension_notice(db: Database, actor: Actor, clock: Clock, number: str,
                     event_id: int | None = None) -> ExtensionNoticeData:
    """The notice of the case's latest extension, or of the extension event ``event_id``.

    Anyone who may see the case may print it (a village agent only for their own village). The
    notice is dated the day of the extension, not the day it is printed: a reprint is the same notice.
    ``clock`` is unused for that reason; it keeps the signature of the other document services.
    """
    cal = calendar(db)
    off = office(db)
    with db.read() as session:
        case = load_case(session, actor, number)
        assert case.id is not None  # a stored row
        rows = clock_rows(session, case.id)
        extensions = [r for r in rows if r.type == Action.EXTEND.value]
        if not extensions:
            raise NotFound(N_("办件 {number} 没有延期记录"), number=case.number)
        found = extensions[-1] if event_id is None else next((r for r in extensions if r.id == event_id), None)
        if found is None:
            raise NotFound(N_("办件 {number} 没有编号为 {event} 的延期记录"), number=case.number, event=event_id)
        if not case.limit_days and case.due_on is None:
            raise Conflict(N_("办件 {number} 没有办结期限，无从延期"), number=case.number)
        chosen = found
        data = json.loads(chosen.data or "{}")
        on = date.fromisoformat(data["on"])
        upto = rows[: rows.index(chosen) + 1]  # rows come in id order
        events = to_clock_events(upto)
        # The due date just before and just after this extension, as the lifecycle computed them that day.
        before = derive_due(cal, case.received_on, case.limit_days, case.day_kind, events[:-1], on).due
        after = derive_due(cal, case.received_on, case.limit_days, case.day_kind, events, on).due
        staff = {login: (name, role) for login, name, role in session.exec(
            select(Staff.login, Staff.name, Staff.role)
            .where(col(Staff.login).in_([chosen.actor, data.get("approved_by") or chosen.actor])))}
        approver = data.get("approved_by")
        if approver is None and staff.get(chosen.actor, ("", ""))[1] == Role.LEADER.value:
            approver = chosen.actor  # a duty leader who extends a case approves it by doing so
        return ExtensionNoticeData(
            office=off.name if off else "",
            number=notice_number(case.number, extensions.index(chosen) + 1),
            issued_on=on,
            applicant=applicant_on_form(case),  # in full, as on the receipt: the applicant keeps it
            matter_name=case.matter_name, matter_code=case.matter_code, case_number=case.number,
            received_on=case.received_on, original_due_on=before, new_due_on=after,
            days=int(data.get("days", 0)), working_days=case.day_kind == "working",
            reason=data.get("reason", ""), basis=data.get("basis", ""),
            approved_by=staff.get(approver, (approver or "",))[0] if approver else "",
            clerk=staff.get(chosen.actor, (chosen.actor,))[0],
            phone=off.phone if off else "", complaint_phone=off.complaint_phone if off else "",
        )
