"""A line of key hints ("h 交办  p 记录进展 …") that wraps only between hints, never inside one.

Prose folds Chinese between any two characters, which at 80 columns split 办|结 at the end of a line.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from .prose import Prose

GAP = "  "


class HintLine(Prose):
    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.lead = ""
        self.items: tuple[str, ...] = ()

    def show(self, lead: str, items: list[str]) -> None:
        """`lead` then the items, e.g. show("可办：", ["h 交办", "d 办结"])."""
        self.lead, self.items = lead, tuple(items)
        self.update(lead + GAP.join(items))

    def say(self, text: str) -> None:
        """A plain sentence instead of hints (folded as Prose folds it)."""
        self.lead, self.items = "", ()
        self.update(text)

    def folded(self, width: int) -> Text:
        if not self.items:
            return super().folded(width)
        lines: list[str] = []
        line = self.lead
        for item in self.items:
            joined = item if line in ("", self.lead) else GAP + item
            if line not in ("", self.lead) and cell_len(line + joined) > width:
                lines.append(line)
                line, joined = "", item
            line += joined
        lines.append(line)
        return Text("\n".join(lines))
