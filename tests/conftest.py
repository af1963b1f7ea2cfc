from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from quancheng_tui.services import staff
from quancheng_tui.services.context import Clock, fixed_clock
from quancheng_tui.store import migrate
from quancheng_tui.store.database import Database

sys.path.insert(0, str(Path(__file__).parent))
from quancheng_at import FIXED_NOW, LIGHT_ARGON2
from sqlite_files import copy_sqlite

# The prepared PDF font (documents/fonts.py) is cached per user; tests keep theirs out of the real home,
# in one place shared by every worker and run (it is rebuilt if stale), so only the first run pays for it.
os.environ["XDG_CACHE_HOME"] = os.path.join(tempfile.gettempdir(), f"quancheng-test-cache-{os.getuid()}")

CST = timezone(timedelta(hours=8))
assert datetime(2026, 3, 16, 9, 30, tzinfo=CST) == FIXED_NOW

# A test's outcome never depends on how busy the machine is: no per-example deadline (the first
# example may pay for an import), no "too slow" health check. Timings live in bench/.
settings.register_profile("quancheng", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("quancheng")

# Light argon2 in-process, as tests/quancheng_at.py does in subprocesses; login tests still verify real hashes.
staff.hash_parameters(**LIGHT_ARGON2)


@pytest.fixture
def clock() -> Clock:
    return fixed_clock(FIXED_NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "q.db"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    """One migrated empty SQLite file per test process; each test gets a copy (migrating costs ~1 s)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    database = Database.open(str(path))
    migrate.upgrade(database)
    database.dispose()  # the last connection's close folds the WAL into the file
    return path


@pytest.fixture
def db(db_path: Path, migrated_template: Path) -> Database:
    copy_sqlite(migrated_template, db_path)
    database = Database.open(str(db_path))
    yield database
    database.dispose()


@pytest.fixture
def office_db(db: Database, clock: Clock) -> Database:
    """The demo office's staff and villages but an empty catalog; admin login 'admin', password 'secret123'."""
    from quancheng_tui.services import setup

    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "secret123", demo=True, catalog=[])
    return db
