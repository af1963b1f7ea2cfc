"""Refusals the user must read.

An error carries a gettext msgid (Chinese, the default language) and named
parameters; it is rendered in the user's language only where it is shown,
so the domain stays free of any notion of "current language".
"""

from __future__ import annotations

import re

# C0/C1 controls (ESC included): a value echoed in a message must never drive the terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# What must never reach a terminal as itself: C0/C1 controls (ESC, OSC…; tab and newline stay), bidi
# embeddings, overrides and isolates (U+202A–202E, U+2066–2069), zero-width characters and marks
# (U+200B–200F), the line and paragraph separators (U+2028/2029) and the BOM (U+FEFF).
UNSAFE_FOR_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: str) -> str:
    """The one terminal sanitiser: unsafe characters as harmless escapes, e.g. ESC -> \\x1b, U+202E -> \\u202e."""
    return UNSAFE_FOR_TERMINAL.sub(_escape, value)


def N_(msgid: str) -> str:
    """Mark a string for translation without translating it (xgettext's N_)."""
    return msgid


class QuanchengError(Exception):
    """Base of every expected failure: exit code 1, one line, no traceback."""

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(self.render())

    def render(self, gettext=None) -> str:
        text = gettext(self.msgid) if gettext else self.msgid
        # Field labels travel as msgids too, so they follow the language.
        params = {k: visible(gettext(v) if gettext else v) if isinstance(v, str) else v
                  for k, v in self.params.items()}
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text


class InputError(QuanchengError):
    """The input is malformed or breaks a rule."""


class NotPermitted(QuanchengError):
    """The acting user's role does not allow this."""


class NotFound(QuanchengError):
    """A named thing does not exist."""


class Conflict(QuanchengError):
    """The change clashes with what is stored."""


class StorageError(QuanchengError):
    """The database cannot be opened or used as asked."""
