"""The case board screen (issue 6): key 3 opens it, paging fetches pages from SQL, filter keys
narrow the rows, a case registered by another connection shows up by itself.

The office is built once per module (sample catalog, 30 cases registered through the service
with a fixed clock, Monday 2026-03-16) and copied for each test.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from tui_helpers import OFFICE_NAME, PASSWORD, drive, make_translator, type_text, wait_for, wait_for_screen

from quancheng_tui.app import QuanchengApp
from quancheng_tui.domain.roles import Role
from quancheng_tui.screens.board import BoardScreen
from quancheng_tui.screens.main import MainScreen
from quancheng_tui.services import cases, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.context import Actor, fixed_clock
from quancheng_tui.settings import Settings
from quancheng_tui.store import migrate
from quancheng_tui.store.database import Database

ADMIN = Actor(login="admin", name="王主任", role=Role.ADMIN)
CLOCK = fixed_clock(datetime(2026, 3, 16, 9, 30, tzinfo=timezone(timedelta(hours=8))))
NAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏"
MATTERS = ["MZ-008", "MZ-003", "NY-003", "SB-002", "MZ-004"]


def make_board_db(path: Path) -> Database:
    db = Database.open(str(path))
    migrate.upgrade(db)
    setup.initialize(db, CLOCK, OFFICE_NAME, "QS", "admin", "王主任", PASSWORD)
    staff.add_staff(db, ADMIN, CLOCK, "zhangwei", "张伟", "clerk", password=PASSWORD)
    staff.add_staff(db, ADMIN, CLOCK, "liuna", "刘娜", "clerk", password=PASSWORD)
    catalog_svc.import_catalog(db, ADMIN, CLOCK, catalog_svc.SAMPLE_CATALOG)
    clerks = [staff.actor_for(db, "zhangwei"), staff.actor_for(db, "liuna")]
    for i in range(30):
        cases.register_case(db, clerks[i % 3 == 0], CLOCK, cases.RegistrationInput(
            MATTERS[i % len(MATTERS)], name=NAMES[i] + "小" + NAMES[-1 - i], id_number="11010519491231002X",
            received_on=date(2026, 3, 16) - timedelta(days=i % 9)))
    return db


@pytest.fixture(scope="module")
def board_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("board") / "template.db"
    make_board_db(path).dispose()
    return path


@pytest.fixture
def board_db(board_template: Path, db_path: Path):
    with sqlite3.connect(board_template) as src, sqlite3.connect(db_path) as dst:
        src.backup(dst)
    db = Database.open(str(db_path))
    yield db
    db.dispose()


@pytest.fixture
def board_app(board_db, db_path):
    def make(lang: str = "zh") -> QuanchengApp:
        settings = Settings(db=str(db_path), user="zhangwei", lang=lang, forced_login="zhangwei")
        return QuanchengApp(settings, board_db, CLOCK, translator=make_translator(lang), stable=True)

    return make


def board_of(app) -> BoardScreen:
    screen = next(s for s in reversed(app.screen_stack) if isinstance(s, BoardScreen))
    return screen


async def open_board(pilot) -> BoardScreen:
    await wait_for_screen(pilot, MainScreen)
    await pilot.press("3")
    await wait_for_screen(pilot, BoardScreen)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.page is not None and screen.table.row_count > 0)
    return screen


def table_numbers(screen: BoardScreen) -> list[str]:
    return [key.value for key in screen.table.rows]


def test_key_3_opens_the_board_with_one_screenful_from_sql(board_app):
    async def steps(pilot):
        screen = await open_board(pilot)
        assert screen.total == 30
        size = screen.page_size()
        assert 10 <= size <= 20  # what fits at 80×24
        assert screen.table.row_count == size == screen.page.limit
        summary = str(screen.query_one("#summary").render())
        assert "共 30 件" in summary and "在办" in summary
        # ordered by due date: the first row is the most overdue
        assert screen.page.rows[0].light == "red"
        await pilot.press("escape")
        await wait_for_screen(pilot, MainScreen)

    drive(board_app(), steps)


@pytest.mark.parametrize("size", [(80, 24), (80, 30), (120, 40)])
def test_the_first_page_read_before_layout_fills_the_table_exactly(board_app, size):
    """The first page is read at mount, sized from the terminal's height before the table is laid out; what
    it read must be exactly what the laid-out table holds, at any height (one reload corrects it if not)."""

    async def steps(pilot):
        screen = await open_board(pilot)
        await pilot.pause()
        await wait_for(pilot, lambda: not screen.busy)
        assert screen.page.limit == screen.table.size.height - 1
        assert screen.table.row_count == min(screen.page.limit, screen.total)
        assert screen.page_size() == screen.page.limit

    drive(board_app(), steps, size=size)


def test_page_down_loads_the_next_page_and_home_end_the_first_and_last(board_app):
    async def steps(pilot):
        screen = await open_board(pilot)
        first = table_numbers(screen)
        size = screen.page_size()
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: screen.start == size and not screen.busy)
        second = table_numbers(screen)
        assert second and not set(first) & set(second)
        assert len(second) <= size
        await pilot.press("end")
        await wait_for(pilot, lambda: screen.page.offset + len(screen.page.rows) == 30 and not screen.busy)
        assert not screen.page.has_more
        await pilot.press("home")
        await wait_for(pilot, lambda: screen.start == 0 and not screen.busy)
        assert table_numbers(screen) == first
        # ↓ on the last row of the page goes on to the next page
        screen.table.move_cursor(row=screen.table.row_count - 1)
        await pilot.press("down")
        await wait_for(pilot, lambda: screen.start == size and not screen.busy)
        assert screen.table.cursor_row == 0
        await pilot.press("up")
        await wait_for(pilot, lambda: screen.start == 0 and not screen.busy)
        assert screen.table.cursor_row == screen.table.row_count - 1

    drive(board_app(), steps)


def test_filter_keys_narrow_the_rows_and_reset_brings_them_back(board_app):
    async def steps(pilot):
        screen = await open_board(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: screen.filters.overdue and not screen.busy)
        assert 0 < screen.total < 30
        assert all(r.light == "red" for r in screen.page.rows)
        assert "超期" in str(screen.query_one("#summary").render())
        await pilot.press("m")
        await wait_for(pilot, lambda: screen.filters.mine and not screen.busy)
        assert all(r.owner == "zhangwei" for r in screen.page.rows)
        await pilot.press("r")
        await wait_for(pilot, lambda: screen.filters.is_default and not screen.busy)
        assert screen.total == 30
        await pilot.press("k")  # 承诺件
        await wait_for(pilot, lambda: screen.filters.kind == "promised" and not screen.busy)
        assert {r.kind for r in screen.page.rows} == {"promised"}
        await pilot.press("r", "slash")
        await type_text(pilot, "lsjz")  # 临时救助申请, MZ-003
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.filters.search == "lsjz" and not screen.busy)
        assert screen.total == 6 and {r.matter_code for r in screen.page.rows} == {"MZ-003"}
        assert screen.table.has_focus
        # Esc steps back one level: the search goes, the board stays (issue 16); a second Esc leaves.
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.filters.search == "" and not screen.busy)
        assert pilot.app.screen is screen and screen.total == 30
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is not screen)

    drive(board_app(), steps)


def test_enter_opens_the_case(board_app):
    async def steps(pilot):
        screen = await open_board(pilot)
        number = screen.current_number()
        await pilot.press("enter")
        await pilot.pause(0.2)
        if pilot.app.screen is screen:  # no case detail screen: a one-line summary
            assert number in str(screen.query_one("#message").render())
        else:
            assert getattr(pilot.app.screen, "number", None) == number

    drive(board_app(), steps)


def test_a_case_registered_elsewhere_appears_by_itself(board_app, db_path):
    async def steps(pilot):
        screen = await open_board(pilot)
        await wait_for(pilot, lambda: screen.marker is not None)
        other = Database.open(str(db_path))  # another connection, as another counter would
        try:
            cases.register_case(other, staff.actor_for(other, "liuna"), CLOCK, cases.RegistrationInput(
                "MZ-008", name="新来人", id_number="11010519491231002X", received_on=date(2026, 3, 1)))
        finally:
            other.dispose()
        await wait_for(pilot, lambda: screen.total == 31, timeout=6)
        # received two weeks ago, due the same day: the most overdue, first on the first page
        await wait_for(pilot, lambda: screen.page.rows[0].applicant == "新*人", timeout=2)

    drive(board_app(), steps)


# --- sorting and saved views ---------------------------------------------------------------------


def header_labels(screen: BoardScreen) -> dict[str, str]:
    return {key.value: column.label.plain for key, column in screen.table.columns.items()}


async def settled(pilot, screen: BoardScreen, condition) -> None:
    await wait_for(pilot, lambda: condition() and not screen.busy and screen.page is not None)


def test_sort_keys_cycle_the_column_and_flip_the_direction(board_app):
    async def steps(pilot):
        screen = await open_board(pilot)
        assert header_labels(screen)["due"] == "到期↑" and "排序：到期↑" in str(screen.query_one("#summary").render())
        # At 80 columns received date and owner are not on screen, so p skips them (issue 16).
        await pilot.press("p")  # due date -> number
        await settled(pilot, screen, lambda: screen.filters.sort == "number")
        assert table_numbers(screen)[0] == "QS-20260316-0001"
        assert header_labels(screen)["number"] == "案件编号↑" and header_labels(screen)["due"] == "到期"
        await pilot.press("f")
        await settled(pilot, screen, lambda: screen.filters.descending)
        first = table_numbers(screen)
        assert first == [f"QS-20260316-{n:04d}" for n in range(30, 30 - len(first), -1)]
        assert header_labels(screen)["number"] == "案件编号↓"
        assert "排序：案件编号↓" in str(screen.query_one("#summary").render())
        await pilot.press("pagedown")  # the next page goes on in the same order
        await settled(pilot, screen, lambda: screen.start == len(first))
        assert int(table_numbers(screen)[0][-4:]) == int(first[-1][-4:]) - 1
        await pilot.press("r")  # filters go, the sort stays
        await settled(pilot, screen, lambda: screen.start == 0)
        assert screen.filters.is_default and (screen.filters.sort, screen.filters.descending) == ("number", True)
        await pilot.press("p", "p")  # matter, then round to the due date, ascending
        await settled(pilot, screen, lambda: screen.filters.sort == "due")
        assert not screen.filters.descending and screen.page.rows[0].light == "red"
        await pilot.press("f1")  # the help lists the new keys
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "HelpScreen")
        keys = str(pilot.app.screen.query_one("#screen-keys").render())
        assert all(word in keys for word in ("排序", "反向", "视图"))

    drive(board_app(), steps)


def test_wide_the_sort_goes_through_every_column_and_the_hidden_keys_show_at_80(board_app):
    async def wide(pilot):
        screen = await open_board(pilot)
        await pilot.press("p")  # due date -> received date: shown from 110 columns
        await settled(pilot, screen, lambda: screen.filters.sort == "received")
        keys = [(r.received_on, r.number) for r in screen.page.rows]
        assert keys == sorted(keys) and keys[0][0] == date(2026, 3, 8)
        assert "排序：申请日期↑" in str(screen.query_one("#summary").render())
        await pilot.press("p", "p", "p")  # number, matter, owner
        await settled(pilot, screen, lambda: screen.filters.sort == "owner")

    drive(board_app(), wide, size=(120, 40))

    async def narrow(pilot):
        screen = await open_board(pilot)
        line = str(screen.query_one("#message").render())
        assert all(k in line for k in ("回车 打开", "PgDn", "b 代岗", "w 经办人", "c 村")), line
        await pilot.press("p", "p", "p")  # number, matter, back to due: never a column that is not shown
        await settled(pilot, screen, lambda: screen.filters.sort == "due")

    drive(board_app(), narrow)


def test_a_click_on_a_header_sorts_by_its_column_and_a_second_reverses(board_app):
    async def steps(pilot):
        screen = await open_board(pilot)
        number_x = screen.table.columns["light"].get_render_width(screen.table) + 2
        await pilot.click("#cases", offset=(number_x, 0))
        await settled(pilot, screen, lambda: screen.filters.sort == "number")
        assert not screen.filters.descending and table_numbers(screen)[0] == "QS-20260316-0001"
        await pilot.click("#cases", offset=(number_x, 0))
        await settled(pilot, screen, lambda: screen.filters.descending)
        assert table_numbers(screen)[0] == "QS-20260316-0030"
        assert header_labels(screen)["number"] == "案件编号↓"
        applicant_x = number_x + screen.table.columns["number"].get_render_width(screen.table)
        await pilot.click("#cases", offset=(applicant_x, 0))
        await pilot.pause(0.1)
        assert "不能按此列排序" in str(screen.query_one("#message").render())
        assert (screen.filters.sort, screen.filters.descending) == ("number", True)

    drive(board_app(), steps)


async def open_views(pilot, screen: BoardScreen):
    from quancheng_tui.screens.saved_views import SavedViewsScreen

    await pilot.press("v")
    await wait_for_screen(pilot, SavedViewsScreen)
    modal = pilot.app.screen
    await wait_for(pilot, lambda: len(modal.views) >= 3 and modal.options.option_count == len(modal.views))
    return modal


def test_a_view_is_saved_by_name_applied_later_and_deleted(board_app, board_db):
    from quancheng_tui.services import saved_views

    clerk = staff.actor_for(board_db, "zhangwei")

    async def steps(pilot):
        screen = await open_board(pilot)
        await pilot.press("o", "p")
        await settled(pilot, screen, lambda: screen.filters.overdue and screen.filters.sort == "number")
        modal = await open_views(pilot, screen)
        builtin = len(modal.views)
        await pilot.press("s")
        assert modal.name_field.has_focus
        await type_text(pilot, "late-ds")  # d and s are letters here, not delete and save
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(modal.views) == builtin + 1)
        assert "已保存视图“late-ds”" in str(modal.query_one("#views-message").render())
        assert modal.options.has_focus and modal.highlighted().name == "late-ds"
        assert [v.name for v in saved_views.list_views(board_db, clerk) if not v.builtin] == ["late-ds"]
        await pilot.press("escape")
        await wait_for_screen(pilot, BoardScreen)
        await pilot.press("r", "f")
        await settled(pilot, screen, lambda: not screen.filters.overdue and screen.filters.descending)
        modal = await open_views(pilot, screen)
        modal.options.highlighted = [v.name for v in modal.views].index("late-ds")
        await pilot.press("enter")
        await wait_for_screen(pilot, BoardScreen)
        await settled(pilot, screen, lambda: screen.filters.overdue and not screen.filters.descending)
        assert screen.filters.sort == "number" and all(r.light == "red" for r in screen.page.rows)
        assert "视图：late-ds" in str(screen.query_one("#message").render())
        modal = await open_views(pilot, screen)
        modal.options.highlighted = 0  # a built-in: stays
        await pilot.press("d")
        await pilot.pause(0.1)
        assert "内置视图不能删除" in str(modal.query_one("#views-message").render())
        modal.options.highlighted = [v.name for v in modal.views].index("late-ds")
        await pilot.press("d")
        await wait_for(pilot, lambda: len(modal.views) == builtin)
        assert saved_views.list_views(board_db, clerk) == modal.views
        modal.options.highlighted = 0  # 我的在办
        await pilot.press("enter")
        await wait_for_screen(pilot, BoardScreen)
        await settled(pilot, screen, lambda: screen.filters.mine)
        assert {r.owner for r in screen.page.rows} == {"zhangwei"}

    drive(board_app(), steps)


# --- the public hall screen ---------------------------------------------------------------------


def public_app(db, lang: str = "zh", interval: float = 600):
    from quancheng_tui.screens.public_board import PublicBoardApp

    return PublicBoardApp(db, CLOCK, make_translator(lang), office_name=OFFICE_NAME, interval=interval)


async def first_turn(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.page is not None)


def test_public_board_pages_by_itself_and_drops_finished_cases(board_db, db_path):
    from quancheng_tui.domain.lifecycle import Action
    from quancheng_tui.services import lifecycle

    app = public_app(board_db)

    async def steps(pilot):
        await first_turn(pilot)
        assert app.total == 30 and app.page.offset == 0
        size = len(app.page.rows)
        assert all("*" in r.applicant for r in app.page.rows)
        texts = [str(c) for c in app.query_one("#public").get_row_at(0)]
        first_row = app.page.rows[0]  # by number, the applicant masked (王*明)
        assert texts[:2] == [first_row.number, first_row.applicant] and "*" in texts[1]
        app.turn()
        await wait_for(pilot, lambda: app.page.offset == size)
        first, owner = app.page.rows[0].number, app.page.rows[0].owner
        other = Database.open(str(db_path))
        try:
            lifecycle.act(other, staff.actor_for(other, owner), CLOCK, first, Action.WITHDRAW,
                          {"reason": "申请人撤回"})
        finally:
            other.dispose()
        app.turn()  # past the last page: back to the first, queried afresh
        await wait_for(pilot, lambda: app.page.offset == 0 and app.total == 29)
        assert first not in [r.number for r in app.page.rows]
        await pilot.press("q")

    drive(app, steps)


def test_public_board_timer_turns_pages(board_db):
    app = public_app(board_db, interval=1)

    async def steps(pilot):
        await first_turn(pilot)
        await wait_for(pilot, lambda: app.page.offset > 0, timeout=5)

    drive(app, steps)


ROSTER = """
[[duty]]
from = 2026-03-01
to = 2026-03-31
clerks = ["zhangwei"]
leader = "lixiang"

