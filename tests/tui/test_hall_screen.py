"""The locked hall terminal (issue 14 item 1) and the public rows it shares with the 公示屏 (item 6).

An office with three cases, registered through the services on the fixed clock (Monday 2026-03-16
09:30 +08:00), built once per module and copied for each test. The idle timer is handed in and fired
by the test, so nothing here waits on the wall clock.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from tui_helpers import OFFICE_NAME, PASSWORD, drive, make_translator, type_text, wait_for, wait_for_screen

from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.domain.roles import Role
from quancheng_tui.screens.hall import AdminUnlock, HallApp, HallCaseScreen, HallStart
from quancheng_tui.services import cases, lifecycle, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.context import Actor, fixed_clock
from quancheng_tui.store import migrate
from quancheng_tui.store.database import Database

CLOCK = fixed_clock(datetime(2026, 3, 16, 9, 30, tzinfo=timezone(timedelta(hours=8))))
ADMIN = Actor(login="admin", name="王主任", role=Role.ADMIN)
ID = "11010519491231002X"
OPEN = "QS-20260316-0001"  # 王小明, 承诺件, open
NOTICE = "QS-20260316-0002"  # 钱多, 提示件: a one-time notice was issued
DONE = "QS-20260316-0003"  # 李红, done today


def make_hall_db(path: Path) -> None:
    db = Database.open(str(path))
    migrate.upgrade(db)
    setup.initialize(db, CLOCK, OFFICE_NAME, "QS", "admin", "王主任", PASSWORD)
    staff.add_staff(db, ADMIN, CLOCK, "zhangwei", "张伟", "clerk", password=PASSWORD)
    catalog_svc.import_catalog(db, ADMIN, CLOCK, catalog_svc.SAMPLE_CATALOG)
    clerk = staff.actor_for(db, "zhangwei")
    for matter, name, extra in (("MZ-003", "王小明", {}), ("MZ-001", "钱多", {"materials": ["SQS"]}),
                                ("MZ-003", "李红", {})):
        cases.register_case(db, clerk, CLOCK, cases.RegistrationInput(
            matter, name=name, id_number=ID, phone="13812345678", **extra))
    lifecycle.act(db, clerk, CLOCK, DONE, Action.COMPLETE, {"result": "已批准"})
    db.dispose()


@pytest.fixture(scope="module")
def hall_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hall") / "template.db"
    make_hall_db(path)
    return path


@pytest.fixture
def hall_db(hall_template: Path, db_path: Path):
    with sqlite3.connect(hall_template) as src, sqlite3.connect(db_path) as dst:
        src.backup(dst)
    db = Database.open(str(db_path))
    yield db
    db.dispose()


class FakeTimer:
    """The idle countdown, fired by the test instead of the wall clock."""

    def __init__(self) -> None:
        self.armed: list[tuple[float, object]] = []
        self.stopped = 0

    def __call__(self, seconds: float, callback):
        self.armed.append((seconds, callback))
        return self

    def stop(self) -> None:
        self.stopped += 1

    def fire(self) -> None:
        self.armed[-1][1]()


def hall_app(db, lang: str = "zh", timer: FakeTimer | None = None, clock=CLOCK) -> HallApp:
    return HallApp(db, clock, make_translator(lang), office_name=OFFICE_NAME, idle_seconds=45,
                   board_interval=600, stable=True, idle_timer=timer or FakeTimer())


def screen_text(app) -> str:
    """Everything the screen's widgets say (Static, Label, cells of the board)."""
    from textual.widgets import DataTable, Static

    parts = [str(w.render()) for w in app.screen.query(Static)]
    for table in app.screen.query(DataTable):
        for i in range(table.row_count):
            parts += [str(c) for c in table.get_row_at(i)]
    return "\n".join(parts)


async def started(pilot) -> HallStart:
    await wait_for_screen(pilot, HallStart)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.query_one("#board").page is not None)
    return screen


