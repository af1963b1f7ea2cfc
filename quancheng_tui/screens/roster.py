"""值班排班, read-only: a month day by day (duty clerks, duty leader, who is away and which B stands in).

A thread worker reads `roster.month_view`; p and n step to the previous and next month, t back to
this one; b shows the A/B posts instead of the days. Changing the roster is the admin's `quancheng
roster import`, not done here. A day off reads 休息 (nobody is on duty then, whatever the period says);
a make-up working weekend reads 补班; a working day nobody is on duty for is marked, and so is a post
whose A is away with no B.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from ..domain.roster import KIND_LABELS, month_key
from ..errors import N_, QuanchengError
from ..widgets.header import WEEKDAYS, StatusLine
from .base import BaseScreen, ServiceFailed, unexpected

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.roster_views import DayView, MonthView, PostView

COLUMNS = (("day", N_("日期"), 5), ("weekday", N_("星期"), 6), ("clerks", N_("协办员"), 12),
           ("leader", N_("值班领导"), 8), ("away", N_("请假、出差"), 30))
POST_COLUMNS = (("code", N_("岗位编号"), 8), ("name", N_("岗位"), 14), ("a", N_("A 岗"), 8),
                ("bs", N_("B 岗（按顺序顶岗）"), 36))


class PostsLoaded(Message):
    def __init__(self, posts: tuple[PostView, ...]) -> None:
        super().__init__()
        self.posts = posts


class MonthLoaded(Message):
    def __init__(self, view: MonthView) -> None:
        super().__init__()
        self.view = view


class RosterScreen(BaseScreen):
    CSS_PATH = "roster.tcss"
    BINDINGS = [
        Binding("escape", "back", N_("返回"), priority=True),
        Binding("p", "step(-1)", N_("上月")),
        Binding("n", "step(1)", N_("下月")),
        Binding("t", "this_month", N_("本月")),
        Binding("b", "toggle_posts", N_("A/B 岗")),
    ]

    def __init__(self, t: Translator) -> None:
        super().__init__(t)
        self.month = ""
        self.view: MonthView | None = None

    def compose(self) -> ComposeResult:
        yield StatusLine(self.t)
        yield Static("", id="summary", markup=False)
        yield DataTable(id="days", cursor_type="row", zebra_stripes=False)
        yield DataTable(id="posts", cursor_type="row", zebra_stripes=False)
        yield Static("", id="message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#days", DataTable)
        for key, label, width in COLUMNS:
            table.add_column(self.t(label), key=key, width=width)
        posts = self.query_one("#posts", DataTable)
        for key, label, width in POST_COLUMNS:
            posts.add_column(self.t(label), key=key, width=width)
        posts.display = False
        self.action_this_month()

    def action_toggle_posts(self) -> None:
        days, posts = self.query_one("#days", DataTable), self.query_one("#posts", DataTable)
        showing_posts = not posts.display
        posts.display, days.display = showing_posts, not showing_posts
        (posts if showing_posts else days).focus()
        if showing_posts:
            self.load_posts()

    @work(thread=True, exclusive=True, group="roster-posts")
    def load_posts(self) -> None:
        from ..services import roster

        try:
            posts = roster.list_posts(self.app.db)
        except QuanchengError as err:
            self.post_message(ServiceFailed(err))
        except Exception as exc:
            self.post_message(ServiceFailed(unexpected(exc)))
        else:
            self.post_message(PostsLoaded(tuple(posts)))

    def on_posts_loaded(self, message: PostsLoaded) -> None:
        table = self.query_one("#posts", DataTable)
        table.clear()
        for p in message.posts:
            table.add_row(Text(p.code), Text(p.name), Text(p.a.name), Text("、".join(b.name for b in p.bs)), key=p.code)
        if not message.posts:
            self.query_one("#message", Static).update(self.t("尚未设置 A/B 岗（quancheng roster import）"))

    def action_back(self) -> None:
        self.app.go_main()

    def action_this_month(self) -> None:
        self.show_month(month_key(self.app.clock.today()))

    def action_step(self, delta: int) -> None:
        year, month = (int(x) for x in (self.month or month_key(self.app.clock.today())).split("-"))
        index = year * 12 + month - 1 + delta
        self.show_month(f"{index // 12:04d}-{index % 12 + 1:02d}")

    def show_month(self, month: str) -> None:
        self.month = month
        self.query_one("#summary", Static).update(self.t("{month} 值班排班（读取中…）", month=month))
        self.load(month)

    @work(thread=True, exclusive=True, group="roster")
    def load(self, month: str) -> None:
        from ..services import roster

        try:
            view = roster.month_view(self.app.db, month)
        except QuanchengError as err:
            self.post_message(ServiceFailed(err))
        except Exception as exc:
            self.post_message(ServiceFailed(unexpected(exc)))
        else:
            self.post_message(MonthLoaded(view))

    def on_month_loaded(self, message: MonthLoaded) -> None:
        view = message.view
        if view.month != self.month:
            return  # an older month, overtaken by a later key press
        self.view = view
        t = self.t
        if not view.periods:
            summary = t("{month} 值班排班：尚未排班", month=view.month)
        elif view.gaps:
            summary = t("{month} 值班排班：{count} 个工作日无人值班", month=view.month, count=len(view.gaps))
        else:
            summary = t("{month} 值班排班：每个工作日都有人值班", month=view.month)
        self.query_one("#summary", Static).update(summary)
        self.query_one("#message", Static).update("")
        table = self.query_one("#days", DataTable)
        table.clear()
        for d in view.days:
            table.add_row(*self._cells(d), key=d.day.isoformat())
        today = self.app.clock.today()
        if month_key(today) == view.month:
            table.move_cursor(row=today.day - 1)

    def _cells(self, d: DayView) -> list[Text]:
        t = self.t
        style = "dim" if d.workday is False else ""
        clerks = "、".join(p.name for p in d.clerks)
        weekday = Text(t(WEEKDAYS[d.day.weekday()]), style=style)
        if d.workday is False:  # nobody is on duty on a day off, whatever the period's dates say
            return [Text(d.day.strftime("%m-%d"), style=style), weekday, Text(t("休息"), style=style), Text(""),
                    Text("")]
        if d.workday and d.day.weekday() >= 5:
            weekday = Text(t("补班"), style="bold")
        if d.workday and not d.clerks:
            clerks_cell = Text(t("无人值班"), style="bold red")
        else:
            clerks_cell = Text(clerks, style=style)
        away = []
        for a in d.absent:
            bs = [x.b.name if x.b else t("空岗") for x in d.acting if x.a.login == a.who.login]
            away.append(t("{name}（{kind}）", name=a.who.name, kind=t(KIND_LABELS[a.kind]))
                        + ("→" + "、".join(dict.fromkeys(bs)) if bs else ""))
        empty = any(x.b is None for x in d.acting) and d.workday is not False
        return [Text(d.day.strftime("%m-%d"), style=style), weekday,
                clerks_cell, Text(d.leader.name if d.leader else "", style=style),
                Text("；".join(away), style="bold red" if empty else style)]

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.query_one("#message", Static).update(self.t.error(message.error))
