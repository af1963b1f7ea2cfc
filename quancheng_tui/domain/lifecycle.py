"""The case state machine and the deadline derived from a case's events (domain.md §3, §5).

Every change of a case is an event; the status follows from the action, and
the due date is recomputed from the events (suspensions, a correction,
extensions), never edited in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from ..errors import N_, InputError
from .calendar import Calendar
from .cases import STATUS_LABELS, Kind, Status
from .deadlines import DueResult, Suspension, due_date, extension_is_late


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
    RECLASSIFY = "reclassify"  # 即办件改为承诺件


ACTION_LABELS = {
    Action.HANDOVER: N_("交办"), Action.PROGRESS: N_("记录进展"), Action.CORRECT: N_("补正齐全"),
    Action.SUSPEND: N_("中止计时"), Action.RESUME: N_("恢复计时"), Action.EXTEND: N_("延期"),
    Action.REPORT_UP: N_("上报"), Action.REPORT_ANSWER: N_("登记上级答复"), Action.JOINT_STEP: N_("联办环节"),
    Action.TRANSFER: N_("移办"), Action.COMPLETE: N_("办结"), Action.REPLY: N_("回复"),
    Action.SIGN_OFF: N_("签字销号"), Action.WITHDRAW: N_("撤回"), Action.REJECT: N_("退回"), Action.RATE: N_("评价"),
    Action.RECLASSIFY: N_("改为承诺件"),
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
    Action.RECLASSIFY: {S.ACCEPTED: None, S.IN_PROGRESS: None},
}
assert all(set(TRANSITIONS[a]) >= _WORKING for a in (Action.COMPLETE, Action.SUSPEND))

# Where the office's clock runs: a case in these statuses is on the board with a light.
CLOCK_RUNS = frozenset({S.ACCEPTED, S.IN_PROGRESS, S.REPORTED_UP})


def next_status(status: Status, action: Action) -> Status:
    allowed = TRANSITIONS[action]
    if status not in allowed:
        raise InputError(N_("案件状态为“{status}”，不能{action}"), status=STATUS_LABELS[status], action=ACTION_LABELS[action])
    target = allowed[status]
    return status if target is None else target


def allowed_actions(status: Status, kind: str | None = None) -> list[Action]:
    """The actions the state machine allows; with `kind`, less those the handling kind forbids (check_kind)."""
    out = [a for a, table in TRANSITIONS.items() if status in table]
    if kind is not None:
        out = [a for a in out if _kind_allows(kind, a)]
    return out


def _kind_allows(kind: str | None, action: Action) -> bool:
    try:
        check_kind(kind, action)
    except InputError:
        return False
    return True


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


# --- rules of the handling kind (domain.md §5) --------------------------------------------------

# An instant case (即办件) is done at the counter the same day (000 三(一); 003 第24条): never extended
# nor reported up; one that cannot be finished is reclassified as a promised case, with a reason.
INSTANT_FORBIDDEN = {
    Action.EXTEND: N_("即办件当场办结，不能延期（003 第24条）；不能当场办结的，请先改为承诺件"),
    Action.REPORT_UP: N_("即办件当场办结，不能上报（003 第24条）；不能当场办结的，请先改为承诺件"),
}


def check_kind(kind: str | None, action: Action) -> None:
    """Refuse an action the case's handling kind forbids (after the state machine allowed it)."""
    if kind == Kind.INSTANT.value and action in INSTANT_FORBIDDEN:
        raise InputError(INSTANT_FORBIDDEN[action])
    if action is Action.RECLASSIFY and kind != Kind.INSTANT.value:
        raise InputError(N_("只有即办件可以改为承诺件（003 第24条、第25条）"))


# --- correction (补正) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """What a 补正 brought and what is still missing; the case is accepted only once nothing is."""

    received: tuple[str, ...]
    remaining: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.remaining

    @property
    def status(self) -> Status:
        return S.ACCEPTED if self.complete else S.PENDING_MATERIALS


