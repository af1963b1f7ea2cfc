from __future__ import annotations

from datetime import datetime, timezone, timedelta
from pathlib import Path

import pytest

from quancheng_tui.services.context import Clock, fixed_clock
from quancheng_tui.store import migrate
from quancheng_tui.store.database import Database

CST = timezone(timedelta(hours=8))
FIXED_NOW = datetime(2026, 3, 16, 9, 30, tzinfo=CST)


@pytest.fixture
def clock() -> Clock:
    return fixed_clock(FIXED_NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "q.db"


@pytest.fixture
def db(db_path: Path) -> Database:
    database = Database.open(str(db_path))
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def office_db(db: Database, clock: Clock) -> Database:
    """The demo office's staff and villages but an empty catalog; admin login 'admin', password 'secret123'."""
    from quancheng_tui.services import setup

    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "secret123", demo=True, catalog=[])
    return db
