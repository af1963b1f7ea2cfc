"""The case board service (issue 6): a page of open cases with their light, filters, search, paging.

Cases are registered through `cases.register_case` on the demo office with the sample catalog.
The clock is fixed at Monday 2026-03-16 09:30 (+08:00); `yellow_within` is 2 working days.
Runs on SQLite and, with QUANCHENG_TEST_PG_URL, on PostgreSQL (tests/services/conftest.py).
"""

from __future__ import annotations

from datetime import date

import pytest

from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.errors import InputError, NotPermitted
from quancheng_tui.services import board, lifecycle, setup, staff
from quancheng_tui.services import cases as svc
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.board import BoardFilters
from quancheng_tui.services.cases import RegistrationInput
from quancheng_tui.store.tables import Setting

ID = "11010519491231002X"
TODAY = date(2026, 3, 16)


def person(matter: str, name: str = "张三丰", **kw) -> RegistrationInput:
    return RegistrationInput(matter, name=name, id_number=ID, phone="13812345678", **kw)


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


@pytest.fixture
def clerk(cat_db):
    return staff.actor_for(cat_db, "zhangwei")


@pytest.fixture
def board_db(cat_db, clerk, clock):
    """Five open cases with every light, one closed by a rejection, one of another clerk, an agent's."""
    reg = svc.register_case
    reg(cat_db, clerk, clock, person("MZ-008", "李红", received_on=date(2026, 3, 10), village="V02"))  # red
    reg(cat_db, clerk, clock, person("MZ-008", "王小明", village="V02"))  # due today
    reg(cat_db, clerk, clock, person("NY-003", "赵丽", received_on=date(2026, 3, 13)))  # due 03-18: yellow
    reg(cat_db, clerk, clock, person("MZ-003", "孙大伟"))  # 10 working days: green
    reg(cat_db, clerk, clock, person("MZ-001", "钱多", materials=["SQS"]))  # 提示件: no deadline yet
    reg(cat_db, clerk, clock, person("MZ-003", "周退", kind="rejected", reason="不符合条件", basis="第九条"))
    liuna = staff.actor_for(cat_db, "liuna")
    reg(cat_db, liuna, clock, person("SB-002", "刘养老", village="V03"))
    sunli = staff.actor_for(cat_db, "sunli")
    reg(cat_db, sunli, clock, person("MZ-004", "吴高龄"))  # the agent's village: V01
    return cat_db


def numbers(page) -> list[str]:
    return [r.applicant for r in page.rows]


def test_open_cases_by_due_date_with_lights_masked_names_and_undated_last(board_db, clerk, clock):
    page = board.page(board_db, clerk, clock)
    assert page.today == TODAY and not page.has_more and page.offset == 0
    assert [r.applicant for r in page.rows] == ["李*", "王*明", "赵*", "吴*龄", "孙*伟", "刘*老", "钱*"]
    lights = {r.applicant: (r.light, r.days_left, r.days_overdue) for r in page.rows}
    assert lights["李*"] == ("red", 0, 4)
    assert lights["王*明"] == ("due_today", 0, 0)
    assert lights["赵*"] == ("yellow", 2, 0)
    assert lights["孙*伟"] == ("green", 10, 0)
    assert lights["钱*"] == (None, 0, 0)
    first = page.rows[0]
    assert first.number == "QS-20260316-0001" and first.received_on == date(2026, 3, 10)
    assert first.matter_name == "老年人优待证办理" and first.kind_label == "即办件"
    assert first.owner == "zhangwei" and first.owner_name == "张伟" and first.mark == "×"
    assert "周*" not in numbers(page)  # the rejected case is closed: not on the board
    assert board.count(board_db, clerk, clock) == 7


def test_yellow_threshold_comes_from_the_setting(board_db, clerk, clock):
    with board_db.write() as session:
        session.merge(Setting(key="yellow_within", value="10"))
    assert setup.get_setting(board_db, "yellow_within") == 10
    lights = {r.applicant: r.light for r in board.page(board_db, clerk, clock).rows}
    assert lights["孙*伟"] == "yellow"


def test_filters_kind_status_owner_village_overdue_due_within_mine(board_db, clerk, clock):
    def names(**kw):
        return numbers(board.page(board_db, clerk, clock, BoardFilters(**kw)))

    assert names(kind="instant") == ["李*", "王*明"]
    assert names(status="pending_materials") == ["钱*"]
    assert names(status="rejected") == ["周*"]
    assert names(owner="liuna") == ["刘*老"]
    assert names(village="V02") == ["李*", "王*明"]
    assert names(overdue=True) == ["李*"]
    assert names(due_within=0) == ["王*明"]  # 临期 is not yet late: 李* is overdue (issue 16)
    assert names(due_within=2) == ["王*明", "赵*"]
    assert names(mine=True) == ["李*", "王*明", "赵*", "孙*伟", "钱*"]
    assert names(mine=True, kind="promised") == ["赵*", "孙*伟"]
    assert board.count(board_db, clerk, clock, BoardFilters(mine=True)) == 5


