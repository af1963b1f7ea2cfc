"""好差评 at the hall terminal: the visitor rates the service of their own case (现场一次一评).

Five levels for the overall rating and the three other indicators (国办发〔2019〕51号); an indicator left
unchosen takes the overall level (domain/voice.parse_indicators). ←/→ or 1–5 choose, Tab moves, Enter on
the last fields sends. services/ratings.rate_by_visitor checks the proof again and keeps one rating a case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from ..domain.voice import INDICATORS, LEVELS
from ..errors import N_
from ..widgets.form import FormCheckbox, FormInput
from .base import ServiceFailed, call_service
from .hall import HallScreen

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.hall import HallCase


class Rated(Message):
    def __init__(self, level: str) -> None:
        super().__init__()
        self.level = level


class LevelPicker(Static, can_focus=True):
    """One indicator's level: ◀ 满意 ▶. Narrow enough for 80 columns in either language."""

    BINDINGS = [Binding("left", "move(-1)", show=False), Binding("right", "move(1)", show=False),
                Binding("enter,down", "next", show=False, priority=True),
                Binding("up", "previous", show=False, priority=True),
                *[Binding(str(i + 1), f"pick({i})", show=False) for i in range(len(LEVELS))]]

    def __init__(self, t: Translator, code: str) -> None:
        super().__init__("", id=f"level-{code}", markup=False)
        self.t = t
        self.code = code
        self.index: int | None = None

    @property
    def level(self) -> str | None:
        return None if self.index is None else LEVELS[self.index]

    def on_mount(self) -> None:
        self.draw()

    def draw(self) -> None:
        words = self.t(self.level) if self.level else self.t("请选择")
        self.update(Text(f"◀ {words} ▶"))

    def action_move(self, step: int) -> None:
        start = (len(LEVELS) // 2 - step) if self.index is None else self.index  # first move lands mid-scale
        self.index = min(len(LEVELS) - 1, max(0, start + step))
        self.draw()

    def action_pick(self, index: int) -> None:
        self.index = index
        self.draw()

    def action_next(self) -> None:
        self.app.action_focus_next()

    def action_previous(self) -> None:  # ↑/↓ move between the indicators as in every list (issue 16)
        self.app.action_focus_previous()


class HallRateScreen(HallScreen):
    BINDINGS = [Binding("escape", "back", N_("返回"))]

    def __init__(self, t: Translator, case: HallCase, proof: str) -> None:
        super().__init__(t)
        self.case = case
        self.proof = proof
        self.busy = False

    def compose(self) -> ComposeResult:
        t = self.t
        yield Static(t("评价本次服务：{number}", number=self.case.number), id="title", markup=False)
        with Vertical(id="rating"):
            yield Static(self.case.matter_name, id="matter", markup=False)
            yield Static(t("←/→ 或数字 1–5 选择，↑/↓ 换一项：1 非常满意 … 5 非常不满意"), classes="note", markup=False)
            for code, label in INDICATORS.items():
                with Horizontal(classes="row"):
                    yield Label(t(label), classes="label")
                    yield LevelPicker(t, code)
            with Horizontal(classes="row"):
                yield Label(t("实名评价"), classes="label")
                yield FormCheckbox(t("留下我的姓名（显示为王*明）"), id="real-name", compact=True)
            with Horizontal(classes="row"):
                yield Label(t("意见建议"), classes="label")
                yield FormInput(id="comment", compact=True, max_length=500)
            yield Static("", id="message", markup=False)
            yield Static(t("回车提交  Esc 返回"), id="hint", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#level-overall", LevelPicker).focus()
        self.app.arm_idle()

    def action_back(self) -> None:
        self.app.pop_screen()

    def field_entered(self, field: FormInput) -> None:
        field.after_queued_keys(self.submit)

    def choices(self) -> dict[str, str]:
        return {p.code: p.level for p in self.query(LevelPicker) if p.level}

    def submit(self) -> None:
        if self.busy:
            return
        chosen = self.choices()
        level = chosen.get("overall")
        if level is None:
            self.query_one("#message", Static).update(self.t("请先选择整体满意度"))
            self.query_one("#level-overall", LevelPicker).focus()
            return
        self.busy = True
        self.query_one("#message", Static).update(self.t("正在提交…"))
        self.send(level, chosen, self.query_one("#comment", Input).value,
                  self.query_one("#real-name", FormCheckbox).value)

    @work(thread=True, exclusive=True, group="hall")
    def send(self, level: str, indicators: dict[str, str], comment: str, real_name: bool) -> None:
        from ..services import ratings

        app, number, proof = self.app, self.case.number, self.proof
        call_service(self, lambda: ratings.rate_by_visitor(app.db, app.clock, number, proof, level, indicators,
                                                           comment, real_name), lambda view: Rated(view.level))

    def on_rated(self, message: Rated) -> None:
        message.stop()
        self.app.switch_screen(HallThanks(self.t, message.level))

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.busy = False
        self.query_one("#message", Static).update(self.t.error(message.error))


class HallThanks(HallScreen):
    BINDINGS = [Binding("escape,enter", "back", N_("返回"))]

    def __init__(self, t: Translator, level: str) -> None:
        super().__init__(t)
        self.level = level

    def compose(self) -> ComposeResult:
        t = self.t
        yield Static(t("评价已提交"), id="title", markup=False)
        with Vertical(id="thanks"):
            yield Static(t("感谢您的评价：{level}", level=t(self.level)), id="thanks-text", markup=False)
            yield Static(t("不满意的评价会有专人回访整改。"), classes="note", markup=False)
            yield Static(t("回车返回"), id="hint", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.app.arm_idle()

    def action_back(self) -> None:
        self.app.go_home()
