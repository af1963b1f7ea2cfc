"""Restoring a SQLite backup: check the copy first, keep the old file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import N_, StorageError
from ..store import migrate
from ..store.database import Database
from ..store.schema import REVISIONS
from ..store.target import check_sqlite_file


def _check_copy(path: Path) -> None:
    if not path.is_file():
        raise StorageError(N_("备份文件 {path} 不存在"), path=str(path))
    revision = check_sqlite_file(path, create=False)  # not SQLite, or newer schema: refused here
    if revision is None:
        raise StorageError(N_("{path} 不是 quancheng 的备份（没有架构版本）"), path=str(path))
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StorageError(N_("备份文件 {path} 已损坏：{reason}"), path=str(path), reason=str(exc)) from None
    finally:
        con.close()
    if result != "ok":
        raise StorageError(N_("备份文件 {path} 未通过完整性检查：{reason}"), path=str(path), reason=result)
    assert revision in REVISIONS


def restore_sqlite(db: Database, source: Path) -> Path | None:
    if db.target.path is None:
        raise StorageError(N_("恢复只适用于 SQLite 数据库；PostgreSQL 请用 pg_restore"))
    _check_copy(source)
    dest = db.target.path
    saved = None
    if dest.exists() and dest.stat().st_size:
        saved = migrate.backup_path(dest, "before-restore")
        migrate.sqlite_backup(dest, saved)
    db.dispose()
    # The backup API writes through SQLite's own locking, so open readers stay consistent.
    migrate.sqlite_backup(source, dest)
    migrate.upgrade(Database.open(str(dest)))
    return saved
