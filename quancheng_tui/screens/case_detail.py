"""One case: its particulars, materials and timeline, and the actions its status allows now.

Opened from the board (Enter on a row). A thread worker reads the case
(`cases.get_case`) and its light; the page scrolls (↑↓, PageUp/PageDown) at
80×24. A 联办件 shows one line per other unit: its state, due date, light and
the contact it was handed to (domain/joint.py). Each allowed action has a letter (shown on the line above the footer);
`a` lists them. Choosing one opens its form (case_action.py); after the
service accepted it the page reloads: new status, due date and timeline.
Esc returns to the board.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from ..domain.cases import CATEGORY_LABELS, KIND_LABELS, STATUS_LABELS, Category, Kind, Status
from ..domain.joint import STATE_LABELS, STEP_LABELS, Step, UnitState
from ..domain.lifecycle import ACTION_LABELS, Action, allowed_actions
from ..domain.text import safe_for_terminal
from ..errors import N_, QuanchengError
from ..widgets.header import StatusLine
from ..widgets.hint_line import HintLine
from ..widgets.steady_footer import SteadyFooter
from .base import BaseScreen, ServiceFailed, call_service, unexpected
from .notice import Prose

if TYPE_CHECKING:
    from ..documents.output import Delivery
    from ..i18n import Translator
    from ..services.case_views import CaseEventView, CaseView
    from ..services.lifecycle import ActionResult

ACTION_KEYS: dict[Action, str] = {
    Action.HANDOVER: "h", Action.PROGRESS: "p", Action.CORRECT: "c", Action.SUSPEND: "s", Action.RESUME: "u",
    Action.EXTEND: "e", Action.REPORT_UP: "r", Action.REPORT_ANSWER: "n", Action.JOINT_STEP: "j",
    Action.TRANSFER: "t", Action.COMPLETE: "d", Action.REPLY: "y", Action.SIGN_OFF: "o", Action.WITHDRAW: "w",
    Action.REJECT: "x", Action.RATE: "v", Action.RECLASSIFY: "k",
}
LIGHT_WORDS = {"red": N_("超期"), "due_today": N_("今日到期"), "yellow": N_("将到期"), "green": N_("正常")}
LIGHT_STYLES = {"red": "bold red", "due_today": "bold magenta", "yellow": "yellow", "green": "green", None: "dim"}
REPLY_LABELS = {"in_person": N_("当面"), "phone": N_("电话"), "written": N_("书面")}
# event data key -> label msgid, in the order shown on the timeline
EVENT_KEYS = (("to", N_("交给")), ("days", N_("延长天数")), ("reason", N_("理由")), ("unit", N_("承办单位")),
              ("basis", N_("依据")), ("result", N_("结果")), ("method", N_("方式")), ("level", N_("评价")),
              ("note", N_("说明")), ("approved_by", N_("批准领导")))
JOINT_STATE_STYLES = {UnitState.WAITING: "dim", UnitState.WORKING: "", UnitState.DONE: "green",
                      UnitState.HANDED: "green"}
UNIT_CELLS = 20  # the longest unit names of the sample catalog ("县级指定残疾评定医院") fit


@dataclass(frozen=True)
class Light:
    light: str | None
    days_left: int = 0
    days_overdue: int = 0


class DocumentDelivered(Message):
    def __init__(self, document: str, delivery: Delivery) -> None:
        super().__init__()
        self.document = document
        self.delivery = delivery


class CaseLoaded(Message):
    def __init__(self, case: CaseView, light: Light, names: dict[str, str]) -> None:
        super().__init__()
        self.case = case
        self.light = light
        self.names = names


def _cells(value: str, width: int) -> str:
    """`value` padded to `width` terminal cells, or cut with an ellipsis, through the terminal sanitiser."""
    value = safe_for_terminal(value)
    if cell_len(value) > width:
        return set_cell_size(set_cell_size(value, width - 1) + "…", width)
    return set_cell_size(value, width)


def _short_day(day: date | None, year: int) -> str:
    """MM-DD within the case's year (the table must fit 80 columns), the full date outside it."""
    if day is None:
        return "—"
    return f"{day:%m-%d}" if day.year == year else day.isoformat()


