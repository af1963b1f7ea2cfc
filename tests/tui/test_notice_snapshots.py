"""What the clerk sees on the one-time notice screen, frozen: a chosen matter's guide and checklist at
80×24 and 120×40 (Chinese; English at 80×24), a returning visitor's checklist, the leader's approval.

Regenerate after a deliberate change: pytest tests/tui/test_notice_snapshots.py --snapshot-update
(then review the SVGs).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_notice_screen import (  # noqa: F401  (fixtures)
    choose,
    earlier_notice,
    enter_id,
    highlight,
    notice_db,
    open_notice,
    template,
)
from tui_helpers import make_translator, wait_for_screen

from quancheng_tui.app import QuanchengApp
from quancheng_tui.screens.leader_approval import LeaderApprovalScreen
from quancheng_tui.settings import Settings

# Chinese at both sizes; English at 80×24 (the narrowest, where longer English words matter most).
CASES = [
    pytest.param("zh", (80, 24), id="80x24-zh"),
    pytest.param("en", (80, 24), id="80x24-en"),
    pytest.param("zh", (120, 40), id="120x40-zh"),
]


@pytest.fixture
def snap_app(notice_db, clock, db_path):
    def make(lang: str = "zh") -> QuanchengApp:
        settings = Settings(db=str(db_path), user="zhangwei", lang=lang, forced_login="zhangwei",
                            print_dir=Path("/srv/quancheng/prints"))  # shown on screen: not a tmp path
        return QuanchengApp(settings, notice_db, clock, translator=make_translator(lang), stable=True)

    return make


async def chosen(pilot) -> None:
    await open_notice(pilot)
    await choose(pilot)


@pytest.mark.parametrize("lang, size", CASES)
def test_notice_screen_with_a_chosen_matter(snap_compare, snap_app, lang, size):
    assert snap_compare(snap_app(lang), terminal_size=size, run_before=chosen)


def test_returning_visitor_checklist(snap_compare, snap_app, notice_db, clock):
    earlier_notice(notice_db, clock)

    async def returning(pilot) -> None:
        await chosen(pilot)
        await enter_id(pilot)
        await highlight(pilot, "HKB")

    assert snap_compare(snap_app(), terminal_size=(80, 24), run_before=returning)


def test_leader_approval_modal(snap_compare, snap_app, notice_db, clock):
    earlier_notice(notice_db, clock)

    async def asking(pilot) -> None:
        await chosen(pilot)
        await enter_id(pilot)
        await highlight(pilot, "SFZ")
        await pilot.press("r")
        await wait_for_screen(pilot, LeaderApprovalScreen)

    assert snap_compare(snap_app(), terminal_size=(80, 24), run_before=asking)

