"""大厅查询终端: the locked terminal at the counter or on a second screen (`quancheng hall`).

A visitor types a case number and the last 4 characters of their ID number or phone and sees the case's
progress, masked (services/hall.py decides, rate-limits and audits). After a case is done or a notice is
issued, the visitor rates it there (services/ratings.py). The public board fills the lower half of the
start screen. Nobody can leave the app from the keyboard: ctrl+q and ctrl+c do nothing; F12 asks for an
admin's login and password (services/staff.authenticate, with its lock-out) and only then quits.
Whatever the visitor saw goes back to the start screen after `idle_seconds` without a key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from ..errors import N_
from ..widgets.form import FormInput
from .base import ServiceFailed, call_service, translate_bindings
from .public_board import PublicBoard

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..i18n import Translator
    from ..services.context import Actor, Clock
    from ..services.database import Database
    from ..services.hall import HallCase

IDLE_SECONDS = 60.0


class Stoppable(Protocol):
    def stop(self) -> None: ...
TERMINAL = "hall"


class Found(Message):
    def __init__(self, case: HallCase) -> None:
        super().__init__()
        self.case = case


class Unlocked(Message):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor


class HallScreen(Screen):
    """What every hall screen shares: translated bindings."""

    def __init__(self, t: Translator) -> None:
        super().__init__()
        self.t = t
        translate_bindings(self, t)

    if TYPE_CHECKING:  # for the type checker only: at run time Textual's own property answers
        app: HallApp

    def on_mount(self) -> None:
        if getattr(self.app, "stable", False):
            for field in self.query(Input):
                field.cursor_blink = False


class HallStart(HallScreen):
    """The lookup form over the public board."""

    def __init__(self, t: Translator) -> None:
        super().__init__(t)
        self.busy = False

    def compose(self) -> ComposeResult:
        t = self.t
        app = self.app
        yield Static(t("{office} 办件查询", office=app.office_name or t("便民服务中心")), id="title", markup=False)
        with Vertical(id="lookup"):
            with Horizontal(classes="row"):
                yield Label(t("案件编号"), classes="label")
                yield FormInput(id="number", compact=True, max_length=40, placeholder="QS-20260316-0001")
            with Horizontal(classes="row"):
                yield Label(t("证件号或电话后四位"), classes="label")
                yield FormInput(id="proof", compact=True, max_length=4, password=True)
            yield Static("", id="message", markup=False)
            yield Static(t("回车查询；查询结果不显示完整姓名和证件号"), id="hint", markup=False)
        yield PublicBoard(app.db, app.clock, t, interval=app.board_interval, id="board")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#number", Input).focus()

    def reset(self) -> None:
        for field in self.query(Input):
            field.value = ""
        self.show("")
        self.busy = False
        self.query_one("#number", Input).focus()

    def show(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    def field_entered(self, field: FormInput) -> None:
        if field.id == "number":
            self.set_focus(self.query_one("#proof", Input))
        else:
            field.after_queued_keys(self.submit)

    def submit(self) -> None:
        if self.busy:
            return
        number = self.query_one("#number", Input).value
        proof = self.query_one("#proof", Input).value
        if not number.strip():
            self.show(self.t("请输入案件编号"))
            self.query_one("#number", Input).focus()
            return
        self.busy = True
        self.show(self.t("正在查询…"))
        self.look_up(number, proof)

    @work(thread=True, exclusive=True, group="hall")
    def look_up(self, number: str, proof: str) -> None:
        from ..services import hall

        app = self.app
        call_service(self, lambda: hall.lookup(app.db, app.clock, number, proof, terminal=app.terminal), Found)

    def on_found(self, message: Found) -> None:
        message.stop()
        self.busy = False
        proof = self.query_one("#proof", Input).value
        self.app.push_screen(HallCaseScreen(self.t, message.case, proof))

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.busy = False
        self.show(self.t.error(message.error))
        proof = self.query_one("#proof", Input)
        proof.value = ""
        proof.focus()


class HallCaseScreen(HallScreen):
    """One case's progress, as the visitor may see it."""

    BINDINGS = [Binding("escape", "back", N_("返回")), Binding("r", "rate", N_("评价"))]

    def __init__(self, t: Translator, case: HallCase, proof: str) -> None:
        super().__init__(t)
        self.case = case
        self.proof = proof

    def lines(self) -> list[tuple[str, str]]:
        t, c = self.t, self.case
        due = c.due_on.isoformat() if c.due_on else t("未计时")
        if c.due_on and c.due_provisional:
            due += t("（预计）")
        rows = [(t("案件编号"), c.number), (t("申请人"), c.applicant), (t("事项"), c.matter_name),
                (t("状态"), t(c.status_label)), (t("申请日期"), c.received_on.isoformat()),
                (t("承诺办结日期"), due), (t("经办人"), c.handler)]
        if c.notice_number:
            rows.append((t("一次性告知书"), c.notice_number))
        rows.append((t("尚缺材料"), "、".join(c.missing) if c.missing else t("无")))
        return rows

    def compose(self) -> ComposeResult:
        t = self.t
        yield Static(t("办件进度"), id="title", markup=False)
        with Vertical(id="progress"):
            for label, value in self.lines():
                # The list of what is missing may be long: it wraps; every other line is one line.
                long = label == t("尚缺材料")
                with Horizontal(classes="row long" if long else "row"):
                    yield Label(label, classes="label", markup=False)
                    yield Static(value, classes="missing" if long else "value", markup=False)
        hint = t("R 评价本次服务  Esc 返回") if self.case.can_rate else t("Esc 返回")
        yield Static("", id="message", markup=False)
        yield Static(hint, id="hint", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.app.arm_idle()

    def action_back(self) -> None:
        self.app.go_home()

    def action_rate(self) -> None:
        if not self.case.can_rate:
            self.query_one("#message", Static).update(self.t("办结或出具告知书后才能评价"))
            return
        from .hall_rating import HallRateScreen

        self.app.push_screen(HallRateScreen(self.t, self.case, self.proof))


class AdminUnlock(ModalScreen[None]):
    """F12: an admin's login and password close the terminal; anything else leaves it locked."""

    BINDINGS = [Binding("escape", "cancel", N_("取消"))]

    def __init__(self, t: Translator) -> None:
        super().__init__()
        self.t = t
        self.busy = False
        translate_bindings(self, t)

    if TYPE_CHECKING:  # for the type checker only: at run time Textual's own property answers
        app: HallApp

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="unlock"):
            yield Static(t("关闭大厅终端（管理员）"), id="unlock-title", markup=False)
            with Horizontal(classes="row"):
                yield Label(t("登录名"), classes="label")
                yield FormInput(id="login", compact=True, max_length=64)
            with Horizontal(classes="row"):
                yield Label(t("密码"), classes="label")
                yield FormInput(id="password", compact=True, password=True, max_length=256)
            yield Static(t("回车确认  Esc 取消"), id="unlock-message", markup=False)

    def on_mount(self) -> None:
        if getattr(self.app, "stable", False):
            for field in self.query(Input):
                field.cursor_blink = False
        self.query_one("#login", Input).focus()

    def field_entered(self, field: FormInput) -> None:
        if field.id == "login":
            self.set_focus(self.query_one("#password", Input))
        else:
            field.after_queued_keys(self.submit)

    def submit(self) -> None:
        if self.busy:
            return
        self.busy = True
        login = self.query_one("#login", Input).value
        password = self.query_one("#password", Input).value
        self.check(login, password)

    @work(thread=True, exclusive=True, group="unlock")
    def check(self, login: str, password: str) -> None:
        from ..services import staff

        app = self.app
        call_service(self, lambda: staff.authenticate(app.db, app.clock, login, password), Unlocked)

    def on_unlocked(self, message: Unlocked) -> None:
        message.stop()
        from ..domain.roles import Role

        if message.actor.role is Role.ADMIN:
            self.app.unlock_and_exit()
            return
        self._refused(self.t("只有管理员可以关闭大厅终端"))

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self._refused(self.t.error(message.error))

    def _refused(self, text: str) -> None:
        self.busy = False
        self.query_one("#unlock-message", Static).update(text)
        password = self.query_one("#password", Input)
        password.value = ""
        password.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class HallApp(App[None]):
    CSS_PATH = "hall.tcss"
    # Priority bindings win over every widget: the keys that end a Textual app do nothing here.
    BINDINGS = [Binding("ctrl+q", "locked", show=False, priority=True),
                Binding("ctrl+c", "locked", show=False, system=True, priority=True),
                Binding("f12", "admin", show=False, priority=True)]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, db: Database, clock: Clock, t: Translator, *, office_name: str = "",
                 terminal: str = TERMINAL, idle_seconds: float = IDLE_SECONDS,
                 board_interval: float = 10, stable: bool = False,
                 idle_timer: Callable[[float, Callable[[], None]], Stoppable] | None = None) -> None:
        super().__init__()
        self.db = db
        self.clock = clock
        self.t = t
        self.office_name = office_name
        self.terminal = terminal
        self.idle_seconds = idle_seconds
        self.board_interval = board_interval
        self.stable = stable  # tests: no blinking cursor in snapshots
        # Tests hand in a timer they fire themselves; it answers stop() like Textual's.
        self.make_idle_timer = idle_timer or self.set_timer
        self.idle_timer: Stoppable | None = None
        self._last_key: events.Key | None = None
        self.unlocked = False
        self.animation_level = "none"
        translate_bindings(self, t)
        self.title = t("大厅查询终端")

    def on_mount(self) -> None:
        self.push_screen(HallStart(self.t))

    @property
    def start(self) -> HallStart:
        return next(s for s in self.screen_stack if isinstance(s, HallStart))

    # --- locked -------------------------------------------------------------------------------------

    def action_locked(self) -> None:
        """ctrl+q / ctrl+c: the terminal stays; a word says who may close it."""
        screen = self.screen
        if isinstance(screen, HallStart):
            screen.show(self.t("本终端已锁定，请联系工作人员"))

    async def action_quit(self) -> None:
        self.action_locked()

    def action_help_quit(self) -> None:  # App's is not async; Textual awaits either kind of action
        self.action_locked()

    def action_admin(self) -> None:
        if not isinstance(self.screen, AdminUnlock):
            self.push_screen(AdminUnlock(self.t))

    def unlock_and_exit(self) -> None:
        self.unlocked = True
        self.exit()

    # --- idle ---------------------------------------------------------------------------------------

    def arm_idle(self) -> None:
        """(Re)start the countdown back to the start screen."""
        if self.idle_timer is not None:
            self.idle_timer.stop()
        self.idle_timer = self.make_idle_timer(self.idle_seconds, self.go_home)

    def go_home(self) -> None:
        """Back to an empty start screen: nothing the last visitor saw stays on it."""
        if self.idle_timer is not None:
            self.idle_timer.stop()
            self.idle_timer = None
        while not isinstance(self.screen, HallStart):
            self.pop_screen()
        self.start.reset()

    async def on_event(self, event: events.Event) -> None:
        # Every key reaches the app before any widget: a visitor still typing keeps the countdown away.
        # A key comes here from the driver and again as it bubbles back up: the countdown restarts once.
        if isinstance(event, events.Key) and self.idle_timer is not None and event is not self._last_key:
            self._last_key = event
            self.arm_idle()
        await super().on_event(event)
