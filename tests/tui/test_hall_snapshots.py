"""What the hall terminal and the public rows look like, frozen at 80×24 in both languages.

The office of test_hall_screen.py (three cases, one done today and so struck), the fixed clock.
Regenerate after a deliberate change: pytest tests/tui/test_hall_snapshots.py --snapshot-update
(then review the SVGs).
"""

from __future__ import annotations

import pytest
from test_hall_screen import (  # noqa: F401  (fixtures)
    DONE,
    NOTICE,
    hall_app,
    hall_db,
    hall_template,
    look_up,
    public_app,
    started,
)
from tui_helpers import wait_for, wait_for_screen

from quancheng_tui.screens.hall import AdminUnlock, HallCaseScreen

SIZE = (80, 24)
LANGS = pytest.mark.parametrize("lang", ["zh", "en"])


@LANGS
def test_hall_start(snap_compare, hall_db, lang):
    assert snap_compare(hall_app(hall_db, lang), terminal_size=SIZE, run_before=started)


@LANGS
def test_hall_case_with_missing_materials(snap_compare, hall_db, lang):
    async def found(pilot) -> None:
        await look_up(pilot, NOTICE, "002X")
        await wait_for_screen(pilot, HallCaseScreen)

    assert snap_compare(hall_app(hall_db, lang), terminal_size=SIZE, run_before=found)


@LANGS
def test_hall_rating_form(snap_compare, hall_db, lang):
    from quancheng_tui.screens.hall_rating import HallRateScreen

    async def rating(pilot) -> None:
        await look_up(pilot, DONE, "5678")
        await wait_for_screen(pilot, HallCaseScreen)
        await pilot.press("r")
        await wait_for_screen(pilot, HallRateScreen)
        await pilot.press("2")

    assert snap_compare(hall_app(hall_db, lang), terminal_size=SIZE, run_before=rating)


def test_hall_admin_unlock(snap_compare, hall_db):
    async def unlock(pilot) -> None:
        await started(pilot)
        await pilot.press("ctrl+q", "f12")
        await wait_for_screen(pilot, AdminUnlock)

    assert snap_compare(hall_app(hall_db), terminal_size=SIZE, run_before=unlock)


@LANGS
def test_public_board_with_a_struck_case(snap_compare, hall_db, lang):
    app = public_app(hall_db, lang=lang)

    async def loaded(pilot) -> None:
        await wait_for(pilot, lambda: app.page is not None)

    assert snap_compare(app, terminal_size=SIZE, run_before=loaded)
