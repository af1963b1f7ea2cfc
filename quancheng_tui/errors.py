"""Refusals the user must read.

An error carries a gettext msgid (Chinese, the default language) and named
parameters; it is rendered in the user's language only where it is shown,
so the domain stays free of any notion of "current language".
"""

from __future__ import annotations


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
        params = {k: gettext(v) if gettext and isinstance(v, str) else v for k, v in self.params.items()}
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
