"""Checks on free text typed by users or read from files."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..errors import CONTROL as _CONTROL
from ..errors import N_, UNSAFE_FOR_TERMINAL, InputError, visible


def clean(value: str, field: str, *, required: bool = True, max_len: int = 200, multiline: bool = False) -> str:
    """Strip and validate one field; the error names the field."""
    text = unicodedata.normalize("NFC", value or "").strip()
    if _CONTROL.search(text) or (not multiline and ("\n" in text or "\t" in text)):
        raise InputError(N_("{field}含有控制字符或换行"), field=field)
    if required and not text:
        raise InputError(N_("{field}不能为空"), field=field)
    if len(text) > max_len:
        raise InputError(N_("{field}过长（最多 {max} 个字符）"), field=field, max=max_len)
    return text


LOGIN_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
CODE_RE = re.compile(r"^[A-Za-z0-9_\-]{1,32}$")


def login(value: str) -> str:
    text = (value or "").strip()
    if not LOGIN_RE.match(text):
        raise InputError(N_("{field}只能由字母、数字、点、下划线和连字符组成（1–64 位）"), field=N_("登录名"))
    return text


def code(value: str, field: str) -> str:
    text = (value or "").strip()
    if not CODE_RE.match(text):
        raise InputError(N_("{field}只能由字母、数字、下划线和连字符组成（1–32 位）"), field=field)
    return text


def safe_for_terminal(value: str, *, keep_length: bool = False) -> str:
    """The one sanitiser for text reaching a terminal (CLI output and screens).

    Control characters (ESC and so OSC/CSI sequences included), bidi overrides and isolates,
    zero-width characters, U+2028/2029 and U+FEFF become visible escapes such as ``\\x1b`` and
    ``\\u202e``; tab and newline stay. With `keep_length` each becomes one U+FFFD instead, so
    the styles of a rich Text (spans by offset) still fit.
    """
    return UNSAFE_FOR_TERMINAL.sub("\ufffd", value) if keep_length else visible(value)


def json_for_terminal(text: str) -> str:
    """JSON text with every character `safe_for_terminal` would touch written as a \\u escape: same data."""
    return UNSAFE_FOR_TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# Excel and WPS run a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_FORMULA_FIRST = frozenset(FORMULA_START)


def formula_safe(value: object) -> str:
    """The one formula guard: a text cell of a CSV file that Excel or WPS shows as text, never runs."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


def formula_safe_row(values: Iterable[object]) -> list[object]:
    """`formula_safe` over a row, for writers that turn None into "" and numbers into text themselves
    (csv.writer): the same guard, with no call per plain cell (an export of 100,000 rows has millions)."""
    first = _FORMULA_FIRST
    return [("'" + v if v[:1] in first else v) if type(v) is str
            else v if v is None or type(v) is int else formula_safe(v) for v in values]


def formula_unguarded(text: str) -> str:
    """A cell read back from a file we wrote: the guard's quote removed."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text
