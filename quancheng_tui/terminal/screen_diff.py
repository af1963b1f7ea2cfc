"""Send a slow link only the cells that changed (issue 17: `--lite`, an 80×24 screen within 8 KB).

Textual repaints whole lines, and every segment carries its own colours and a reset: over a 64 kbit/s
link that is seconds a screen. This filter keeps a model of what the terminal shows, reads each frame
Textual writes, and emits only the cells that differ from the model, with the shortest colour change
from the terminal's current attributes (a reset only where it is shorter). What the terminal ends up
showing is the same cell for cell; the tests check that with a terminal emulator (pyte).

Pure text in, text out: no Textual, no I/O. Anything it does not understand passes through unchanged in
its place and, if it could change what the screen shows, makes the model forget the screen.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rich.cells import get_character_cell_size

# A control sequence, a string command (OSC/DCS/…), a lone escape, a C0 control, or printable text.
_TOKEN = re.compile(
    r"\x1b\[([0-?]*)([ -/]*)([@-~])"
    r"|\x1b[\]P^_X][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -~]?"
    r"|[\x00-\x1a\x1c-\x1f\x7f]"
    r"|[^\x00-\x1f\x7f]+"
)
# DEC private modes that change no cell: cursor visibility, mouse, focus, paste, autowrap, sync output…
_HARMLESS_MODES = frozenset({"1", "7", "12", "25", "1000", "1002", "1003", "1004", "1005", "1006", "1015",
                             "1016", "2004", "2026", "2048"})
_CONT = ""  # the right half of a wide character
_FLAG_ON = {"1": "bold", "2": "dim", "3": "italic", "4": "underline", "5": "blink", "6": "blink2",
            "7": "reverse", "8": "conceal", "9": "strike", "21": "underline2", "51": "frame",
            "52": "encircle", "53": "overline"}
_FLAG_CODE = {flag: code for code, flag in _FLAG_ON.items()}
_FLAG_OFF = {"22": ("bold", "dim"), "23": ("italic",), "24": ("underline", "underline2"),
             "25": ("blink", "blink2"), "27": ("reverse",), "28": ("conceal",), "29": ("strike",),
             "54": ("frame", "encircle"), "55": ("overline",)}
_OFF_CODE = {flag: code for code, flags in _FLAG_OFF.items() for flag in flags}


class Style(NamedTuple):
    """The attributes SGR sets: colours as their SGR parameters, flags, and anything else kept verbatim."""
    fg: str = ""
    bg: str = ""
    flags: frozenset[str] = frozenset()
    extra: tuple[str, ...] = ()


DEFAULT = Style()


def apply_sgr(style: Style, params: str) -> Style:
    """The style after `ESC [ params m`."""
    fg, bg, flags, extra = style.fg, style.bg, set(style.flags), list(style.extra)
    parts = params.split(";") if params else ["0"]
    i = 0
    while i < len(parts):
        p = parts[i]
        if p in ("", "0"):
            fg, bg, flags, extra = "", "", set(), []
        elif p in _FLAG_ON:
            flags.add(_FLAG_ON[p])
        elif p in _FLAG_OFF:
            flags.difference_update(_FLAG_OFF[p])
        elif p in ("38", "48") and i + 1 < len(parts) and parts[i + 1] in ("5", "2"):
            n = 3 if parts[i + 1] == "5" else 5
            value = ";".join(parts[i:i + n])
            if p == "38":
                fg = value
            else:
                bg = value
            i += n - 1
        elif p.isdigit() and (30 <= int(p) <= 37 or 90 <= int(p) <= 97):
            fg = p
        elif p.isdigit() and (40 <= int(p) <= 47 or 100 <= int(p) <= 107):
            bg = p
        elif p == "39":
            fg = ""
        elif p == "49":
            bg = ""
        else:  # underline colours, sub-parameters…: kept as they came, and compared as they came
            extra.append(p)
        i += 1
    return Style(fg, bg, frozenset(flags), tuple(extra))


def _full(style: Style) -> list[str]:
    return [*(_FLAG_CODE[f] for f in sorted(style.flags)), *(c for c in (style.fg, style.bg) if c), *style.extra]


def transition(old: Style | None, new: Style) -> str:
    """The shortest SGR sequence taking the terminal from `old` (None: unknown) to `new`."""
    if old == new:
        return ""
    reset = "\x1b[" + ";".join(["0", *_full(new)]) + "m" if new != DEFAULT else "\x1b[0m"
    if old is None or old.extra != new.extra:
        return reset
    codes: list[str] = []
    gone = old.flags - new.flags
    back: set[str] = set()
    for flag in sorted(gone):
        code = _OFF_CODE[flag]
        if code not in codes:
            codes.append(code)
            # one "off" code can clear two flags (22: bold and dim): put back the one that stays
            back.update(f for f in _FLAG_OFF[code] if f in new.flags)
    codes += [_FLAG_CODE[f] for f in sorted((new.flags - old.flags) | back)]
    if old.fg != new.fg:
        codes.append(new.fg or "39")
    if old.bg != new.bg:
        codes.append(new.bg or "49")
    step = "\x1b[" + ";".join(codes) + "m"
    return step if len(step) < len(reset) else reset


Cell = tuple[str, Style]


class ScreenDiff:
    """Feed it what Textual writes; it returns what the terminal needs to show the same."""

    def __init__(self) -> None:
        self.model: dict[tuple[int, int], Cell] = {}  # what the terminal shows, where we know it
        self.term_style: Style | None = None  # the terminal's attributes now (None: unknown)
        self.term_cursor: tuple[int, int] | None = None
        self.style = DEFAULT  # the attributes the incoming stream believes are set
        self.cursor = (0, 0)  # where the incoming stream believes the cursor is (row, column, from 0)
        self.placed = False  # the stream moved the cursor since its last text: that place matters
        self.pending: dict[tuple[int, int], Cell] = {}

    def forget(self) -> None:
        """The screen may have changed behind our back (resize, alternate screen, erase): repaint all."""
        self.model.clear()
        self.pending.clear()
        self.term_style = None
        self.term_cursor = None

    def feed(self, data: str) -> str:
        out: list[str] = []
        for m in _TOKEN.finditer(data):
            token = m.group(0)
            final = m.group(3)
            if final is not None:
                self._csi(token, m.group(1), m.group(2), final, out)
            elif token[0] == "\x1b":
                self._passthrough(token, out, forget=token[:2] not in ("\x1b]", "\x1b=", "\x1b>"))
            elif token == "\r":
                self.cursor = (self.cursor[0], 0)
                self.placed = True
            elif token == "\n":
                self.cursor = (self.cursor[0] + 1, self.cursor[1])
                self.placed = True
            elif token == "\b":
                self.cursor = (self.cursor[0], max(0, self.cursor[1] - 1))
                self.placed = True
            elif token < " " or token == "\x7f":
                self._passthrough(token, out, forget=token != "\x07")
            else:
                self._text(token)
        self._flush(out)
        if self.placed:
            self._sync_cursor(out)
        return "".join(out)

    # -- the incoming stream ---------------------------------------------------------------------------------

    def _csi(self, token: str, params: str, middle: str, final: str, out: list[str]) -> None:
        row, col = self.cursor
        private = params[:1] if params[:1] in ("<", "=", ">", "?") else ""
        if middle or private:
            if private == "?" and final in "hl" and all(p in _HARMLESS_MODES for p in params[1:].split(";")):
                self._passthrough(token, out, forget=False)
            else:  # alternate screen, keyboard protocols, queries, cursor shape: pass; forget if unsure
                harmless = middle in ("$", " ") or private in ("<", "=", ">")
                self._passthrough(token, out, forget=not harmless)
            return
        if final == "m":
            self.style = apply_sgr(self.style, params)
            return
        nums = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        first = nums[0] if nums and nums[0] > 0 else 1
        if final in "Hf":
            second = nums[1] if len(nums) > 1 and nums[1] > 0 else 1
            self.cursor = (first - 1, second - 1)
        elif final == "A":
            self.cursor = (max(0, row - first), col)
        elif final == "B":
            self.cursor = (row + first, col)
        elif final == "C":
            self.cursor = (row, col + first)
        elif final == "D":
            self.cursor = (row, max(0, col - first))
        elif final == "G":
            self.cursor = (row, first - 1)
        elif final == "d":
            self.cursor = (first - 1, col)
        else:  # erase, scroll, insert, delete…: the screen changes in ways the model does not follow
            self._passthrough(token, out, forget=True)
            return
        self.placed = True

    def _text(self, text: str) -> None:
        row, col = self.cursor
        for ch in text:
            width = get_character_cell_size(ch)
            if width == 0:  # combining mark: joins the cell before it
                key = (row, col - 1)
                char, style = self._cell(key) or (" ", self.style)
                if char != _CONT:
                    self.pending[key] = (char + ch, style)
                continue
            self._split_wide(row, col, width)
            self.pending[(row, col)] = (ch, self.style)
            if width == 2:
                self.pending[(row, col + 1)] = (_CONT, self.style)
            col += width
        self.cursor = (row, col)
        self.placed = False

    def _cell(self, key: tuple[int, int]) -> Cell | None:
        return self.pending.get(key) or self.model.get(key)

    def _split_wide(self, row: int, col: int, width: int) -> None:
        """Writing over half of a wide character blanks its other half, as terminals do."""
        here = self._cell((row, col))
        if here is not None and here[0] == _CONT:
            left = self._cell((row, col - 1))
            self.pending[(row, col - 1)] = (" ", left[1] if left else self.style)
        end = (row, col + width)
        after = self._cell(end)
        if after is not None and after[0] == _CONT:
            self.pending[end] = (" ", after[1])

    # -- what the terminal gets ------------------------------------------------------------------------------

    def _passthrough(self, token: str, out: list[str], *, forget: bool) -> None:
        self._flush(out)
        out.append(transition(self.term_style, self.style))  # erases paint with the current background
        self.term_style = self.style
        if self.placed or forget:  # an erase or a scroll acts where the cursor is
            self._sync_cursor(out)
        out.append(token)
        if forget:
            self.forget()
            self.term_style = None

    def _sync_cursor(self, out: list[str]) -> None:
        if self.term_cursor != self.cursor:
            out.append(f"\x1b[{self.cursor[0] + 1};{self.cursor[1] + 1}H")
            self.term_cursor = self.cursor

    def _flush(self, out: list[str]) -> None:
        if not self.pending:
            return
        rows: dict[int, set[int]] = {}
        for (row, col), cell in self.pending.items():
            if self.model.get((row, col)) != cell:
                rows.setdefault(row, set()).add(col)
        blanks = []
        for row in sorted(rows):
            todo = set()
            for col in rows[row]:
                if self._cell((row, col))[0] == _CONT:  # type: ignore[index]
                    head = self._cell((row, col - 1)) if col else None
                    # a changed right half: write its whole character, or a blank if it has none
                    todo.add(col - 1 if head is not None and head[0] != _CONT else col)
                else:
                    todo.add(col)
            done = -1
            for col in sorted(todo):
                if col < done:  # the right half of the wide character just written
                    continue
                char, style = self._cell((row, col))  # type: ignore[misc]
                width = 1
                if char == _CONT:
                    char = " "
                    blanks.append(((row, col), (char, style)))
                elif get_character_cell_size(char[0]) == 2:
                    width = 2
                self._move(row, col, out)
                out.append(transition(self.term_style, style))
                self.term_style = style
                out.append(char)
                done = col + width
                self.term_cursor = (row, done)
        self.model.update(self.pending)
        self.model.update(blanks)
        self.pending.clear()

    def _move(self, row: int, col: int, out: list[str]) -> None:
        cursor = self.term_cursor
        if cursor == (row, col):
            return
        if cursor is not None and cursor[0] == row and col > cursor[1]:
            step = f"\x1b[{col - cursor[1]}C" if col - cursor[1] > 1 else "\x1b[C"
            out.append(step)
        else:
            out.append(f"\x1b[{row + 1};{col + 1}H" if col else f"\x1b[{row + 1}H")
        self.term_cursor = (row, col)
