"""The status line shows who is on duty today once a roster exists, and still fits at 80 columns;
the read-only month view (screens/roster.py, pushed directly: the menu's place is not wired to it yet).

`staffed_db` (admin 王主任, clerk 张伟) with a leader 李响, a roster for March 2026, the month
of the fixed clock (Monday 2026-03-16), and one A/B post. Regenerate the snapshots after a deliberate
change: pytest tests/tui/test_roster_status.py --snapshot-update (then review the SVGs).
"""

from __future__ import annotations

from datetime import date

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Static
from tui_helpers import OFFICE_NAME, PASSWORD, drive, log_in, wait_for

from quancheng_tui.domain.roles import Role
from quancheng_tui.screens.roster import RosterScreen
from quancheng_tui.services import roster, staff
from quancheng_tui.services.context import Actor
from quancheng_tui.widgets.header import StatusLine

ADMIN = Actor(login="admin", name="王主任", role=Role.ADMIN)
MARCH = """\
[[duty]]
from = 2026-03-01
to = 2026-03-31
clerks = ["zhangwei"]
leader = "lixiang"

[[post]]
code = "CK1"
name = "综合受理窗口"
a = "zhangwei"
b = ["lixiang"]
"""


@pytest.fixture
def roster_db(staffed_db, clock, tmp_path):
    staff.add_staff(staffed_db, ADMIN, clock, "lixiang", "李响", "leader", password=PASSWORD)
    path = tmp_path / "march.toml"
    path.write_text(MARCH, encoding="utf-8")
    roster.import_roster(staffed_db, ADMIN, clock, path)
    roster.set_absence(staffed_db, ADMIN, clock, "zhangwei", date(2026, 3, 17), date(2026, 3, 18), "trip")
    return staffed_db


def status(app) -> str:
    return str(app.screen.query_one(StatusLine, Static).render())


async def duty_shown(pilot) -> None:
    await log_in(pilot)
    await wait_for(pilot, lambda: "领导：" in status(pilot.app) or "Leader:" in status(pilot.app))


@pytest.mark.parametrize("size, weekday_shown", [((80, 24), False), ((120, 40), True)])
def test_duty_on_the_status_line(roster_db, make_app, size, weekday_shown):
    """At 80 columns the weekday goes first (the office name too with two clerks: see the register snapshots)."""
    app = make_app(roster_db)

    async def steps(pilot):
        await duty_shown(pilot)
        line = status(app)
        assert line.endswith("2026-03-16 星期一 │ 值班：张伟 │ 领导：李响" if weekday_shown
                             else "2026-03-16 │ 值班：张伟 │ 领导：李响")
        assert OFFICE_NAME in line and cell_len(line) <= size[0] - 2

    drive(app, steps, size=size)


def test_without_a_roster_it_says_not_scheduled(staffed_db, make_app):
    app = make_app(staffed_db)

    async def steps(pilot):
        await log_in(pilot)
        await pilot.pause(0.2)  # let the duty lookup finish: it finds nothing
        assert status(app).endswith("值班：未排班") and OFFICE_NAME in status(app)

    drive(app, steps)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_main_screen_with_duty_80x24(snap_compare, roster_db, make_app, lang):
    assert snap_compare(make_app(roster_db, lang=lang), terminal_size=(80, 24), run_before=duty_shown)


def summary(app) -> str:
    return str(app.screen.query_one("#summary", Static).render())


def row(app, day: str) -> list[str]:
    return [str(c) for c in app.screen.query_one("#days", DataTable).get_row(day)]


async def month_open(pilot) -> None:
    await duty_shown(pilot)
    await pilot.app.push_screen(RosterScreen(pilot.app.t))
    await wait_for(pilot, lambda: "2026-03 值班排班：" in summary(pilot.app))


def test_month_view_steps_through_months(roster_db, make_app):
    app = make_app(roster_db)

    async def steps(pilot):
        await month_open(pilot)
        assert summary(app) == "2026-03 值班排班：每个工作日都有人值班"
        assert row(app, "2026-03-16") == ["03-16", "星期一", "张伟", "李响", ""]
        assert app.screen.query_one("#days", DataTable).cursor_row == 15  # today
        assert row(app, "2026-03-17")[-1] == "张伟（出差）→李响"
        await pilot.press("n")
        await wait_for(pilot, lambda: summary(app) == "2026-04 值班排班：尚未排班")
        assert row(app, "2026-04-01")[2] == "无人值班" and row(app, "2026-04-04")[2] == "休息"  # 清明: off
        await pilot.press("p", "p")
        await wait_for(pilot, lambda: summary(app).startswith("2026-02 "))
        # A make-up working Saturday is a duty day and says so; a plain weekend is a day off (issue 16).
        assert row(app, "2026-02-14")[1:3] == ["补班", "无人值班"]
        assert row(app, "2026-02-07")[1:] == ["星期六", "休息", "", ""]
        await pilot.press("t")
        await wait_for(pilot, lambda: summary(app).startswith("2026-03 值班排班：每个"))

    drive(app, steps)


def test_month_view_shows_the_posts_on_b(roster_db, make_app):
    app = make_app(roster_db)

    async def steps(pilot):
        await month_open(pilot)
        assert row(app, "2026-03-21")[1:] == ["星期六", "休息", "", ""]  # in the duty period, yet a day off
        await pilot.press("b")
        table = app.screen.query_one("#posts", DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        assert [str(c) for c in table.get_row("CK1")] == ["CK1", "综合受理窗口", "张伟", "李响"]
        assert not app.screen.query_one("#days", DataTable).display
        await pilot.press("b")
        assert app.screen.query_one("#days", DataTable).display

    drive(app, steps)


def test_month_view_80x24(snap_compare, roster_db, make_app):
    assert snap_compare(make_app(roster_db), terminal_size=(80, 24), run_before=month_open)


@pytest.mark.parametrize("user, reads_again", [("zhangwei", False), ("admin", True)])
def test_signing_in_keeps_the_duty_read_for_the_login_screen(roster_db, make_app, monkeypatch, user, reads_again):
    """The duty the login screen's line read is today's for whoever signs in: the menu's line shows it without
    reading it again. An admin's line also says whether next year's schedule is missing, so theirs is read."""
    from quancheng_tui.screens.login import LoginScreen

    reads: list[str] = []
    original = StatusLine._fetch_duty

    def counted(self) -> None:
        reads.append(type(self.screen).__name__)
        original(self)

    monkeypatch.setattr(StatusLine, "_fetch_duty", counted)
    app = make_app(roster_db, user=user)

    async def steps(pilot):
        from tui_helpers import wait_for_screen

        await wait_for_screen(pilot, LoginScreen)
        await wait_for(pilot, lambda: "领导：李响" in status(app))
        before = len(reads)
        await duty_shown(pilot)
        await pilot.pause()
        assert "值班：张伟" in status(app) and "领导：李响" in status(app)
        assert (len(reads) > before) is reads_again

    drive(app, steps, size=(120, 40))
