"""What `--db` names, checked before any engine opens it.

A path that is a directory, unwritable, not SQLite, or of a newer schema is
refused with one line and the file is left exactly as it was: these checks
use a read-only sqlite3 connection, never the engine with its pragmas.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import N_, StorageError
from .schema import HEAD, REVISIONS

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Target:
    url: str
    path: Path | None  # set for SQLite files

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def display(self) -> str:
        if self.path is not None:
            return str(self.path)
        # Never show a password in a message.
        head, sep, tail = self.url.partition("@")
        if sep and "://" in head:
            scheme, _, _ = head.partition("://")
            return f"{scheme}://***@{tail}"
        return self.url


def parse(target: str) -> Target:
    if "://" not in target:
        return Target(f"sqlite:///{Path(target).expanduser().absolute()}", Path(target).expanduser().absolute())
    if target.startswith("sqlite:///"):
        raw = target[len("sqlite:///"):].split("?", 1)[0]
        if raw and raw != ":memory:":
            return Target(target, Path(raw).expanduser().absolute())
    return Target(target, None)


def stored_revision(path: Path) -> str | None:
    """The Alembic revision in an existing SQLite file, read-only; None if unversioned."""
    uri = f"file:{path}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise StorageError(N_("无法打开数据库 {path}：{reason}"), path=str(path), reason=str(exc)) from None
    try:
        row = con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not row:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise StorageError(N_("{path} 不是 quancheng 数据库（{reason}）"), path=str(path), reason=str(exc)) from None
    finally:
        con.close()


def check_sqlite_file(path: Path, *, create: bool) -> str | None:
    """Refuse what cannot be our database; return its revision (None: new or unversioned)."""
    if path.is_dir():
        raise StorageError(N_("数据库路径 {path} 是一个目录，请给出文件名"), path=str(path))
    if path.exists():
        if not path.is_file():  # a device (a symlink to /dev/zero), a FIFO, a socket
            raise StorageError(N_("数据库路径 {path} 不是普通文件"), path=str(path))
        if not os.access(path, os.R_OK):
            raise StorageError(N_("无权读取数据库文件 {path}"), path=str(path))
        size = path.stat().st_size
        if size:
            with path.open("rb") as fh:
                if fh.read(16) != SQLITE_MAGIC:
                    raise StorageError(N_("{path} 不是 SQLite 数据库文件"), path=str(path))
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise StorageError(N_("无权写入数据库 {path}"), path=str(path))
        revision = stored_revision(path) if size else None
        if revision is not None and revision not in REVISIONS:
            raise StorageError(
                N_("数据库 {path} 的架构版本 {revision} 比本程序（{head}）新，请升级 quancheng"),
                path=str(path), revision=revision, head=HEAD,
            )
        return revision
    parent = path.parent
    if not parent.exists():
        if not create:
            raise StorageError(N_("目录 {path} 不存在"), path=str(parent))
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(N_("无法创建目录 {path}：{reason}"), path=str(parent), reason=exc.strerror or str(exc)) from None
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise StorageError(N_("无权在 {path} 创建数据库"), path=str(parent))
    # Permission bits do not bind root, and some file systems are read-only:
    # only creating the file tells.
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise StorageError(N_("无法在 {path} 创建数据库：{reason}"), path=str(parent),
                           reason=exc.strerror or str(exc)) from None
    os.close(fd)
    os.unlink(path)
    return None
