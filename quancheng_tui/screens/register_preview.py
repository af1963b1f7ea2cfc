"""What the registration screen proposes while the clerk types and ticks, and its words: no database.

The rules are domain.registration's, the ones `services.cases.register_case` applies before it
writes, computed in microseconds from the matter and the calendar the screen loaded once, so the
category, kind and due date follow every tick of the checklist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from ..domain import registration
from ..domain.cases import CATEGORY_LABELS, KIND_LABELS, Category, Kind, Proposal, Status
from ..domain.registration import Registration
from ..domain.text import safe_for_terminal
from ..errors import N_, QuanchengError

if TYPE_CHECKING:
    from ..domain.calendar import Calendar
    from ..i18n import Translator
    from ..services.catalog_views import MaterialView, MatterView

__all__ = ["Override", "Preview", "date_text", "days_text", "kind_label", "preview", "proposal_text"]


@dataclass(frozen=True)
class Override:
    """The clerk's change of the proposal (F6): category and/or kind, with reason and basis."""

    category: str | None = None  # own | joint | transfer; None: as proposed
    kind: str | None = None  # notice | instant | promised | report_up | rejected; None: as proposed
    reason: str = ""
    basis: str = ""
    transfer_unit: str = ""
    transfer_contact: str = ""

    def choices(self) -> tuple[Category | None, Kind | None]:
        return (Category(self.category) if self.category else None, Kind(self.kind) if self.kind else None)


@dataclass(frozen=True)
class Preview:
    rules: Registration[MaterialView]
    due: date | None
    calendar_pending: bool = False  # the calendar is still loading: the due date follows
    error: QuanchengError | None = None  # the due date cannot be computed (say why)
    provisional: bool = False  # the due date is 预计: next year's official schedule is not known yet

    @property
    def proposal(self) -> Proposal:
        return self.rules.proposal

    @property
    def category(self) -> Category:
        return self.rules.category

    @property
    def kind(self) -> Kind | None:
        return self.rules.kind

    @property
    def status(self) -> Status:
        return self.rules.status

    @property
    def missing(self) -> tuple[MaterialView, ...]:  # required materials not ticked
        return self.rules.missing

    @property
    def limit_days(self) -> int:  # 0 for a same-day or unlimited case
        return self.rules.limit_days

    @property
    def complete(self) -> bool:
        return self.rules.complete

    @property
    def overridden(self) -> bool:
        return self.rules.overridden


def preview(matter: MatterView, ticked: Iterable[str], cal: Calendar | None, today: date,
            override: Override | None = None) -> Preview:
    """What registering now would make of the matter with these materials (received `today`)."""
    rules = registration.classify(matter, ticked, *(override or Override()).choices())
    due, error = None, None
    pending = provisional = False
    if rules.due_from_receipt:
        if cal is None:
            pending = True
        else:
            try:
                counted = registration.due(rules, matter, cal, today)
            except QuanchengError as err:
                error = err
            else:
                if counted is not None:
                    due, provisional = counted.due, counted.provisional
    return Preview(rules, due, pending, error, provisional)


# Words, in the user's language.

WEEKDAY_SHORT = (N_("周一"), N_("周二"), N_("周三"), N_("周四"), N_("周五"), N_("周六"), N_("周日"))
DAY_WORDS = {"working": N_("{n} 个工作日"), "natural": N_("{n} 个自然日")}


def date_text(t: Translator, day: date) -> str:
    """2026-03-30 周一."""
    return f"{day.isoformat()} {t(WEEKDAY_SHORT[day.weekday()])}"


def days_text(t: Translator, n: int, day_kind: str) -> str:
    return t(DAY_WORDS.get(day_kind, DAY_WORDS["working"]), n=n)


def kind_label(t: Translator, category: Category, kind: Kind | None) -> str:
    return t(CATEGORY_LABELS[category]) + (f" · {t(KIND_LABELS[kind])}" if kind else "")


