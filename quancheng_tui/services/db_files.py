"""The database's files on disk: a `--db` that must already exist, and who else may read them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import N_, StorageError
from ..files import wider_than_private
from ..store import target as target_mod

if TYPE_CHECKING:  # `require_existing` runs before every command and the TUI: no SQLAlchemy for it
    from ..store.database import Database


def require_existing(raw: str) -> None:
    """Refuse a SQLite `--db` that does not exist: a mistyped path must not become a new, empty office.

    Only `init` creates a database (and the TUI its default file on first run).
    """
    tgt = target_mod.parse(raw)
    if tgt.path is not None and not tgt.path.exists():
        raise StorageError(N_("数据库 {path} 不存在；新建数据库请用 quancheng init"), path=str(tgt.path))


def loose_modes(db: Database) -> list[tuple[Path, int]]:
    """The database's folder, file, -wal/-shm and copies beside it that others may read (mode, not 0600/0700)."""
    path = db.target.path
    if path is None or not path.exists():
        return []
    candidates = [path.parent, path]
    candidates += [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    candidates += sorted(path.parent.glob(f"{path.name}.bak*"))
    found = []
    for p in candidates:
        mode = wider_than_private(p)
        if mode is not None:
            found.append((p, mode))
    return found
