"""The case detail screen and its action forms: open from the board, hand over, suspend, refusals.

The office (sample catalog, one MZ-001 case registered by zhangwei, a second clerk wangfang) is
built once per module and copied for each test.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rich.cells import cell_len
from tui_helpers import (
    OFFICE_NAME,
    PASSWORD,
    drive,
    make_translator,
    open_first_case,
    type_text,
    wait_for,
    wait_for_screen,
)

from quancheng_tui.app import QuanchengApp
from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.domain.roles import Role
from quancheng_tui.screens.board import BoardScreen
from quancheng_tui.screens.case_action import ActionMenuScreen, CaseActionScreen
from quancheng_tui.screens.case_detail import CaseDetailScreen
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
    return await open_first_case(pilot)


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
        menu = pilot.app.screen
        # ↑↓ and Enter work at once, without a Tab first (issue 16); Esc leaves the case as it was
        choices = [o.id for o in menu.query_one("#action-list").options]
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, CaseActionScreen)
        assert pilot.app.screen.action.value == choices[1]
        await pilot.press("escape")
        await wait_for_screen(pilot, CaseDetailScreen)
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


def test_extension_hands_the_applicant_a_written_notice(detail_db, db_path, tmp_path):
    from pypdf import PdfReader

    settings = Settings(db=str(db_path), user="zhangwei", lang="zh", forced_login="zhangwei", print_dir=tmp_path)
    app = QuanchengApp(settings, detail_db, CLOCK, translator=make_translator("zh"), stable=True)

    async def steps(pilot):
        screen = await open_detail(pilot)
        form = await open_form(pilot, "e")
        form.query_one("#f-days").value = "5"  # 20 promised + 5 stays within the 30 statutory days
        form.query_one("#f-reason").value = "需现场核查"
        form.query_one("#f-basis").value = "办事指南"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, CaseDetailScreen)
        await wait_for(pilot, lambda: "告知书已保存" in str(screen.query_one("#message").render()), timeout=30)

    drive(app, steps)
    pdfs = list(tmp_path.glob("延期告知书-*.pdf"))
    assert len(pdfs) == 1
    text = "".join(page.extract_text() for page in PdfReader(pdfs[0]).pages)
    assert "延长办理期限告知书" in text and "需现场核查" in text and "张三" in text


# --- 联办件: the units' table and the 联办环节 form -------------------------------------------------

FEDERATION, HOSPITAL = "县残疾人联合会", "县级指定残疾评定医院"


def build_joint_office(path: Path, *, history: bool) -> str:
    """An office with one CL-001 case (a 联办件 with two other units); with `history`, registered on
    Monday 03-09, the federation started and handed over, the hospital at work since Friday 03-13."""
    db = Database.open(str(path))
    migrate.upgrade(db)
    setup.initialize(db, CLOCK, OFFICE_NAME, "QS", "admin", "王主任", PASSWORD)
    staff.add_staff(db, ADMIN, CLOCK, "zhangwei", "张伟", "clerk", password=PASSWORD)
    catalog_svc.import_catalog(db, ADMIN, CLOCK, catalog_svc.SAMPLE_CATALOG)
    clerk = staff.actor_for(db, "zhangwei")
    monday = fixed_clock(CLOCK.now() - timedelta(days=7))
    friday = fixed_clock(CLOCK.now() - timedelta(days=3))
    case = cases.register_case(db, clerk, monday if history else CLOCK, cases.RegistrationInput(
        matter_code="CL-001", name="李四", id_number="440524188001010014"))
    if history:
        for clock, data in [
            (monday, {"unit": FEDERATION, "step": "start", "limit_days": 5, "note": "审核残疾人证申请"}),
            (friday, {"unit": FEDERATION, "step": "handover", "contact": "王医生", "phone": "0797-6281999"}),
            (friday, {"unit": HOSPITAL, "step": "start", "limit_days": 3}),
        ]:
            lifecycle.act(db, clerk, clock, case.number, Action.JOINT_STEP, data)
    db.dispose()
    return case.number


@pytest.fixture(scope="module")
def joint_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("joint") / "template.db"
    build_joint_office(path, history=False)
    return path


@pytest.fixture
def joint_app(joint_template, db_path: Path):
    with sqlite3.connect(joint_template) as src, sqlite3.connect(db_path) as dst:
        src.backup(dst)
    db = Database.open(str(db_path))
    settings = Settings(db=str(db_path), user="zhangwei", lang="zh", forced_login="zhangwei")
    yield QuanchengApp(settings, db, CLOCK, translator=make_translator("zh"), stable=True)
    db.dispose()


def joint_line(screen, unit: str) -> str:
    return next(line for line in text_of(screen, "#joint").splitlines() if line.startswith(unit))


def test_joint_case_shows_its_units_and_records_their_steps(joint_app):
    async def steps(pilot):
        screen = await open_detail(pilot)
        assert screen.query_one("#joint").display and "联办件" in text_of(screen, "#head")
        assert "相关单位" not in text_of(screen, "#head")  # the table lists them
        assert "待办" in joint_line(screen, FEDERATION) and "待办" in joint_line(screen, HOSPITAL)
        assert f"下一单位：{FEDERATION}" in text_of(screen, "#joint")
        assert "j 联办环节" in text_of(screen, "#actions")
        # the form proposes the next unit and "start"; 5 working days after Monday 03-16
        form = await open_form(pilot, "j")
        assert (form.query_one("#f-unit").value, form.query_one("#f-step").value) == (FEDERATION, "start")
        assert form.query_one("#f-day_kind").value == "working"
        form.set_focus(form.query_one("#f-limit_days"))
        await type_text(pilot, "5")
        await pilot.press("ctrl+s")
        await reloaded(pilot, screen, "in_progress")
        line = joint_line(screen, FEDERATION)
        assert "办理中" in line and "03-23" in line and "○ 剩5日" in line
        assert f"下一单位：{HOSPITAL}" in text_of(screen, "#joint")
        assert f"{FEDERATION} 开始办理；时限：5 个工作日" in text_of(screen, "#timeline")
        # hand over: the unit at work is proposed; without the phone the form names the field
        form = await open_form(pilot, "j")
        assert (form.query_one("#f-unit").value, form.query_one("#f-step").value) == (FEDERATION, "progress")
        form.query_one("#f-step").value = "handover"
        form.set_focus(form.query_one("#f-contact"))
        await type_text(pilot, "王医生")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not form.busy and "对接人电话不能为空" in form.error_text)
        assert form.focused is form.query_one("#f-phone") and form.query_one("#f-contact").value == "王医生"
        await type_text(pilot, "13800138000")
        await pilot.press("enter", "enter")  # phone -> note -> submit
        await reloaded(pilot, screen, "in_progress")
        line = joint_line(screen, FEDERATION)
        assert "已移交" in line and "✓ 03-16" in line and "王医生 13800138000" in line
        assert "交给：王医生 13800138000" in text_of(screen, "#timeline")

    drive(joint_app, steps)


def test_a_joint_case_with_a_unit_at_work_cannot_be_completed(joint_app):
    async def steps(pilot):
        screen = await open_detail(pilot)
        form = await open_form(pilot, "j")
        form.query_one("#f-step").clear()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not form.busy and "联办环节不能为空" in form.error_text)
        assert form.focused is form.query_one("#f-step")
        form.query_one("#f-step").value = "start"
        form.query_one("#f-limit_days").value = "3"
        await pilot.press("ctrl+s")
        await reloaded(pilot, screen, "in_progress")
        form = await open_form(pilot, "d")
        await type_text(pilot, "已发证")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not form.busy and "尚未办结或移交" in form.error_text)
        assert FEDERATION in form.error_text and pilot.app.screen is form

    drive(joint_app, steps)


def test_an_own_case_has_no_units_table(detail_app):
    async def steps(pilot):
        screen = await open_detail(pilot)
        assert not screen.query_one("#joint").display and not screen.query_one("#joint-title").display
        assert screen.case.joint_steps == ()

    drive(detail_app, steps)


def test_the_action_hints_wrap_between_hints_never_inside_one():
    """At 80 columns 办结 was split over two lines (issue 16): hints break only between each other."""
    from quancheng_tui.widgets.hint_line import HintLine

    line = HintLine()
    items = ["h 交办", "p 记录进展", "s 中止计时", "e 延期", "r 上报", "j 联办环节", "t 移办", "d 办结", "w 撤回",
             "x 退回"]
    line.show("可办：", items)
    for width in range(12, 90):
        shown = line.folded(width).plain.split("\n")
        assert all(cell_len(row) <= width for row in shown), width
        assert [i for row in shown for i in row.removeprefix("可办：").split("  ")] == items, width
    assert line.plain == "可办：" + "  ".join(items)  # what the tests above read
