"""What an unexpected failure may say on a terminal.

A bug's exception message can carry the data being handled (an applicant's
name in a KeyError, an ID number in an SQL parameter list), and a Textual
crash prints a traceback with local variables. Staff and agents see these
screens, so by default only the kind of failure is shown, plus the first
line of messages that come from the system rather than from our data (the
database driver, the file system), with ID- and phone-shaped numbers masked.
QUANCHENG_DEBUG=1 shows the full traceback to an operator who asks for it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .errors import QuanchengError


def debugging() -> bool:
    return bool(os.environ.get("QUANCHENG_DEBUG"))


def reason(exc: BaseException) -> str:
    """One line naming the failure without the data it was handling."""
    from .domain import masking

    source = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error; its str() lists the SQL parameters
    if isinstance(source, BaseException):
        kind, message = type(source).__name__, str(source)
    elif isinstance(exc, OSError):
        kind, message = type(exc).__name__, str(exc)
    else:
        return type(exc).__name__
    first = message.strip().splitlines()[0] if message.strip() else ""
    # Drivers put offending values after the first line (PostgreSQL's DETAIL: Key (...)=(...)).
    return f"{kind}: {masking.text(first)[:200]}" if first else kind


def unexpected(exc: BaseException) -> QuanchengError:
    """An error nobody planned for, as the one line the user reads instead of a traceback."""
    from .errors import N_, QuanchengError

    return QuanchengError(N_("内部错误：{reason}"), reason=reason(exc))
