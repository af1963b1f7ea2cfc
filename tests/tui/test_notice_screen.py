"""The one-time notice screen (一次性告知) through Textual's Pilot, on a real SQLite file.

Search per keystroke, the guide and checklist, issuing a notice (stored, PDF written), the
returning visitor whose checklist starts from the earlier notice, and the one-time rule:
asking for anything that notice did not list needs a duty leader's password and a reason.
"""

from __future__ import annotations

import io
import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import OFFICE_NAME, PASSWORD, drive, make_translator, type_text, wait_for, wait_for_screen

from quancheng_tui.app import QuanchengApp
from quancheng_tui.domain.roles import Role
from quancheng_tui.screens.help import HelpScreen
from quancheng_tui.screens.leader_approval import LeaderApprovalScreen
from quancheng_tui.screens.main import MainScreen
from quancheng_tui.screens.notice import MaterialChecklist, NoticeScreen, Prose, break_offsets
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services import notices, setup, staff
from quancheng_tui.services.context import SYSTEM, Actor, fixed_clock
from quancheng_tui.settings import Settings
from quancheng_tui.store import migrate
from quancheng_tui.store.database import Database
from quancheng_tui.widgets.matter_search import MatterSearch

pypdf = pytest.importorskip("pypdf")

ADMIN = Actor(login="admin", name="王主任", role=Role.ADMIN)
CLERK = Actor(login="zhangwei", name="张伟", role=Role.CLERK)
ID_NUMBER = "11010519491231002X"
DIBAO = "MZ-001"  # 城乡最低生活保障（低保）申请: SQS SFZ HKB SQWT SRSM JBZM(optional) YHK
DIBAO_CODES = ["SQS", "SFZ", "HKB", "SQWT", "SRSM", "JBZM", "YHK"]


def make_office_db(path: Path) -> Database:
    """The office of tests/tui/conftest.py's `staffed_db` (admin, clerk 'zhangwei'), with the sample
    catalog and a duty leader 'lixiang' (李响); every password PASSWORD."""
    from datetime import datetime, timedelta, timezone

    clock = fixed_clock(datetime(2026, 3, 16, 9, 30, tzinfo=timezone(timedelta(hours=8))))
    db = Database.open(str(path))
    migrate.upgrade(db)
    setup.initialize(db, clock, OFFICE_NAME, "QS", "admin", "王主任", PASSWORD)
    staff.add_staff(db, ADMIN, clock, "zhangwei", "张伟", "clerk", password=PASSWORD)
    staff.add_staff(db, ADMIN, clock, "lixiang", "李响", "leader", password=PASSWORD)
    catalog_svc.import_catalog(db, ADMIN, clock, catalog_svc.SAMPLE_CATALOG)
    return db


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """Built once per module (migrations, catalog import and password hashing take a second)."""
    path = tmp_path_factory.mktemp("notice") / "template.db"
    db = make_office_db(path)
    db.dispose()
    return path


@pytest.fixture
def notice_db(template: Path, db_path: Path):
    """A copy of the template: its own file for each test."""
    with sqlite3.connect(template) as src, sqlite3.connect(db_path) as dst:
        src.backup(dst)
    db = Database.open(str(db_path))
    yield db
    db.dispose()


@pytest.fixture
def prints(tmp_path: Path) -> Path:
    return tmp_path / "prints"


@pytest.fixture
def make_notice_app(notice_db, clock, db_path, prints):
    def make(lang: str = "zh") -> QuanchengApp:
        # Logged in as the clerk from the start (as over SSH): the login screen has its own tests.
        settings = Settings(db=str(db_path), user="zhangwei", lang=lang, print_dir=prints,
                            forced_login="zhangwei")
        return QuanchengApp(settings, notice_db, clock, translator=make_translator(lang), stable=True)

    return make


