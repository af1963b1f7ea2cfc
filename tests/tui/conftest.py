"""Fixtures for the terminal UI tests: a real SQLite file (tests/conftest.py's `db`), a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tui_helpers import OFFICE_NAME, PASSWORD, make_translator

from quancheng_tui.app import QuanchengApp
from quancheng_tui.domain.roles import Role
from quancheng_tui.services import setup, staff
from quancheng_tui.services.context import Actor, Clock
from quancheng_tui.settings import Settings
from quancheng_tui.store.database import Database


@pytest.fixture
def staffed_db(db: Database, clock: Clock) -> Database:
    """An office (no demo data): admin 'admin' (王主任) and clerk 'zhangwei' (张伟), both PASSWORD."""
    setup.initialize(db, clock, OFFICE_NAME, "QS", "admin", "王主任", PASSWORD)
    admin = Actor(login="admin", name="王主任", role=Role.ADMIN)
    staff.add_staff(db, admin, clock, "zhangwei", "张伟", "clerk", password=PASSWORD)
    return db


@pytest.fixture
def make_app(clock: Clock, db_path: Path) -> Callable[..., QuanchengApp]:
    def make(db: Database, *, lang: str = "zh", user: str = "zhangwei",
             forced_login: str | None = None) -> QuanchengApp:
        settings = Settings(db=str(db_path), user=user, lang=lang, forced_login=forced_login)
        return QuanchengApp(settings, db, clock, translator=make_translator(lang), stable=True)

    return make
