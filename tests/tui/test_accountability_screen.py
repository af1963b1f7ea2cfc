"""责任追究台账 in the terminal (issue 15 item 3): the register read through the service (a substantiated
complaint entered by itself), a leader's decision by the dialog, the palette entry for oversight only;
snapshots at 80×24 in both languages. Regenerate: pytest tests/tui/test_accountability_screen.py --snapshot-update."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static
from tui_helpers import PASSWORD, drive, log_in, type_text, wait_for

from quancheng_tui.domain.roles import Role
from quancheng_tui.screens.accountability import AccountabilityScreen, DecisionScreen
from quancheng_tui.screens.palette import QuanchengCommands
from quancheng_tui.services import accountability, complaints, staff
from quancheng_tui.services.context import Actor

ADMIN = Actor(login="admin", name="王主任", role=Role.ADMIN)


@pytest.fixture
def register_db(staffed_db, clock):
    staff.add_staff(staffed_db, ADMIN, clock, "lixiang", "李响", "leader", password=PASSWORD)
    c = complaints.add(staffed_db, ADMIN, clock, "王小明", "窗口无人接待", "visit", about_staff="zhangwei")
    complaints.reply(staffed_db, ADMIN, clock, c.id, "经查属实，已批评教育", "substantiated")
    return staffed_db


def summary(app) -> str:
    return str(app.screen.query_one("#summary", Static).render())


async def register_open(pilot) -> None:
    await log_in(pilot)
    await pilot.app.push_screen(AccountabilityScreen(pilot.app.t))
    await wait_for(pilot, lambda: "1" in summary(pilot.app))


def test_a_leader_decides_from_the_register(register_db, make_app, clock):
    app = make_app(register_db, user="lixiang")

    async def steps(pilot):
        await register_open(pilot)
        assert summary(app) == "责任追究台账（全部）：1 条，待处理 1 条"
        table = app.screen.query_one("#entries", DataTable)
        assert [str(c) for c in table.get_row_at(0)][1:3] == ["投诉属实", "张伟"]
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DecisionScreen))
        await pilot.press("3", "enter")  # 通报批评, then the reason
        await type_text(pilot, "屡教不改")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AccountabilityScreen) and "待处理 0 条" in summary(app))
        assert [str(c) for c in app.screen.query_one("#entries", DataTable).get_row_at(0)][-1] == "通报批评"

    drive(app, steps)
    (entry,) = accountability.list_entries(register_db, staff.actor_for(register_db, "lixiang"), clock)
    assert (entry.decision.measure, entry.decision.reason) == ("criticize", "屡教不改")


def test_a_clerk_is_told_no_and_has_no_palette_entry(register_db, make_app):
    app = make_app(register_db)

    async def steps(pilot):
        await log_in(pilot)
        names = [name for name, _cb, _help in QuanchengCommands(app.screen).commands()]
        assert "责任追究台账" not in names
        await pilot.app.push_screen(AccountabilityScreen(pilot.app.t))
        await wait_for(pilot, lambda: "无权" in str(app.screen.query_one("#message", Static).render()))

    drive(app, steps)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_register_80x24(snap_compare, register_db, make_app, lang):
    assert snap_compare(make_app(register_db, lang=lang, user="lixiang"), terminal_size=(80, 24),
                        run_before=register_open)