async def look_up(pilot, number: str, proof: str) -> None:
    screen = await started(pilot)
    for field in ("#proof", "#number"):  # as a new visitor finds it, whatever the last one left
        screen.query_one(field).value = ""
    screen.query_one("#number").focus()
    await pilot.pause()
    await type_text(pilot, number)
    await pilot.press("enter")
    await type_text(pilot, proof)
    await pilot.press("enter")
    await wait_for(pilot, lambda: not screen.busy)


def message(app) -> str:
    return str(app.screen.query_one("#message").render())


def test_lookup_shows_the_case_masked_and_idle_goes_back_to_an_empty_start(hall_db):
    timer = FakeTimer()
    app = hall_app(hall_db, timer=timer)

    async def steps(pilot):
        await look_up(pilot, NOTICE.lower(), "002x")
        await wait_for_screen(pilot, HallCaseScreen)
        shown = screen_text(app)
        assert NOTICE in shown and "钱*" in shown and "张*" in shown and "待补正" in shown
        assert "钱多" not in shown and "张伟" not in shown and ID not in shown
        assert "户口簿" in shown  # what is missing, by name
        assert timer.armed and timer.armed[-1][0] == 45
        before = len(timer.armed)
        await pilot.press("x")  # any key puts the countdown off
        assert len(timer.armed) == before + 1
        timer.fire()
        await wait_for_screen(pilot, HallStart)
        start = app.screen
        assert start.query_one("#number").value == "" and start.query_one("#proof").value == ""

    drive(app, steps)


def test_wrong_proof_says_how_many_tries_are_left_then_the_terminal_waits(hall_db):
    app = hall_app(hall_db)

    async def steps(pilot):
        await look_up(pilot, OPEN, "9999")
        assert isinstance(app.screen, HallStart) and "还可再试 4 次" in message(app)
        assert app.screen.query_one("#proof").value == ""
        for _ in range(4):
            await look_up(pilot, OPEN, "9999")
        assert "查询错误次数过多" in message(app)
        await look_up(pilot, OPEN, "002X")  # even the right pair waits now
        assert isinstance(app.screen, HallStart) and "查询错误次数过多" in message(app)

    drive(app, steps)


def test_ctrl_q_and_ctrl_c_do_not_quit_and_f12_needs_an_admin(hall_db):
    app = hall_app(hall_db)

    async def steps(pilot):
        await started(pilot)
        await pilot.press("ctrl+q", "ctrl+c")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HallStart)
        assert "已锁定" in message(app)
        await pilot.press("f12")
        await wait_for_screen(pilot, AdminUnlock)
        modal = app.screen
        await type_text(pilot, "zhangwei")
        await pilot.press("enter")
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not modal.busy)
        assert "只有管理员" in str(modal.query_one("#unlock-message").render()) and app.is_running
        modal.query_one("#login").value = "admin"
        modal.query_one("#password").focus()
        await type_text(pilot, "wrong-pass")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not modal.busy)
        assert "密码不正确" in str(modal.query_one("#unlock-message").render()) and app.is_running
        await pilot.press("escape")  # back to the locked terminal
        await wait_for_screen(pilot, HallStart)
        await pilot.press("f12")
        await wait_for_screen(pilot, AdminUnlock)
        await type_text(pilot, "admin")
        await pilot.press("enter")
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.unlocked)

    drive(app, steps)
    assert app.unlocked and not app.is_running


