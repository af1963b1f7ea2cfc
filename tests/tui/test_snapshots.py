"""What the clerk sees, frozen: first-run and main screens, 80×24 and 120×40, Chinese and English.

Regenerate after a deliberate change: pytest tests/tui --snapshot-update (then review the SVGs).
"""

from __future__ import annotations

import pytest
from tui_helpers import log_in, wait_for_screen

from quancheng_tui.screens.first_run import FirstRunScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LANGS = ["zh", "en"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_first_run_screen(snap_compare, db, make_app, lang, size):
    async def ready(pilot):
        await wait_for_screen(pilot, FirstRunScreen)

    assert snap_compare(make_app(db, lang=lang), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, staffed_db, make_app, lang, size):
    assert snap_compare(make_app(staffed_db, lang=lang), terminal_size=size, run_before=log_in)
