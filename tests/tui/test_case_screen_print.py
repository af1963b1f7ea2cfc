"""Printing from the case screen (`f`) and the extension notice say where each form went (issue 16 item 4):
to the printer with `lp -d QUEUE`, or, when lp fails, into the print folder, and why. The `lp` here is a
fake first on PATH that records its arguments and standard input, as CUPS's would receive them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from tui_helpers import drive, make_translator, open_first_case, wait_for, wait_for_screen

from quancheng_tui.app import QuanchengApp
from quancheng_tui.domain.roles import Role
from quancheng_tui.screens.case_detail import CaseDetailScreen
from quancheng_tui.screens.print_picker import PrintPickerScreen
from quancheng_tui.services import cases, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.context import Actor
from quancheng_tui.settings import Settings

ADMIN = Actor(login="admin", name="王主任", role=Role.ADMIN)


@pytest.fixture
def case_db(staffed_db, clock):
    catalog_svc.import_catalog(staffed_db, ADMIN, clock, catalog_svc.SAMPLE_CATALOG)
    cases.register_case(staffed_db, staff.actor_for(staffed_db, "zhangwei"), clock, cases.RegistrationInput(
        matter_code="MZ-001", name="张三", id_number="11010519491231002X"))
    return staffed_db


def put_lp(tmp_path: Path, monkeypatch, body: str) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return bin_dir


def app_for(db, db_path, clock, tmp_path, printer: str | None) -> QuanchengApp:
    settings = Settings(db=str(db_path), user="zhangwei", lang="zh", forced_login="zhangwei", printer=printer,
                        print_dir=tmp_path / "forms")
    return QuanchengApp(settings, db, clock, translator=make_translator("zh"), stable=True)


async def print_receipt(pilot) -> CaseDetailScreen:
    screen = await open_first_case(pilot)
    await pilot.press("f")
    await wait_for_screen(pilot, PrintPickerScreen)
    picker = pilot.app.screen
    assert picker.choices[0] == ("receipt", "受理回执")
    await pilot.press("enter")  # the first: 受理回执
    await wait_for_screen(pilot, CaseDetailScreen)
    await wait_for(pilot, lambda: not screen.printing)
    return screen


def message(screen) -> str:
    return str(screen.query_one("#message").render())


def test_the_receipt_goes_to_the_printer_queue_with_lp(case_db, db_path, clock, tmp_path, monkeypatch):
    args, data = tmp_path / "lp-args", tmp_path / "lp-stdin"
    put_lp(tmp_path, monkeypatch, f'printf "%s\\n" "$@" > "{args}"\ncat > "{data}"\necho "request id is Counter-1-7 (1 file(s))"\n')
    app = app_for(case_db, db_path, clock, tmp_path, "Counter-1")

    async def steps(pilot):
        screen = await print_receipt(pilot)
        assert message(screen) == "受理回执已送打印机 Counter-1（作业 Counter-1-7）"

    drive(app, steps)
    given = args.read_text(encoding="utf-8").split("\n")
    assert given[:2] == ["-d", "Counter-1"]
    assert data.read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "forms").exists()  # printed, not saved


def test_when_lp_fails_the_receipt_is_saved_and_the_screen_says_why(case_db, db_path, clock, tmp_path,
                                                                      monkeypatch):
    put_lp(tmp_path, monkeypatch, 'cat > /dev/null\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
    app = app_for(case_db, db_path, clock, tmp_path, "Counter-1")

    async def steps(pilot):
        screen = await print_receipt(pilot)
        text = message(screen)
        assert text.startswith("打印失败（lp: The printer or class does not exist.），受理回执已保存：")
        assert str(tmp_path / "forms") in text

    drive(app, steps)
    assert len(list((tmp_path / "forms").glob("受理回执-*.pdf"))) == 1


def test_without_a_printer_the_receipt_is_saved_and_the_path_shown(case_db, db_path, clock, tmp_path):
    app = app_for(case_db, db_path, clock, tmp_path, None)

    async def steps(pilot):
        screen = await print_receipt(pilot)
        saved = list((tmp_path / "forms").glob("受理回执-*.pdf"))
        assert len(saved) == 1 and message(screen) == f"受理回执已保存：{saved[0]}"

    drive(app, steps)
