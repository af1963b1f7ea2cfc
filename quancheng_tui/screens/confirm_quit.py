"""ctrl+q over unsaved work: one question before the work is lost (y leaves, n or Esc stays)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..errors import N_
from .base import BaseScreen

if TYPE_CHECKING:
    from ..i18n import Translator


class ConfirmQuitScreen(BaseScreen, ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmQuitScreen { align: center middle; }
    ConfirmQuitScreen #confirm { width: 60; max-width: 100%; height: auto;
                                 border: thick $warning; background: $surface; padding: 0 1; }
    ConfirmQuitScreen #confirm-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", N_("退出"), priority=True),
        Binding("n,escape", "answer(False)", N_("返回"), priority=True),
    ]

    def __init__(self, t: Translator, what: str) -> None:
        super().__init__(t)
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.t("{what}尚未完成，现在退出将丢失已填写的内容。", what=self.what), markup=False)
            yield Static(self.t("y 退出  n 或 Esc 返回继续"), id="confirm-hint", markup=False)

    def action_answer(self, leave: bool) -> None:
        self.dismiss(leave)