def earlier_notice(db, clock) -> notices.NoticeView:
    """张三 came once and brought everything but 户口簿, the income statement and the bank card."""
    return notices.issue_notice(db, CLERK, clock, DIBAO, ["SQS", "SFZ", "SQWT", "JBZM"],
                                notices.Applicant("张三", ID_NUMBER, "13800138000"))


def screen_of(app) -> NoticeScreen:
    """The notice screen, also while a modal is open above it."""
    screen = next(s for s in reversed(app.screen_stack) if not isinstance(s, (LeaderApprovalScreen, HelpScreen)))
    assert isinstance(screen, NoticeScreen), screen
    return screen


def prose(app, selector: str) -> str:
    return screen_of(app).query_one(selector, Prose).plain


async def open_notice(pilot) -> NoticeScreen:
    await wait_for_screen(pilot, MainScreen)
    await pilot.press("2")
    await wait_for_screen(pilot, NoticeScreen)
    return pilot.app.screen


async def choose(pilot, query: str = "dbsq", code: str = DIBAO) -> None:
    """Type a query in the search field and press Enter as soon as it is typed."""
    screen = screen_of(pilot.app)
    await type_text(pilot, query)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.matter is not None and screen.matter.code == code)


async def fill_visitor(pilot, name: str = "", id_number: str = "", phone: str = "") -> None:
    """F8, then each field and Enter (Enter in the ID and phone fields looks up earlier notices).

    The values are put in the fields rather than typed key by key: a key costs 40 ms of test time.
    """
    await pilot.press("f8")
    for value in (name, id_number, phone):
        pilot.app.focused.value = value
        await pilot.press("enter")


async def enter_id(pilot, id_number: str = ID_NUMBER) -> None:
    """Put the ID number in its field and press Enter there (the quick way: a focus change costs
    a quarter of a second, the Footer is rebuilt); then wait for the earlier notice."""
    screen = screen_of(pilot.app)
    field = screen.query_one("#visitor-id", Input)
    screen.set_focus(field)
    field.value = id_number
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.earlier is not None)


def checklist(app) -> MaterialChecklist:
    return screen_of(app).query_one(MaterialChecklist)


async def highlight(pilot, code: str) -> None:
    """Focus the checklist (F4) and move the highlight to the material `code`."""
    await pilot.press("f4")
    items = checklist(pilot.app)
    await pilot.press("home", *["down"] * [m.code for m in items.materials].index(code))
    assert items.current.code == code


# Search and guide


def test_search_while_typing_guide_and_checklist(make_notice_app, monkeypatch):
    """dbsq finds 低保 per keystroke, off the UI thread, stale answers dropped; Up/Down/Enter choose."""
    app = make_notice_app()
    threads: list[str] = []
    real_search = catalog_svc.search

    def spy(db, query, *args, **kwargs):
        threads.append(threading.current_thread().name)
        if query == "db":
            time.sleep(0.4)  # answers after "dbs" and "dbsq": must not replace their results
        return real_search(db, query, *args, **kwargs)

    monkeypatch.setattr(catalog_svc, "search", spy)

    async def steps(pilot):
        screen = await open_notice(pilot)
        search = screen.query_one(MatterSearch)
        assert app.focused is search.input
        await type_text(pilot, "dbsq")
        await wait_for(pilot, lambda: search.searched == "dbsq")
        first = search.results.get_option_at_index(0)
        assert first.id == DIBAO
        assert "城乡最低生活保障（低保）申请" in str(first.prompt)
        await pilot.pause(0.5)  # the slow "db" search has answered by now
        assert search.searched == "dbsq" and search.results.get_option_at_index(0).id == DIBAO
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.matter is not None)
        guide = prose(app, "#guide")
        for needle in ("民政办", "1 号窗口（民政）", "0797-6281001", "受理件 · 上报件", "30 个工作日",
                       "20 个工作日", "不收费", "《社会救助暂行办法》", "共同生活的家庭成员人均收入",
                       "公示期 7 天", "申请材料（共 7 项，必交 6 项）", "最低生活保障申请书"):
            assert needle in guide, needle
        assert "城乡最低生活保障（低保）申请" in str(screen.query_one("#matter-title").render())
        # 80 columns: the guide pane is shown and focused; F4 brings the checklist.
        assert screen.query_one("#guide-pane").display and not screen.query_one("#checklist-pane").display
        assert app.focused is screen.query_one("#guide-pane")
        await pilot.press("f4")
        await pilot.pause()
        assert screen.query_one("#checklist-pane").display and not screen.query_one("#guide-pane").display
        items = checklist(app)
        assert app.focused is items
        assert [m.code for m in items.materials] == DIBAO_CODES
        assert items.brought == set()
        assert items.label("JBZM") == "[ ] 6. 残疾人证或疾病诊断证明  复印件 1 份 · 可选"
        # Another matter: Up/Down move through the results without leaving the search field.
        await pilot.press("f2", "ctrl+u")
        await type_text(pilot, "MZ-00")
        await wait_for(pilot, lambda: search.searched == "MZ-00")
        assert search.results.option_count >= 3
        await pilot.press("down", "down", "up", "enter")
        await wait_for(pilot, lambda: screen.matter.code != DIBAO)
        assert screen.matter.code == search.results.get_option_at_index(1).id

    drive(app, steps)
    # One search per keystroke (and one on opening), none of them on the UI thread.
    assert len(threads) >= 10
    assert threading.main_thread().name not in threads


