"""`--lite` sends only the cells that changed (issue 17): the terminal must end up showing exactly what
Textual's full frames would have shown. Checked with a terminal emulator (pyte) fed both streams."""

from __future__ import annotations

import pyte
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wcwidth import wcswidth

from quancheng_tui.terminal.screen_diff import DEFAULT, ScreenDiff, apply_sgr, transition

COLS, ROWS = 40, 8
PREAMBLE = "\x1b[?1049h\x1b[?25l\x1b[?7l"


class Term:
    def __init__(self) -> None:
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.Stream(self.screen)

    def feed(self, data: str) -> None:
        self.stream.feed(data)

    def cells(self) -> list[list[tuple]]:
        rows = []
        for y in range(ROWS):
            line = [self.screen.buffer[y][x] for x in range(COLS)]
            # pyte leaves the right half of a wide character that was half overwritten as "": terminals
            # (and the filter) show a blank there
            rows.append([(c.data or (" " if x == 0 or wcswidth(line[x - 1].data) != 2 else ""), c.fg, c.bg,
                          c.bold, c.italics, c.underscore, c.reverse, c.strikethrough) for x, c in enumerate(line)])
        return rows


SGRS = ["0", "1", "2", "3", "4", "7", "9", "22", "23", "24", "27", "29", "31", "39", "42", "49",
        "38;5;197", "48;5;235", "38;5;253;48;5;235", "1;38;5;214;48;5;17", "0;7", ""]
# Every text two or four cells wide, written at even columns: no write lands on half of a wide character
# (pyte keeps the other half there, real terminals blank it; that case has its own test below).
TEXTS = ["ab", "  ", "    ", "中", "文字", "×·", "e\u0301x", "QS", "▏ "]


@st.composite
def frames(draw) -> list[str]:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        parts = []
        for _ in range(draw(st.integers(1, 12))):
            row, col = draw(st.integers(0, ROWS - 1)), 2 * draw(st.integers(0, COLS // 2 - 10))
            parts.append(f"\x1b[{row + 1};{col + 1}H")
            for _ in range(draw(st.integers(1, 4))):
                parts.append(f"\x1b[{draw(st.sampled_from(SGRS))}m{draw(st.sampled_from(TEXTS))}")
            parts.append("\x1b[0m")
            if draw(st.booleans()) and row < ROWS - 1:
                parts.append("\r\n")
            if draw(st.integers(0, 30)) == 0:
                parts.append(draw(st.sampled_from(["\x1b[2J", "\x1b[?25h", "\x1b]22;default\x07", "\x1b[K"])))
        parts.append(f"\x1b[{draw(st.integers(1, ROWS))};{draw(st.integers(1, COLS))}H")
        out.append("".join(parts))
    return out


@settings(max_examples=300)
@given(frames())
def test_the_terminal_shows_what_the_full_frames_show(stream: list[str]) -> None:
    full, lite, diff = Term(), Term(), ScreenDiff()
    full.feed(PREAMBLE)
    lite.feed(diff.feed(PREAMBLE))
    for frame in stream:
        full.feed(frame)
        lite.feed(diff.feed(frame))
        assert lite.cells() == full.cells()
        assert (lite.screen.cursor.x, lite.screen.cursor.y) == (full.screen.cursor.x, full.screen.cursor.y)


def test_an_unchanged_frame_sends_nothing_and_one_cell_sends_a_few_bytes() -> None:
    line = "".join(f"\x1b[{r};1H\x1b[38;5;253;48;5;235m{'案件' * 10}\x1b[0m" for r in range(1, 9)) + "\x1b[1;1H"
    diff = ScreenDiff()
    assert len(diff.feed(line).encode()) < len(line.encode())
    assert diff.feed(line) == ""
    changed = line.replace("\x1b[3;1H\x1b[38;5;253;48;5;235m案", "\x1b[3;1H\x1b[38;5;253;48;5;235m办", 1)
    out = diff.feed(changed)
    assert "办" in out and len(out.encode()) <= 24, repr(out)


def test_colours_change_by_the_shortest_way() -> None:
    red_on_grey = apply_sgr(DEFAULT, "38;5;197;48;5;235")
    assert transition(red_on_grey, apply_sgr(red_on_grey, "1")) == "\x1b[1m"
    assert transition(red_on_grey, apply_sgr(DEFAULT, "48;5;235")) == "\x1b[39m"
    bold_dim = apply_sgr(red_on_grey, "1;2")
    assert transition(bold_dim, apply_sgr(red_on_grey, "2")) == "\x1b[22;2m"  # 22 clears both: dim comes back
    assert transition(apply_sgr(DEFAULT, "1;2"), apply_sgr(DEFAULT, "2")) == "\x1b[0;2m"  # a reset is shorter
    assert transition(None, DEFAULT) == "\x1b[0m"
    assert transition(red_on_grey, red_on_grey) == ""


def test_half_a_wide_character_overwritten_blanks_the_other_half_as_terminals_do() -> None:
    diff = ScreenDiff()
    diff.feed("\x1b[1;1H中文\x1b[1;1H")
    # 'a' on the right half of 中: xterm and tmux blank its left half; the model must know the blank
    assert " a" in diff.feed("\x1b[1;2Ha\x1b[1;1H")
    assert diff.model[(0, 0)][0] == " " and diff.model[(0, 1)][0] == "a"
    diff.feed("\x1b[1;3Hb\x1b[1;1H")  # on the left half of 文: its right half goes blank
    assert diff.model[(0, 2)][0] == "b" and diff.model[(0, 3)][0] == " "


@pytest.mark.parametrize("sequence", ["\x1b[2J", "\x1b[?1049h", "\x1b[3L", "\x1bc"])
def test_what_may_change_the_screen_makes_it_repaint_everything(sequence: str) -> None:
    frame = "\x1b[1;1H\x1b[31mab\x1b[0m\x1b[1;1H"
    diff = ScreenDiff()
    diff.feed(frame)
    assert diff.feed(frame) == ""
    diff.feed(sequence)
    assert "ab" in diff.feed(frame)
