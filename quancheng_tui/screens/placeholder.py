"""A place of the office that is not built yet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static

from ..errors import N_
from ..widgets.header import StatusLine
from .base import BaseScreen

if TYPE_CHECKING:
    from ..i18n import Translator


class PlaceholderScreen(BaseScreen):
    CSS_PATH = "placeholder.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", N_("返回"))]

    def __init__(self, t: Translator, place: str, title: str) -> None:
        super().__init__(t)
        self.place = place
        self.place_title = title  # a msgid

    def compose(self) -> ComposeResult:
        t = self.t
        yield StatusLine(t)
        with Vertical(id="body"):
            yield Static(t(self.place_title), id="title")
            yield Static(t("“{place}”尚未建成。", place=t(self.place_title)), id="message")
            yield Static(t("按 Esc 返回主界面。"), id="hint")
        yield Footer()
