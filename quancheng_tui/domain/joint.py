"""联办件 (joint cases): each other unit's step, derived from the case's 联办环节 events (domain.md §2).

003 第26条: the first window leads and issues the joint receipt, the units work in
parallel each within its own promised limit, and the first window replies. 000 三(二)2:
when a unit's part is done the applicant is led on to the next unit's contact, and
every hand-over is recorded (003 篇8: 每个环节必须做好手续交接).

A unit's step only moves forward: waiting → working → done → handed (a unit may hand
over straight from working). `handed` means "our part is done and the case was passed
to the next unit's contact", so the last unit cannot hand over: it is done, and the
first window replies. Like the case's own due date (lifecycle.py), a unit's due date
is never stored: it is derived from the events each time, counted from the day the
unit started (that day not counted, deadlines.py rules), the case's suspensions not
counted either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum

from ..errors import N_, InputError
from .calendar import Calendar
from .deadlines import Suspension, WarningState, due_date, warning_state


class UnitState(str, Enum):
    WAITING = "waiting"  # 待办
    WORKING = "working"  # 办理中
    DONE = "done"  # 已办结
    HANDED = "handed"  # 已移交


class Step(str, Enum):
    START = "start"  # 开始办理: the unit took the case, with its own limit
    PROGRESS = "progress"  # 记录进展
    DONE = "done"  # 本单位办结
    HANDOVER = "handover"  # 移交下一单位: to the next unit's contact


STATE_LABELS = {UnitState.WAITING: N_("待办"), UnitState.WORKING: N_("办理中"), UnitState.DONE: N_("已办结"),
                UnitState.HANDED: N_("已移交")}
STEP_LABELS = {Step.START: N_("开始办理"), Step.PROGRESS: N_("记录进展"), Step.DONE: N_("本单位办结"),
               Step.HANDOVER: N_("移交下一单位")}
F_UNIT = N_("联办单位")
F_STEP = N_("联办环节")
F_LIMIT = N_("办理时限（天）")
F_CONTACT = N_("下一单位对接人")
F_PHONE = N_("对接人电话")
FINISHED = frozenset({UnitState.DONE, UnitState.HANDED})
# step -> (states it may be taken from, state it leads to; None keeps the state)
_MOVES: dict[Step, tuple[frozenset[UnitState], UnitState | None]] = {
    Step.START: (frozenset({UnitState.WAITING}), UnitState.WORKING),
    Step.PROGRESS: (frozenset({UnitState.WORKING}), None),
    Step.DONE: (frozenset({UnitState.WORKING}), UnitState.DONE),
    Step.HANDOVER: (frozenset({UnitState.WORKING, UnitState.DONE}), UnitState.HANDED),
}
DAY_KINDS = ("working", "natural")
# A sanity bound, not a rule: the sample catalog's longest limit is 30 days, so a unit
# promising more than a year is a typo (and would run past the holiday tables).
MAX_LIMIT_DAYS = 365


@dataclass(frozen=True)
class JointEvent:
    """The part of a 联办环节 event the steps depend on."""

    unit: str
    step: Step
    on: date
    limit_days: int = 0  # start only
    day_kind: str = "working"  # start only
    contact: str = ""  # handover: the next unit's contact
    phone: str = ""
    note: str = ""

    @classmethod
    def from_data(cls, data: Mapping) -> JointEvent | None:
        """From a stored event; None for a note-only event written before units had steps."""
        try:
            return cls(str(data["unit"]), Step(data.get("step", "")), date.fromisoformat(str(data["on"])),
                       int(data.get("limit_days", 0) or 0), str(data.get("day_kind", "working")),
                       str(data.get("contact", "")), str(data.get("phone", "")), str(data.get("note", "")))
        except (KeyError, ValueError):
            return None


@dataclass(frozen=True)
class UnitStep:
    unit: str
    position: int  # in the case's order of units
    state: UnitState = UnitState.WAITING
    limit_days: int = 0
    day_kind: str = "working"
    started_on: date | None = None
    due_on: date | None = None  # filled by `derive` (needs the calendar)
    done_on: date | None = None  # the day the unit finished: done, or handed over without a separate done
    handed_on: date | None = None
    handed_to: str | None = None  # the next unit
    contact: str = ""  # the next unit's contact it was handed to
    phone: str = ""
    notes: tuple[str, ...] = ()

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def late(self) -> bool:
        """Finished after its due date."""
        return self.done_on is not None and self.due_on is not None and self.done_on > self.due_on


@dataclass(frozen=True)
class JointSteps:
    steps: tuple[UnitStep, ...]

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(s.unit for s in self.steps)

    def of(self, unit: str) -> UnitStep:
        for s in self.steps:
            if s.unit == unit:
                return s
        raise InputError(N_("“{unit}”不是本案的联办单位（{units}）"), unit=unit, units="、".join(self.units))

    @property
    def next_unit(self) -> str | None:
        """The first unit, in the case's order, that has not started yet."""
        return next((s.unit for s in self.steps if s.state is UnitState.WAITING), None)

    @property
    def unfinished(self) -> tuple[str, ...]:
        """Units that started and are neither done nor handed over: they hold the case open."""
        return tuple(s.unit for s in self.steps if s.state is UnitState.WORKING)


