"""登录: login name and password; Enter submits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from ..widgets.form import FormInput
from ..widgets.header import StatusLine
from ..widgets.steady_footer import SteadyFooter
from .base import BaseScreen, ServiceFailed, SignedIn, call_service

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.context import Clock
    from ..services.database import Database


class LoginScreen(BaseScreen):
    CSS_PATH = "login.tcss"
    # Focused as the screen is shown, not a moment later from on_mount: what is typed ahead (the app shows
    # this screen while it opens the database) must not land in the login name. compose marks the field.
    AUTO_FOCUS = ".-first"

    def __init__(self, t: Translator, login: str = "") -> None:
        super().__init__(t)
        self.initial_login = login
        self.busy = False
        self.waiting = False  # Enter came before the database was open: log in once it is (`ready`)

    def compose(self) -> ComposeResult:
        t = self.t
        yield StatusLine(t)
        with Vertical(id="form"):
            yield Static(t("登录"), id="title")
            with Horizontal(classes="row"):
                yield Label(t("登录名"), classes="label")
                yield FormInput(self.initial_login, id="login", compact=True, max_length=64,
                                classes="" if self.initial_login else "-first")
            with Horizontal(classes="row"):
                yield Label(t("密码"), classes="label")
                yield FormInput(id="password", password=True, compact=True, max_length=256,
                                classes="-first" if self.initial_login else "")
            yield Static("", id="error", markup=False)
            yield Static(t("回车登录"), id="hint")
        yield SteadyFooter()


    def field_entered(self, field: FormInput) -> None:
        """Enter: from the login to the password; from the password, log in."""
        if field.id == "login":
            self.set_focus(self.query_one("#password", Input))
        else:
            field.after_queued_keys(self.submit)

    def ready(self) -> None:
        """The app has opened the database (its start-up worker): the office's name shows, and an Enter
        pressed before then logs in now."""
        self.query_one(StatusLine).refresh_status()
        if self.waiting:
            self.waiting = False
            self.submit()

    def submit(self) -> None:
        if self.busy:
            return
        login = self.query_one("#login", Input).value.strip()
        if not login:
            self.show_error(self.t("请输入登录名"))
            self.query_one("#login", Input).focus()
            return
        if getattr(self.app, "db", None) is None:
            self.waiting = True
            self.query_one("#hint", Static).update(self.t("正在打开数据库…"))
            return
        self.busy = True
        self.show_error("")
        self.query_one("#hint", Static).update(self.t("正在验证…"))
        self.authenticate(self.app.db, self.app.clock, login, self.query_one("#password", Input).value)

    @work(thread=True, exclusive=True, group="db")
    def authenticate(self, db: Database, clock: Clock, login: str, password: str) -> None:
        from ..services import setup, staff

        call_service(self, lambda: (staff.authenticate(db, clock, login, password), setup.office(db)),
                     lambda result: SignedIn(*result))

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.busy = False
        self.query_one("#hint", Static).update(self.t("回车登录"))
        self.show_error(self.t.error(message.error))
        password = self.query_one("#password", Input)
        password.clear()
        password.focus()

    def on_signed_in(self, message: SignedIn) -> None:
        self.busy = False  # and let the message bubble on to the app

    def show_error(self, text: str) -> None:
        self.query_one("#error", Static).update(text)
