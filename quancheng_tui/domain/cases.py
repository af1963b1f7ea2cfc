"""Case categories, handling kinds, ways of coming, statuses and the proposal rule (domain.md §2–§3, §8)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..errors import N_, InputError


class Category(str, Enum):
    OWN = "own"  # 受理件
    JOINT = "joint"  # 联办件
    TRANSFER = "transfer"  # 移办件
    CONSULT = "consult"  # 咨询


class Kind(str, Enum):
    NOTICE = "notice"  # 提示件: materials incomplete
    INSTANT = "instant"  # 即办件
    PROMISED = "promised"  # 承诺件
    REPORT_UP = "report_up"  # 上报件
    REJECTED = "rejected"  # 退回件


class Mode(str, Enum):
    COUNTER = "counter"  # 窗口
    PROXY = "proxy"  # 代办
    ACCOMPANY = "accompany"  # 陪办
    ADVISE = "advise"  # 咨办
    DOOR = "door"  # 上门
    APPOINTMENT = "appointment"  # 预约


class Status(str, Enum):
    PENDING_MATERIALS = "pending_materials"  # 待补正
    ACCEPTED = "accepted"  # 已受理
    IN_PROGRESS = "in_progress"  # 办理中
    SUSPENDED = "suspended"  # 中止计时
    REPORTED_UP = "reported_up"  # 已上报
    COMPLETED = "completed"  # 已办结
    REPLIED = "replied"  # 已回复
    CLOSED = "closed"  # 已销号
    REJECTED = "rejected"  # 已退回
    TRANSFERRED = "transferred"  # 已移办
    WITHDRAWN = "withdrawn"  # 已撤回


OPEN_STATUSES = frozenset({Status.PENDING_MATERIALS, Status.ACCEPTED, Status.IN_PROGRESS,
                           Status.SUSPENDED, Status.REPORTED_UP})

CATEGORY_LABELS = {Category.OWN: N_("受理件"), Category.JOINT: N_("联办件"),
                   Category.TRANSFER: N_("移办件"), Category.CONSULT: N_("咨询")}
KIND_LABELS = {Kind.NOTICE: N_("提示件"), Kind.INSTANT: N_("即办件"), Kind.PROMISED: N_("承诺件"),
               Kind.REPORT_UP: N_("上报件"), Kind.REJECTED: N_("退回件")}
MODE_LABELS = {Mode.COUNTER: N_("窗口办理"), Mode.PROXY: N_("代办"), Mode.ACCOMPANY: N_("陪办"),
               Mode.ADVISE: N_("咨办"), Mode.DOOR: N_("上门服务"), Mode.APPOINTMENT: N_("预约")}
STATUS_LABELS: dict[str, str] = {  # keyed by Status, looked up by its stored text too
    Status.PENDING_MATERIALS: N_("待补正"), Status.ACCEPTED: N_("已受理"), Status.IN_PROGRESS: N_("办理中"),
    Status.SUSPENDED: N_("中止计时"), Status.REPORTED_UP: N_("已上报"), Status.COMPLETED: N_("已办结"),
    Status.REPLIED: N_("已回复"), Status.CLOSED: N_("已销号"), Status.REJECTED: N_("已退回"),
    Status.TRANSFERRED: N_("已移办"), Status.WITHDRAWN: N_("已撤回"),
}


def parse_enum(enum: type[Enum], value: str, field: str):
    try:
        return enum(value)
    except ValueError:
        allowed = "、".join(e.value for e in enum)
        raise InputError(N_("{field}“{value}”无效，应为 {allowed}"), field=field, value=value, allowed=allowed) from None


@dataclass(frozen=True)
class Proposal:
    """What the counter proposes from the catalog and the checklist; the clerk confirms or overrides."""

    category: Category
    kind: Kind | None
    status: Status
    limit_days: int


def propose(matter_category: str, matter_kind: str | None, promised_days: int, complete: bool) -> Proposal:
    """complete + instant -> 即办件; complete + promised -> 承诺件; incomplete -> 提示件;
    transfer matter -> 移办件; joint -> 联办件 (003 第19条, 第24–29条)."""
    category = Category(matter_category)
    if category is Category.TRANSFER:
        return Proposal(category, None, Status.TRANSFERRED, 0)
    if not complete:
        return Proposal(category, Kind.NOTICE, Status.PENDING_MATERIALS, promised_days)
    kind = Kind(matter_kind) if matter_kind else Kind.PROMISED
    return Proposal(category, kind, Status.ACCEPTED, 0 if kind is Kind.INSTANT else promised_days)