def _local(value: datetime) -> datetime:
    return value.astimezone() if value.tzinfo else value


class CaseDetailScreen(BaseScreen):
    CSS_PATH = "case_detail.tcss"
    BINDINGS = [
        Binding("escape", "back", N_("返回")),
        Binding("a", "menu", N_("操作")),
        Binding("f", "print", N_("打印")),
        *[Binding(key, f"do('{action.value}')", ACTION_LABELS[action], show=False)
          for action, key in ACTION_KEYS.items()],
    ]

    def __init__(self, t: Translator, number: str) -> None:
        super().__init__(t)
        self.number = number
        self.case: CaseView | None = None
        self.light = Light(None)
        self.names: dict[str, str] = {}
        self.busy = False
        self.printing = False

    def compose(self) -> ComposeResult:
        yield StatusLine(self.t)
        with VerticalScroll(id="detail"):
            yield Prose(self.t("正在读取…"), id="head")
            yield Static(self.t("联办单位"), id="joint-title", classes="section -joint", markup=False)
            yield Prose("", id="joint", classes="-joint")
            yield Static(self.t("材料"), classes="section", markup=False)
            yield Prose("", id="materials")
            yield Static(self.t("办理过程"), classes="section", markup=False)
            yield Prose("", id="timeline")
        yield HintLine(id="actions")
        yield Static("", id="message", markup=False)
        yield SteadyFooter()  # the case read refreshes the bindings: the same keys, not built again

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#detail").focus()
        self.reload()

    # Loading.

    @property
    def allowed(self) -> list[Action]:
        if self.case is None:
            return []
        try:
            return allowed_actions(Status(self.case.status), self.case.kind or "")
        except ValueError:
            return []

    def reload(self) -> None:
        self.busy = True
        self.load(self.number)

    @work(thread=True, exclusive=True, group="case-detail")
    def load(self, number: str) -> None:
        from ..services import cases, staff

        app = self.app
        try:
            case = cases.get_case(app.db, app.me, number, today=app.clock.today())
            light = self._light(case)
            try:
                names = {s.login: s.name for s in staff.list_staff(app.db, app.me)}
            except QuanchengError:
                names = {}
        except QuanchengError as err:
            self.post_message(ServiceFailed(err))
        except Exception as exc:
            self.post_message(ServiceFailed(unexpected(exc)))
        else:
            self.post_message(CaseLoaded(case, light, names))

    def _light(self, case: CaseView) -> Light:
        """The board's light for this case (no light while the clock stands or the case is done)."""
        from ..domain.cases import OPEN_STATUSES
        from ..domain.deadlines import warning_state
        from ..services.calendar import calendar
        from ..services.setup import get_setting

        if case.due_on is None or case.status == Status.SUSPENDED.value or Status(case.status) not in OPEN_STATUSES:
            return Light(None)
        app = self.app
        try:
            yellow = int(get_setting(app.db, "yellow_within"))
        except (TypeError, ValueError):
            yellow = 2
        today = app.clock.today()
        try:
            w = warning_state(calendar(app.db), case.due_on, today, max(case.limit_days, 0), yellow)
        except QuanchengError:
            return Light("red" if case.due_on < today else None)
        return Light(w.light, w.workdays_left, w.workdays_overdue)

    def on_case_loaded(self, message: CaseLoaded) -> None:
        message.stop()
        self.busy = False
        self.case = message.case
        self.light = message.light
        self.names = message.names
        self.render_case()
        self.refresh_bindings()

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.busy = self.printing = False
        self.show_message(self.t.error(message.error), error=True)
        if self.case is None:
            self.query_one("#head", Prose).update("")

    # Rendering.

    def name_of(self, login: str | None) -> str:
        if not login:
            return ""
        name = self.names.get(login)
        return f"{name}（{login}）" if name and name != login else login

    def light_words(self, light: Light | None = None) -> str:
        t = self.t
        light = light or self.light
        if light.light is None:
            return ""
        if light.light == "red":
            return t("超{n}日", n=light.days_overdue) if light.days_overdue else t("超期")
        if light.light in ("yellow", "green"):
            return t("剩{n}日", n=light.days_left)
        return t(LIGHT_WORDS[light.light])

    def render_case(self) -> None:
        t = self.t
        c = self.case
        if c is None:
            return
        status = t(STATUS_LABELS.get(Status(c.status), c.status)) if c.status in Status._value2member_map_ else c.status
        category = t(CATEGORY_LABELS[Category(c.category)]) if c.category in Category._value2member_map_ else c.category
        kind = t(KIND_LABELS[Kind(c.kind)]) if c.kind in Kind._value2member_map_ else ""
        head = Text()
        head.append(c.number, style="bold")
        head.append(f"  {status}", style="bold reverse")
        head.append(f"  {category}{' · ' + kind if kind else ''}\n")
        lines = [
            (N_("事项"), f"{c.matter_code} {c.matter_name}"),
            (N_("申请人"), self.applicant_line(c)),
            (N_("受理日期"), c.received_on.isoformat()),
        ]
        for label, value in lines:
            head.append(t.label(label), style="dim")
            head.append(f"{value}\n")
        head.append(t.label('承诺办结'), style="dim")
        if c.due_on is not None:
            head.append(c.due_on.isoformat())
            if c.due_provisional:
                head.append(t("（预计）"), style="yellow")
            words = self.light_words()
            if words:
                from ..services.board import LIGHT_MARKS

                head.append(f"  {LIGHT_MARKS[self.light.light]} {words}", style=LIGHT_STYLES[self.light.light])
        else:
            head.append("—")
        head.append("\n")
        head.append(t.label('全程办事人'), style="dim")
        head.append(self.name_of(c.owner) if c.owner_name == c.owner else f"{c.owner_name}（{c.owner}）")
        head.append("\n")
        head.append(t.label('告知书编号'), style="dim")
        head.append(c.notice_number or "—")
        if c.units and c.category != Category.JOINT.value:  # a 联办件's units have their own table
            head.append("\n")
            head.append(t.label('相关单位'), style="dim")
            head.append("、".join(c.units))
        self.query_one("#head", Prose).update(head)
        for widget in self.query(".-joint"):
            widget.display = bool(c.joint_steps)
        if c.joint_steps:
            self.query_one("#joint", Prose).update(self.joint_table(c))

        mats = Text()
        for i, m in enumerate(c.materials):
            if i:
                mats.append("\n")
            mats.append("✓ " if m.received else "✗ ", style="green" if m.received else "bold red")
            mats.append(m.name)
            mats.append(f"  {t('已收') if m.received else t('未收')}", style="dim")
        if not c.materials:
            mats.append(t("无"), style="dim")
        self.query_one("#materials", Prose).update(mats)

        timeline = Text()
        for i, ev in enumerate(c.events):
            if i:
                timeline.append("\n")
            timeline.append(_local(ev.at).strftime("%m-%d %H:%M"), style="dim")
            timeline.append(f"  {self.name_of(ev.actor)}  ")
            timeline.append(self.event_label(ev.type), style="bold")
            details = self.event_details(ev)
            if details:
                timeline.append(f"  {details}")
        self.query_one("#timeline", Prose).update(timeline)

        allowed = self.allowed
        if allowed:
            self.query_one("#actions", HintLine).show(t("可办："), [f"{ACTION_KEYS[a]} {t(ACTION_LABELS[a])}"
                                                                  for a in allowed])
        else:
            self.query_one("#actions", HintLine).say(t("此案件当前没有可办理的操作"))

    def joint_table(self, c: CaseView) -> Text:
        """One line per unit, columns padded by terminal cells (Chinese counts two)."""
        from ..services.board import LIGHT_MARKS

        t = self.t
        rows: list[list[tuple[str, str]]] = [[(t("单位"), "dim"), (t("状态"), "dim"), (t("到期"), "dim"),
                                              (t("提醒"), "dim"), (t("移交对接人"), "dim")]]
        for j in c.joint_steps:
            state = UnitState(j.state)
            if j.light is not None:
                words = self.light_words(Light(j.light, j.days_left, j.days_overdue))
                remind = (f"{LIGHT_MARKS[j.light]} {words}", LIGHT_STYLES[j.light])
            elif j.done_on is not None:
                done = f"✓ {_short_day(j.done_on, c.received_on.year)}"
                # a late finish says so in words too: the table must read without colour
                remind = (f"{done} {t('超期')}", "bold red") if j.late else (done, "green")
            else:
                remind = (LIGHT_MARKS[None], "dim")
            rows.append([(j.unit, ""), (t(STATE_LABELS[state]), JOINT_STATE_STYLES[state]),
                         (_short_day(j.due_on, c.received_on.year), ""), remind,
                         (" ".join(x for x in (j.contact, j.phone) if x) or "—", "" if j.contact else "dim")])
        widths = [min(max(cell_len(r[i][0]) for r in rows), UNIT_CELLS if i == 0 else 99) for i in range(4)]
        out = Text()
        for n, row in enumerate(rows):
            if n:
                out.append("\n")
            for i, (value, style) in enumerate(row):
                if i < 4:
                    value = _cells(value, widths[i]) + "  "
                out.append(value, style=style)
        if c.next_unit:
            out.append('\n' + t.label('下一单位'), style="dim")
            out.append(c.next_unit)
        return out

    def applicant_line(self, c: CaseView) -> str:
        if c.applicant_type == "org":
            parts = [c.org_name or c.applicant_name, c.credit_code, c.contact]
        else:
            parts = [c.applicant_name, c.id_number]
        parts += [c.phone, c.address]
        return "  ".join(p for p in parts if p)

    def event_label(self, kind: str) -> str:
        if kind == "registered":
            return self.t("登记")
        if kind == "redated":
            return self.t("期限变更")
        try:
            return self.t(ACTION_LABELS[Action(kind)])
        except ValueError:
            return kind

    def event_details(self, ev: CaseEventView) -> str:
        t = self.t
        data = ev.data or {}
        if ev.type == "registered":
            parts = []
            if data.get("kind") in Kind._value2member_map_:
                parts.append(t(KIND_LABELS[Kind(data["kind"])]))
            if data.get("due_on"):
                parts.append(t("承诺办结：{date}", date=data["due_on"]))
            return "；".join(parts)
        if ev.type == "redated":
            return t("办结期限由 {old} 改为 {new}（{year} 年节假日安排已导入）", old=data.get("old_due", ""),
                     new=data.get("new_due", ""), year=data.get("calendar_year", ""))
        if ev.type == Action.JOINT_STEP.value and data.get("step") in Step._value2member_map_:
            return self.joint_details(data, ev.acting_for)
        parts = []
        for key, label in EVENT_KEYS:
            value = data.get(key)
            if value in (None, ""):
                continue
            if key == "to" and ev.type == Action.HANDOVER.value:
                value = self.name_of(str(value))
            elif key == "method":
                value = t(REPLY_LABELS.get(str(value), str(value)))
            parts.append(t.label(label, str(value)))
        if ev.acting_for:
            parts.append(t("代{name}", name=self.name_of(ev.acting_for)))
        return "；".join(parts)

    def joint_details(self, data: dict, acting_for: str | None) -> str:
        t = self.t
        parts = [f"{data.get('unit', '')} {t(STEP_LABELS[Step(data['step'])])}"]
        if data.get("limit_days"):
            unit = t("个工作日") if data.get("day_kind", "working") == "working" else t("个自然日")
            parts.append(t.label('时限', f"{data['limit_days']} {unit}"))
        if data.get("contact"):
            parts.append(t.label('交给', f"{data['contact']} {data.get('phone', '')}").rstrip())
        if data.get("note"):
            parts.append(t.label('说明', f"{data['note']}"))
        if acting_for:
            parts.append(t("代{name}", name=self.name_of(acting_for)))
        return "；".join(parts)

    def show_message(self, text: str, *, error: bool = False) -> None:
        msg = self.query_one("#message", Static)
        msg.set_class(error, "-error")
        msg.update(text)

    # Actions.

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "do":
            return bool(parameters) and not self.busy and any(a.value == parameters[0] for a in self.allowed)
        return True

    def action_do(self, value: str) -> None:
        self.open_action(Action(value))

    def action_menu(self) -> None:
        allowed = self.allowed
        if not allowed:
            self.show_message(self.t("此案件当前没有可办理的操作"), error=True)
            return
        from .case_action import ActionMenuScreen

        def chosen(action: Action | None) -> None:
            if action is not None:
                self.open_action(action)

        self.app.push_screen(ActionMenuScreen(self.t, allowed, ACTION_KEYS), chosen)

    def open_action(self, action: Action) -> None:
        if self.case is None or action not in self.allowed:
            return
        from .case_action import CaseActionScreen

        def done(result: ActionResult | None) -> None:
            if result is not None:
                self.show_message(self.t("已{action}", action=self.t(ACTION_LABELS[action])))
                self.reload()
                if action is Action.EXTEND:  # the applicant is told in writing (domain.md §5)
                    self.deliver_extension_notice(result.number, result.event_id)

        preset: dict[str, str] = {}
        if action is Action.JOINT_STEP:
            preset["day_kind"] = self.case.day_kind
            # the unit most likely meant: the first one at work, else the next to start
            at_work = [j for j in self.case.joint_steps if j.state == UnitState.WORKING.value]
            unit = at_work[0].unit if at_work else self.case.next_unit
            if unit:
                preset.update(unit=unit, step=Step.PROGRESS.value if at_work else Step.START.value)
        self.app.push_screen(CaseActionScreen(self.t, self.case.number, action, units=self.case.units,
                                              preset=preset), done)

    @work(thread=True, group="case-document")
    def deliver_extension_notice(self, number: str, event_id: int) -> None:
        from .register_result import deliver_extension_notice

        app = self.app
        call_service(self, lambda: deliver_extension_notice(app.db, app.clock, app.me, app.settings, number, event_id),
                     lambda delivery: DocumentDelivered("extension", delivery))

    def on_document_delivered(self, message: DocumentDelivered) -> None:
        from ..services.forms.content import FORM_LABELS
        from .delivery_words import delivery_line

        message.stop()
        self.printing = False
        self.show_message(delivery_line(self.t, self.t(FORM_LABELS[message.document]), message.delivery))

    def action_print(self) -> None:
        """Print one of the case's forms (the forms service says which it has) on this counter's printer."""
        if self.case is None or self.printing:
            return
        from ..services.forms.content import FORM_LABELS, applicable
        from .print_picker import PrintPickerScreen

        choices = [(form, self.t(FORM_LABELS[form])) for form in applicable(self.case)]
        if not choices:
            self.show_message(self.t("此案件没有可打印的单据"), error=True)
            return

        def chosen(form: str | None) -> None:
            if form is not None and self.case is not None:
                self.printing = True
                self.show_message(self.t("正在生成单据…"))
                self.print_form(self.case.number, form)

        self.app.push_screen(PrintPickerScreen(self.t, choices), chosen)

    @work(thread=True, group="case-document")
    def print_form(self, number: str, form: str) -> None:
        from ..services import forms

        app = self.app

        def run() -> Delivery:
            return forms.deliver_form(form, forms.form_for(app.db, app.me, app.clock, number, form), app.settings)

        call_service(self, run, lambda delivery: DocumentDelivered(form, delivery))

    def action_back(self) -> None:
        self.app.pop_screen()