def test_search_by_number_name_matter_code_name_and_pinyin(board_db, clerk, clock):
    def names(q):
        return numbers(board.page(board_db, clerk, clock, BoardFilters(search=q)))

    assert names("QS-20260316-0003") == ["赵*"]
    assert len(names("qs-20260316-000")) == 7  # a number prefix, any case
    assert names("0004") == ["孙*伟"]
    assert names("大伟") == ["孙*伟"]  # a part of the applicant's name (shown masked)
    assert names("MZ-008") == ["李*", "王*明"]
    assert names("临时救助") == ["孙*伟"]
    assert names("lsjz") == ["孙*伟"]  # pinyin initials of 临时救助申请
    assert names("LSJZ") == ["孙*伟"]
    assert names("gddl") == ["赵*"]  # 耕地地力…
    assert names("linshi") == ["孙*伟"]  # full pinyin prefix
    assert names("100%_") == []  # LIKE wildcards are literal


def test_agent_sees_only_own_village_and_may_not_ask_for_another(board_db, clock):
    sunli = staff.actor_for(board_db, "sunli")
    assert numbers(board.page(board_db, sunli, clock)) == ["吴*龄"]
    assert numbers(board.page(board_db, sunli, clock, BoardFilters(village="V01"))) == ["吴*龄"]
    with pytest.raises(NotPermitted):
        board.page(board_db, sunli, clock, BoardFilters(village="V02"))
    assert board.count(board_db, sunli, clock) == 1


def test_paging_never_returns_more_than_limit_and_covers_every_case_once(board_db, clerk, clock):
    seen = []
    offset = 0
    while True:
        page = board.page(board_db, clerk, clock, offset=offset, limit=2)
        assert len(page.rows) <= 2
        seen += [r.number for r in page.rows]
        if not page.has_more:
            break
        offset += 2
    assert seen == [r.number for r in board.page(board_db, clerk, clock, limit=50).rows]
    assert len(seen) == len(set(seen)) == 7
    # past the dated cases, into the undated ones only
    assert numbers(board.page(board_db, clerk, clock, offset=6, limit=3)) == ["钱*"]
    assert board.page(board_db, clerk, clock, offset=100, limit=3).rows == ()
    with pytest.raises(InputError):
        board.page(board_db, clerk, clock, limit=0)
    with pytest.raises(InputError):
        board.page(board_db, clerk, clock, limit=board.MAX_LIMIT + 1)
    with pytest.raises(InputError):
        board.page(board_db, clerk, clock, offset=-1)


def test_finished_cases_drop_off_and_suspended_show_no_light(board_db, clerk, clock):
    page = board.page(board_db, clerk, clock)
    sun = next(r for r in page.rows if r.applicant == "孙*伟")
    lifecycle.act(board_db, clerk, clock, sun.number, Action.SUSPEND, {"reason": "鉴定", "note": "等鉴定"})
    row = next(r for r in board.page(board_db, clerk, clock).rows if r.number == sun.number)
    assert row.status == "suspended" and row.light is None and row.mark == "·"
    li = page.rows[0]
    lifecycle.act(board_db, clerk, clock, li.number, Action.WITHDRAW, {"reason": "申请人撤回"})
    assert li.number not in [r.number for r in board.page(board_db, clerk, clock).rows]


def test_public_actor_reads_masked_open_cases(board_db, clock):
    page = board.page(board_db, board.PUBLIC_ACTOR, clock)
    assert len(page.rows) == 7 and all("*" in r.applicant for r in page.rows)


def test_bad_filter_values_are_refused(board_db, clerk, clock):
    for f in (BoardFilters(status="nope"), BoardFilters(kind="nope"), BoardFilters(due_within=-1)):
        with pytest.raises(InputError):
            board.page(board_db, clerk, clock, f)


# --- sorting ------------------------------------------------------------------------------------

SORT_VALUE = {"due": lambda r: r.due_on, "received": lambda r: r.received_on, "number": lambda r: r.number,
              "matter": lambda r: r.matter_code, "owner": lambda r: r.owner}


def expected_order(rows, key: str, descending: bool) -> list[str]:
    """What a sort must give, worked out here: (column, number) either way; by due date the cases
    without one come last in both directions."""
    value = SORT_VALUE[key]
    dated = [r for r in rows if value(r) is not None]
    undated = [r for r in rows if value(r) is None]
    out = sorted(dated, key=lambda r: (value(r), r.number), reverse=descending)
    out += sorted(undated, key=lambda r: r.number, reverse=descending)
    return [r.number for r in out]


