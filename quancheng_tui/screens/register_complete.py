"""登记并办结 (F7 on the registration form): the result of a 即办件 done at the counter (003 第24条).

A small modal asking for the result (required); Enter or Ctrl+S hands it back, Esc cancels. The
registration screen then registers and completes the case in ONE call of `register_case`, which alone
decides whether the case may be completed there (only a 即办件 with complete materials): a refusal is
shown on the form as any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..errors import N_
from ..widgets.form import FormInput
from .base import BaseScreen
from .notice import Prose

if TYPE_CHECKING:
    from ..i18n import Translator

F_RESULT = N_("办理结果")


class CompleteAtCounterScreen(BaseScreen, ModalScreen["str | None"]):
    DEFAULT_CSS = """
    CompleteAtCounterScreen { align: center middle; }
    CompleteAtCounterScreen #dialog {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: thick $accent; background: $surface;
    }
    CompleteAtCounterScreen #complete-title { text-style: bold; margin-bottom: 1; }
    CompleteAtCounterScreen .row { height: 1; margin-bottom: 1; }
    CompleteAtCounterScreen .label { width: 12; }
    CompleteAtCounterScreen #f-result { width: 1fr; }
    CompleteAtCounterScreen #complete-error { color: $error; }
    """
    BINDINGS = [
        Binding("escape", "cancel", N_("取消")),
        Binding("ctrl+s", "submit", N_("提交")),
    ]

    def __init__(self, t: Translator, matter: str) -> None:
        super().__init__(t)
        self.matter = matter

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog"):
            yield Static(t("登记并办结：{matter}", matter=self.matter), id="complete-title", markup=False)
            with Horizontal(classes="row"):
                yield Label(t(F_RESULT), classes="label")
                yield FormInput(id="f-result", compact=True, max_length=1000)
            yield Prose("", id="complete-error")
            yield Static(t("回车或 Ctrl+S 登记并办结；Esc 取消"), id="complete-hint", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.set_focus(self.query_one("#f-result"))

    def field_entered(self, field: FormInput) -> None:
        field.after_queued_keys(self.action_submit)

    @property
    def error_text(self) -> str:
        return self.query_one("#complete-error", Prose).plain

    def action_submit(self) -> None:
        value = self.query_one("#f-result", FormInput).value.strip()
        if not value:
            self.query_one("#complete-error", Prose).update(self.t("{field}不能为空", field=self.t(F_RESULT)))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