def test_the_visitor_rates_a_done_case_once(hall_db):
    from quancheng_tui.screens.hall_rating import HallRateScreen, HallThanks
    from quancheng_tui.services import ratings

    timer = FakeTimer()
    app = hall_app(hall_db, timer=timer)

    async def steps(pilot):
        await look_up(pilot, OPEN, "5678")
        await wait_for_screen(pilot, HallCaseScreen)
        await pilot.press("r")  # an open case: not yet
        assert "办结或出具告知书后才能评价" in message(app)
        timer.fire()
        await wait_for_screen(pilot, HallStart)
        await look_up(pilot, DONE, "5678")
        await wait_for_screen(pilot, HallCaseScreen)
        assert "已办结" in screen_text(app)
        await pilot.press("r")
        await wait_for_screen(pilot, HallRateScreen)
        rate = app.screen
        await pilot.press("enter")  # overall not chosen: moves on, nothing sent
        assert rate.choices() == {} and not rate.busy
        # ↑/↓ move between the indicators as in every list (issue 16); Tab still does
        await pilot.press("up", "2", "down", "right", "down", "tab", "down", "space", "tab")
        await type_text(pilot, "很好")
        await pilot.press("enter")
        await wait_for_screen(pilot, HallThanks)
        assert "满意" in screen_text(app)
        timer.fire()
        await wait_for_screen(pilot, HallStart)

    drive(app, steps)
    view = ratings.get_rating(hall_db, staff.actor_for(hall_db, "admin"), CLOCK, DONE)
    assert (view.level, view.channel, view.real_name, view.recorded_by) == ("满意", "hall", True, None)
    assert view.indicators["overall"] == "满意" and view.indicators["efficiency"] == "基本满意"  # the first → lands mid-scale
    assert view.rater == "李*"

    again = hall_app(hall_db)

    async def twice(pilot):
        await look_up(pilot, DONE, "5678")
        await wait_for_screen(pilot, HallCaseScreen)
        await pilot.press("r")
        await wait_for_screen(pilot, HallRateScreen)
        await pilot.press("1", "tab", "tab", "tab", "tab", "enter")
        await wait_for(pilot, lambda: "一次一评" in message(again))

    drive(again, twice)


def test_the_start_screen_lists_the_board_with_numbers_and_masked_names(hall_db):
    app = hall_app(hall_db)

    async def steps(pilot):
        await started(pilot)
        shown = screen_text(app)
        assert OPEN in shown and "王*明" in shown and "王小明" not in shown

    drive(app, steps)


# --- the public rows (公示屏 and the hall terminal's lower half) -----------------------------------------


def public_app(db, clock=CLOCK, lang: str = "zh"):
    from quancheng_tui.screens.public_board import PublicBoardApp

    return PublicBoardApp(db, clock, make_translator(lang), office_name=OFFICE_NAME, interval=600)


def rows_of(app) -> dict[str, list]:
    table = app.query_one("#public")
    return {str(table.get_row_at(i)[0]): list(table.get_row_at(i)) for i in range(table.row_count)}


def test_public_board_rows_show_number_and_masked_applicant_and_strike_a_done_case(hall_db):
    app = public_app(hall_db)

    async def steps(pilot):
        await wait_for(pilot, lambda: app.page is not None)
        rows = rows_of(app)
        assert list(rows) == [OPEN, NOTICE, DONE]
        assert str(rows[OPEN][1]) == "王*明" and str(rows[NOTICE][1]) == "钱*"
        done = rows[DONE]
        assert "strike" in str(done[0].style) and "已办结" in str(done[-1])
        assert "strike" not in str(rows[OPEN][0].style)

    drive(app, steps)
    tomorrow = public_app(hall_db, clock=fixed_clock(CLOCK.now() + timedelta(days=1)))

    async def next_day(pilot):
        await wait_for(pilot, lambda: tomorrow.page is not None)
        assert list(rows_of(tomorrow)) == [OPEN, NOTICE]

    drive(tomorrow, next_day)


def test_complaints_past_their_day_light_up_the_board_footer(hall_db):
    from quancheng_tui.services import complaints

    complaints.add(hall_db, ADMIN, fixed_clock(CLOCK.now() - timedelta(days=14)), "张三", "窗口无人", "phone")
    app = public_app(hall_db)

    async def steps(pilot):
        await wait_for(pilot, lambda: app.page is not None)
        assert "投诉超期 1 件" in str(app.query_one("#footer-line").render())
        assert app.board.has_class("complaints-overdue")

    drive(app, steps)
