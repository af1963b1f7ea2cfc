"""The one-line status bar at the top of every screen.

Office, who is at the keyboard (name and role), today's date from the injected
clock, and who is on duty (值班协办员 and 值班领导, from the month's roster). When the line
is wider than the terminal it drops the weekday, then the office name (the least needed
at a counter that belongs to one office), before Textual cuts it with an ellipsis.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rich.cells import cell_len
from textual.message import Message
from textual.widgets import Static

from ..domain.roles import ROLE_LABELS
from ..errors import N_

if TYPE_CHECKING:
    from datetime import date

    from ..app import QuanchengApp
    from ..i18n import Translator
    from ..services.context import Actor
    from ..services.roster_views import DutyToday

WEEKDAYS = (N_("星期一"), N_("星期二"), N_("星期三"), N_("星期四"), N_("星期五"), N_("星期六"), N_("星期日"))
SEPARATOR = " │ "
# Who is on duty, per app: (day, when fetched, duty, year lacking a schedule). Every screen has its own
# status line; one lookup serves them all, repeated after DUTY_TTL seconds so a roster or a holiday
# schedule imported meanwhile shows.
_DUTY: WeakKeyDictionary[object, tuple[date, float, DutyToday | None, int | None, str | None]] = WeakKeyDictionary()
DUTY_TTL = 300.0


def carry_duty_over(app: object, actor: Actor) -> None:
    """At sign-in: today's duty, read for the login screen's line, holds for whoever signed in, so the menu's
    line is whole at once (no worker, no second paint over a slow link). Only an admin's line also names a
    coming year without a schedule (services.calendar): theirs is read again."""
    from ..services.calendar import reminds_of_schedules

    cached = _DUTY.get(app)
    if cached is None or reminds_of_schedules(actor):
        return
    day, read_at, duty, _unscheduled, _login = cached
    _DUTY[app] = (day, read_at, duty, None, actor.login)


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

    if TYPE_CHECKING:  # the type checker's view of Textual's property
        app: QuanchengApp


    class DutyLoaded(Message):
        """What the worker found; `failed`: nothing (the line keeps what it shows and asks again later)."""

        def __init__(self, day: date, duty: DutyToday | None, failed: bool = False,
                     unscheduled: int | None = None, login: str | None = None) -> None:
            super().__init__()
            self.day = day
            self.duty = duty
            self.failed = failed
            self.unscheduled = unscheduled  # next year, when it has no official holiday schedule (admins)
            self.login = login  # who it was asked for: the reminder is per role

    def __init__(self, t: Translator, *, id: str | None = "status-line") -> None:
        super().__init__("", id=id, markup=False)
        self.t = t
        self._line = ""
        self._fetching = False

    def on_mount(self) -> None:
        self.refresh_status()
        # The date turns over at midnight on a clerk's all-day session; redrawn only when it changes.
        self.set_interval(60, self.refresh_status)

    def on_resize(self) -> None:
        self.refresh_status()

    def on_status_line_duty_loaded(self, message: StatusLine.DutyLoaded) -> None:
        message.stop()
        self._fetching = False
        cached = _DUTY.get(self.app)
        if message.failed:
            kept = cached if cached and cached[0] == message.day else None
            duty, unscheduled = (kept[2], kept[3]) if kept else (None, None)
        else:
            duty, unscheduled = message.duty, message.unscheduled
        _DUTY[self.app] = (message.day, time.monotonic(), duty, unscheduled, message.login)
        self.refresh_status()

    def refresh_status(self) -> None:
        """Read the app's state (office, actor, clock, duty) and redraw the line."""
        app = self.app
        t = self.t
        office = getattr(app, "office", None)
        actor: Actor | None = getattr(app, "actor", None)
        today = app.clock.today()
        head = [t("{name}（{role}）", name=actor.name, role=t(ROLE_LABELS[actor.role]))] if actor is not None else []
        tail = self._duty_parts(today) if office is not None else []
        day, weekday = today.isoformat(), t(WEEKDAYS[today.weekday()])
        name = office.name if office else t("全程协办")
        width = app.size.width - 2  # the padding
        variants = [[name, *head, f"{day} {weekday}", *tail], [name, *head, day, *tail],
                    [*head, f"{day} {weekday}", *tail], [*head, day, *tail]]
        lines = [SEPARATOR.join(v) for v in variants]
        line = next((x for x in lines if cell_len(x) <= width), lines[0] if width <= 0 else lines[-1])
        if line != self._line:
            self._line = line
            self.update(line)

    def _duty_parts(self, today: date) -> list[str]:
        t = self.t
        cached = _DUTY.get(self.app)
        actor = getattr(self.app, "actor", None)
        login = actor.login if actor is not None else None
        if cached is None or cached[0] != today or cached[4] != login or time.monotonic() - cached[1] > DUTY_TTL:
            self._fetch_duty()
        duty, unscheduled = (cached[2], cached[3]) if cached is not None and cached[0] == today else (None, None)
        warn = [t("{year} 年节假日安排未导入", year=unscheduled)] if unscheduled else []
        if duty is None:
            return [*warn, t("值班：未排班")]
        return [*warn, t("值班：{names}", names="、".join(p.name for p in duty.clerks)),
                t("领导：{name}", name=duty.leader.name)]

    def _fetch_duty(self) -> None:
        app = self.app
        db = getattr(app, "db", None)
        if db is None or self._fetching:
            return
        self._fetching = True
        clock = app.clock
        actor = getattr(app, "actor", None)

        def load() -> None:
            from ..services.calendar import schedule_reminder
            from ..services.roster import duty_today

            login = actor.login if actor is not None else None
            try:
                today = clock.today()
                unscheduled = schedule_reminder(db, actor, today) if actor is not None else None
                self.post_message(self.DutyLoaded(today, duty_today(db, clock), unscheduled=unscheduled, login=login))
            except Exception:
                self.post_message(self.DutyLoaded(clock.today(), None, failed=True, login=login))

        self.run_worker(load, thread=True, group="duty", exit_on_error=False)
