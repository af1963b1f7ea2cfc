"""The main menu: the six places of the office, reached with keys 1–6."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..errors import N_
from ..widgets.header import StatusLine
from ..widgets.steady_footer import SteadyFooter
from .base import BaseScreen, ServiceFailed, call_service

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.attendance import AttendanceStatus

# (key, id, title msgid, one-line description msgid)
PLACES = (
    ("1", "register", N_("登记受理"), N_("接待来访，登记案件，出具回执")),
    ("2", "notice", N_("一次性告知"), N_("材料不全时一次性书面告知所缺材料")),
    ("3", "board", N_("案件看板"), N_("在办案件、期限和红黄绿灯")),
    ("4", "roster", N_("值班排班"), N_("协办员和值班领导的月度排班、AB 岗")),
    ("5", "stats", N_("统计报表"), N_("月报、按时办结率、满意率、季度考核")),
    ("6", "settings", N_("设置"), N_("中心信息、电话、期限、打印机")),
)
SWITCH_USER_KEY = "ctrl+l"
ATTENDANCE_KEY = "k"  # 考勤: 签到 when not signed in today, 签退 when signed in (issue 15)


class AttendanceDone(Message):
    def __init__(self, status: AttendanceStatus) -> None:
        super().__init__()
        self.status = status


class MainScreen(BaseScreen):
    CSS_PATH = "main.tcss"
    BINDINGS = [
        *(Binding(key, f"app.open_place('{pid}')", title, show=False) for key, pid, title, _ in PLACES),
        Binding(SWITCH_USER_KEY, "app.switch_user", N_("切换用户")),
        Binding(ATTENDANCE_KEY, "attendance", N_("签到/签退")),
    ]

    def __init__(self, t: Translator, *, can_switch_user: bool = True) -> None:
        super().__init__(t)
        self.can_switch_user = can_switch_user
        if not can_switch_user:  # a forced (SSH) login stays who it is for the whole session
            self._bindings.key_to_bindings.pop(SWITCH_USER_KEY, None)

    def compose(self) -> ComposeResult:
        t = self.t
        yield StatusLine(t)
        with Vertical(id="body"):
            yield Static(t("请选择（数字键 1–6，或方向键加回车）："), id="prompt")
            yield OptionList(*self.options(), id="places")
        yield SteadyFooter()

    def options(self) -> list[Option]:
        """One line a place: key, title, description, the descriptions in one column."""
        t = self.t
        titles = [t(title) for _key, _pid, title, _desc in PLACES]
        width = max(cell_len(title) for title in titles)
        return [
            Option(Text.assemble(f"{key}  ", title, " " * (width - cell_len(title) + 2), (t(desc), "dim")), id=pid)
            for (key, pid, _title, desc), title in zip(PLACES, titles)
        ]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.app.open_place(event.option.id)

    def action_attendance(self) -> None:
        """签到, or 签退 once signed in: the clerk's own attendance, one key from the menu."""
        app = self.app
        actor = getattr(app, "actor", None)
        if actor is None:
            return

        def call():
            from ..services import attendance

            if attendance.status(app.db, actor, app.clock).signed_in_at is not None:  # a second 签退 is refused
                return attendance.sign_out(app.db, actor, app.clock)
            return attendance.sign_in(app.db, actor, app.clock)

        self.run_worker(lambda: call_service(self, call, AttendanceDone), thread=True, group="attendance",
                        exclusive=True, exit_on_error=False)

    def on_attendance_done(self, message: AttendanceDone) -> None:
        message.stop()
        st = message.status
        if st.signed_out_at is not None:
            self.notify(self.t("已签退：{at}", at=st.signed_out_at.strftime("%H:%M")))
        elif st.signed_in_at is not None:
            self.notify(self.t("已签到：{at}", at=st.signed_in_at.strftime("%H:%M")))

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.notify(self.t.error(message.error), severity="error")

    def on_screen_resume(self) -> None:
        self.query_one(StatusLine).refresh_status()
        self.query_one("#places", OptionList).focus()
