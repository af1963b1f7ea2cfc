"""A crash inside the TUI ends with one line, not Textual's traceback with local variables (issue #7 item 6)."""

from __future__ import annotations

import asyncio

import pytest
from textual.screen import Screen

NAME, ID = "欧阳小明", "11010519491231002X"


class Exploding(Screen):
    def on_mount(self) -> None:
        applicant = {"name": NAME, "id_number": ID}  # a local the default traceback would print
        raise KeyError(applicant["name"] + ID)


def _crash(app, capfd) -> str:
    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await app.push_screen(Exploding())
            await pilot.pause(0.2)

    with pytest.raises(KeyError):
        asyncio.run(main())
    return capfd.readouterr().err


def test_crash_shows_one_line_without_personal_data(staffed_db, make_app, monkeypatch, capfd):
    monkeypatch.delenv("QUANCHENG_DEBUG", raising=False)
    shown = _crash(make_app(staffed_db), capfd)
    assert shown.strip() == "内部错误：KeyError"


def test_debug_keeps_textuals_traceback(staffed_db, make_app, monkeypatch, capfd):
    monkeypatch.setenv("QUANCHENG_DEBUG", "1")
    shown = _crash(make_app(staffed_db), capfd)
    assert "Traceback" in shown and NAME in shown  # an operator asked for everything
