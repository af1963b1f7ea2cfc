"""From 1 November an admin's status line says when next year has no official holiday schedule."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import Static
from tui_helpers import drive, log_in, make_translator, wait_for

from quancheng_tui.app import QuanchengApp
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.settings import Settings
from quancheng_tui.widgets.header import StatusLine


def status(app) -> str:
    return str(app.screen.query_one(StatusLine, Static).render())


def app_at(db, db_path, when: str, user: str, lang: str = "zh") -> QuanchengApp:
    settings = Settings(db=str(db_path), user=user, lang=lang)
    return QuanchengApp(settings, db, fixed_clock(datetime.fromisoformat(when)), translator=make_translator(lang),
                        stable=True)


@pytest.mark.parametrize("lang, text", [("zh", "2027 年节假日安排未导入"), ("en", "No 2027 holiday schedule")])
def test_admin_is_told_in_november(staffed_db, db_path, lang, text):
    app = app_at(staffed_db, db_path, "2026-11-02T09:00:00+08:00", "admin", lang)

    async def steps(pilot):
        await log_in(pilot)
        await wait_for(pilot, lambda: text in status(app))

    drive(app, steps, size=(120, 40))


@pytest.mark.parametrize("when, user", [("2026-10-30T09:00:00+08:00", "admin"), ("2026-11-02T09:00:00+08:00", "zhangwei")])
def test_not_before_november_nor_for_a_clerk(staffed_db, db_path, when, user):
    app = app_at(staffed_db, db_path, when, user)

    async def steps(pilot):
        await log_in(pilot)
        await wait_for(pilot, lambda: "值班：" in status(app))
        await wait_for(pilot, lambda: app.workers._workers == set() or not any(  # the lookup has answered
            w.group == "duty" and not w.is_finished for w in app.workers))
        assert "节假日安排未导入" not in status(app)

    drive(app, steps, size=(120, 40))
