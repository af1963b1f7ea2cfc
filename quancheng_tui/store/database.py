"""A database handle: one engine, write and read units of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlmodel import Session

from ..errors import N_, StorageError
from . import target as target_mod
from .engine import READONLY, make_engine


class Database:
    def __init__(self, target: target_mod.Target, engine: Engine | None = None) -> None:
        self.target = target
        self.engine = engine or make_engine(target.url)

    @classmethod
    def open(cls, raw: str, *, create: bool = True) -> Database:
        """Check the target, then open it (nothing is written until a unit of work runs)."""
        tgt = target_mod.parse(raw)
        if tgt.path is not None:
            target_mod.check_sqlite_file(tgt.path, create=create)
        return cls(tgt)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with self._session(readonly=False) as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._session(readonly=True) as session:
            yield session

    @contextmanager
    def _session(self, readonly: bool) -> Iterator[Session]:
        try:
            with self.engine.connect() as conn:
                if readonly:
                    conn.execution_options(**{READONLY: True})
                with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                    yield session
        except sa_exc.OperationalError as exc:
            raise StorageError(
                N_("数据库操作失败：{reason}"), reason=str(exc.orig).splitlines()[0]
            ) from None

    def change_marker(self) -> int:
        """Changes whenever anyone commits a write: every write appends to the audit trail."""
        with self.read() as session:
            return int(session.connection().exec_driver_sql("SELECT coalesce(max(id), 0) FROM audit").scalar() or 0)

    def dispose(self) -> None:
        self.engine.dispose()
