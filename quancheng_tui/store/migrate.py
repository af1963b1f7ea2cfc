"""Run the shipped Alembic migrations; back up a SQLite file before changing its schema."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ..errors import N_, StorageError
from .database import Database

SCRIPTS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None


@dataclass(frozen=True)
class CheckResult:
    integrity: str
    revision: str | None
    head: str

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and self.revision == self.head


def _config(connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    return ScriptDirectory(str(SCRIPTS)).get_current_head() or ""


def revisions() -> list[str]:
    return [s.revision for s in reversed(list(ScriptDirectory(str(SCRIPTS)).walk_revisions()))]


def current(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def sqlite_backup(src: Path, dest: Path) -> None:
    """A consistent copy through SQLite's online backup API (safe while others write); a new file is 0600."""
    if not dest.exists():
        os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # the copy holds every record
    source = sqlite3.connect(str(src))
    try:
        target = sqlite3.connect(str(dest))
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def backup_path(path: Path, revision: str | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.bak-{revision or 'none'}-{stamp}")


def _has_tables(db: Database) -> bool:
    with db.engine.connect() as conn:
        if db.dialect != "sqlite":
            return True
        return bool(conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type='table'").scalar())


def upgrade(db: Database, to: str = "head") -> UpgradeResult:
    before = current(db)
    target_rev = head() if to == "head" else to
    if before is not None and before not in revisions():
        raise StorageError(N_("数据库架构版本 {revision} 比本程序新，请升级 quancheng"), revision=before)
    if before == target_rev:
        return UpgradeResult(before, before, None)
    backup = None
    if db.target.path is not None and db.target.path.exists() and _has_tables(db):
        backup = backup_path(db.target.path, before)
        sqlite_backup(db.target.path, backup)
    with db.engine.begin() as conn:
        command.upgrade(_config(conn), target_rev)
    return UpgradeResult(before, target_rev, backup)


def downgrade(db: Database, to: str) -> None:
    with db.engine.begin() as conn:
        command.downgrade(_config(conn), to)


def check(db: Database) -> CheckResult:
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
            integrity = "; ".join(r[0] for r in rows)
        else:
            conn.exec_driver_sql("SELECT 1")
            integrity = "ok"
        revision = MigrationContext.configure(conn).get_current_revision()
    return CheckResult(integrity, revision, head())
