"""One small modal form per case action (交办, 中止计时, 延期 …), submitted to `lifecycle.act`.

The fields depend on the action (FIELDS below); an action without fields
(恢复计时, 签字销号) is a confirmation: Enter does it. 补正 names the materials brought. Enter in the
last text field, or Ctrl+S anywhere, submits; a thread worker calls the
service. A refusal is shown in the form and nothing typed is lost; success
closes the form with the `ActionResult`, Esc closes it with None.

延期 past the statutory limit, or within the last 3 working days before the due
date (a late notice), needs the duty leader: their login and password are optional
fields; when filled, `staff.authenticate` checks them and the leader is passed to the
service as the approver.

联办环节 picks one of the case's units and its step (domain/joint.py); the limit
and its day kind count on 开始办理, the next unit's contact and phone on 移交.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from ..domain.joint import F_CONTACT, F_LIMIT, F_PHONE, F_STEP, F_UNIT, STEP_LABELS, Step
from ..domain.lifecycle import ACTION_LABELS, Action
from ..errors import N_, QuanchengError
from ..widgets.form import FormInput
from ..widgets.register_fields import FormSelect
from .base import BaseScreen, ServiceFailed, unexpected
from .notice import Prose

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.context import Actor, Clock
    from ..services.database import Database
    from ..services.lifecycle import ActionResult

RATE_LEVELS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")
RATE_LABELS = {"非常满意": N_("非常满意"), "满意": N_("满意"), "基本满意": N_("基本满意"),
               "不满意": N_("不满意"), "非常不满意": N_("非常不满意")}
SUSPEND_LABELS = {"听证": N_("听证"), "招标": N_("招标"), "拍卖": N_("拍卖"), "检验": N_("检验"), "检测": N_("检测"),
                  "勘测": N_("勘测"), "检疫": N_("检疫"), "鉴定": N_("鉴定"), "专家评审": N_("专家评审")}

# action -> (field key, label msgid, kind) where kind is "input", "number", "password" or a choice name.
FIELDS: dict[Action, tuple[tuple[str, str, str], ...]] = {
    Action.HANDOVER: (("to", N_("交给（登录名）"), "input"), ("note", N_("交接说明"), "input")),
    Action.PROGRESS: (("note", N_("内容"), "input"),),
    Action.REPORT_ANSWER: (("note", N_("内容"), "input"),),
    Action.JOINT_STEP: (("unit", F_UNIT, "unit"), ("step", F_STEP, "joint_step"), ("limit_days", F_LIMIT, "number"),
                        ("day_kind", N_("期限类型"), "day_kind"), ("contact", F_CONTACT, "input"),
                        ("phone", F_PHONE, "input"), ("note", N_("说明"), "input")),
    Action.SUSPEND: (("reason", N_("事由"), "suspend"), ("cause", N_("原因"), "cause"), ("note", N_("说明"), "input")),
    Action.RESUME: (),
    Action.CORRECT: (("materials", N_("收到的材料（编码，逗号分隔；all 为全部）"), "input"),),
    Action.RECLASSIFY: (("reason", N_("理由"), "input"),),
    Action.SIGN_OFF: (),
    Action.EXTEND: (("days", N_("延长天数"), "number"), ("reason", N_("延期理由"), "input"),
                    ("basis", N_("延期依据"), "input"), ("leader", N_("领导登录名"), "input"),
                    ("password", N_("领导密码"), "password")),
    Action.REPORT_UP: (("to", N_("上报单位"), "input"),),
    Action.COMPLETE: (("result", N_("办理结果"), "input"),),
    Action.REPLY: (("method", N_("回复方式"), "reply"), ("note", N_("回复内容"), "input")),
    Action.WITHDRAW: (("cause", N_("原因"), "cause"), ("reason", N_("理由"), "input")),
    Action.REJECT: (("cause", N_("原因"), "cause"), ("reason", N_("理由"), "input"), ("basis", N_("法律依据"), "input")),
    Action.TRANSFER: (("reason", N_("理由"), "input"), ("unit", N_("承办单位"), "input")),
    # staff record a rating the visitor gave by another channel (services/ratings.py: never the hall terminal)
    Action.RATE: (("channel", N_("评价渠道"), "rate_channel"), ("level", N_("评价"), "rate")),
}
# The field label a service error names (its {field} parameter) -> the field key.
FIELD_OF_LABEL = {N_("交接说明"): "note", N_("说明"): "note", N_("延期理由"): "reason", N_("延期依据"): "basis",
                  N_("上报单位"): "to", N_("内容"): "note", N_("办理结果"): "result", N_("回复内容"): "note",
                  N_("理由"): "reason", N_("法律依据"): "basis", N_("承办单位"): "unit", N_("登录名"): "to",
                  F_UNIT: "unit", F_STEP: "step", F_LIMIT: "limit_days", F_CONTACT: "contact", F_PHONE: "phone"}
DAY_KIND_LABELS = {"working": N_("工作日"), "natural": N_("自然日")}
# Who caused a suspension or an ending: the applicant's own delay counts as on time (004 限时办结 第九条).
CAUSE_LABELS = {"office": N_("本中心原因"), "applicant": N_("申请人原因")}


def choices(kind: str) -> list[tuple[str, str]]:
    """(label msgid, value) of a choice field."""
    from ..services.lifecycle import REPLY_METHODS, SUSPEND_REASONS

    if kind == "suspend":
        return [(SUSPEND_LABELS.get(r, r), r) for r in SUSPEND_REASONS]
    if kind == "reply":
        return [(label, value) for value, label in REPLY_METHODS.items()]
    if kind == "joint_step":
        return [(STEP_LABELS[s], s.value) for s in Step]
    if kind == "day_kind":
        return [(label, value) for value, label in DAY_KIND_LABELS.items()]
    if kind == "cause":
        return [(label, value) for value, label in CAUSE_LABELS.items()]
    if kind == "rate_channel":
        from ..domain.voice import CHANNELS, SELF_CHANNELS

        return [(label, value) for value, label in CHANNELS.items() if value not in SELF_CHANNELS]
    return [(RATE_LABELS[x], x) for x in RATE_LEVELS]


class ActionDone(Message):
    def __init__(self, result: ActionResult) -> None:
        super().__init__()
        self.result = result


class CaseActionScreen(BaseScreen, ModalScreen["ActionResult | None"]):
    CSS_PATH = "case_action.tcss"
    BINDINGS = [
        Binding("escape", "cancel", N_("取消")),
        Binding("ctrl+s", "submit", N_("提交")),
        Binding("enter", "submit", N_("确认"), show=False),
    ]

    def __init__(self, t: Translator, number: str, action: Action, *, units: Sequence[str] = (),
                 preset: Mapping[str, str] | None = None) -> None:
        super().__init__(t)
        self.number = number
        self.action = action
        self.fields = FIELDS.get(action, ())
        self.units = tuple(units)  # the case's units, for a 联办环节
        self.preset = dict(preset or {})
        self.busy = False

    def compose(self) -> ComposeResult:
        t = self.t
        with VerticalScroll(id="dialog"):
            yield Static(t("{action}：{number}", action=t(ACTION_LABELS[self.action]), number=self.number),
                         id="action-title", markup=False)
            for key, label, kind in self.fields:
                with Horizontal(classes="row"):
                    yield Label(t(label), classes="label")
                    if kind in ("input", "number", "password"):
                        yield FormInput(id=f"f-{key}", compact=True, password=kind == "password",
                                        type="integer" if kind == "number" else "text", max_length=1000)
                    else:
                        # unit names are shown as stored, never looked up as messages
                        options = ([(u, u) for u in self.units] if kind == "unit"
                                   else [(t(label_id), value) for label_id, value in choices(kind)])
                        if key in self.preset:
                            yield FormSelect(options, id=f"f-{key}", compact=True, prompt=t("请选择"),
                                             value=self.preset[key])
                        else:  # Space opens the list, Enter moves on (widgets/register_fields.py)
                            yield FormSelect(options, id=f"f-{key}", compact=True, prompt=t("请选择"))
            if self.action is Action.EXTEND:
                yield Prose(t("延期后超过法定期限，或距办结期限不足 3 个工作日（告知不及时）的，须值班领导填写登录名和密码批准。"),
                            id="action-note")
            if self.action is Action.JOINT_STEP:
                yield Prose(t("开始办理须填时限；移交须填下一单位对接人和电话。"), id="action-note")
            yield Prose("", id="action-error")
            hint = t("回车确认；Esc 取消") if not self.fields else t("回车下一项，最后一项回车或 Ctrl+S 提交；Esc 取消")
            yield Static(hint, id="action-hint", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        if self.fields:
            self.set_focus(self.query_one(f"#f-{self.fields[0][0]}"))

    def field_entered(self, field: FormInput | FormSelect) -> None:
        keys = [k for k, _, _ in self.fields]
        key = (field.id or "")[2:]
        i = keys.index(key) if key in keys else len(keys) - 1
        if i >= len(keys) - 1:
            field.after_queued_keys(self.action_submit)
        else:
            self.set_focus(self.query_one(f"#f-{keys[i + 1]}"))

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, _, _kind in self.fields:
            widget = self.query_one(f"#f-{key}")
            if isinstance(widget, Select):
                out[key] = "" if widget.is_blank() else str(widget.value)
            elif isinstance(widget, Input):
                out[key] = widget.value
        return out

    def action_submit(self) -> None:
        if self.busy:
            return
        data: dict[str, object] = dict(self.values())
        leader = str(data.pop("leader", "")).strip()
        password = str(data.pop("password", ""))
        if self.action is Action.EXTEND:
            days = str(data.get("days", "")).strip()
            if not days.isdigit() or int(days) <= 0:
                self.show_error(self.t("延长天数须为正整数"), "days")
                return
            data["days"] = int(days)
        self.busy = True
        self.show_error(self.t("正在提交…"))
        app = self.app
        self.submit_action(app.db, app.clock, app.me, data, leader, password)

    @work(thread=True, exclusive=True, group="case-action")
    def submit_action(self, db: Database, clock: Clock, actor: Actor, data: dict, leader: str,
                   password: str) -> None:
        from ..services import lifecycle, staff

        try:
            approver = staff.authenticate(db, clock, leader, password) if leader else None
            result = lifecycle.act(db, actor, clock, self.number, self.action, data, approver=approver)
        except QuanchengError as err:
            self.post_message(ServiceFailed(err))
        except Exception as exc:
            self.post_message(ServiceFailed(unexpected(exc)))
        else:
            self.post_message(ActionDone(result))

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.busy = False
        err = message.error
        key = FIELD_OF_LABEL.get(str(err.params.get("field", "")))
        if "值班领导" in err.msgid and any(k == "leader" for k, _, _ in self.fields):
            key = "leader"
        if key not in {k for k, _, _ in self.fields}:
            key = None
        self.show_error(self.t.error(err), key)

    def on_action_done(self, message: ActionDone) -> None:
        message.stop()
        self.busy = False
        self.dismiss(message.result)

    @property
    def error_text(self) -> str:
        return self.query_one("#action-error", Prose).plain

    def show_error(self, text: str, key: str | None = None) -> None:
        self.query_one("#action-error", Prose).update(text)
        if key is not None:
            self.set_focus(self.query_one(f"#f-{key}"))

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)


class ActionMenuScreen(BaseScreen, ModalScreen["Action | None"]):
    """The actions allowed now, one a line: ↑↓ and Enter (or the action's letter) choose one."""

    CSS_PATH = "case_action.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("取消"))]
    AUTO_FOCUS = "#action-list"  # not the scroll frame around it: ↑↓ and Enter work at once

    def __init__(self, t: Translator, actions: list[Action], keys: dict[Action, str]) -> None:
        super().__init__(t)
        self.actions = actions
        self.keys = keys

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        t = self.t
        with VerticalScroll(id="menu"):
            yield Static(t("选择操作"), id="action-title")
            yield OptionList(*[Option(f"{self.keys.get(a, ' ')}  {t(ACTION_LABELS[a])}", id=a.value)
                               for a in self.actions], id="action-list")
            yield Static(t("回车选择；Esc 取消"), id="action-hint")

    def on_option_list_option_selected(self, event) -> None:
        event.stop()
        self.dismiss(Action(event.option.id))

    def on_key(self, event) -> None:
        for action, key in self.keys.items():
            if event.key == key and action in self.actions:
                event.stop()
                self.dismiss(action)
                return

    def action_cancel(self) -> None:
        self.dismiss(None)
