"""Helpers for the Pilot and snapshot tests of the terminal UI.

Imported by module name (tests/ has no packages); the name is unique across test folders.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from quancheng_tui.i18n import Translator, translator

ROOT = Path(__file__).resolve().parents[2]
OFFICE_NAME = "青山镇便民服务中心"
PASSWORD = "secret123"


def make_translator(lang: str) -> Translator:
    """The catalogs the package ships, exactly as a user gets them."""
    return translator(lang)


def drive(app, steps: Callable[[object], Awaitable[None]], size: tuple[int, int] = (80, 24)) -> None:
    """Run the app headless at `size` and play `steps(pilot)` against it (no pytest-asyncio needed)."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await steps(pilot)

    asyncio.run(main())


# A wait ends as soon as its condition holds; the limit only decides how long a broken test hangs.
# It is never shorter than this, so a busy machine cannot fail a test that a quiet one passes.
MIN_WAIT = 60.0


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = MIN_WAIT) -> None:
    """Let workers and screen changes finish; fail naming the screen if they never do."""
    timeout = max(timeout, MIN_WAIT)
    waited = 0.0
    while not condition():
        if waited >= timeout:
            raise AssertionError(f"timed out; screen is {pilot.app.screen!r}")
        await pilot.pause(0.02)
        waited += 0.02
    await pilot.pause()


async def wait_for_screen(pilot, screen_type: type, timeout: float = MIN_WAIT) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type), timeout)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])


async def log_in(pilot, password: str = PASSWORD) -> None:
    """From the login screen (login pre-filled) to the main menu."""
    from quancheng_tui.screens.login import LoginScreen
    from quancheng_tui.screens.main import MainScreen

    await wait_for_screen(pilot, LoginScreen)
    await type_text(pilot, password)
    await pilot.press("enter")
    await wait_for_screen(pilot, MainScreen)


async def open_first_case(pilot):
    """From the main menu: 3 (the board), then Enter on its first row; the case screen once its case is read."""
    from quancheng_tui.screens.board import BoardScreen
    from quancheng_tui.screens.case_detail import CaseDetailScreen
    from quancheng_tui.screens.main import MainScreen

    await wait_for_screen(pilot, MainScreen)
    await pilot.press("3")
    await wait_for_screen(pilot, BoardScreen)
    board = pilot.app.screen
    await wait_for(pilot, lambda: board.page is not None and board.table.row_count > 0)
    await pilot.press("enter")
    await wait_for_screen(pilot, CaseDetailScreen)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.case is not None and not screen.busy)
    return screen