# Issuing


def test_issue_notice_stores_it_and_saves_a_pdf_listing_every_missing_material(make_notice_app, notice_db,
                                                                               prints):
    app = make_notice_app()

    async def steps(pilot):
        screen = await open_notice(pilot)
        await choose(pilot)
        await pilot.press("f4", "space", "down", "space", "down", "down", "space")  # SQS, SFZ, SQWT
        assert checklist(app).brought == {"SQS", "SFZ", "SQWT"}
        await fill_visitor(pilot, "张三", ID_NUMBER, "13800138000")
        await wait_for(pilot, lambda: "没有告知书记录" in prose(app, "#message"))
        await pilot.press("f5")
        await wait_for(pilot, lambda: screen.delivery is not None, timeout=20)
        result = prose(app, "#result")
        number = screen.issued.number
        assert number in result
        for name in ("户口簿", "家庭收入及财产状况声明", "申请人本人银行卡或存折"):
            assert name in result
        assert "残疾人证或疾病诊断证明" not in result  # optional: never demanded
        assert str(prints) in result
        assert "未设置打印机" in result
        assert "张*（110105********002X）" in result  # masked on the counter screen
        assert screen.query_one("#result-pane").display
        assert number in prose(app, "#message")
        # F5 again does not issue a second notice for the same visit.
        await pilot.press("f5")
        await pilot.pause()
        assert "Ctrl+N" in prose(app, "#message")

    drive(app, steps)
    stored = notices.latest_for_visitor(notice_db, DIBAO, id_number=ID_NUMBER)
    assert stored is not None and stored.applicant_name == "张三" and stored.phone == "13800138000"
    missing = ["户口簿", "家庭收入及财产状况声明", "申请人本人银行卡或存折"]
    assert [i.name for i in stored.items] == missing
    pdf = prints / f"告知书-{stored.number}.pdf"
    assert pdf.exists() and (prints / f"告知书-{stored.number}.txt").exists()
    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages))
    for name in missing:
        assert name in text
    assert "青山镇便民服务中心" in text and stored.number in text


