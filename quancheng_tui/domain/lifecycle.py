"""The case state machine and the deadline derived from a case's events (domain.md §3, §5).

Every change of a case is an event; the status follows from the action, and
the due date is recomputed from the events (suspensions, a correction,
extensions), never edited in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Iterable, Sequence

from ..errors import N_, InputError
from .calendar import Calendar
from .cases import STATUS_LABELS, Status
from .deadlines import DueResult, Suspension, due_date


class Action(str, Enum):
    HANDOVER = "handover"  # 交办
    PROGRESS = "progress"  # 记录进展
    CORRECT = "correct"  # 补正齐全
    SUSPEND = "suspend"  # 中止计时
    RESUME = "resume"  # 恢复计时
    EXTEND = "extend"  # 延期
    REPORT_UP = "report_up"  # 上报
    REPORT_ANSWER = "report_answer"  # 上级答复
    JOINT_STEP = "joint_step"  # 联办环节
    TRANSFER = "transfer"  # 移办
    COMPLETE = "complete"  # 办结
    REPLY = "reply"  # 回复
    SIGN_OFF = "sign_off"  # 协办日志签字、销号
    WITHDRAW = "withdraw"  # 撤回
    REJECT = "reject"  # 退回
    RATE = "rate"  # 评价


ACTION_LABELS = {
    Action.HANDOVER: N_("交办"), Action.PROGRESS: N_("记录进展"), Action.CORRECT: N_("补正齐全"),
    Action.SUSPEND: N_("中止计时"), Action.RESUME: N_("恢复计时"), Action.EXTEND: N_("延期"),
    Action.REPORT_UP: N_("上报"), Action.REPORT_ANSWER: N_("登记上级答复"), Action.JOINT_STEP: N_("联办环节"),
    Action.TRANSFER: N_("移办"), Action.COMPLETE: N_("办结"), Action.REPLY: N_("回复"),
    Action.SIGN_OFF: N_("签字销号"), Action.WITHDRAW: N_("撤回"), Action.REJECT: N_("退回"), Action.RATE: N_("评价"),
}

S = Status
_WORKING = {S.ACCEPTED, S.IN_PROGRESS}
# action -> {from status: to status}; None as target keeps the status.
TRANSITIONS: dict[Action, dict[Status, Status | None]] = {
    Action.HANDOVER: {S.ACCEPTED: S.IN_PROGRESS, S.IN_PROGRESS: None, S.REPORTED_UP: None},
    Action.PROGRESS: {S.ACCEPTED: S.IN_PROGRESS, S.IN_PROGRESS: None, S.REPORTED_UP: None, S.SUSPENDED: None},
    Action.CORRECT: {S.PENDING_MATERIALS: S.ACCEPTED},
    Action.SUSPEND: {S.ACCEPTED: S.SUSPENDED, S.IN_PROGRESS: S.SUSPENDED},
    Action.RESUME: {S.SUSPENDED: S.IN_PROGRESS},
    Action.EXTEND: {S.ACCEPTED: None, S.IN_PROGRESS: None, S.REPORTED_UP: None},
    Action.REPORT_UP: {S.ACCEPTED: S.REPORTED_UP, S.IN_PROGRESS: S.REPORTED_UP},
    Action.REPORT_ANSWER: {S.REPORTED_UP: S.IN_PROGRESS},
    Action.JOINT_STEP: {S.ACCEPTED: S.IN_PROGRESS, S.IN_PROGRESS: None},
    Action.TRANSFER: {S.PENDING_MATERIALS: S.TRANSFERRED, S.ACCEPTED: S.TRANSFERRED, S.IN_PROGRESS: S.TRANSFERRED},
    Action.COMPLETE: {S.ACCEPTED: S.COMPLETED, S.IN_PROGRESS: S.COMPLETED, S.REPORTED_UP: S.COMPLETED},
    Action.REPLY: {S.COMPLETED: S.REPLIED, S.REJECTED: None, S.TRANSFERRED: None},
    Action.SIGN_OFF: {S.REPLIED: S.CLOSED},
    Action.WITHDRAW: {s: S.WITHDRAWN for s in (S.PENDING_MATERIALS, S.ACCEPTED, S.IN_PROGRESS, S.SUSPENDED,
                                               S.REPORTED_UP)},
    Action.REJECT: {S.PENDING_MATERIALS: S.REJECTED, S.ACCEPTED: S.REJECTED, S.IN_PROGRESS: S.REJECTED},
    Action.RATE: {S.COMPLETED: None, S.REPLIED: None, S.CLOSED: None},
}
assert all(_WORKING <= set(TRANSITIONS[a]) for a in (Action.COMPLETE, Action.SUSPEND))

# Where the office's clock runs: a case in these statuses is on the board with a light.
CLOCK_RUNS = frozenset({S.ACCEPTED, S.IN_PROGRESS, S.REPORTED_UP})


def next_status(status: Status, action: Action) -> Status:
    allowed = TRANSITIONS[action]
    if status not in allowed:
        raise InputError(N_("案件状态为“{status}”，不能{action}"), status=STATUS_LABELS[status], action=ACTION_LABELS[action])
    target = allowed[status]
    return status if target is None else target


def allowed_actions(status: Status) -> list[Action]:
    return [a for a, table in TRANSITIONS.items() if status in table]


@dataclass(frozen=True)
class ClockEvent:
    """The part of an event the deadline depends on."""

    action: Action
    on: date
    days: int = 0  # extension


def suspensions(events: Sequence[ClockEvent], today: date) -> list[Suspension]:
    """Suspend on S, resume on R: days S..R-1 are not counted; still suspended: S..today."""
    out: list[Suspension] = []
    start: date | None = None
    for e in events:
        if e.action is Action.SUSPEND and start is None:
            start = e.on
        elif e.action is Action.RESUME and start is not None:
            if e.on > start:
                out.append(Suspension(start, e.on - timedelta(days=1)))
            start = None
    if start is not None and today >= start:
        out.append(Suspension(start, today))
    return out


def derive_due(cal: Calendar, received: date, limit_days: int, day_kind: str,
               events: Iterable[ClockEvent], today: date) -> DueResult:
    evs = list(events)
    corrected = [e.on for e in evs if e.action is Action.CORRECT]
    return due_date(
        cal, received, limit_days, day_kind,
        suspensions(evs, today),
        corrected_on=corrected[-1] if corrected else None,
        extensions=[e.days for e in evs if e.action is Action.EXTEND],
    )