def correction(missing: Sequence[str], brought: Sequence[str] | str) -> Correction:
    """Tick the materials brought off the missing ones (codes matched ignoring case; "all": every one).

    A code that is not missing is refused, naming what is; so is a correction that brings nothing.
    """
    by_key = {m.casefold(): m for m in missing}
    if isinstance(brought, str):
        if brought.strip().casefold() == "all":
            return Correction(tuple(missing), ())
        brought = brought.replace("，", ",").split(",")
    got: list[str] = []
    for raw in brought:
        code = str(raw).strip()
        if not code:
            continue
        if code.casefold() not in by_key:
            raise InputError(N_("材料“{code}”不在所缺材料之中（缺：{missing}）"), code=code,
                             missing="、".join(missing) or "-")
        if by_key[code.casefold()] not in got:
            got.append(by_key[code.casefold()])
    if not got:
        raise InputError(N_("补正须列出收到的材料（缺：{missing}）"), missing="、".join(missing) or "-")
    return Correction(tuple(got), tuple(m for m in missing if m not in got))


# --- extensions (延期) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtensionCheck:
    due: date  # the due date after the extension
    late_notice: bool  # asked within the last 3 working days (004 限时办结 第三条): needs a leader
    past_statutory: bool  # past the statutory limit, within the statutory extension: needs a leader
    legal: date | None = None  # the due date at the statutory limit (None: the law sets none)


def check_extension(cal: Calendar, received: date, limit_days: int, day_kind: str, events: Sequence[ClockEvent],
                    today: date, current_due: date | None, statutory_days: int,
                    statutory_extension_days: int) -> ExtensionCheck:
    """The rules of an extension, `events` including the one asked for (domain.md §5).

    - never past the statutory limit plus the statutory extension (行政许可法 第四十二条: 20 + 10):
      refused outright, whoever approves; a matter without a statutory extension stops at its statutory
      limit; a matter without a statutory limit (0) has no ceiling;
    - past the statutory limit, or asked on the due day or within the 3 working days before it (a late
      notice, 004 限时办结 第三条: 到期前3天告知), it needs a leader.
    """
    due = derive_due(cal, received, limit_days, day_kind, events, today).due
    past, legal = False, None
    if statutory_days:
        plain = [e for e in events if e.action is not Action.EXTEND]
        legal = derive_due(cal, received, statutory_days, day_kind, plain, today).due
        ceiling = derive_due(cal, received, statutory_days + statutory_extension_days, day_kind, plain, today).due
        if due > ceiling:
            if statutory_extension_days:
                raise InputError(N_("延期后超过法定期限加法定延长期限（{ceiling}），不能延期（行政许可法第四十二条）"),
                                 ceiling=ceiling.isoformat())
            raise InputError(N_("延期后超过法定期限（{legal}），本事项没有法定延长期限，不能延期（行政许可法第四十二条）"),
                             legal=legal.isoformat())
        past = due > legal
    late = current_due is not None and extension_is_late(cal, today, current_due)
    return ExtensionCheck(due, late, past, legal)


# --- on time (按时办结) ----------------------------------------------------------------------------

APPLICANT = "applicant"  # the `cause` of a suspension or an ending the applicant caused
CAUSES = (APPLICANT, "office")
CAUSE_ACTIONS = frozenset({Action.SUSPEND, Action.WITHDRAW, Action.REJECT})
ENDINGS = frozenset({Action.COMPLETE, Action.WITHDRAW, Action.REJECT, Action.TRANSFER})


def on_time(due: date | None, finished_on: date | None, today: date, *, applicant_delay: bool = False) -> bool | None:
    """Whether a case counts as done on time: None without a due date; delay caused by the applicant
    counts as on time (004 限时办结 第九条); otherwise finished (or, while open, today) by the due date."""
    if due is None:
        return None
    if applicant_delay:
        return True
    return (finished_on or today) <= due


def case_on_time(due: date | None, events: Iterable[tuple[str, Mapping]], today: date) -> bool | None:
    """`on_time` of a case from its events, (type, data) in order: the first ending event dates it."""
    finished: date | None = None
    applicant = False
    for kind, data in events:
        if kind not in Action._value2member_map_:
            continue
        action = Action(kind)
        if action in CAUSE_ACTIONS and data.get("cause") == APPLICANT:
            applicant = True
        if action in ENDINGS and finished is None and data.get("on"):
            finished = date.fromisoformat(str(data["on"]))
    return on_time(due, finished, today, applicant_delay=applicant)
