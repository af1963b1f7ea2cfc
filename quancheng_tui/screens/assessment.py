"""季度考核 on screen (issue 15 item 2): the quarter's sheet, best first, as `assessment show` prints it.

Opened with `k` from 统计报表. ← / → step a quarter, t goes back to the last finished one, Esc returns to
the report. A thread worker reads `assessment.quarterly` and only posts a message. The table keeps the
parts' scores short; the highlighted person's grade, veto, consequence and unmeasured parts are spelt
out on the line below it. The printed sheet is `quancheng assessment print`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from ..domain import periods
from ..domain.assessment import CONSEQUENCES, GRADE_LABELS, PART_LABELS, PARTS
from ..errors import N_, QuanchengError
from ..widgets.header import StatusLine
from .base import BaseScreen, ServiceFailed, unexpected

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.assessment import Assessment, StaffAssessment

# (key, header, width): 74 cells with the padding, so the table fits 80 columns in either language
COLUMNS = (("rank", N_("名次"), 4), ("name", N_("姓名"), 8), ("workload", N_("办件"), 5), ("on_time", N_("按时"), 5),
           ("satisfaction", N_("满意度"), 6), ("attendance", N_("出勤"), 5), ("complaints", N_("投诉分"), 6),
           ("score", N_("总分"), 5), ("grade", N_("等次"), 9))
VETO_WORDS = {"complaints": N_("投诉属实"), "accountability": N_("通报批评或诫勉")}


class AssessmentLoaded(Message):
    def __init__(self, assessment: Assessment) -> None:
        super().__init__()
        self.assessment = assessment


class AssessmentScreen(BaseScreen):
    CSS_PATH = "assessment.tcss"
    BINDINGS = [
        Binding("escape", "back", N_("返回"), priority=True),
        Binding("left,p", "step(-1)", N_("换季度"), priority=True, key_display="←/→"),
        Binding("right,n", "step(1)", N_("下季"), priority=True, show=False),
        Binding("t", "default_quarter", N_("上个季度"), show=False),  # in F1's list: the footer keeps ^q and F1
    ]

    def __init__(self, t: Translator) -> None:
        super().__init__(t)
        self.period: periods.Period | None = None
        self.people: dict[str, StaffAssessment] = {}

    def compose(self) -> ComposeResult:
        yield StatusLine(self.t)
        yield Static("", id="quarter", markup=False)
        yield DataTable(id="sheet", cursor_type="row", zebra_stripes=False)
        yield Static("", id="detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#sheet", DataTable)
        for key, label, width in COLUMNS:
            title = self.t(label)
            table.add_column(title, key=key, width=max(width, cell_len(title)))
        self.action_default_quarter()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_default_quarter(self) -> None:
        self.show(periods.previous_quarter(self.app.clock.today()))

    def action_step(self, delta: int) -> None:
        current = self.period or periods.previous_quarter(self.app.clock.today())
        self.show(periods.shift_quarter(current, delta))

    def show(self, period: periods.Period) -> None:
        self.period = period
        self.query_one("#quarter", Static).update(self.t("{quarter} 季度考核（读取中…）", quarter=_label(period)))
        self.load(period)

    @work(thread=True, exclusive=True, group="assessment")
    def load(self, period: periods.Period) -> None:
        from ..services import assessment

        app = self.app
        try:
            result = assessment.quarterly(app.db, app.me, app.clock, period.start.year,
                                          (period.start.month - 1) // 3 + 1)
        except QuanchengError as err:
            self.post_message(ServiceFailed(err))
        except Exception as exc:
            self.post_message(ServiceFailed(unexpected(exc)))
        else:
            self.post_message(AssessmentLoaded(result))

    def on_assessment_loaded(self, message: AssessmentLoaded) -> None:
        a = message.assessment
        if self.period is None or a.start != self.period.start:
            return  # an older quarter, overtaken by a later key press
        t = self.t
        self.query_one("#quarter", Static).update(t("{quarter} 季度考核 · 至 {through} · ←/→ 换季度",
                                                    quarter=_label(self.period), through=a.through.isoformat()))
        self.people = {p.login: p for p in a.people}
        table = self.query_one("#sheet", DataTable)
        table.clear()
        for p in a.people:
            parts = [Text("—" if part in p.result.unmeasured else f"{p.result.parts[part]:.0f}", justify="right")
                     for part in PARTS]
            grade = t(GRADE_LABELS[p.result.grade]) + (t("·否决") if p.result.vetoes else "")
            table.add_row(Text(str(p.rank), justify="right"), Text(p.name), *parts,
                          Text(f"{p.result.score:.1f}", justify="right"),
                          Text(grade, style="bold red" if p.result.grade == "fail" else ""), key=p.login)
        if not a.people:
            self.query_one("#detail", Static).update(t("本季度没有要考核的工作人员"))
        elif table.row_count:
            table.move_cursor(row=0)
            self._detail(a.people[0])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        person = self.people.get(str(event.row_key.value)) if event.row_key is not None else None
        if person is not None:
            self._detail(person)

    def _detail(self, p: StaffAssessment) -> None:
        t = self.t
        words = [t("{name}：{grade}，{score}分", name=p.name, grade=t(GRADE_LABELS[p.result.grade]),
                   score=f"{p.result.score:.1f}")]
        if p.result.vetoes:
            words.append(t("一票否决：{why}", why=t("、").join(t(VETO_WORDS[v]) for v in p.result.vetoes)))
        if p.consequence:
            words.append(t(CONSEQUENCES[p.consequence]))
        if p.result.unmeasured:
            words.append(t("无可考（按满分）：{parts}", parts=t("、").join(t(PART_LABELS[x]) for x in p.result.unmeasured)))
        self.query_one("#detail", Static).update(t("；").join(words))

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.query_one("#quarter", Static).update("")
        self.query_one("#detail", Static).update(self.t.error(message.error))


def _label(period: periods.Period) -> str:
    return f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"
