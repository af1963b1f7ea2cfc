"""The database as the front ends see it: open it, bring its schema up to date, check it.

Screens and commands reach storage only through services (tests/unit/test_architecture.py); this is
their one door to store/'s engine and migrations. `Database` is re-exported for their type hints.
These are the operator's tools: they run before anyone is logged in (`db upgrade`, `db check`, `demo`),
and whoever can run them on the server can already read or replace the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import N_, StorageError
from ..store.database import Database

if TYPE_CHECKING:
    from ..store.migrate import CheckResult, UpgradeResult

# store.migrate imports Alembic (~0.1 s): only the functions that migrate or check import it.
__all__ = ["Database", "check", "open_database", "upgrade"]


def open_database(raw: str, *, create: bool = False, upgrade: bool = True) -> Database:
    """Open `raw` (a SQLite path or an SQLAlchemy URL); with `upgrade`, bring its schema to head, backing a
    SQLite file up first. A SQLite file already at head is not touched (no Alembic import, no connection)."""
    from ..store.schema import HEAD
    from ..store.target import stored_revision

    db = Database.open(raw, create=create)
    if upgrade:
        path = db.target.path
        if path is None or not path.exists() or stored_revision(path) != HEAD:
            from ..store import migrate

            migrate.upgrade(db)
    return db


def upgrade(db: Database) -> UpgradeResult:
    """The schema to head; a SQLite file is copied beside itself first (UpgradeResult.backup)."""
    from ..store import migrate

    return migrate.upgrade(db)


def check(db: Database) -> CheckResult:
    """Integrity (SQLite's integrity_check) and the schema revision against this program's head."""
    if db.target.path is not None and not db.target.path.exists():
        raise StorageError(N_("数据库 {path} 不存在"), path=str(db.target.path))
    from ..store import migrate

    return migrate.check(db)

