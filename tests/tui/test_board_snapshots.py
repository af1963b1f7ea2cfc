"""What the board looks like, frozen: 80×24 and 120×40 (Chinese and English), a filtered view, a sorted
one and the saved views over it.

The clock is fixed (Monday 2026-03-16) and the 30 cases of test_board_screen.py are registered
through the service. Regenerate after a deliberate change:
pytest tests/tui/test_board_snapshots.py --snapshot-update (then review the SVGs).
"""

from __future__ import annotations

import pytest
from test_board_screen import board_app, board_db, board_template, open_board  # noqa: F401  (fixtures)
from tui_helpers import wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_board(snap_compare, board_app, lang, size):
    async def opened(pilot) -> None:
        await open_board(pilot)

    assert snap_compare(board_app(lang), terminal_size=size, run_before=opened)


def test_board_overdue_and_mine(snap_compare, board_app):
    async def filtered(pilot) -> None:
        screen = await open_board(pilot)
        await pilot.press("o", "m")
        await wait_for(pilot, lambda: screen.filters.overdue and screen.filters.mine and not screen.busy)

    assert snap_compare(board_app(), terminal_size=(80, 24), run_before=filtered)


def test_board_sorted_by_number_descending(snap_compare, board_app):
    async def sorted_(pilot) -> None:
        screen = await open_board(pilot)
        await pilot.press("p", "f")  # at 80 columns due -> number (received date is not on screen)
        await wait_for(pilot, lambda: screen.filters.sort == "number" and screen.filters.descending
                       and not screen.busy)

    assert snap_compare(board_app(), terminal_size=(80, 24), run_before=sorted_)


def test_saved_views_modal(snap_compare, board_app, board_db):
    from test_board_screen import CLOCK, open_views

    from quancheng_tui.services import saved_views, staff
    from quancheng_tui.services.board import BoardFilters

    saved_views.save(board_db, staff.actor_for(board_db, "zhangwei"), CLOCK, "二村超期",
                     BoardFilters(village="V02", overdue=True, sort="received", descending=True))

    async def opened(pilot) -> None:
        screen = await open_board(pilot)
        await open_views(pilot, screen)

    assert snap_compare(board_app(), terminal_size=(80, 24), run_before=opened)


def test_public_board(snap_compare, board_db):
    from test_board_screen import first_turn, public_app

    assert snap_compare(public_app(board_db), terminal_size=(80, 24), run_before=first_turn)


def test_public_board_en(snap_compare, board_db):
    from test_board_screen import first_turn, public_app

    assert snap_compare(public_app(board_db, "en"), terminal_size=(80, 24), run_before=first_turn)