def initial(units: Iterable[str]) -> JointSteps:
    return JointSteps(tuple(UnitStep(u, i) for i, u in enumerate(dict.fromkeys(units))))


def check_move(steps: JointSteps, unit: str, step: Step) -> UnitStep:
    """The unit's current step if `step` may be taken now, before any of its fields is looked at."""
    cur = steps.of(unit)
    if cur.state not in _MOVES[step][0]:
        raise InputError(N_("联办单位“{unit}”当前为“{state}”，不能{step}"), unit=unit,
                         state=STATE_LABELS[cur.state], step=STEP_LABELS[step])
    if step is Step.HANDOVER and cur.position + 1 >= len(steps.steps):
        raise InputError(N_("“{unit}”是最后一个联办单位，没有下一单位可移交；请登记本单位办结"), unit=unit)
    return cur


def advance(steps: JointSteps, ev: JointEvent) -> JointSteps:
    """The steps after one event; InputError (one line naming the unit or the field) if it is not allowed."""
    cur = check_move(steps, ev.unit, ev.step)
    target = _MOVES[ev.step][1]
    new = replace(cur, notes=cur.notes + (ev.note,) if ev.note else cur.notes)
    if ev.step is Step.START:
        if not 0 < ev.limit_days <= MAX_LIMIT_DAYS:
            raise InputError(N_("{field}须为 1 到 {max} 之间的整数"), field=F_LIMIT, max=MAX_LIMIT_DAYS)
        if ev.day_kind not in DAY_KINDS:
            raise InputError(N_("期限类型“{value}”无效，应为 working（工作日）或 natural（自然日）"), value=ev.day_kind)
        new = replace(new, limit_days=ev.limit_days, day_kind=ev.day_kind, started_on=ev.on)
    elif ev.step is Step.DONE:
        new = replace(new, done_on=ev.on)
    elif ev.step is Step.HANDOVER:
        if not ev.contact.strip() or not ev.phone.strip():
            raise InputError(N_("移交须写明{field}"), field=F_CONTACT if not ev.contact.strip() else F_PHONE)
        new = replace(new, done_on=cur.done_on or ev.on, handed_on=ev.on,
                      handed_to=steps.steps[cur.position + 1].unit, contact=ev.contact, phone=ev.phone)
    if target is not None:
        new = replace(new, state=target)
    return JointSteps(steps.steps[:cur.position] + (new,) + steps.steps[cur.position + 1:])


def fold(units: Iterable[str], events: Iterable[JointEvent]) -> JointSteps:
    """States, limits and hand-overs from the events in order (no due dates: no calendar needed)."""
    steps = initial(units)
    for ev in events:
        steps = advance(steps, ev)
    return steps


def unit_due(cal: Calendar, step: UnitStep, suspensions: Sequence[Suspension] = ()) -> date | None:
    """The due date of a started unit. Suspensions count only if they began before the unit
    finished. None for a unit not started, or a due date in a year without a holiday table
    (never guessed)."""
    if step.started_on is None:
        return None
    sus = [s for s in suspensions if step.done_on is None or s.start <= step.done_on]
    try:
        return due_date(cal, step.started_on, step.limit_days, step.day_kind, sus).due
    except InputError:
        return None


def derive(cal: Calendar, units: Iterable[str], events: Iterable[JointEvent],
           suspensions: Sequence[Suspension] = ()) -> JointSteps:
    """Each unit's step with its due date."""
    steps = fold(units, events)
    return JointSteps(tuple(replace(s, due_on=unit_due(cal, s, suspensions)) for s in steps.steps))


def light(cal: Calendar, step: UnitStep, today: date, yellow_within: int = 2) -> WarningState | None:
    """The 红黄绿灯 of a unit at work; None once it finished or while its due date is unknown."""
    if step.state is not UnitState.WORKING or step.due_on is None:
        return None
    try:
        return warning_state(cal, step.due_on, today, step.limit_days, yellow_within, start=step.started_on)
    except InputError:
        # today in a year without a table: still say so when it is plainly past the due date
        return WarningState("red", 0, 0, 1.0) if today > step.due_on else None

