"""The 设置 screen with keys only (issue 16 item 4), and printing from the case screen that says where each
form went. CUPS is the real interface: a fake `lp`/`lpstat` first on PATH records what it was given."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from tui_helpers import OFFICE_NAME, drive, log_in, make_translator, type_text, wait_for, wait_for_screen

from quancheng_tui.app import QuanchengApp
from quancheng_tui.domain.roles import Role
from quancheng_tui.screens.main import MainScreen
from quancheng_tui.screens.settings import SettingsScreen
from quancheng_tui.services import office_settings
from quancheng_tui.services.context import Actor
from quancheng_tui.settings import Settings, configured_machine
from quancheng_tui.widgets.header import StatusLine

ADMIN = Actor(login="admin", name="王主任", role=Role.ADMIN)


def fake_cups(bin_dir: Path, *, lp: str, queues: tuple[str, ...] = ("Counter-1", "Office")) -> Path:
    """`lpstat -e` lists `queues`; `lp` runs the shell body `lp`."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    names = "\\n".join(queues)
    for name, body in (("lpstat", f'printf "{names}\\n"\n'), ("lp", lp)):
        path = bin_dir / name
        path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return bin_dir


@pytest.fixture
def config(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("QUANCHENG_CONFIG", str(path))
    return path


@pytest.fixture
def no_cups(tmp_path, monkeypatch):
    """A PATH without lp or lpstat (the machine's own may have CUPS)."""
    empty = tmp_path / "nocups"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def settings_app(db, db_path, *, user="admin", lang="zh", printer=None, print_dir=None) -> QuanchengApp:
    settings = Settings(db=str(db_path), user=user, lang=lang, printer=printer, print_dir=print_dir)
    return QuanchengApp(settings, db, _clock(), translator=make_translator(lang), stable=True)


def _clock():
    from quancheng_at import FIXED_NOW

    from quancheng_tui.services.context import fixed_clock

    return fixed_clock(FIXED_NOW)


async def open_settings(pilot) -> SettingsScreen:
    await log_in(pilot)
    await pilot.press("6")
    await wait_for_screen(pilot, SettingsScreen)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.values is not None and screen.queues_read)
    return screen


def message(screen) -> str:
    return str(screen.query_one("#message").render())


def row_of(screen, key: str) -> int:
    rows = screen.query_one("#rows")
    return next(i for i in range(rows.option_count) if rows.get_option_at_index(i).id == key)


async def move_to(pilot, screen, key: str) -> None:
    """↑ or ↓ from where the highlight is until it is on `key` (keys only, as a clerk would)."""
    target = row_of(screen, key)
    for _ in range(30):
        at = screen.query_one("#rows").highlighted
        if at == target:
            return
        await pilot.press("down" if at is None or at < target else "up")
    raise AssertionError(f"never reached {key}")


def test_an_admin_edits_office_settings_with_keys_only(staffed_db, db_path, config, no_cups):
    app = settings_app(staffed_db, db_path)

    async def steps(pilot):
        screen = await open_settings(pilot)
        assert screen.query_one("#rows").has_focus
        await move_to(pilot, screen, "phone")
        await pilot.press("enter")
        editor = screen.query_one("#edit-value")
        assert editor.has_focus and screen.editing == "phone"
        await type_text(pilot, "0797-6280000")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.editing is None)
        assert "已保存：咨询电话" in message(screen)
        assert screen.query_one("#rows").has_focus  # back on the list, where it was
        # the office's name: the status line follows at once
        await move_to(pilot, screen, "name")
        await pilot.press("enter", "ctrl+u")
        await type_text(pilot, "青山镇政务服务中心")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.editing is None)
        assert "青山镇政务服务中心" in str(screen.query_one(StatusLine).render())
        # a bad period: one line naming the field, nothing saved, the field stays open with what was typed
        await move_to(pilot, screen, "rectify_days")
        await pilot.press("enter", "backspace", "backspace")
        await type_text(pilot, "99")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "差评整改期限（工作日）须是 1 到 30 之间的整数" in message(screen))
        assert "\n" not in message(screen) and screen.editing == "rectify_days" and editor.value == "99"
        await pilot.press("escape")  # steps back out of the field, saving nothing
        assert screen.editing is None and not screen.query_one("#editor").display
        assert screen.query_one("#rows").has_focus
        await pilot.press("escape")  # and out of the screen
        await wait_for_screen(pilot, MainScreen)

    drive(app, steps)
    v = office_settings.office_settings(staffed_db, ADMIN)
    assert (v.name, v.phone, v.rectify_days) == ("青山镇政务服务中心", "0797-6280000", 5)


