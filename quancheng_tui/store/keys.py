"""The primary key of a stored row, typed as what it is once the row is in the database."""

from __future__ import annotations

from typing import Protocol


class _Keyed(Protocol):
    id: int | None


def key(row: _Keyed) -> int:
    """`row.id` after the INSERT is flushed (SQLModel types it Optional because a new row has none yet)."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no key before it is flushed")
    return row.id
