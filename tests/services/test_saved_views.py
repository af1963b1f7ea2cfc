"""Saved board views (issue 6): per staff member, in the database, audited, checked again on apply.

The office is the demo one with the sample catalog and a few cases (test_board.py's fixtures);
the clock is fixed at Monday 2026-03-16. Runs on SQLite and, with QUANCHENG_TEST_PG_URL, on PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlmodel import func, select
from test_board import board_db, cat_db, clerk  # noqa: F401  (fixtures)

from quancheng_tui.domain.roles import Role
from quancheng_tui.errors import Conflict, InputError, NotFound, NotPermitted
from quancheng_tui.services import audit, board, saved_views, staff
from quancheng_tui.services.board import BoardFilters
from quancheng_tui.services.context import Actor
from quancheng_tui.store.case_tables import SavedView
from quancheng_tui.store.tables import AuditEntry

BUILTIN_NAMES = [name for name, _ in saved_views.BUILTIN]


def own(db, actor) -> list[str]:
    return [v.name for v in saved_views.list_views(db, actor) if not v.builtin]


def audit_count(db) -> int:
    with db.read() as session:
        return int(session.exec(select(func.count()).select_from(AuditEntry)).one())


def test_save_list_apply_delete_round_trip_audited(board_db, clerk, clock):
    filters = BoardFilters(kind="instant", village="V02", search="MZ-008", sort="received", descending=True)
    before = audit_count(board_db)
    view = saved_views.save(board_db, clerk, clock, "  二村即办  ", filters)
    assert view.name == "二村即办" and view.filters == filters and not view.builtin
    listed = saved_views.list_views(board_db, clerk)
    assert [v.name for v in listed] == [*BUILTIN_NAMES, "二村即办"]
    assert all(v.builtin for v in listed[:len(BUILTIN_NAMES)])
    applied = saved_views.apply(board_db, clerk, clock, "二村即办")
    assert applied.filters == filters
    page = board.page(board_db, clerk, clock, applied.filters)
    assert [r.applicant for r in page.rows] == ["王*明", "李*"]  # received 03-16, then 03-10
    assert audit_count(board_db) == before + 1  # listing and applying only read
    saved_views.delete(board_db, clerk, clock, "二村即办")
    assert own(board_db, clerk) == []
    with pytest.raises(NotFound):
        saved_views.apply(board_db, clerk, clock, "二村即办")
    with board_db.read() as session:
        actions = [e.action for e in session.exec(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2))]
    assert actions == ["view.delete", "view.save"]
    assert audit.verify(board_db).ok


def test_a_name_is_saved_once_unless_replaced(board_db, clerk, clock):
    saved_views.save(board_db, clerk, clock, "我的超期", BoardFilters(mine=True, overdue=True))
    with pytest.raises(Conflict):
        saved_views.save(board_db, clerk, clock, "我的超期", BoardFilters(overdue=True))
    assert saved_views.apply(board_db, clerk, clock, "我的超期").filters == BoardFilters(mine=True, overdue=True)
    saved_views.save(board_db, clerk, clock, "我的超期", BoardFilters(overdue=True, sort="owner"), replace=True)
    assert saved_views.apply(board_db, clerk, clock, "我的超期").filters == BoardFilters(overdue=True, sort="owner")
    assert own(board_db, clerk) == ["我的超期"]


def test_views_belong_to_their_owner_only(board_db, clerk, clock):
    liuna = staff.actor_for(board_db, "liuna")
    saved_views.save(board_db, clerk, clock, "在办", BoardFilters(kind="promised"))
    assert own(board_db, liuna) == []
    with pytest.raises(NotFound):
        saved_views.apply(board_db, liuna, clock, "在办")
    with pytest.raises(NotFound):
        saved_views.delete(board_db, liuna, clock, "在办")
    saved_views.save(board_db, liuna, clock, "在办", BoardFilters(overdue=True))  # the same name, her own
    assert saved_views.apply(board_db, liuna, clock, "在办").filters == BoardFilters(overdue=True)
    assert saved_views.apply(board_db, clerk, clock, "在办").filters == BoardFilters(kind="promised")
    saved_views.delete(board_db, liuna, clock, "在办")
    assert own(board_db, clerk) == ["在办"] and own(board_db, liuna) == []


def test_a_view_applies_mine_to_whoever_applies_it(board_db, clerk, clock):
    liuna = staff.actor_for(board_db, "liuna")
    view = saved_views.apply(board_db, liuna, clock, "我的在办")
    assert view.builtin and view.filters.mine
    assert [r.owner for r in board.page(board_db, liuna, clock, view.filters).rows] == ["liuna"]


def test_an_agent_cannot_save_or_apply_a_view_wider_than_the_village(board_db, clock):
    sunli = staff.actor_for(board_db, "sunli")
    assert sunli.role is Role.AGENT and sunli.village == "V01"
    before = audit_count(board_db)
    with pytest.raises(NotPermitted):
        saved_views.save(board_db, sunli, clock, "二村", BoardFilters(village="V02"))
    assert own(board_db, sunli) == [] and audit_count(board_db) == before
    # Saved while the same login was a clerk; applied now that it is an agent's: refused, not widened.
    as_clerk = Actor(login="sunli", name=sunli.name, role=Role.CLERK)
    saved_views.save(board_db, as_clerk, clock, "二村", BoardFilters(village="V02"))
    with pytest.raises(NotPermitted):
        saved_views.apply(board_db, sunli, clock, "二村")
    # A view without a village shows the agent's village only.
    saved_views.save(board_db, sunli, clock, "全部在办", BoardFilters(sort="number"))
    applied = saved_views.apply(board_db, sunli, clock, "全部在办")
    assert {r.village for r in board.page(board_db, sunli, clock, applied.filters).rows} == {"V01"}
    for name in BUILTIN_NAMES:
        built_in = saved_views.apply(board_db, sunli, clock, name)
        assert {r.village for r in board.page(board_db, sunli, clock, built_in.filters).rows} <= {"V01"}


def test_bad_names_and_filters_are_refused_and_nothing_written(board_db, clerk, clock):
    before = audit_count(board_db)
    for name in ("", "   ", "a\tb", "坏\x07名", "长" * (saved_views.MAX_NAME + 1)):
        with pytest.raises(InputError):
            saved_views.save(board_db, clerk, clock, name, BoardFilters())
    for bad in (BoardFilters(sort="applicant_name"), BoardFilters(status="nope"), BoardFilters(due_within=-1)):
        with pytest.raises(InputError):
            saved_views.save(board_db, clerk, clock, "坏", bad)
    with pytest.raises(InputError):  # a built-in's name
        saved_views.save(board_db, clerk, clock, BUILTIN_NAMES[0], BoardFilters())
    with pytest.raises(InputError):
        saved_views.delete(board_db, clerk, clock, BUILTIN_NAMES[0])
    assert own(board_db, clerk) == [] and audit_count(board_db) == before


def test_a_damaged_view_is_listed_refused_on_apply_and_can_be_deleted(board_db, clerk, clock):
    saved_views.save(board_db, clerk, clock, "旧", BoardFilters())
    with board_db.write() as session:  # as a hand edit of the database would leave it
        row = session.exec(select(SavedView).where(SavedView.name == "旧")).one()
        row.filters = '{"overdue": "yes"}'
        session.add(row)
    assert own(board_db, clerk) == ["旧"]
    with pytest.raises(InputError):
        saved_views.apply(board_db, clerk, clock, "旧")
    saved_views.delete(board_db, clerk, clock, "旧")
    assert own(board_db, clerk) == []


def test_at_most_max_views_each(board_db, clerk, clock):
    for i in range(saved_views.MAX_VIEWS):
        saved_views.save(board_db, clerk, clock, f"视图{i:02d}", BoardFilters())
    with pytest.raises(InputError):
        saved_views.save(board_db, clerk, clock, "再一个", BoardFilters())
    saved_views.save(board_db, clerk, clock, "视图00", BoardFilters(overdue=True), replace=True)  # not a new one
    assert len(own(board_db, clerk)) == saved_views.MAX_VIEWS
    saved_views.save(board_db, staff.actor_for(board_db, "liuna"), clock, "再一个", BoardFilters())  # hers
