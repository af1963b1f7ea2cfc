"""The case detail screen and its action forms: open from the board, hand over, suspend, refusals.

The office (sample catalog, one MZ-001 case registered by zhangwei, a second clerk wangfang) is
built once per module and copied for each test.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from tui_helpers import OFFICE_NAME, PASSWORD, drive, make_translator, type_text, wait_for, wait_for_screen

from quancheng_tui.app import QuanchengApp
from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.domain.roles import Role
from quancheng_tui.screens.board import BoardScreen
from quancheng_tui.screens.case_action import ActionMenuScreen, CaseActionScreen
from quancheng_tui.screens.case_detail import CaseDetailScreen
from quancheng_tui.screens.main import MainScreen
from quancheng_tui.services import cases, lifecycle, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.context import Actor, fixed_clock
from quancheng_tui.settings import Settings
from quancheng_tui.store import migrate
from quancheng_tui.store.database import Database

ADMIN = Actor(login="admin", name="王主任", role=Role.ADMIN)
CLOCK = fixed_clock(datetime(2026, 3, 16, 9, 30, tzinfo=timezone(timedelta(hours=8))))


@pytest.fixture(scope="module")
def detail_template(tmp_path_factory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("detail") / "template.db"
    db = Database.open(str(path))
    migrate.upgrade(db)
    setup.initialize(db, CLOCK, OFFICE_NAME, "QS", "admin", "王主任", PASSWORD)
    staff.add_staff(db, ADMIN, CLOCK, "zhangwei", "张伟", "clerk", password=PASSWORD)
    staff.add_staff(db, ADMIN, CLOCK, "wangfang", "王芳", "clerk", password=PASSWORD)
    catalog_svc.import_catalog(db, ADMIN, CLOCK, catalog_svc.SAMPLE_CATALOG)
    case = cases.register_case(db, staff.actor_for(db, "zhangwei"), CLOCK, cases.RegistrationInput(
        matter_code="MZ-001", name="张三", id_number="11010519491231002X"))
    db.dispose()
    return path, case.number


@pytest.fixture
def detail_db(detail_template, db_path: Path):
    template, _ = detail_template
    with sqlite3.connect(template) as src, sqlite3.connect(db_path) as dst:
        src.backup(dst)
    db = Database.open(str(db_path))
    yield db
    db.dispose()


@pytest.fixture
def number(detail_template) -> str:
    return detail_template[1]


@pytest.fixture
def detail_app(detail_db, db_path):
    settings = Settings(db=str(db_path), user="zhangwei", lang="zh", forced_login="zhangwei")
    return QuanchengApp(settings, detail_db, CLOCK, translator=make_translator("zh"), stable=True)


async def open_detail(pilot) -> CaseDetailScreen:
    await wait_for_screen(pilot, MainScreen)
    await pilot.press("3")
    await wait_for_screen(pilot, BoardScreen)
    board = pilot.app.screen
    await wait_for(pilot, lambda: board.page is not None and board.table.row_count > 0)
    await pilot.press("enter")
    await wait_for_screen(pilot, CaseDetailScreen)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.case is not None and not screen.busy)
    return screen


def text_of(screen, selector: str) -> str:
    return screen.query_one(selector).plain


async def open_form(pilot, key: str) -> CaseActionScreen:
    await pilot.press(key)
    await wait_for_screen(pilot, CaseActionScreen)
    return pilot.app.screen


async def reloaded(pilot, screen: CaseDetailScreen, status: str) -> None:
    await wait_for_screen(pilot, CaseDetailScreen)
    await wait_for(pilot, lambda: not screen.busy and screen.case.status == status)


def test_detail_opens_from_the_board_and_hand_over_updates_status_and_timeline(detail_app, number):
    async def steps(pilot):
        screen = await open_detail(pilot)
        head = text_of(screen, "#head")
        assert number in head and "已受理" in head and "张三" in head and "11010519491231002X" in head
        assert "MZ-001" in head and "张伟" in head and "承诺办结" in head
        assert "登记" in text_of(screen, "#timeline")
        assert "h 交办" in text_of(screen, "#actions") and "u 恢复计时" not in text_of(screen, "#actions")
        form = await open_form(pilot, "h")
        await type_text(pilot, "wangfang")
        await pilot.press("enter")  # to the note
        await type_text(pilot, "请核实")
        await pilot.press("enter")  # submit
        await reloaded(pilot, screen, "in_progress")
        assert "办理中" in text_of(screen, "#head")
        timeline = text_of(screen, "#timeline")
        assert "交办" in timeline and "王芳（wangfang）" in timeline and "请核实" in timeline
        assert "已交办" in str(screen.query_one("#message").render())
        assert form not in pilot.app.screen_stack
        await pilot.press("escape")
        await wait_for_screen(pilot, BoardScreen)

    drive(detail_app, steps)


def test_suspend_with_a_reason_stops_the_clock_and_resume_is_offered(detail_app):
    async def steps(pilot):
        screen = await open_detail(pilot)
        form = await open_form(pilot, "s")
        form.query_one("#f-reason").value = "鉴定"
        form.set_focus(form.query_one("#f-note"))
        await type_text(pilot, "送检")
        await pilot.press("enter")
        await reloaded(pilot, screen, "suspended")
        assert "中止计时" in text_of(screen, "#head")
        assert "理由：鉴定" in text_of(screen, "#timeline")
        actions = text_of(screen, "#actions")
        assert "u 恢复计时" in actions and "s 中止计时" not in actions
        await pilot.press("s")  # not allowed now: nothing opens
        await pilot.pause()
        assert pilot.app.screen is screen
        # the action list: `a`, then the action's line
        await pilot.press("a")
        await wait_for_screen(pilot, ActionMenuScreen)
        await pilot.press("u")
        await wait_for_screen(pilot, CaseActionScreen)
        await pilot.press("enter")  # a confirmation: no fields
        await reloaded(pilot, screen, "in_progress")

    drive(detail_app, steps)


def test_refusals_show_in_the_form_and_keep_what_was_typed(detail_app, detail_db, number):
    async def steps(pilot):
        screen = await open_detail(pilot)
        # an unknown colleague
        form = await open_form(pilot, "h")
        await type_text(pilot, "nobody")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not form.busy and "不存在" in form.error_text)
        assert "nobody" in form.error_text
        assert form.query_one("#f-to").value == "nobody"
        assert pilot.app.screen is form
        # suspend without a reason
        await pilot.press("escape")
        await wait_for_screen(pilot, CaseDetailScreen)
        form = await open_form(pilot, "s")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not form.busy and "事由" in form.error_text)
        await pilot.press("escape")
        await wait_for_screen(pilot, CaseDetailScreen)
        # the case withdrawn meanwhile (another counter): completing it is now illegal
        form = await open_form(pilot, "d")
        await type_text(pilot, "已办妥")
        lifecycle.act(detail_db, ADMIN, CLOCK, number, Action.WITHDRAW, {"reason": "申请人撤回"})
        await pilot.press("enter")
        await wait_for(pilot, lambda: not form.busy and "不能办结" in form.error_text)
        assert "已撤回" in form.error_text
        assert form.query_one("#f-result").value == "已办妥"
        await pilot.press("escape")
        await wait_for_screen(pilot, CaseDetailScreen)
        screen.reload()
        await wait_for(pilot, lambda: not screen.busy and screen.case.status == "withdrawn")
        assert "撤回" in text_of(screen, "#timeline")

    drive(detail_app, steps)


def test_extend_past_the_statutory_limit_needs_the_duty_leader(detail_app):
    async def steps(pilot):
        screen = await open_detail(pilot)
        form = await open_form(pilot, "e")
        await type_text(pilot, "abc")  # integer field: ignored
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        await wait_for(pilot, lambda: "正整数" in form.error_text)
        form.query_one("#f-days").value = "15"  # 20 promised + 15 > 30 statutory working days
        form.query_one("#f-reason").value = "需现场核查"
        form.query_one("#f-basis").value = "办事指南"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not form.busy and "值班领导" in form.error_text)
        assert form.query_one("#f-reason").value == "需现场核查"
        await pilot.press("escape")
        await wait_for_screen(pilot, CaseDetailScreen)
        assert screen.case.status == "accepted"

    drive(detail_app, steps)
