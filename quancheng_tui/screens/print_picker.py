"""Which of a case's forms to print: a short list over the case screen (↑/↓, Enter; Esc prints nothing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..errors import N_
from .base import BaseScreen

if TYPE_CHECKING:
    from ..i18n import Translator


class PrintPickerScreen(BaseScreen, ModalScreen["str | None"]):
    DEFAULT_CSS = """
    PrintPickerScreen { align: center middle; }
    PrintPickerScreen #print-picker { width: 50; max-width: 100%; height: auto; max-height: 90%;
                                      border: thick $primary; background: $surface; padding: 0 1; }
    PrintPickerScreen OptionList { height: auto; max-height: 12; }
    PrintPickerScreen #print-hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("返回"))]

    def __init__(self, t: Translator, choices: list[tuple[str, str]]) -> None:
        super().__init__(t)
        self.choices = choices  # (form key, its name in the user's language)

    def compose(self) -> ComposeResult:
        with Vertical(id="print-picker"):
            yield Static(self.t("打印哪份单据？"), markup=False)
            yield OptionList(*[Option(label, id=key) for key, label in self.choices], id="print-list")
            yield Static(self.t("回车打印；Esc 取消"), id="print-hint", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
