"""Copying a SQLite database file with its WAL companions (templates made once, copied per test)."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_sqlite(src: Path, dest: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        part = src.with_name(src.name + suffix)
        if part.exists():
            shutil.copy(part, dest.with_name(dest.name + suffix))