def proposal_text(t: Translator, m: MatterView, p: Preview, override: Override | None, ticked: int,
                  wide: bool) -> Text:
    """What the app proposes, live: a few lines under the form (narrow) or a column beside it (wide)."""
    clean = safe_for_terminal
    text = Text()
    if wide:
        text.append(f"{clean(m.code)} {clean(m.name)}\n", style="bold")
        where = " · ".join(clean(x) for x in (m.department, m.window) if x)
        if where:
            text.append(where + "\n", style="dim")
        text.append("\n")
    text.append(t("已改为") if p.overridden else t("建议"), style="bold")
    text.append("  ")
    text.append(f" {kind_label(t, p.category, p.kind)} ", style="bold reverse")
    text.append("  ")
    text.append_text(_limit_text(t, m, p))
    text.append("\n")
    text.append_text(_materials_text(t, m, p, ticked))
    if p.category is Category.TRANSFER:
        chosen = override.transfer_unit if override and override.transfer_unit else ""
        unit = chosen or (m.units[0] if m.units else "")
        text.append("\n" + t("请申请人到 {unit} 办理", unit=clean(unit) or "—"))
        extra = " ".join(clean(x) for x in (m.unit_address, m.unit_phone) if x)
        if extra and not chosen:
            text.append(f"（{extra}）")
    elif p.category is Category.JOINT and m.units:
        text.append("\n" + t("联办单位：{units}", units="、".join(clean(u) for u in m.units)))
    if p.overridden and override is not None:
        text.append("\n" + t("理由：{reason}", reason=clean(override.reason)), style="magenta")
        if p.kind is Kind.REJECTED:
            text.append("\n" + t("依据：{basis}", basis=clean(override.basis)), style="magenta")
    if p.kind is Kind.INSTANT and p.complete and p.error is None:
        text.append("\n" + t("当场办结的，按 F7 登记并办结（填写办理结果）。"), style="dim")
    if wide:
        text.append("\n\n" + t("回车到下一项，在材料清单上回车即登记（F5）；F6 改变分类或类型并说明理由。"), style="dim")
    return text


def _limit_text(t: Translator, m: MatterView, p: Preview) -> Text:
    if p.error is not None:
        return Text(t.error(p.error), style="red")
    if p.kind is Kind.INSTANT:
        return Text(t("当场办结（{date}）", date=date_text(t, p.due)) if p.due else t("当场办结"))
    if p.kind in (Kind.PROMISED, Kind.REPORT_UP):
        days = days_text(t, p.limit_days, m.day_kind)
        if p.calendar_pending:
            return Text(t("{days}，正在读取节假日安排…", days=days), style="dim")
        if p.due is None:
            return Text(days)
        text = Text(t("{days}，{date} 前办结", days=days, date=date_text(t, p.due)), style="bold")
        if p.provisional:  # at 80 columns the two notes do not fit together: 预计 is the one that matters
            text.append(t("（预计）"), style="bold yellow")
        else:
            text.append(t("（收件次日起算）"), style="dim")
        return text
    if p.kind is Kind.REJECTED:
        return Text(t("将出具退回反馈单"))
    if p.kind is Kind.NOTICE:
        return Text(t("补正后受理"), style="yellow")
    return Text(t("将出具移办告知单"))


def _materials_text(t: Translator, m: MatterView, p: Preview, ticked: int) -> Text:
    if p.category is Category.TRANSFER:
        return Text(t("本中心不收材料"), style="dim")
    if not p.missing:
        return Text(t("材料齐全（已收 {got}/{total}）", got=ticked, total=len(m.materials)), style="green")
    names = "、".join(safe_for_terminal(x.name) for x in p.missing)
    if p.kind is Kind.NOTICE:
        return Text(t("将出具一次性告知书，列明所缺 {n} 项：{names}", n=len(p.missing), names=names), style="yellow")
    return Text(t("缺 {n} 项：{names}", n=len(p.missing), names=names), style="yellow")
