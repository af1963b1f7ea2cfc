"""F1: every binding of the app and of the screen it was opened from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..errors import N_
from ..widgets.header import StatusLine
from .base import BaseScreen

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from ..i18n import Translator


def bindings_of(node: DOMNode) -> list[tuple[str, str]]:
    """(keys as shown, description) for each described action of a node, in declaration order."""
    keys: dict[tuple[str, str], list[str]] = {}
    for group in node._bindings.key_to_bindings.values():
        for binding in group:
            if binding.system or not binding.description:
                continue
            if binding.key.startswith("super+"):
                continue  # the Mac's ⌘ twin of a ctrl key: one key per action is enough, and it reads in English
            shown = node.app.get_key_display(binding)
            slot = keys.setdefault((binding.action, binding.description), [])
            if shown not in slot:
                slot.append(shown)
    return [(" / ".join(shown), description) for (_action, description), shown in keys.items()]


class HelpScreen(BaseScreen):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", N_("返回"))]

    def __init__(self, t: Translator, origin: Screen) -> None:
        super().__init__(t)
        self.origin = origin

    def compose(self) -> ComposeResult:
        t = self.t
        yield StatusLine(t)
        with VerticalScroll(id="body"):
            yield Static(t("帮助：按键一览"), id="title")
            yield Static(self.table(t("本页"), bindings_of(self.origin)), classes="keys", id="screen-keys")
            yield Static(self.table(t("全局"), bindings_of(self.app)), classes="keys", id="app-keys")
            yield Static(t("按 Esc 返回。"), id="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#body").focus()

    @staticmethod
    def table(heading: str, rows: list[tuple[str, str]]) -> Text:
        """A heading, then one line a binding: the keys in a column, then what they do."""
        width = max([12, *(cell_len(key) for key, _ in rows)]) + 2
        text = Text(heading, style="bold")
        for key, description in rows:
            text.append("\n")
            text.append(key, style="bold")
            text.append(" " * (width - cell_len(key)) + description)
        return text
