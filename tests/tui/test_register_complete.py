"""F7 登记并办结 on the registration form: a 即办件 registered and completed at the counter in one go.

The demo office with the sample catalog, the clock fixed at Monday 2026-03-16 09:30 (+08:00).
"""

from __future__ import annotations

from test_register_screen import (  # noqa: F401  (fixtures)
    ID,
    choose_matter,
    fill,
    make_reg_app,
    open_register,
    out_dir,
    proposal,
    reg_db,
    screen_of,
    type_text,
    wait_for,
    wait_for_screen,
    wait_registered,
)
from tui_helpers import drive

from quancheng_tui.screens.notice import Prose
from quancheng_tui.screens.register_complete import CompleteAtCounterScreen
from quancheng_tui.services import cases, staff


def test_f7_registers_and_completes_an_instant_case_with_its_result(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await choose_matter(pilot, "sb001", "SB-001")  # a 即办件
        await fill(pilot, "张三丰", ID)
        await pilot.press("f4", "a")
        assert "F7" in proposal(app)
        await pilot.press("f7")
        await wait_for_screen(pilot, CompleteAtCounterScreen)
        form = pilot.app.screen
        await pilot.press("enter")  # the result is required
        await wait_for(pilot, lambda: "办理结果不能为空" in form.error_text)
        assert pilot.app.screen is form
        await type_text(pilot, "当场办结并已告知")
        await pilot.press("enter")
        case = await wait_registered(pilot)
        assert (case.kind, case.status) == ("instant", "completed")
        assert "已办结" in screen.query_one("#result-body", Prose).plain

    drive(app, steps)
    clerk = staff.actor_for(reg_db, "zhangwei")
    [row] = cases.list_cases(reg_db, clerk, today=cases.date(2026, 3, 16))
    view = cases.get_case(reg_db, clerk, row.number, today=cases.date(2026, 3, 16))
    assert [(e.type, e.data.get("result")) for e in view.events] == [("registered", None),
                                                                    ("complete", "当场办结并已告知")]


def test_f7_on_a_promised_case_is_refused_and_nothing_is_registered(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await choose_matter(pilot, "sb002", "SB-002")  # a 承诺件
        await fill(pilot, "张三丰", ID)
        await pilot.press("f4", "a")
        assert "F7" not in proposal(app)
        await pilot.press("f7")
        await wait_for_screen(pilot, CompleteAtCounterScreen)
        await type_text(pilot, "已办结")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not screen.busy and "只有材料齐全的即办件" in screen_text(screen))
        assert screen.case is None and screen.complete_with == ""

    drive(app, steps)
    assert cases.list_cases(reg_db, staff.actor_for(reg_db, "zhangwei"), today=cases.date(2026, 3, 16)) == []


def screen_text(screen) -> str:
    return " ".join(p.plain for p in screen.query(Prose))
