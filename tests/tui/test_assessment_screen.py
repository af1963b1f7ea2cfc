"""季度考核 on screen (screens/assessment.py, issue 15 item 2): `k` from 统计报表, ←/→ by quarter, the
highlighted person's result in words; snapshots at 80×24 in both languages. The arithmetic is
tests/services/test_assessment.py's; here, what the screen shows of it."""

from __future__ import annotations

import pytest
from test_report_screen import report_db, report_open  # noqa: F401  (report_db: a fixture)
from textual.widgets import DataTable, Static
from tui_helpers import drive, wait_for, wait_for_screen

from quancheng_tui.screens.assessment import AssessmentScreen
from quancheng_tui.screens.report import ReportScreen


def quarter(app) -> str:
    return str(app.screen.query_one("#quarter", Static).render())


async def q1_open(pilot) -> None:
    await report_open(pilot)
    await pilot.press("k")
    await wait_for_screen(pilot, AssessmentScreen)
    await wait_for(pilot, lambda: " · " in quarter(pilot.app))  # 2025-Q4, the last finished quarter
    await pilot.press("right")
    await wait_for(pilot, lambda: quarter(pilot.app).startswith("2026-Q1") and " · " in quarter(pilot.app))


def test_the_quarter_so_far_and_back_to_the_report(report_db, make_app):
    app = make_app(report_db, user="lixiang")

    async def steps(pilot):
        await q1_open(pilot)
        assert quarter(app).startswith("2026-Q1 季度考核 · 至 2026-03-16")
        table = app.screen.query_one("#sheet", DataTable)
        # 张伟 completed 3 (the most: workload 100), 2 on time (66.7); no rating (—); signed in 0 of the 1 working
        # day since he was added (3-16): 0; no complaint: 100. (20·100 + 30·66.7 + 25·100 + 0 + 10·100)/100 = 75.0
        assert [str(c) for c in table.get_row("zhangwei")] == ["1", "张伟", "100", "67", "—", "0", "100", "75.0", "合格"]
        detail = str(app.screen.query_one("#detail", Static).render())
        assert detail.startswith("张伟：合格，75.0分") and "无可考（按满分）：群众满意" in detail
        await pilot.press("left")
        await wait_for(pilot, lambda: quarter(app).startswith("2025-Q4 季度考核 · "))
        await pilot.press("escape")
        await wait_for_screen(pilot, ReportScreen)

    drive(app, steps)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_assessment_80x24(snap_compare, report_db, make_app, lang):
    assert snap_compare(make_app(report_db, user="lixiang", lang=lang), terminal_size=(80, 24), run_before=q1_open)
