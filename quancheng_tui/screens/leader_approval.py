"""The duty leader's approval, on the clerk's own screen, of a demand the one-time notice did not list.

Asking a returning visitor for a material the first notice did not name
breaks the one-time rule (domain.md §4): it is allowed only when a duty
leader approves it with a reason. The leader types their login and password
and the reason here; a thread worker checks the password
(`staff.authenticate`) and records the breach (`notices.approve_breach`,
which refuses anyone who is not a leader). The modal closes with the
recorded `BreachView`, or with None when cancelled: then nothing changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..errors import N_, NotPermitted, QuanchengError
from ..widgets.form import FormInput
from .base import BaseScreen, ServiceFailed, unexpected
from .notice import Prose

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.context import Actor, Clock
    from ..services.database import Database
    from ..services.notices import BreachView

FIELDS = ("leader-login", "leader-password", "reason")


class BreachApproved(Message):
    """The worker recorded the approved demand."""

    def __init__(self, breach: BreachView) -> None:
        super().__init__()
        self.breach = breach


class LeaderApprovalScreen(BaseScreen, ModalScreen["BreachView | None"]):
    DEFAULT_CSS = """
    LeaderApprovalScreen {
        align: center middle;
    }
    LeaderApprovalScreen #dialog {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $error;
        background: $surface;
    }
    LeaderApprovalScreen #approval-title {
        text-style: bold;
        color: $text-error;
    }
    LeaderApprovalScreen #approval-why {
        margin-bottom: 1;
    }
    LeaderApprovalScreen .row {
        height: 1;
        margin-bottom: 1;
    }
    LeaderApprovalScreen .label {
        width: 14;
    }
    LeaderApprovalScreen Input {
        width: 1fr;
    }
    LeaderApprovalScreen #approval-error {
        height: auto;
        color: $text-error;
    }
    LeaderApprovalScreen #approval-hint {
        color: $text-muted;
    }
    """
    BINDINGS = [Binding("escape", "cancel", N_("取消，不作更改"))]

    def __init__(self, t: Translator, *, notice_number: str, notice_date: str, material_code: str,
                 material_name: str) -> None:
        super().__init__(t)
        self.notice_number = notice_number
        self.notice_date = notice_date
        self.material_code = material_code
        self.material_name = material_name
        self.busy = False

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog"):
            yield Static(t("补充要求材料：须值班领导审批"), id="approval-title")
            yield Prose(
                t("“{material}”不在告知书 {number}（{date}）中。再要求申请人补交告知书未列明的材料，"
                  "违反一次性告知：须值班领导当场审批，并说明理由。",
                  material=self.material_name, number=self.notice_number, date=self.notice_date),
                id="approval-why",
            )
            for field_id, label in (("leader-login", N_("领导登录名")), ("leader-password", N_("密码")),
                                    ("reason", N_("理由"))):
                with Horizontal(classes="row"):
                    yield Label(t(label), classes="label")
                    yield FormInput(id=field_id, compact=True, password=field_id == "leader-password",
                                    max_length=500 if field_id == "reason" else 256)
            yield Prose("", id="approval-error")
            yield Static(t("回车提交；Esc 取消（不作任何更改）"), id="approval-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.set_focus(self.query_one("#leader-login", Input))

    def field_entered(self, field: FormInput) -> None:
        """Enter: the next field; from the reason (or the password, the reason being there), submit."""
        if field.id == FIELDS[-1] or (field.id == "leader-password" and self.value("reason").strip()):
            field.after_queued_keys(self.submit)
        else:
            self.set_focus(self.query_one(f"#{FIELDS[FIELDS.index(field.id) + 1]}", Input))

    def value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def submit(self) -> None:
        if self.busy:
            return
        login = self.value("leader-login").strip()
        if not login:
            self.show_error(self.t("请输入值班领导的登录名"), "leader-login")
            return
        if not self.value("reason").strip():
            self.show_error(self.t("请填写补充要求的理由"), "reason")
            return
        self.busy = True
        self.show_error(self.t("正在验证…"))
        self.approve(self.app.db, self.app.clock, self.app.me, login, self.value("leader-password"),
                     self.value("reason"))

    @work(thread=True, exclusive=True, group="approve")
    def approve(self, db: Database, clock: Clock, actor: Actor, login: str, password: str,
                reason: str) -> None:
        from ..services import notices, staff

        try:
            leader = staff.authenticate(db, clock, login, password)
            breach = notices.approve_breach(db, actor, clock, self.notice_number, self.material_code, reason,
                                            leader)
        except QuanchengError as err:
            self.post_message(ServiceFailed(err))
        except Exception as exc:
            self.post_message(ServiceFailed(unexpected(exc)))
        else:
            self.post_message(BreachApproved(breach))

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.busy = False
        err = message.error
        if err.params.get("field") == N_("理由"):
            self.show_error(self.t.error(err), "reason")
            return
        # A wrong password, a locked account or someone who is not a leader: try again from the password
        # (or the login, when the person is not a leader); the reason typed stays.
        password = self.query_one("#leader-password", Input)
        password.clear()
        self.show_error(self.t.error(err), "leader-login" if isinstance(err, NotPermitted) and
                        "值班领导" in err.msgid else "leader-password")

    def on_breach_approved(self, message: BreachApproved) -> None:
        message.stop()
        self.busy = False
        self.dismiss(message.breach)

    def show_error(self, text: str, field_id: str | None = None) -> None:
        self.query_one("#approval-error", Prose).update(text)
        if field_id is not None:
            self.set_focus(self.query_one(f"#{field_id}", Input))

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
