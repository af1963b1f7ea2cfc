"""The checklist of a matter's materials on the notice screen: ticked = the visitor brought it.

What starts ticked and what needs a leader is decided by ``services.notices`` (``checklist_start``,
``needs_approval``); this widget only shows the ticks and hands Space/Enter and R to its screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..domain.text import safe_for_terminal
from ..errors import N_

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..screens.notice import NoticeScreen
    from ..services.catalog_views import MaterialView

__all__ = ["FORM_LABELS", "MaterialChecklist", "copies_text"]

FORM_LABELS = {"original": N_("原件"), "copy": N_("复印件"), "either": N_("原件或复印件")}


def copies_text(t: Translator, form: str, copies: int) -> str:
    """原件 2 份 / 复印件 仅查验: a material's form and copies, as every notice pane shows them."""
    return f"{t(FORM_LABELS.get(form, form))} {t('{n} 份', n=copies) if copies else t('仅查验')}"


class MaterialChecklist(OptionList):
    """The matter's materials; ticked = the visitor brought it. Space or Enter ticks, R asks for it."""

    BINDINGS = [
        Binding("space,enter", "tick", N_("勾选"), show=False),
        Binding("r", "require", N_("补充要求"), show=False),
    ]

    if TYPE_CHECKING:  # for the type checker only: the notice screen is the only one that holds it
        screen: NoticeScreen

    def __init__(self, t: Translator, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        self.t = t
        self.materials: tuple[MaterialView, ...] = ()
        self.brought: set[str] = set()
        self.listed: set[str] = set()  # what the earlier notice listed
        self.approved: set[str] = set()  # demands a leader approved beyond it

    def load(self, materials: Iterable[MaterialView], brought: Iterable[str] = (), listed: Iterable[str] = (),
             approved: Iterable[str] = ()) -> None:
        self.materials = tuple(materials)
        self.brought, self.listed, self.approved = set(brought), set(listed), set(approved)
        if self.materials:
            self.set_options(Option(self.prompt(i, m), id=m.code) for i, m in enumerate(self.materials, 1))
            self.highlighted = 0
        else:
            self.set_options([Option(Text(self.t("该事项没有申请材料"), style="dim"), disabled=True)])

    def material(self, code: str) -> MaterialView:
        return next(m for m in self.materials if m.code == code)

    @property
    def current(self) -> MaterialView | None:
        if self.highlighted is None or not self.materials:
            return None
        return self.materials[self.highlighted]

    def parts(self, number: int, m: MaterialView) -> tuple[Text, str, Text]:
        """The tick, the number, and name · form and copies · tags."""
        t = self.t
        have = m.code in self.brought
        mark = Text("[✓]" if have else "[ ]", style="bold green" if have else "bold")
        text = Text(safe_for_terminal(m.name))
        text.append(f"  {copies_text(t, m.form, m.copies)}", style="dim")
        if not m.required:
            text.append(f" · {t('可选')}", style="dim")
        if m.code in self.approved:
            text.append(f" · {t('补充要求（已审批）')}", style="bold magenta")
        elif m.code in self.listed:
            text.append(f" · {t('告知书所列')}", style="bold yellow")
        return mark, f"{number}. ", text

    def prompt(self, number: int, m: MaterialView) -> Table:
        """One option: wrapped lines stay indented under the name."""
        mark, num, text = self.parts(number, m)
        grid = Table.grid(expand=True)
        grid.add_column(width=4, no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        grid.add_row(mark, num, text)
        return grid

    def label(self, code: str) -> str:
        """The line shown for a material, as plain text."""
        i = [m.code for m in self.materials].index(code)
        mark, num, text = self.parts(i + 1, self.materials[i])
        return f"{mark.plain} {num}{text.plain}"

    def set_brought(self, code: str, have: bool) -> None:
        (self.brought.add if have else self.brought.discard)(code)
        self.redraw(code)

    def redraw(self, code: str | None = None) -> None:
        for i, m in enumerate(self.materials):
            if code is None or m.code == code:
                self.replace_option_prompt_at_index(i, self.prompt(i + 1, m))

    # The screen decides what a tick or a demand means (a leader may be needed): it is asked by name.

    def action_tick(self) -> None:  # not `toggle`: DOMNode's toggles an attribute
        m = self.current
        if m is not None:
            self.screen.toggle_material(m.code)

    def action_require(self) -> None:
        m = self.current
        if m is not None:
            self.screen.require_material(m.code)
