"""The board's count per filter is kept until the next write, and the calendar once a day (issue 17).

Real SQLite through the services; "kept" is seen by a write made behind the service's back with plain SQL
(no audit row): the kept count does not move, and the next audited write (a registration) brings it level.
"""

from __future__ import annotations

from datetime import date

from test_board import board_db, cat_db, clerk, person  # noqa: F401  (fixtures)

from quancheng_tui.services import board, staff
from quancheng_tui.services import cases as svc
from quancheng_tui.services.board import BoardFilters


def hide_one_case_without_audit(db) -> None:
    """A change no service made (nothing in the audit trail): the marker does not move."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE cases SET status = 'closed' WHERE id = (SELECT min(id) FROM cases "
                             "WHERE status = 'accepted')")


def test_count_is_kept_per_filter_until_a_registration(board_db, clerk, clock):
    promised = BoardFilters(kind="promised")
    total = board.counted_page(board_db, clerk, clock).total
    kinds = board.counted_page(board_db, clerk, clock, promised).total
    assert total == board.count(board_db, clerk, clock) and kinds < total
    hide_one_case_without_audit(board_db)
    # Kept: the same filters (any sort, any page) give the count read before.
    assert board.counted_page(board_db, clerk, clock, promised.with_(sort="number")).total == kinds
    assert board.counted_page(board_db, clerk, clock).total == total
    assert board.count(board_db, clerk, clock) == total - 1  # `count` itself always counts
    # A registration writes the audit trail: every kept count is read again.
    svc.register_case(board_db, clerk, clock, person("MZ-003", "新来的"))
    assert board.counted_page(board_db, clerk, clock).total == total - 1 + 1
    assert board.counted_page(board_db, clerk, clock, promised).total == board.count(board_db, clerk, clock, promised)


def test_counts_are_kept_apart_per_user_and_filter(board_db, clerk, clock):
    agent = staff.actor_for(board_db, "sunli")  # sees only V01
    everyone = board.counted_page(board_db, clerk, clock).total
    village = board.counted_page(board_db, agent, clock).total
    assert village < everyone
    assert board.counted_page(board_db, clerk, clock).total == everyone
    mine = board.counted_page(board_db, clerk, clock, BoardFilters(mine=True)).total
    assert mine == board.count(board_db, clerk, clock, BoardFilters(mine=True)) and mine < everyone
    # another day is another count (overdue moves with it)
    from quancheng_tui.services.context import fixed_clock

    later = fixed_clock(clock.now().replace(day=31))
    overdue = BoardFilters(overdue=True)
    assert board.counted_page(board_db, clerk, later, overdue).total == board.count(board_db, clerk, later, overdue)
    assert board.counted_page(board_db, clerk, later, overdue).total > board.counted_page(
        board_db, clerk, clock, overdue).total


def test_one_calendar_a_day_until_a_write(board_db, clerk, clock):
    first = board._day_calendar(board_db, date(2026, 3, 16))
    assert board._day_calendar(board_db, date(2026, 3, 16)) is first
    before = board._kept(board_db).calendar
    assert before is not None and before[2] is first
    svc.register_case(board_db, clerk, clock, person("MZ-003", "又一个"))
    board._day_calendar(board_db, date(2026, 3, 16))  # after a write: built again from the tables
    kept = board._kept(board_db).calendar
    assert kept is not None and kept[1] == board_db.change_marker() != before[1]
    board._day_calendar(board_db, date(2026, 3, 17))
    assert board._kept(board_db).calendar[0] == date(2026, 3, 17)
