"""Service tests run on SQLite and, where a server is given, on PostgreSQL.

CI starts a throwaway cluster (scripts/pg-test-cluster) and sets
QUANCHENG_TEST_PG_URL; with QUANCHENG_REQUIRE_PG=1 a missing server fails
the run instead of skipping the PostgreSQL half.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlite_files import copy_sqlite

from quancheng_tui.store import migrate
from quancheng_tui.store.database import Database
from quancheng_tui.store.target import parse

PG_URL = os.environ.get("QUANCHENG_TEST_PG_URL")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        # A module may name fewer (BACKENDS = ["sqlite"]) when what it checks cannot differ between them.
        backends = getattr(metafunc.module, "BACKENDS", ["sqlite", "postgresql"])
        metafunc.parametrize("backend", backends, scope="function")


@pytest.fixture
def backend(request):
    return request.param


@pytest.fixture
def db(backend, db_path, request, migrated_template):
    if backend == "sqlite":
        copy_sqlite(migrated_template, db_path)
        database = Database.open(str(db_path))
        yield database
        database.dispose()
        return
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("SQLite-specific behaviour")
    if not PG_URL:
        if os.environ.get("QUANCHENG_REQUIRE_PG"):
            pytest.fail("QUANCHENG_TEST_PG_URL is not set but QUANCHENG_REQUIRE_PG is")
        pytest.skip("no PostgreSQL server (set QUANCHENG_TEST_PG_URL)")
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    database = Database(parse(url))
    migrate.upgrade(database)
    yield database
    database.dispose()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()