[[post]]
code = "CK2"
name = "综合受理窗口（二）"
a = "liuna"
b = ["zhangwei"]
"""


def test_b_shows_the_cases_of_the_absent_a_post_i_stand_in_for(board_app, board_db, tmp_path):
    from quancheng_tui.services import roster

    staff.add_staff(board_db, ADMIN, CLOCK, "lixiang", "李响", "leader", password=PASSWORD)
    path = tmp_path / "roster.toml"
    path.write_text(ROSTER, encoding="utf-8")
    roster.import_roster(board_db, ADMIN, CLOCK, path)
    roster.set_absence(board_db, ADMIN, CLOCK, "liuna", CLOCK.today(), CLOCK.today())

    async def steps(pilot):
        screen = await open_board(pilot)
        await pilot.press("b")
        await wait_for(pilot, lambda: screen.filters.acting and not screen.busy)
        assert screen.total == 10 and {r.owner for r in screen.page.rows} == {"liuna"}
        assert "代岗" in str(screen.query_one("#summary").render())
        await pilot.press("b")
        await wait_for(pilot, lambda: not screen.filters.acting and not screen.busy)
        assert screen.total == 30

    drive(board_app(), steps)


def test_w_and_c_pick_an_owner_or_a_village_to_filter_by(board_app, board_db):
    from textual.widgets import OptionList

    from quancheng_tui.screens.picker import PickerScreen

    villages = len(setup.villages(board_db))

    async def steps(pilot):
        screen = await open_board(pilot)
        await pilot.press("w")
        await wait_for_screen(pilot, PickerScreen)
        labels = [str(o.prompt) for o in pilot.app.screen.query_one(OptionList).options]
        assert labels[0] == "全部" and "刘娜（liuna）" in labels and "张伟（zhangwei）" in labels
        pilot.app.screen.query_one(OptionList).highlighted = labels.index("刘娜（liuna）")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.filters.owner == "liuna" and not screen.busy)
        assert screen.total == 10 and {r.owner for r in screen.page.rows} == {"liuna"}
        assert "经办人：liuna" in str(screen.query_one("#summary").render())
        await pilot.press("w")
        await wait_for_screen(pilot, PickerScreen)
        assert pilot.app.screen.query_one(OptionList).highlighted == labels.index("刘娜（liuna）")
        pilot.app.screen.query_one(OptionList).highlighted = 0  # 全部
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.filters.owner is None and not screen.busy)
        assert screen.total == 30
        await pilot.press("c")
        await wait_for_screen(pilot, PickerScreen)
        assert len(pilot.app.screen.query_one(OptionList).options) == villages + 1
        await pilot.press("escape")
        await wait_for_screen(pilot, BoardScreen)
        assert screen.filters.village is None and screen.total == 30

    drive(board_app(), steps)