def test_errors_are_shown_in_words_and_nothing_typed_is_lost(make_notice_app, notice_db, prints):
    app = make_notice_app()

    async def steps(pilot):
        screen = await open_notice(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert "请先选择事项" in prose(app, "#message")
        await choose(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert "请填写申请人姓名" in prose(app, "#message")
        assert app.focused.id == "visitor-name"
        await type_text(pilot, "张三")
        await pilot.press("tab")
        app.focused.value = "110105194912310021"  # wrong check digit
        await pilot.press("f5")
        await wait_for(pilot, lambda: "校验位" in prose(app, "#message"))
        assert screen.query_one("#message").has_class("-error")
        assert app.focused.id == "visitor-id"
        assert screen.query_one("#visitor-name", Input).value == "张三"
        assert screen.query_one("#visitor-id", Input).value == "110105194912310021"
        # Everything brought: nothing to notify.
        await pilot.press("ctrl+u")
        app.focused.value = ID_NUMBER
        await pilot.press("f4", "space")
        items = checklist(app)
        items.brought.update(m.code for m in items.materials)  # the other six ticks, without 12 more keys
        items.redraw()
        await pilot.press("f5")
        await wait_for(pilot, lambda: "材料已齐全" in prose(app, "#message"))
        assert screen.issued is None
        # The folder cannot be written: the notice is stored all the same and the screen says so.
        prints.write_text("a file where the folder should be")
        await pilot.press("home", "space", "f5")
        await wait_for(pilot, lambda: "无法保存到" in prose(app, "#message"), timeout=20)
        assert screen.issued is not None
        assert "告知书已出具，但未能打印或保存" in prose(app, "#result")

    drive(app, steps)
    stored = notices.latest_for_visitor(notice_db, DIBAO, id_number=ID_NUMBER)
    assert stored is not None and [i.code for i in stored.items] == ["SQS"]


# The returning visitor and the one-time rule


def test_returning_visitor_starts_from_the_earlier_notice(make_notice_app, notice_db, clock):
    first = earlier_notice(notice_db, clock)
    app = make_notice_app()

    async def steps(pilot):
        screen = await open_notice(pilot)
        await choose(pilot)
        await fill_visitor(pilot, "", ID_NUMBER)
        await wait_for(pilot, lambda: screen.earlier is not None)
        assert screen.earlier.number == first.number
        assert f"依据告知书 {first.number}（2026-03-16）" in prose(app, "#basis")
        assert screen.query_one("#checklist-pane").display
        items = checklist(app)
        assert items.listed == {"HKB", "SRSM", "YHK"}
        assert items.brought == {"SQS", "SFZ", "SQWT", "JBZM"}  # only what it listed is outstanding
        assert items.label("HKB") == "[ ] 3. 户口簿  复印件 1 份 · 告知书所列"
        assert items.label("SFZ").startswith("[✓] 2. 申请人及共同生活家庭成员居民身份证")
        assert screen.query_one("#visitor-name", Input).value == "张三"  # filled from the notice
        # The visitor brings the bank card now: the new notice lists the other two only.
        await highlight(pilot, "YHK")
        await pilot.press("space", "f5")
        await wait_for(pilot, lambda: screen.delivery is not None, timeout=20)

    drive(app, steps)
    second = notices.latest_for_visitor(notice_db, DIBAO, id_number=ID_NUMBER)
    assert second.number != first.number
    assert [i.code for i in second.items] == ["HKB", "SRSM"]


def test_asking_for_an_unlisted_material_needs_the_leader(make_notice_app, notice_db, clock):
    first = earlier_notice(notice_db, clock)
    app = make_notice_app()

    async def approve(pilot, login: str, password: str, reason: str | None = None) -> None:
        """Fill the modal (the reason only when given) and press Enter in the reason field."""
        modal = app.screen
        assert isinstance(modal, LeaderApprovalScreen)
        error = modal.query_one("#approval-error")
        error.update("")
        modal.query_one("#leader-login", Input).value = login
        modal.query_one("#leader-password", Input).value = password
        if reason is not None:
            modal.query_one("#reason", Input).value = reason
        modal.set_focus(modal.query_one("#reason", Input))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not modal or str(error.render()) not in ("", "正在验证…"))

    async def steps(pilot):
        screen = await open_notice(pilot)
        await choose(pilot)
        await enter_id(pilot)
        # Unticking 申请人…身份证 (brought the first time, not listed) is a new demand.
        await highlight(pilot, "SFZ")
        await pilot.press("space")
        await wait_for_screen(pilot, LeaderApprovalScreen)
        assert "违反一次性告知" in screen.query_one("#message", Prose).plain
        modal = app.screen
        assert "申请人及共同生活家庭成员居民身份证" in str(modal.query_one("#approval-why").render())
        assert "SFZ" in checklist(app).brought  # nothing changed yet
        # Wrong password: refused, the reason stays, the password is cleared.
        await approve(pilot, "lixiang", "wrong-password", "需要核对共同生活家庭成员身份")
        assert app.screen is modal
        assert str(modal.query_one("#approval-error").render()) == "登录名或密码不正确"
        assert modal.query_one("#reason", Input).value == "需要核对共同生活家庭成员身份"
        assert modal.query_one("#leader-password", Input).value == ""
        # The clerk's own (right) password: not a leader, refused.
        await approve(pilot, "zhangwei", PASSWORD)
        assert app.screen is modal
        assert "值班领导" in str(modal.query_one("#approval-error").render())
        assert notices.get_notice(notice_db, first.number, actor=SYSTEM).breaches == ()
        # The duty leader approves.
        await approve(pilot, "lixiang", PASSWORD)
        await wait_for_screen(pilot, NoticeScreen)
        assert "已记录" in prose(app, "#message")
        items = checklist(app)
        assert "SFZ" not in items.brought and "SFZ" in items.approved
        assert "已审批补充要求 1 项" in prose(app, "#basis")
        # R on a listed material needs nobody; R on another unlisted one, cancelled, changes nothing.
        await highlight(pilot, "HKB")
        await pilot.press("r")
        assert "无需审批" in prose(app, "#message")
        await highlight(pilot, "SQS")
        await pilot.press("r")
        await wait_for_screen(pilot, LeaderApprovalScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, NoticeScreen)
        assert "SQS" in checklist(app).brought and "SQS" not in checklist(app).approved
        assert "未经审批" in prose(app, "#message")

    drive(app, steps)
    breaches = notices.get_notice(notice_db, first.number, actor=SYSTEM).breaches
    assert [(b.material_code, b.approved_by, b.requested_by) for b in breaches] == [("SFZ", "lixiang", "zhangwei")]
    assert breaches[0].reason == "需要核对共同生活家庭成员身份"


# Keys, leaving and coming back


def test_f1_lists_the_notice_keys_and_esc_keeps_the_draft(make_notice_app):
    app = make_notice_app()

    async def steps(pilot):
        screen = await open_notice(pilot)
        await choose(pilot)
        await pilot.press("f4", "space")
        await pilot.press("f8")
        await type_text(pilot, "李四")
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        keys = str(app.screen.query_one("#screen-keys").render())
        for needle in ("F5", "出具告知书", "F2", "F3", "F4", "F7", "补充要求", "^n", "Esc", "返回"):
            assert needle in keys, needle
        await pilot.press("escape")
        await wait_for_screen(pilot, NoticeScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, MainScreen)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, NoticeScreen) and app.screen is not screen
                       and app.screen.matter is not None)
        again = app.screen
        assert again.query_one("#visitor-name", Input).value == "李四"
        assert checklist(app).brought == {"SQS"}
        # Ctrl+N starts the next visit: the draft is gone.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert again.query_one("#visitor-name", Input).value == ""
        assert checklist(app).brought == set()

    drive(app, steps)


def test_chinese_folds_between_characters():
    # Textual would put "1." alone on a line: here the line is filled and 向 starts the next.
    assert break_offsets("1. 申请人向户籍所在地", 10) == [6, 11]
    assert break_offsets("abc def", 5) == [4]  # at the space, as before
    assert break_offsets("甲乙丙，丁", 6) == [2]  # a comma does not start a line: 丙 goes with it
    assert break_offsets("甲乙（丙", 6) == [2]  # nor does an opening bracket end one
