"""Every place with the keyboard alone (issue 16 item 1): from the main menu, each place's key opens it, a
widget has the focus there (the cursor is somewhere), ↓ and ↑ are answered without leaving, and Esc steps
back one level to the menu; the same for 季度考核 below 统计报表. Run as the leader, who may open them all."""

from __future__ import annotations

import pytest
from test_report_screen import report_db  # noqa: F401  (a fixture: an office with a leader and February's cases)
from tui_helpers import drive, log_in, wait_for, wait_for_screen

from quancheng_tui.screens.main import PLACES, MainScreen


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_place_opens_answers_the_arrows_and_esc_steps_back(report_db, make_app, lang):
    app = make_app(report_db, user="lixiang", lang=lang)
    seen: dict[str, str] = {}

    async def steps(pilot):
        await log_in(pilot)
        main = app.screen
        for key, place, _title, _desc in PLACES:
            await pilot.press(key)
            await wait_for(pilot, lambda: getattr(app.screen, "place", None) == place)
            await wait_for(pilot, lambda: app.focused is not None)  # the focus is somewhere to be seen
            seen[place] = type(app.screen).__name__
            await pilot.press("down", "up")
            assert getattr(app.screen, "place", None) == place  # the arrows move within the place
            if place == "stats":  # one level further down: the quarterly assessment, and back up
                await pilot.press("k")
                await wait_for(pilot, lambda: type(app.screen).__name__ == "AssessmentScreen")
                await pilot.press("escape")
                await wait_for(pilot, lambda: type(app.screen).__name__ == "ReportScreen")
            await pilot.press("escape")
            await wait_for_screen(pilot, MainScreen)
            assert app.screen is main

    drive(app, steps)
    assert seen == {"register": "RegisterScreen", "notice": "NoticeScreen", "board": "BoardScreen",
                    "roster": "RosterScreen", "stats": "ReportScreen", "settings": "SettingsScreen"}