def all_pages(db, actor, clock, filters, limit):
    seen, offset = [], 0
    while True:
        page = board.page(db, actor, clock, filters, offset=offset, limit=limit)
        assert len(page.rows) <= limit
        seen += [r.number for r in page.rows]
        if not page.has_more:
            return seen
        offset += limit


@pytest.mark.parametrize("narrow", [{}, {"search": "qs-20260316"}, {"status": "accepted"}, {"mine": True}],
                         ids=["all", "search", "one-status", "mine"])
def test_every_sort_both_ways_pages_without_losing_or_repeating_a_row(board_db, clerk, clock, narrow):
    rows = board.page(board_db, clerk, clock, BoardFilters(**narrow), limit=50).rows
    assert len(rows) >= 4
    for key in board.SORTS:
        for descending in (False, True):
            filters = BoardFilters(sort=key, descending=descending, **narrow)
            want = expected_order(rows, key, descending)
            for limit in (1, 2, 3):
                seen = all_pages(board_db, clerk, clock, filters, limit)
                assert seen == want, (key, descending, limit, seen)
            assert [r.number for r in board.page(board_db, clerk, clock, filters, limit=50).rows] == want
            assert board.count(board_db, clerk, clock, filters) == len(want)


def test_sorts_differ_and_ties_fall_back_to_the_number(board_db, clerk, clock):
    def order(key, descending=False):
        return numbers(board.page(board_db, clerk, clock, BoardFilters(sort=key, descending=descending)))

    assert order("due") == ["李*", "王*明", "赵*", "吴*龄", "孙*伟", "刘*老", "钱*"]
    assert order("due", True) == ["刘*老", "孙*伟", "吴*龄", "赵*", "王*明", "李*", "钱*"]  # undated still last
    assert order("received") == ["李*", "赵*", "王*明", "孙*伟", "钱*", "刘*老", "吴*龄"]  # 03-16: by number
    assert order("number") == order("received")[:1] + ["王*明", "赵*", "孙*伟", "钱*", "刘*老", "吴*龄"]
    assert order("number", True) == list(reversed(order("number")))
    assert order("matter") == ["钱*", "孙*伟", "吴*龄", "李*", "王*明", "赵*", "刘*老"]
    assert order("owner") == ["刘*老", "吴*龄", "李*", "王*明", "赵*", "孙*伟", "钱*"]
    assert order("owner", True) == ["钱*", "孙*伟", "赵*", "王*明", "李*", "吴*龄", "刘*老"]
    # working days left order as the due date does
    assert order("days_left") == order("due")


def test_a_sort_outside_the_list_is_refused(board_db, clerk, clock):
    for bad in ("applicant_name", "due_on; DROP TABLE cases", ""):
        with pytest.raises(InputError):
            board.page(board_db, clerk, clock, BoardFilters(sort=bad))
    assert board.check(board_db, clerk, clock, BoardFilters(sort="days_left")).sort == "due"


def test_acting_shows_the_cases_of_the_a_post_i_stand_in_for_today(board_db, clerk, clock):
    """004 AB岗: while 张伟 is on leave, his first B (刘娜, in the demo roster) sees his cases under `acting`."""
    from quancheng_tui.services import roster

    mine = set(numbers(board.page(board_db, clerk, clock, BoardFilters(mine=True))))
    assert mine
    liuna, wangfang = staff.actor_for(board_db, "liuna"), staff.actor_for(board_db, "wangfang")
    acting = BoardFilters(acting=True)
    assert board.count(board_db, liuna, clock, acting) == 0  # 张伟 is at work
    roster.set_absence(board_db, staff.actor_for(board_db, "lixiang"), clock, "zhangwei", clock.today(),
                       clock.today())
    assert set(numbers(board.page(board_db, liuna, clock, acting))) == mine
    assert board.count(board_db, wangfang, clock, acting) == 0  # second in order: 刘娜 is there
    # what the roster grants, the case actions accept: 刘娜 records progress as 张伟's B post
    number = board.page(board_db, liuna, clock, acting).rows[0].number
    lifecycle.act(board_db, liuna, clock, number, Action.PROGRESS, {"note": "代岗：已电话联系申请人"})
    event = svc.get_case(board_db, clerk, number).events[-1]
    assert (event.actor, event.acting_for) == ("liuna", "zhangwei")
    with pytest.raises(NotPermitted):  # 王芳 stands in for nobody today
        lifecycle.act(board_db, wangfang, clock, number, Action.PROGRESS, {"note": "越权"})
