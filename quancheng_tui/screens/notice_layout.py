"""The notice screen's layout: search and visitor on the left, the guide, checklist and result panes on
the right (one at a time below 110 columns, the guide beside the other two above), the message line.

``NoticeScreen`` (notice.py) adds what the keys and the workers do.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, Label, Static

from ..errors import N_, QuanchengError
from ..widgets.form import FormInput
from ..widgets.header import StatusLine
from ..widgets.material_checklist import MaterialChecklist
from ..widgets.matter_search import MatterSearch
from ..widgets.prose import Prose
from .base import BaseScreen
from .notice_state import NoticeDraft, drafts

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..settings import Settings

__all__ = ["FIELD_OF_LABEL", "PANES", "VISITOR_FIELDS", "WIDE", "NoticeLayout", "print_folder"]

# (input id, label msgid)
VISITOR_FIELDS = (
    ("visitor-name", N_("姓名")),
    ("visitor-id", N_("身份证")),
    ("visitor-phone", N_("电话号码")),
)
# The field label a service error names (its {field} parameter) -> the input it belongs to.
FIELD_OF_LABEL = {
    N_("申请人姓名"): "visitor-name", N_("身份证号"): "visitor-id",
    N_("联系电话"): "visitor-phone", N_("手机号码"): "visitor-phone",
}
PANES = (("f3", "guide", N_("指南")), ("f4", "checklist", N_("材料")), ("f6", "result", N_("结果")))
WIDE = 110  # columns from which the guide stays beside the checklist


def print_folder(settings: Settings) -> Path:
    """Where the forms go when not printed (the forms service decides: ``forms.print_folder``)."""
    from ..services.forms.printing import print_folder as folder

    return folder(settings)


class NoticeLayout(BaseScreen):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(self, t: Translator) -> None:
        super().__init__(t)
        self.pane = "guide"  # shown below WIDE columns
        self.side = "checklist"  # shown beside the guide from WIDE columns
        self.draft: NoticeDraft | None = None  # what this user left on the screen, read when it is composed

    # Layout.

    def compose(self) -> ComposeResult:
        t = self.t
        app = self.app
        actor = app.actor
        self.draft = drafts(app).get(actor.login) if actor is not None else None
        draft = self.draft or NoticeDraft()
        label_width = max(cell_len(t(label)) for _id, label in VISITOR_FIELDS) + 1
        yield StatusLine(t)
        with Horizontal(id="columns"):
            with Vertical(id="left"):
                yield Static(t("事项（F2）"), classes="heading", markup=False)
                yield MatterSearch(t, village_only=self.village_only, value=draft.query, id="search")
                yield Static(t("申请人（F8）"), classes="heading", id="visitor-heading", markup=False)
                for field_id, label in VISITOR_FIELDS:
                    with Horizontal(classes="row"):
                        yield Label(t(label), classes="label").set_styles(f"width: {label_width};")
                        yield FormInput(draft.visitor.get(field_id, ""), id=field_id, compact=True,
                                        max_length=100 if field_id == "visitor-name" else 30)
                yield Static(t("证号/电话处回车查旧告知书"), id="visitor-hint", markup=False)
            with Vertical(id="right"):
                yield Static(t("尚未选择事项"), id="matter-title", markup=False)
                yield Static("", id="tabs")
                with Horizontal(id="panes"):
                    with VerticalScroll(id="guide-pane", classes="pane"):
                        yield Prose(self.guide_hint(), id="guide")
                    with Vertical(id="checklist-pane", classes="pane"):
                        yield Prose("", id="basis")
                        yield MaterialChecklist(t, id="checklist")
                        yield Prose(self.checklist_hint(), id="checklist-hint")
                    with VerticalScroll(id="result-pane", classes="pane"):
                        yield Prose(self.result_idle(), id="result")
                yield Prose("", id="message")
        yield Footer()

    @property
    def village_only(self) -> bool:
        from ..domain.roles import Role

        actor = self.app.actor
        return actor is not None and actor.role is Role.AGENT

    def guide_hint(self) -> str:
        return self.t("请在左侧输入事项编码、名称或拼音首字母（如 dbsq），上下键选择，回车确定。")

    def checklist_hint(self) -> str:
        return self.t("空格勾选已带来的材料；R 补充要求；F5 出具告知书")

    def result_idle(self) -> str:
        settings = self.app.settings
        if settings.printer:
            where = self.t("出具后送打印机 {printer}（打印不成时保存到 {folder}）", printer=settings.printer,
                           folder=str(print_folder(settings)))
        else:
            where = self.t("出具后保存到 {folder}", folder=str(print_folder(settings)))
        return self.t("尚未出具告知书。") + "\n" + where

    def set_pane(self, pane: str) -> None:
        """Show `pane` (narrow), or put it beside the guide (wide)."""
        self.pane = pane
        if pane != "guide":
            self.side = pane
        for _key, name, _label in PANES:
            widget = self.query_one(f"#{name}-pane")
            widget.set_class(name == self.pane, "-active")
            widget.set_class(name == self.side, "-side")
        self.update_tabs()

    def update_tabs(self) -> None:
        wide = self.has_class("-wide")
        text = Text()
        for i, (key, name, label) in enumerate(PANES):
            shown = name == self.pane or (wide and name in ("guide", self.side))
            if i:
                text.append(" │ ", style="dim")
            text.append(f" {key.upper()} {self.t(label)} ", style="reverse bold" if shown else "dim")
        self.query_one("#tabs", Static).update(text)

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_tabs)

    def focus_pane(self, pane: str) -> None:
        self.set_pane(pane)
        target = {"guide": "#guide-pane", "checklist": "#checklist", "result": "#result-pane"}[pane]
        self.set_focus(self.query_one(target))  # now, so keys typed ahead go there

    # Messages on the message line.

    def say(self, text: str, kind: str = "info") -> None:
        line = self.query_one("#message", Prose)
        line.update(text)
        line.set_class(kind == "error", "-error")
        line.set_class(kind == "ok", "-ok")

    def fail(self, err: QuanchengError) -> None:
        self.say(self.t.error(err), "error")

    # The visitor's fields.

    def visitor_value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def visitor_key(self) -> tuple[str, str]:
        return self.visitor_value("visitor-id").strip(), self.visitor_value("visitor-phone").strip()

    # Moving around.

    def action_show(self, pane: str) -> None:
        self.focus_pane(pane)

    def action_focus_search(self) -> None:
        self.set_focus(self.query_one(MatterSearch).input)

    def action_focus_visitor(self) -> None:
        self.set_focus(self.query_one("#visitor-name", Input))
