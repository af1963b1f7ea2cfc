"""--lite for slow links: no cursor blink in any input, at most 256 colours (animation is off anyway)."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tui_helpers import drive, make_translator, type_text, wait_for, wait_for_screen

from quancheng_tui.app import QuanchengApp
from quancheng_tui.screens.login import LoginScreen
from quancheng_tui.settings import Settings


def _app(db, clock, db_path, *, lite: bool) -> QuanchengApp:
    settings = Settings(db=str(db_path), user="zhangwei", lite=lite)
    return QuanchengApp(settings, db, clock, translator=make_translator("zh"))  # stable=False: the real blink


@pytest.mark.parametrize("lite", [True, False])
def test_inputs_do_not_blink_in_lite_mode(staffed_db, clock, db_path, lite):
    app = _app(staffed_db, clock, db_path, lite=lite)
    seen: list[tuple[str, bool]] = []

    async def steps(pilot):
        await wait_for_screen(pilot, LoginScreen)
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        seen.append((app.focused.id, app.focused.cursor_blink))
        await pilot.press("shift+tab")  # focus moves to the login field
        await wait_for(pilot, lambda: app.focused.id != seen[0][0])
        await type_text(pilot, "x")
        seen.append((app.focused.id, app.focused.cursor_blink))

    drive(app, steps)
    assert [ident for ident, _ in seen] == ["password", "login"]
    assert [blink for _, blink in seen] == [not lite, not lite]


@pytest.mark.parametrize("lite, expected", [(True, "256"), (False, "truecolor")])
def test_lite_mode_caps_colours_at_256(staffed_db, clock, db_path, monkeypatch, lite, expected):
    monkeypatch.setenv("COLORTERM", "truecolor")  # a terminal that announces 24-bit colour
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = _app(staffed_db, clock, db_path, lite=lite)
    assert app.console.color_system == expected
    assert app.animation_level == "none"
