"""Copies of a SQLite database: an admin's, audited, and never a way to issue a case number twice.

A backup is the whole office, unmasked: only an admin takes one, and the trail says who, when and
where to. A restore replaces every record: only an admin does it, and its record (the file restored,
the file replaced with the head of its trail, where that file was kept) is appended to the replaced
trail before the swap and to the restored one after it, so neither trail hides it. The day counters
are moved past every number the replaced file had issued, so a number printed on a receipt before
the restore is never given to another applicant.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from ..domain.roles import ADMINS
from ..errors import N_, InputError, StorageError
from ..files import temp_name
from ..store import migrate
from ..store.case_tables import CaseCounter
from ..store.database import Database
from ..store.schema import REVISIONS
from ..store.target import check_sqlite_file
from . import audit
from .context import Actor, Clock


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


def _head_of_file(path: Path) -> audit.Anchor:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        count = con.execute("SELECT count(*) FROM audit").fetchone()[0]
        last = con.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return audit.Anchor(int(count), last[0] if last else audit.GENESIS)


def backup_sqlite(db: Database, actor: Actor, clock: Clock, dest: Path) -> Path:
    """A consistent online copy to a new file `dest` (0600, never overwritten), audited as `db.backup`."""
    actor.require(ADMINS, N_("备份数据库"))
    path = db.target.path
    if path is None:
        raise StorageError(N_("备份只适用于 SQLite 数据库；PostgreSQL 请用 pg_dump"))
    if not path.exists():
        raise StorageError(N_("数据库 {path} 不存在"), path=str(path))
    dest = dest.expanduser().absolute()
    if dest.exists():
        raise InputError(N_("文件 {path} 已存在，不会覆盖"), path=str(dest))
    if not dest.parent.is_dir():
        raise InputError(N_("目录不存在：{path}"), path=str(dest.parent))
    tmp = temp_name(dest)
    published = False
    try:
        migrate.sqlite_backup(path, tmp)
        _fsync(tmp)
        mark = _head_of_file(tmp)
        os.link(tmp, dest)  # never over a file that appeared meanwhile
        published = True
        tmp.unlink()
        with db.write() as session:
            audit.append(session, actor, clock.now(), "db.backup", "database", path.name,
                         after={"file": str(dest), "head": str(mark)})
    except OSError as exc:
        if published:
            dest.unlink(missing_ok=True)
        raise InputError(N_("无法写入文件 {path}：{reason}"), path=str(dest), reason=exc.strerror or str(exc)) from None
    except BaseException:
        if published:
            dest.unlink(missing_ok=True)  # an unaudited copy does not stay
        raise
    finally:
        tmp.unlink(missing_ok=True)
    return dest


@dataclass(frozen=True)
class Restored:
    saved: Path | None  # the replaced file, kept beside the database
    replaced: audit.Anchor  # the head of the replaced trail, its restore record included
    restored: audit.Anchor  # the head of the restored trail, its restore record included


def restore_sqlite(db: Database, actor: Actor, clock: Clock, source: Path) -> Restored:
    """Replace the database with a checked copy; admins only; audited in both trails; counters kept ahead."""
    actor.require(ADMINS, N_("恢复数据库"))
    if db.target.path is None:
        raise StorageError(N_("恢复只适用于 SQLite 数据库；PostgreSQL 请用 pg_restore"))
    source = source.expanduser().absolute()
    _check_copy(source)
    dest = db.target.path
    if source == dest:
        raise InputError(N_("备份文件就是当前数据库 {path}"), path=str(dest))
    now = clock.now()
    # Read from the file about to be replaced: what it issued, and where its trail stood.
    with db.write() as session:
        counters = [(c.office_code, c.day, c.series, c.last) for c in session.exec(select(CaseCounter))]
        before = audit.head(session)
        record = {"file": str(source), "replaced": str(dest), "replaced_head": str(before)}
        audit.append(session, actor, now, "db.restore", "database", dest.name, after=record)
        replaced = audit.head(session)
    saved = migrate.backup_path(dest, "before-restore")
    migrate.sqlite_backup(dest, saved)
    db.dispose()
    # The backup API writes through SQLite's own locking, so open readers stay consistent.
    migrate.sqlite_backup(source, dest)
    fresh = Database.open(str(dest))
    try:
        migrate.upgrade(fresh)
        with fresh.write() as session:
            for office, day, series, last in counters:
                row = session.get(CaseCounter, (office, day, series))
                if row is None:
                    session.add(CaseCounter(office_code=office, day=day, series=series, last=last))
                elif row.last < last:
                    row.last = last
                    session.add(row)
            session.flush()
            audit.append(session, actor, now, "db.restore", "database", dest.name,
                         after={**record, "saved": str(saved)})
            restored = audit.head(session)
    finally:
        fresh.dispose()
    return Restored(saved, replaced, restored)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
