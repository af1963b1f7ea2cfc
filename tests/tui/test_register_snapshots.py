"""The registration screen, frozen: a matter chosen and the form half filled, 80×24 and 120×40 (Chinese),
the English one at 80×24, and the override modal.

The clock is fixed (Monday 2026-03-16), so the proposed due date (2026-03-30) is too.
Regenerate after a deliberate change: pytest tests/tui/test_register_snapshots.py --snapshot-update.
"""

from __future__ import annotations

import pytest
from test_register_screen import ID, choose_matter, open_register, type_text, wait_for, wait_for_screen

from quancheng_tui.screens.register_override import OverrideScreen
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services import staff
from quancheng_tui.settings import Settings

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def snap_app(office_db, clock, db_path, tmp_path):
    from tui_helpers import make_translator

    from quancheng_tui.app import QuanchengApp

    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)

    def make(lang: str = "zh") -> QuanchengApp:
        settings = Settings(db=str(db_path), user="zhangwei", lang=lang, print_dir=tmp_path / "out")
        return QuanchengApp(settings, office_db, clock, translator=make_translator(lang), stable=True)

    return make


async def half_filled(pilot) -> None:
    """SB-002 (承诺件, 10 working days) chosen, name and ID typed, all materials ticked."""
    screen = await open_register(pilot)
    await choose_matter(pilot, "sb002", "SB-002")
    await type_text(pilot, "张三丰")
    await pilot.press("enter")
    await type_text(pilot, ID)
    await pilot.press("enter", "f4", "a")
    await wait_for(pilot, lambda: len(screen.query_one("#materials").selected) == 4)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_register_form_zh(snap_compare, snap_app, size):
    assert snap_compare(snap_app("zh"), terminal_size=size, run_before=half_filled)


def test_register_form_en_80x24(snap_compare, snap_app):
    assert snap_compare(snap_app("en"), terminal_size=(80, 24), run_before=half_filled)


def test_override_modal_80x24(snap_compare, snap_app):
    async def run_before(pilot) -> None:
        await half_filled(pilot)
        await pilot.press("f6")
        await wait_for_screen(pilot, OverrideScreen)
        await pilot.press("right", "right", "right")  # 承诺件 -> 上报件 -> 提示件 -> 退回件
        await pilot.pause()

    assert snap_compare(snap_app("zh"), terminal_size=(80, 24), run_before=run_before)


async def seven_materials(pilot) -> None:
    """MZ-001 (低保, 7 materials) chosen by keys only, the name typed, the cursor on the last material: the
    matter stays in view above the part that scrolls (issue 16)."""
    screen = await open_register(pilot)
    await choose_matter(pilot, "mz001", "MZ-001")
    await type_text(pilot, "张三丰")
    await pilot.press("f4", *["down"] * 6, "space")
    await wait_for(pilot, lambda: len(screen.query_one("#materials").selected) == 1)
    await pilot.pause()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_register_seven_materials_80x24(snap_compare, snap_app, lang):
    assert snap_compare(snap_app(lang), terminal_size=(80, 24), run_before=seven_materials)
