"""The board and the hall screen at 80×24 in both languages (issue 16) and what returning to the board
costs (issue 17): the footer and the keys line hold every word, the public legend is never cut, Esc back
from a case leaves unchanged rows alone, and a registration brings the count up to date."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from test_board_screen import (  # noqa: F401  (fixtures)
    CLOCK,
    board_app,
    board_db,
    board_template,
    first_turn,
    open_board,
    public_app,
)
from tui_helpers import drive, wait_for, wait_for_screen

from quancheng_tui.screens.board import BoardScreen
from quancheng_tui.services import cases, staff


def screen_lines(app) -> list[str]:
    return ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize(("lang", "keys", "footer"), [
    ("zh", ["回车 打开", "PgDn 翻页", "b 代岗", "w 经办人", "c 村"], ["Esc 返回", "^q 退出", "F1 帮助"]),
    ("en", ["Enter open", "PgDn page", "b stand-in", "w owner", "c village"], ["Esc Back", "^q Quit", "F1 Help"]),
])
def test_board_keys_fit_80_columns_in_both_languages(board_app, lang, keys, footer):
    app = board_app(lang)

    async def steps(pilot):
        await open_board(pilot)
        lines = screen_lines(app)
        assert all(cell_len(line) == 80 for line in lines)
        for key in keys:
            assert key in lines[-2], (key, lines[-2])
        assert lines[-1].rstrip().endswith(footer[-1]), lines[-1]
        for key in footer:
            assert key in lines[-1], (key, lines[-1])
        # the light column holds its words whole ("Due today", never "Due toda")
        assert any(("! 今日到期" if lang == "zh" else "! Due today") in line for line in lines)
        assert not any("Due toda " in line for line in lines)

    drive(app, steps)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [80, 60])
def test_public_legend_is_whole_at_80_columns_and_narrower(board_db, lang, width):
    app = public_app(board_db, lang)
    legend = app.t("× 超期 ! 今日到期 ● 临近 ○ 正常 ✓ 销号")

    async def steps(pilot):
        await first_turn(pilot)
        await pilot.pause()
        lines = screen_lines(app)
        assert any(legend in line for line in lines), lines[-3:]
        assert not any("…" in line for line in lines[-2:] if legend in line or "│" in line), lines[-3:]  # footer, legend

    async def main():
        async with app.run_test(size=(width, 24)) as pilot:
            await steps(pilot)

    import asyncio

    asyncio.run(main())


def test_esc_back_from_a_case_leaves_the_rows_alone(board_app):
    app = board_app()

    async def steps(pilot):
        screen = await open_board(pilot)
        await pilot.press("down", "down")
        number = screen.current_number()
        rows_before = list(screen.table.rows)
        first_cell = screen.table.get_row_at(0)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not screen)
        await pilot.press("escape")
        await wait_for_screen(pilot, BoardScreen)
        await wait_for(pilot, lambda: screen.skipped_fills >= 1 and not screen.busy)
        assert list(screen.table.rows) == rows_before
        assert screen.table.get_row_at(0) is not None and screen.table.get_row_at(0) == first_cell
        assert screen.current_number() == number

    drive(app, steps)


def test_a_registration_brings_the_board_count_up_to_date(board_app, board_db):
    app = board_app()

    async def steps(pilot):
        screen = await open_board(pilot)
        total = screen.total
        await pilot.press("down")
        await pilot.press("up")  # a page fetched again: the kept count
        clerk = staff.actor_for(board_db, "zhangwei")
        cases.register_case(board_db, clerk, CLOCK, cases.RegistrationInput(
            "MZ-004", name="新访客", id_number="11010519491231002X", phone="13812345678"))
        await wait_for(pilot, lambda: screen.total == total + 1)
        assert f"{total + 1}" in str(screen.query_one("#summary").render())

    drive(app, steps)
