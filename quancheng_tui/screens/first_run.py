"""首次使用: the office and its first admin, optionally with demo data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from ..errors import N_, InputError, QuanchengError
from ..widgets.form import FormCheckbox, FormInput
from ..widgets.header import StatusLine
from .base import BaseScreen, ServiceFailed, SignedIn, call_service

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.context import Clock
    from ..services.database import Database

# (input id, label msgid, placeholder msgid or "")
FIELDS = (
    ("office_name", N_("中心名称"), N_("如：青山镇便民服务中心")),
    ("office_code", N_("中心代码"), N_("字母或数字，用于案件编号，如 QS")),
    ("admin_name", N_("管理员姓名"), ""),
    ("admin_login", N_("管理员登录名"), N_("字母、数字、点、下划线或连字符")),
    ("password", N_("密码"), N_("至少 8 位")),
    ("password2", N_("再次输入密码"), ""),
)
PASSWORD_FIELDS = ("password", "password2")
# The field label a service error names (its {field} parameter) -> the input it belongs to.
FIELD_OF_LABEL = {
    N_("中心名称"): "office_name", N_("中心代码"): "office_code", N_("姓名"): "admin_name",
    N_("登录名"): "admin_login", N_("密码"): "password",
}


# Enough to fill the board's first pages in every state, few enough to be made in seconds on an old PC.
FIRST_RUN_DEMO_CASES = 60


class FieldError(InputError):
    """An error this screen found itself, about one of its inputs."""

    field_id = ""


def field_of(err: QuanchengError) -> str | None:
    """Which input an error is about, so it can be shown right under it."""
    if isinstance(err, FieldError):
        return err.field_id
    label = str(err.params.get("field", ""))
    if label in FIELD_OF_LABEL:
        return FIELD_OF_LABEL[label]
    if "登录名" in err.msgid:  # a clash with an existing login names no field
        return "admin_login"
    return None


def field_error(field_id: str, msgid: str, **params: object) -> FieldError:
    err = FieldError(msgid, **params)
    err.field_id = field_id
    return err


class FirstRunScreen(BaseScreen):
    CSS_PATH = "first_run.tcss"

    def __init__(self, t: Translator) -> None:
        super().__init__(t)
        self.busy = False

    def compose(self) -> ComposeResult:
        t = self.t
        yield StatusLine(t)
        with Vertical(id="form"):
            yield Static(t("首次使用：设置本中心和第一位管理员"), id="title")
            for field_id, label, placeholder in FIELDS:
                with Horizontal(classes="row"):
                    yield Label(t(label), classes="label")
                    yield FormInput(
                        id=field_id,
                        placeholder=t(placeholder) if placeholder else "",
                        password=field_id in PASSWORD_FIELDS,
                        compact=True,
                        max_length=200,
                    )
                yield Static("", id=f"{field_id}-error", classes="field-error", markup=False)
            with Horizontal(classes="row"):
                yield Label("", classes="label")
                yield FormCheckbox(t("同时载入演示数据"), id="demo", compact=True)
            yield Static(t("演示数据：村（社区）、部门、各角色工作人员，密码 demo1234"), id="demo-hint")
            with Horizontal(classes="row", id="actions"):
                yield Label("", classes="label")
                yield Button(t("创建"), id="create", compact=True, variant="primary")
            yield Static("", id="error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#office_name", Input).focus()

    def field_entered(self, field: FormInput) -> None:
        """Enter: the next field, or submit from the last one."""
        if field.id == FIELDS[-1][0]:
            field.after_queued_keys(self.submit)
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "create":
            self.submit()

    def values(self) -> dict[str, str]:
        return {field_id: self.query_one(f"#{field_id}", Input).value for field_id, _l, _p in FIELDS}

    def submit(self) -> None:
        if self.busy:
            return
        self.clear_errors()
        values = self.values()
        if not values["password"]:
            self.show_error(field_error("password", N_("请设置管理员密码")))
            return
        if values["password"] != values["password2"]:
            self.show_error(field_error("password2", N_("两次输入的密码不一致")))
            return
        self.busy = True
        self.query_one("#error", Static).update(self.t("正在创建…"))
        self.initialize(self.app.db, self.app.clock, values, self.query_one("#demo", Checkbox).value)

    @work(thread=True, exclusive=True, group="db")
    def initialize(self, db: Database, clock: Clock, values: dict[str, str], demo: bool) -> None:
        from ..services import identity, setup, staff

        def create():
            office = setup.initialize(
                db, clock, values["office_name"], values["office_code"], values["admin_login"],
                values["admin_name"], password=values["password"], demo=demo,
            )
            # As `init` does: the OS account that created the office is its first admin's (issue 18).
            identity.map_first_admin(db, clock, values["admin_login"].strip(), identity.current_os_account())
            if demo:  # the board, the case screens and the reports have something to show at once
                from ..services import demo as demo_cases

                demo_cases.generate(db, clock, FIRST_RUN_DEMO_CASES)
            return staff.actor_for(db, values["admin_login"].strip()), office

        call_service(self, create, lambda result: SignedIn(*result))

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.busy = False
        self.query_one("#error", Static).update("")
        self.show_error(message.error)

    def on_signed_in(self, message: SignedIn) -> None:
        self.busy = False  # and let the message bubble on to the app

    def clear_errors(self) -> None:
        for widget in self.query(".field-error").results(Static):
            widget.update("")
            widget.remove_class("shown")
        self.query_one("#error", Static).update("")

    def show_error(self, err: QuanchengError) -> None:
        """Under the field it names (and focus that field), else on the line under the form."""
        text = self.t.error(err)
        field_id = field_of(err)
        if field_id is None:
            self.query_one("#error", Static).update(text)
            return
        slot = self.query_one(f"#{field_id}-error", Static)
        slot.update(text)
        slot.add_class("shown")
        self.query_one(f"#{field_id}", Input).focus()
