"""The one-line status bar at the top of every screen.

Office, who is at the keyboard (name and role), today's date from the injected
clock, and who is on duty. Rosters are not built yet, so duty reads "not scheduled".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from ..domain.roles import ROLE_LABELS
from ..errors import N_

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.context import Actor

WEEKDAYS = (N_("星期一"), N_("星期二"), N_("星期三"), N_("星期四"), N_("星期五"), N_("星期六"), N_("星期日"))
SEPARATOR = " │ "


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        dock: top;
        width: 100%;
        height: 1;
        padding: 0 1;
        background: $primary-background;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, t: "Translator", *, id: str | None = "status-line") -> None:
        super().__init__("", id=id, markup=False)
        self.t = t
        self._line = ""

    def on_mount(self) -> None:
        self.refresh_status()
        # The date turns over at midnight on a clerk's all-day session; redrawn only when it changes.
        self.set_interval(60, self.refresh_status)

    def refresh_status(self) -> None:
        """Read the app's state (office, actor, clock) and redraw the line."""
        app = self.app
        t = self.t
        office = getattr(app, "office", None)
        actor: Actor | None = getattr(app, "actor", None)
        parts = [office.name if office else t("全程协办")]
        if actor is not None:
            parts.append(t("{name}（{role}）", name=actor.name, role=t(ROLE_LABELS[actor.role])))
        today = app.clock.today()
        parts.append(f"{today.isoformat()} {t(WEEKDAYS[today.weekday()])}")
        if office is not None:
            parts.append(t("值班：未排班"))
        line = SEPARATOR.join(parts)
        if line != self._line:
            self._line = line
            self.update(line)
