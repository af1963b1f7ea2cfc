"""统计报表: one month's figures at a glance (issue 15 item 1; services/reports.py, README "报表口径").

← / → (or p / n) step a month, t goes back to last month (the default report). A thread worker reads
`reports.figures` and only posts a message; the screen fills a compact table of the figures, a text bar
chart of cases by category (unicode blocks) and the per-staff table. Files (xlsx, pdf) and quarters are
the command line's: `quancheng report`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from ..domain import periods
from ..errors import N_, QuanchengError
from ..widgets.header import StatusLine
from .base import BaseScreen, ServiceFailed, unexpected

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.report_views import Report

BAR_WIDTH = 14  # cells of the longest bar
# widths for the English headers too ("Completed", "Complaints"): 61 cells + padding fit in 80
STAFF_COLUMNS = (("who", N_("工作人员"), 9), ("received", N_("受理"), 8), ("completed", N_("办结"), 10),
                 ("on_time", N_("按时率"), 8), ("satisfaction", N_("好评率"), 9), ("complaints", N_("投诉"), 10),
                 ("attendance", N_("出勤"), 7))


class ReportLoaded(Message):
    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report


def bar(value: int, top: int, width: int = BAR_WIDTH) -> str:
    from ..documents.charts import text_bar

    return text_bar(value, top, width)


class ReportScreen(BaseScreen):
    CSS_PATH = "report.tcss"
    BINDINGS = [
        Binding("escape", "back", N_("返回"), priority=True),
        # priority: the staff table would take the arrows to move between its few columns
        # one footer entry for both arrows: English labels are long, and F1 and ^q must fit in 80 columns
        Binding("left,p", "step(-1)", N_("换月"), priority=True, key_display="←/→"),
        Binding("right,n", "step(1)", N_("下月"), priority=True, show=False),
        Binding("t", "default_month", N_("上个月"), show=False),
        Binding("k", "assessment", N_("季度考核")),
    ]

    def __init__(self, t: Translator) -> None:
        super().__init__(t)
        self.period: periods.Period | None = None

    def compose(self) -> ComposeResult:
        yield StatusLine(self.t)
        yield Static("", id="period", markup=False)
        figures: DataTable[Text] = DataTable(id="figures", cursor_type="none", zebra_stripes=False, show_header=False)
        figures.add_column("", key="label", width=20)  # here: the Horizontal mounts its children after on_mount
        figures.add_column("", key="value", width=13)
        with Horizontal(id="top"):
            yield figures
            yield Static("", id="chart", markup=False)
        yield DataTable(id="staff", cursor_type="row", zebra_stripes=False)
        yield Static("", id="message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#staff", DataTable)
        for key, label, width in STAFF_COLUMNS:
            table.add_column(self.t(label), key=key, width=width)
        self.action_default_month()

    def action_back(self) -> None:
        self.app.go_main()

    def action_assessment(self) -> None:
        from .assessment import AssessmentScreen

        self.app.push_screen(AssessmentScreen(self.t))

    def action_default_month(self) -> None:
        self.show(periods.previous_month(self.app.clock.today()))

    def action_step(self, delta: int) -> None:
        self.show(periods.shift_month(self.period or periods.previous_month(self.app.clock.today()), delta))

    def show(self, period: periods.Period) -> None:
        self.period = period
        self.query_one("#period", Static).update(self.t("{month} 月报（读取中…）", month=period.start.strftime("%Y-%m")))
        self.load(period)

    @work(thread=True, exclusive=True, group="report")
    def load(self, period: periods.Period) -> None:
        from ..services import reports

        app = self.app
        try:
            report = reports.figures(app.db, app.me, app.clock, period.start, period.end)
        except QuanchengError as err:
            self.post_message(ServiceFailed(err))
        except Exception as exc:
            self.post_message(ServiceFailed(unexpected(exc)))
        else:
            self.post_message(ReportLoaded(report))

    def on_report_loaded(self, message: ReportLoaded) -> None:
        r = message.report
        if self.period is None or (r.start, r.end) != (self.period.start, self.period.end):
            return  # an older month, overtaken by a later key press
        t = self.t
        month = r.start.strftime("%Y-%m")
        where = t("{village} 村（社区）", village=r.village) if r.village else t("全中心")
        self.query_one("#period", Static).update(
            t("{month} 月报 · {where} · ←/→ 换月", month=month, where=where))
        self.query_one("#message", Static).update("")
        self._figures(r)
        self._chart(r)
        self._staff(r)

    def _figures(self, r: Report) -> None:
        from ..services.report_files import percent

        t = self.t
        rows = [
            (N_("受理 / 办结"), f"{r.received} / {r.completed}"),
            (N_("一次办结率"), percent(r.one_visit_rate)),
            (N_("按时办结率"), percent(r.on_time_rate)),
            (N_("超期件"), str(r.overdue_total)),
            (N_("好评率"), percent(r.satisfaction_rate)),
            (N_("评价覆盖率"), percent(r.coverage)),
            (N_("一次性告知违规"), str(r.breaches)),
            (N_("投诉 / 按时答复"), f"{r.complaints_received} / {percent(r.complaint_on_time_rate)}"),
            (N_("村级代办占比"), percent(r.village_share)),
            (N_("时限压缩率"), percent(r.compression.rate)),
        ]
        table = self.query_one("#figures", DataTable)
        table.clear()
        for label, value in rows:
            style = "bold red" if label == "超期件" and r.overdue_total else ""
            table.add_row(Text(t(label)), Text(value, style=style, justify="right"))

    def _chart(self, r: Report) -> None:
        from ..services.report_files import item_label

        t = self.t
        top = max((max(c.received, c.completed) for c in r.by_category), default=0)
        lines = Text(t("办件类别：受理 █ 与办结 ▒") + "\n", style="bold")
        labels = [t(item_label("category", c.key)) for c in r.by_category]
        width = max((_cells(x) for x in labels), default=0)
        for label, c in zip(labels, r.by_category):
            lines.append(label + " " * (width - _cells(label) + 1))
            lines.append(bar(c.received, top).ljust(BAR_WIDTH), style="blue")
            lines.append(f" {c.received}\n")
            lines.append(" " * (width + 1))
            lines.append(bar(c.completed, top).replace("█", "▒").ljust(BAR_WIDTH), style="green")
            lines.append(f" {c.completed}\n")
        if not r.by_category:
            lines.append(t("本月没有办件"))
        self.query_one("#chart", Static).update(lines)

    def _staff(self, r: Report) -> None:
        from ..services.report_files import percent

        table = self.query_one("#staff", DataTable)
        table.clear()
        for s in r.staff:
            table.add_row(Text(s.name), *(Text(v, justify="right") for v in (
                str(s.received), str(s.completed), percent(s.on_time_rate), percent(s.satisfaction_rate),
                str(s.complaints), str(s.attendance))), key=s.login)

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.query_one("#period", Static).update("")
        self.query_one("#message", Static).update(self.t.error(message.error))


def _cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
