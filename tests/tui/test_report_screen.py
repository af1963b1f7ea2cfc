"""统计报表 (screens/report.py, issue 15 item 1): last month's figures, ←/→ to step, a text bar chart of
cases by category, the per-staff table; snapshots at 80×24 in both languages and at 120×40.

The office is `staffed_db` with a leader 李响 and a few February cases written straight into the tables
(the figures' arithmetic is tests/services/test_reports.py's; here: what the screen shows of them).
Regenerate after a deliberate change: pytest tests/tui/test_report_screen.py --snapshot-update.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from textual.widgets import DataTable, Static
from tui_helpers import PASSWORD, drive, log_in, wait_for, wait_for_screen

from quancheng_tui.domain.roles import Role
from quancheng_tui.screens.report import ReportScreen
from quancheng_tui.services import staff
from quancheng_tui.services.context import Actor
from quancheng_tui.store.case_tables import Case, CaseEvent

CST = timezone(timedelta(hours=8))
ADMIN = Actor(login="admin", name="王主任", role=Role.ADMIN)


@pytest.fixture
def report_db(staffed_db, clock):
    staff.add_staff(staffed_db, ADMIN, clock, "lixiang", "李响", "leader", password=PASSWORD)
    with staffed_db.write() as s:
        # February: 4 受理件 and 1 联办件 received by 张伟; 3 受理件 completed, 2 of them by their due date
        for n, (day, category, done, due) in enumerate([(2, "own", 5, 6), (3, "own", 12, 10), (4, "own", 6, 9),
                                                        (5, "own", None, 27), (9, "joint", None, 20)], 1):
            received = date(2026, 2, day)
            row = Case(number=f"QS-2026020{n}-0001", matter_code="MZ-001", matter_name="低保申请", category=category,
                       kind="promised", status="completed" if done else "in_progress", applicant_name="张三",
                       village="V01", received_on=received, registered_at=datetime(2026, 2, day, 9, tzinfo=CST),
                       registered_by="zhangwei", owner="zhangwei", due_on=date(2026, 2, due))
            s.add(row)
            s.flush()
            if done:
                s.add(CaseEvent(case_id=row.id, at=datetime(2026, 2, done, 10, tzinfo=CST), actor="zhangwei",
                                type="complete", data=json.dumps({"on": f"2026-02-{done:02d}"})))
    return staffed_db


def period(app) -> str:
    return str(app.screen.query_one("#period", Static).render())


def figure(app, row: int) -> list[str]:
    return [str(c) for c in app.screen.query_one("#figures", DataTable).get_row_at(row)]


async def report_open(pilot) -> None:
    await log_in(pilot)
    pilot.app.open_place("stats")
    await wait_for_screen(pilot, ReportScreen)
    await wait_for(pilot, lambda: " · " in period(pilot.app))  # loaded (the loading line has no ·)


def test_last_month_by_default_and_arrows_step(report_db, make_app):
    app = make_app(report_db, user="lixiang")

    async def steps(pilot):
        await report_open(pilot)
        assert period(app).startswith("2026-02 月报 · 全中心")
        assert figure(app, 0) == ["受理 / 办结", "5 / 3"]
        assert figure(app, 2) == ["按时办结率", "66.7%"]  # 2 of 3 by their due date
        # overdue by 2-28: the 2nd (done 2-12, due 2-10), the 4th (due 2-27) and the 联办件 (due 2-20), both open
        assert figure(app, 3) == ["超期件", "3"]
        chart = str(app.screen.query_one("#chart", Static).render())
        assert "受理件 ██████████████ 4" in chart  # the longest bar is the most cases
        assert "联办件 ███▌" in chart
        row = [str(c) for c in app.screen.query_one("#staff", DataTable).get_row("zhangwei")]
        assert row == ["张伟", "5", "3", "66.7%", "—", "0", "0"]
        await pilot.press("left")
        await wait_for(pilot, lambda: period(app).startswith("2026-01 月报 · 全中心"))
        assert figure(app, 0) == ["受理 / 办结", "0 / 0"]
        assert figure(app, 2) == ["按时办结率", "—"]  # nothing to divide: never a made-up 0%
        await pilot.press("t")
        await wait_for(pilot, lambda: period(app).startswith("2026-02 "))

    drive(app, steps)


def test_a_clerk_is_told_the_figures_are_not_theirs(report_db, make_app):
    app = make_app(report_db)  # 张伟, a clerk

    async def steps(pilot):
        await log_in(pilot)
        pilot.app.open_place("stats")
        await wait_for_screen(pilot, ReportScreen)
        message = lambda: str(app.screen.query_one("#message", Static).render())  # noqa: E731
        await wait_for(pilot, lambda: "查看统计报表" in message())
        assert app.screen.query_one("#staff", DataTable).row_count == 0

    drive(app, steps)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_80x24(snap_compare, report_db, make_app, lang):
    assert snap_compare(make_app(report_db, user="lixiang", lang=lang), terminal_size=(80, 24), run_before=report_open)


def test_report_120x40(snap_compare, report_db, make_app):
    assert snap_compare(make_app(report_db, user="lixiang"), terminal_size=(120, 40), run_before=report_open)