def test_a_clerk_reads_office_settings_but_cannot_change_them(staffed_db, db_path, config, no_cups):
    app = settings_app(staffed_db, db_path, user="zhangwei")

    async def steps(pilot):
        screen = await open_settings(pilot)
        await move_to(pilot, screen, "name")
        await pilot.press("enter")
        assert screen.editing is None and "中心设置仅管理员可修改" in message(screen)

    drive(app, steps)
    assert office_settings.office_settings(staffed_db, ADMIN).name == OFFICE_NAME


def test_the_printer_is_chosen_from_lpstat_and_kept_in_this_machines_config(staffed_db, db_path, config, tmp_path,
                                                                             monkeypatch):
    bin_dir = fake_cups(tmp_path / "bin", lp="cat > /dev/null\n")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    config.parent.mkdir()
    config.write_text('# the counter at window 3\nlang = "zh"\n', encoding="utf-8")
    app = settings_app(staffed_db, db_path)

    async def steps(pilot):
        screen = await open_settings(pilot)
        assert screen.queues == ["Counter-1", "Office"]
        await move_to(pilot, screen, "printer")
        await pilot.press("enter")
        assert "Counter-1、Office" in str(screen.query_one("#edit-hint").render())
        await pilot.press("down", "down")  # none → Counter-1 → Office
        assert screen.query_one("#edit-value").value == "Office"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.editing is None)
        assert "已保存：打印机 Office" in message(screen)
        assert pilot.app.settings.printer == "Office"  # the next form goes there
        # a name lp cannot take is refused on one line, and the saved one stays
        await pilot.press("enter", "ctrl+u")
        await type_text(pilot, "bad/name")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "不是有效的 CUPS 队列名" in message(screen))
        await pilot.press("escape")
        # slow-link mode: Enter steps 自动 → 开启
        await move_to(pilot, screen, "lite")
        await pilot.press("enter")
        assert "慢速链路模式 开启" in message(screen)

    drive(app, steps)
    assert configured_machine(config) == {"printer": "Office", "print_dir": None, "lite": True}
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# the counter at window 3\n") and 'lang = "zh"' in text  # the rest kept


def test_without_cups_the_screen_says_so_and_a_name_can_be_typed(staffed_db, db_path, config, no_cups):
    app = settings_app(staffed_db, db_path)

    async def steps(pilot):
        screen = await open_settings(pilot)
        assert screen.queues is None
        await move_to(pilot, screen, "printer")
        await pilot.press("enter")
        assert "本机没有 CUPS（lpstat）" in str(screen.query_one("#edit-hint").render())
        await type_text(pilot, "Front-desk")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.editing is None)

    drive(app, steps)
    assert configured_machine(config)["printer"] == "Front-desk"


def test_a_relative_print_folder_is_refused_naming_the_field(staffed_db, db_path, config, no_cups):
    app = settings_app(staffed_db, db_path)

    async def steps(pilot):
        screen = await open_settings(pilot)
        await move_to(pilot, screen, "print_dir")
        await pilot.press("enter")
        await type_text(pilot, "forms")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "打印文件夹须是绝对路径" in message(screen))

    drive(app, steps)
    assert not config.exists()  # nothing saved


def test_over_ssh_this_machines_settings_are_the_servers(staffed_db, db_path, config, no_cups):
    settings = Settings(db=str(db_path), user="zhangwei", lang="zh", forced_login="zhangwei")
    app = QuanchengApp(settings, staffed_db, _clock(), translator=make_translator("zh"), stable=True)

    async def steps(pilot):
        await wait_for_screen(pilot, MainScreen)
        await pilot.press("6")
        await wait_for_screen(pilot, SettingsScreen)
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.values is not None)
        await move_to(pilot, screen, "printer")
        await pilot.press("enter")
        assert screen.editing is None and "经 SSH 登录时不能修改本机设置" in message(screen)

    drive(app, steps)
    assert not config.exists()


# --- snapshots ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "lang"), [
    pytest.param((80, 24), "zh", id="80x24-zh"),
    pytest.param((80, 24), "en", id="80x24-en"),
    pytest.param((120, 40), "zh", id="120x40-zh"),  # one larger size
])
def test_settings_screen(snap_compare, staffed_db, db_path, config, no_cups, lang, size):
    config.parent.mkdir()
    config.write_text('printer = "Counter-1"\nprint_dir = "/srv/counter/forms"\n', encoding="utf-8")
    office_settings.update_office_settings(staffed_db, ADMIN, _clock(), {"phone": "0797-6280000",
                                                                         "complaint_phone": "12345"})
    app = settings_app(staffed_db, db_path, lang=lang, printer="Counter-1", print_dir=Path("/srv/counter/forms"))

    async def ready(pilot):
        screen = await open_settings(pilot)
        await move_to(pilot, screen, "complaint_phone")
        await pilot.press("enter")

    assert snap_compare(app, terminal_size=size, run_before=ready)
