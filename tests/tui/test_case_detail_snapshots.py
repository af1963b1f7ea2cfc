"""A 联办件's detail screen, frozen at 80×24 and 120×40: the units' table with states, due dates and lights.

The clock is fixed (Monday 2026-03-16, as in test_case_detail.py); the case was registered the Monday
before, its first unit handed over on Friday and its second at work since then (due Wednesday: yellow).
The timeline shows times in the local zone, so the zone is pinned to the office's. Regenerate after a
deliberate change: pytest tests/tui/test_case_detail_snapshots.py --snapshot-update (then review the SVGs).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from test_case_detail import CLOCK, build_joint_office, open_detail
from tui_helpers import make_translator

from quancheng_tui.app import QuanchengApp
from quancheng_tui.settings import Settings
from quancheng_tui.store.database import Database

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture(autouse=True)
def office_time_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="module")
def joint_history(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("joint-snap") / "template.db"
    build_joint_office(path, history=True)
    return path


@pytest.fixture
def joint_history_app(joint_history, db_path: Path):
    with sqlite3.connect(joint_history) as src, sqlite3.connect(db_path) as dst:
        src.backup(dst)
    db = Database.open(str(db_path))
    settings = Settings(db=str(db_path), user="zhangwei", lang="zh", forced_login="zhangwei")
    yield QuanchengApp(settings, db, CLOCK, translator=make_translator("zh"), stable=True)
    db.dispose()


@pytest.mark.parametrize("size", SIZES)
def test_joint_case_detail(snap_compare, joint_history_app, size):
    async def opened(pilot) -> None:
        screen = await open_detail(pilot)
        assert [j.state for j in screen.case.joint_steps] == ["handed", "working"]

    assert snap_compare(joint_history_app, terminal_size=size, run_before=opened)
