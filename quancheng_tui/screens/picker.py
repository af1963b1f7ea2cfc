"""Choose one value from a short list over the current screen: the board's owner and village filters.

Enter takes the highlighted line; the first line, 全部, clears the filter (returns "");
Esc leaves it as it was (returns None). The list is read by the caller before it opens.
"""

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


class PickerScreen(BaseScreen, ModalScreen["str | None"]):
    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen #picker { width: 60; max-width: 100%; height: auto; max-height: 90%;
                           border: thick $primary; background: $surface; padding: 0 1; }
    PickerScreen OptionList { height: auto; max-height: 16; }
    PickerScreen #picker-hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("返回"))]

    def __init__(self, t: Translator, title: str, choices: list[tuple[str, str]], current: str = "") -> None:
        super().__init__(t)
        self.title_text = title
        self.choices = [("", t("全部"))] + choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(self.title_text, id="picker-title", markup=False)
            yield OptionList(*[Option(label, id=f"v:{value}") for value, label in self.choices], id="picker-list")
            yield Static(self.t("回车选择；Esc 取消"), id="picker-hint", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        options = self.query_one(OptionList)
        values = [value for value, _ in self.choices]
        options.highlighted = values.index(self.current) if self.current in values else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss((event.option.id or "v:")[2:])

    def action_cancel(self) -> None:
        self.dismiss(None)
