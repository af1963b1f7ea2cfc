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


def known(exc: BaseException) -> QuanchengError | None:
    """A failure of the machine or of the input rather than of the program, as the clear line it deserves."""
    import errno
    import sqlite3

    from .errors import N_, QuanchengError

    source = getattr(exc, "orig", None)
    if isinstance(source, BaseException):
        exc = source
    if isinstance(exc, RecursionError):
        return QuanchengError(N_("输入嵌套层数过多，无法读取"))
    if isinstance(exc, MemoryError):
        return QuanchengError(N_("输入过大，内存不足"))
    if isinstance(exc, UnicodeError) and "surrogate" in str(exc):
        return QuanchengError(N_("输入含有无效的 UTF-8 字节"))
    text = str(exc).lower()
    if (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)) or "disk is full" in text:
        return QuanchengError(N_("磁盘已满，未能完成；没有留下写了一半的文件：{reason}"), reason=reason(exc))
    if isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return QuanchengError(N_("数据库文件已损坏（{reason}）；请用 quancheng db check 检查，或由管理员用 quancheng restore "
                                 "恢复备份"), reason=reason(exc))
    if isinstance(exc, sqlite3.OperationalError) and "disk i/o error" in text:
        return QuanchengError(N_("磁盘读写出错（{reason}）；请检查磁盘后重试"), reason=reason(exc))
    if isinstance(exc, OSError):
        return QuanchengError(N_("文件操作失败：{reason}"), reason=reason(exc))
    return None
