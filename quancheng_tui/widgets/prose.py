"""Prose: read-only text folded as Chinese is, between any two characters (the notice screen and others)."""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from ..domain.text import safe_for_terminal

__all__ = ["Prose", "break_offsets", "clean_block", "fold"]


def clean_block(value: str) -> str:
    """A multi-line catalog text for the terminal: trailing spaces and control sequences gone."""
    return safe_for_terminal("\n".join(line.rstrip() for line in value.strip().splitlines()))


# Chinese text wraps between any two characters, but Textual (like Rich) breaks lines only at
# spaces, so "1. 申请人向户籍所在地…" leaves "1." alone on a line and a name followed by a login
# leaves half a line empty. Prose folds its text itself, at the width it is given.

_NO_LINE_START = frozenset("，。、；：？！）》」』”’〕】…%,.;:?!)]}")
_NO_LINE_END = frozenset("（《「『“‘〔【([{")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _breakable(line: str, k: int) -> bool:
    return line[k] != " " and (line[k - 1] == " " or _wide(line[k]) or _wide(line[k - 1]))


def _previous_break(line: str, start: int, cut: int) -> int | None:
    """The nearest break before `cut` (after `start`) that puts no punctuation at a wrong end."""
    for k in range(cut - 1, start, -1):
        if _breakable(line, k) and line[k] not in _NO_LINE_START and line[k - 1] not in _NO_LINE_END:
            return k
    return None


def break_offsets(line: str, width: int) -> list[int]:
    """Where to break `line` (no newlines) so that no piece is wider than `width` cells.

    A break may come at a space or next to a wide (CJK) character; a piece does not
    start with closing punctuation nor end with opening punctuation when that can be
    helped; a word longer than the width is cut.
    """
    offsets: list[int] = []
    start = col = 0
    allowed: int | None = None
    i = 0
    while i < len(line):
        ch = line[i]
        if i > start and ch != " " and (line[i - 1] == " " or _wide(ch) or _wide(line[i - 1])):
            allowed = i
        w = cell_len(ch)
        if col + w > width and i > start and ch != " ":
            cut = allowed if allowed is not None and allowed > start else i
            # Closing punctuation never starts a line, opening never ends one: move the break back to the
            # previous place a break is allowed, never into a word ("如 dbsq）" was cut "dbs|q）").
            if line[cut] in _NO_LINE_START or line[cut - 1] in _NO_LINE_END:
                back = _previous_break(line, start, cut)
                if back is not None:
                    cut = back
            offsets.append(cut)
            start, allowed = cut, None
            col = cell_len(line[start:i])
            continue
        col += w
        i += 1
    return offsets


def fold(text: Text, width: int) -> Text:
    """`text` with a newline wherever a line would be wider than `width`."""
    width = max(width, 2)
    pieces: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        offsets = break_offsets(line.plain, width)
        parts = line.divide(offsets) if offsets else [line]
        for part in parts:
            part.rstrip()
            pieces.append(part)
    return Text("\n").join(pieces)


def _safe(content: str | Text) -> Text:
    """Names, notes and catalog texts reach the terminal through the one sanitiser (styles kept)."""
    if isinstance(content, str):
        return Text(safe_for_terminal(content))
    plain = content.plain
    clean = safe_for_terminal(plain, keep_length=True)
    if clean == plain:
        return content
    out = content.copy()
    out.plain = clean
    return out


class Prose(Widget):
    """Read-only text (a str or a rich Text) folded as Chinese is: between any two characters."""

    DEFAULT_CSS = """
    Prose {
        height: auto;
    }
    """

    def __init__(self, content: str | Text = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = _safe(content)
        self._folded: tuple[int, Text, Text] | None = None

    @property
    def plain(self) -> str:
        return self.text.plain

    def update(self, content: str | Text) -> None:
        text = _safe(content)
        if text == self.text and text.style == self.text.style:  # unchanged: no new layout (issue 17)
            return
        self.text = text
        self.refresh(layout=True)

    def folded(self, width: int) -> Text:
        """The text folded at `width` (kept until the text or the width changes: layout asks often)."""
        if self._folded is None or self._folded[0] != width or self._folded[1] is not self.text:
            self._folded = (width, self.text, fold(self.text, width))
        return self._folded[2]

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.folded(width).plain.split("\n")) if self.text.plain else 0

    def render(self) -> Text:
        return self.folded(self.content_size.width)
