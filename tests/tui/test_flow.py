"""The whole keyboard flow through Textual's Pilot, on a real SQLite file."""

from __future__ import annotations

import pytest
from textual import events
from textual.command import CommandList, CommandPalette
from textual.widgets import Checkbox, Input, OptionList, Static
from tui_helpers import OFFICE_NAME, PASSWORD, drive, log_in, type_text, wait_for, wait_for_screen

from quancheng_tui.screens.first_run import FIRST_RUN_DEMO_CASES, FirstRunScreen
from quancheng_tui.screens.help import HelpScreen
from quancheng_tui.screens.login import LoginScreen
from quancheng_tui.screens.main import PLACES, MainScreen
from quancheng_tui.services import cases, identity, setup, staff
from quancheng_tui.widgets.header import StatusLine

FIRST_RUN_VALUES = {
    "office_name": OFFICE_NAME,
    "office_code": "QS",
    "admin_name": "王主任",
    "admin_login": "admin",
    "password": PASSWORD,
    "password2": PASSWORD,
}


def text_of(app, selector) -> str:
    return str(app.screen.query_one(selector, Static).render())


def field_values(app) -> dict[str, str]:
    return {k: app.screen.query_one(f"#{k}", Input).value for k in FIRST_RUN_VALUES}


async def fill_first_run(pilot, values: dict[str, str]) -> None:
    """Type each field and press Enter, as a clerk does; Enter on the last one submits."""
    for value in values.values():
        await type_text(pilot, value)
        await pilot.press("enter")


async def open_palette_and_run(pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: CommandPalette.is_open(pilot.app))
    await type_text(pilot, query)
    await pilot.pause(0.3)  # the palette searches in the background
    await pilot.press("enter")


# First run


def test_first_run_creates_office_and_logs_admin_in(db, make_app):
    app = make_app(db)

    async def steps(pilot):
        await wait_for_screen(pilot, FirstRunScreen)
        assert app.focused.id == "office_name"
        await fill_first_run(pilot, FIRST_RUN_VALUES)
        await wait_for_screen(pilot, MainScreen)
        status = text_of(app, StatusLine)
        assert OFFICE_NAME in status
        assert "王主任（管理员）" in status
        assert "值班：未排班" in status
        assert app.actor.login == "admin"

    drive(app, steps)
    assert setup.office(db).code == "QS"
    assert not setup.needs_first_run(db)
    # The OS account that created the office is the first admin's, as after `init` (issue 18).
    assert identity.os_actor(db, app.clock, identity.current_os_account()).login == "admin"
    # The password typed on screen is the one stored.
    assert staff.authenticate(db, app.clock, "admin", PASSWORD).login == "admin"


def test_first_run_with_demo_data_submitted_by_the_button(db, make_app):
    app = make_app(db)

    async def steps(pilot):
        await wait_for_screen(pilot, FirstRunScreen)
        values = list(FIRST_RUN_VALUES.values())
        await fill_first_run(pilot, dict(enumerate(values[:-1])))
        await type_text(pilot, values[-1])
        await pilot.press("tab", "space")  # to the checkbox, tick it
        assert app.screen.query_one("#demo", Checkbox).value
        await pilot.press("tab")
        assert app.focused.id == "create"
        await pilot.press("enter")
        await wait_for_screen(pilot, MainScreen, timeout=30)

    drive(app, steps)
    assert staff.actor_for(db, "sunli").village == "V01"
    assert staff.authenticate(db, app.clock, "zhangwei", setup.DEMO_PASSWORD).name == "张伟"
    # The demo office comes with its cases (issue 16: the option used to load none).
    made = cases.list_cases(db, staff.actor_for(db, "admin"), limit=1000, today=app.clock.today())
    assert len(made) == FIRST_RUN_DEMO_CASES


def test_password_mismatch_shows_error_and_keeps_input(db, make_app):
    app = make_app(db)
    values = dict(FIRST_RUN_VALUES, password2="secret124")

    async def steps(pilot):
        await wait_for_screen(pilot, FirstRunScreen)
        await fill_first_run(pilot, values)
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        assert text_of(app, "#password2-error") == "两次输入的密码不一致"
        assert app.screen.query_one("#password2-error").display
        assert not app.screen.query_one("#office_name-error").display
        assert field_values(app) == values
        assert app.focused.id == "password2"
        # Correct it: the office is created.
        await pilot.press("backspace")
        await type_text(pilot, "3")
        await pilot.press("enter")
        await wait_for_screen(pilot, MainScreen)

    drive(app, steps)
    assert not setup.needs_first_run(db)


def test_service_error_appears_under_the_field_it_names(db, make_app):
    app = make_app(db)
    values = dict(FIRST_RUN_VALUES, office_code="Q/S")

    async def steps(pilot):
        await wait_for_screen(pilot, FirstRunScreen)
        await fill_first_run(pilot, values)
        await wait_for(pilot, lambda: text_of(app, "#office_code-error") != "")
        assert "中心代码只能由字母" in text_of(app, "#office_code-error")
        assert text_of(app, "#error") == ""
        assert field_values(app) == values
        assert app.focused.id == "office_code"

    drive(app, steps)
    assert setup.needs_first_run(db)


def test_short_password_error_is_shown_in_english(db, make_app):
    app = make_app(db, lang="en")

    async def steps(pilot):
        await wait_for_screen(pilot, FirstRunScreen)
        assert text_of(app, "#title").startswith("First run")
        await fill_first_run(pilot, dict(FIRST_RUN_VALUES, password="short", password2="short"))
        await wait_for(pilot, lambda: text_of(app, "#password-error") != "")
        assert "8" in text_of(app, "#password-error")
        assert app.focused.id == "password"

    drive(app, steps)
    assert setup.needs_first_run(db)


def test_typed_ahead_keys_land_in_the_right_fields(db, make_app):
    """Over slow SSH a burst 'QS⏎王主任⏎…' arrives at once: each part must reach its own field."""
    app = make_app(db)
    first_four = dict(list(FIRST_RUN_VALUES.items())[:4])

    async def steps(pilot):
        await wait_for_screen(pilot, FirstRunScreen)
        for value in first_four.values():  # all queued before any is handled
            for ch in value:
                app.post_message(events.Key(ch, ch))
            app.post_message(events.Key("enter", "\r"))
        await pilot.pause(0.2)
        assert {k: field_values(app)[k] for k in first_four} == first_four
        assert app.focused.id == "password"

    drive(app, steps)


# Login


def test_login_with_right_password(staffed_db, make_app):
    app = make_app(staffed_db, user="zhangwei")

    async def steps(pilot):
        await wait_for_screen(pilot, LoginScreen)
        assert app.screen.query_one("#login", Input).value == "zhangwei"
        assert app.focused.id == "password"
        assert app.screen.query_one("#password", Input).password
        assert not app.screen.query_one("#password", Input).cursor_blink  # stable=True: frames do not flicker
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await wait_for_screen(pilot, MainScreen)
        assert "张伟（协办员）" in text_of(app, StatusLine)
        assert app.actor.login == "zhangwei"

    drive(app, steps)


def test_login_with_wrong_password_then_locked(staffed_db, make_app):
    app = make_app(staffed_db, user="zhangwei")

    async def attempt(pilot, password: str) -> str:
        app.screen.query_one("#error", Static).update("")
        await type_text(pilot, password)
        await pilot.press("enter")
        await wait_for(pilot, lambda: text_of(app, "#error") != "")
        return text_of(app, "#error")

    async def steps(pilot):
        await wait_for_screen(pilot, LoginScreen)
        assert await attempt(pilot, "wrong-password") == "登录名或密码不正确"
        assert isinstance(app.screen, LoginScreen)
        assert app.actor is None
        assert app.screen.query_one("#password", Input).value == ""
        assert app.screen.query_one("#login", Input).value == "zhangwei"
        for _ in range(4):
            await attempt(pilot, "wrong-password")
        # Five failures lock the account: even the right password is refused now.
        assert "锁定" in await attempt(pilot, PASSWORD)
        assert isinstance(app.screen, LoginScreen)

    drive(app, steps)


def test_switch_user_with_ctrl_l(staffed_db, make_app):
    app = make_app(staffed_db)

    async def steps(pilot):
        await log_in(pilot)
        await pilot.press("ctrl+l")
        await wait_for_screen(pilot, LoginScreen)
        assert app.actor is None
        assert app.screen.query_one("#login", Input).value == "zhangwei"
        await pilot.press("shift+tab", "ctrl+u")  # back to the login field, clear it
        await type_text(pilot, "admin")
        await pilot.press("enter")
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await wait_for_screen(pilot, MainScreen)
        assert "王主任（管理员）" in text_of(app, StatusLine)

    drive(app, steps)


def test_forced_login_goes_straight_to_main_and_cannot_switch(staffed_db, make_app):
    app = make_app(staffed_db, forced_login="zhangwei")

    async def steps(pilot):
        await wait_for_screen(pilot, MainScreen)
        assert app.actor.login == "zhangwei"
        assert "ctrl+l" not in app.screen.active_bindings
        await pilot.press("ctrl+l")
        await pilot.pause()
        await app.action_switch_user()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await open_palette_and_run(pilot, "切换用户")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, LoginScreen)
        assert app.actor.login == "zhangwei"

    drive(app, steps)


def test_forced_login_never_sets_up_the_office(db, make_app):
    app = make_app(db, forced_login="sunli")

    async def steps(pilot):
        await wait_for(pilot, lambda: "尚未完成设置" in str(app.query_one("#boot", Static).render()))
        assert len(app.screen_stack) == 1

    drive(app, steps)
    assert setup.needs_first_run(db)


def test_forced_login_of_unknown_user_is_refused(staffed_db, make_app):
    app = make_app(staffed_db, forced_login="nobody")

    async def steps(pilot):
        await wait_for(pilot, lambda: "nobody" in str(app.query_one("#boot", Static).render()))
        assert app.actor is None
        assert len(app.screen_stack) == 1

    drive(app, steps)


# Main menu


BUILT = {"register": "RegisterScreen", "notice": "NoticeScreen", "board": "BoardScreen", "roster": "RosterScreen",
         "stats": "ReportScreen", "settings": "SettingsScreen"}


@pytest.mark.parametrize("key, place", [(k, p) for k, p, _t, _d in PLACES if p in BUILT])
def test_keys_open_the_built_places_and_esc_returns(staffed_db, make_app, key, place):
    app = make_app(staffed_db)

    async def steps(pilot):
        await log_in(pilot)
        main = app.screen
        await pilot.press(key)
        await wait_for(pilot, lambda: type(app.screen).__name__ == BUILT[place])
        await pilot.press("escape")
        await wait_for_screen(pilot, MainScreen)
        assert app.screen is main

    drive(app, steps)


def test_every_place_is_built():
    assert {place for _k, place, _t, _d in PLACES} == set(BUILT)


def test_arrow_and_enter_on_the_list(staffed_db, make_app):
    app = make_app(staffed_db)

    async def steps(pilot):
        await log_in(pilot)
        assert isinstance(app.focused, OptionList)
        await pilot.press("down", "down", "down", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "RosterScreen")

    drive(app, steps)


def test_f1_lists_every_binding_of_app_and_screen(staffed_db, make_app):
    app = make_app(staffed_db)

    async def steps(pilot):
        await log_in(pilot)
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        screen_keys = text_of(app, "#screen-keys")
        app_keys = text_of(app, "#app-keys")
        for key, _pid, title, _desc in PLACES:
            assert f"{key} " in screen_keys and title in screen_keys
        assert "^l" in screen_keys and "切换用户" in screen_keys
        assert "Tab" in screen_keys and "下一项" in screen_keys
        for needle in ("F1", "帮助", "^q", "退出", "^p", "命令"):
            assert needle in app_keys
        await pilot.press("escape")
        await wait_for_screen(pilot, MainScreen)

    drive(app, steps)


def test_f1_on_the_login_screen(staffed_db, make_app):
    app = make_app(staffed_db)

    async def steps(pilot):
        await wait_for_screen(pilot, LoginScreen)
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        assert "下一项" in text_of(app, "#screen-keys")
        assert "切换用户" not in text_of(app, "#screen-keys")
        await pilot.press("escape")
        await wait_for_screen(pilot, LoginScreen)

    drive(app, steps)


def test_ctrl_p_reaches_places_from_anywhere(staffed_db, make_app):
    app = make_app(staffed_db)

    async def steps(pilot):
        await log_in(pilot)
        await open_palette_and_run(pilot, "统计报表")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ReportScreen")
        assert app.screen.place == "stats"
        # From one place straight to another; Esc still returns to the menu.
        await open_palette_and_run(pilot, "值班排班")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "RosterScreen")
        await pilot.press("escape")
        await wait_for_screen(pilot, MainScreen)

    drive(app, steps)


def test_ctrl_p_help_and_switch_user(staffed_db, make_app):
    app = make_app(staffed_db)

    async def steps(pilot):
        await log_in(pilot)
        await pilot.press("5")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ReportScreen")
        await open_palette_and_run(pilot, "帮助")
        await wait_for_screen(pilot, HelpScreen)
        await open_palette_and_run(pilot, "切换用户")
        await wait_for_screen(pilot, LoginScreen)
        assert app.actor is None
        assert len(app.screen_stack) == 2  # nothing of the last user is left underneath

    drive(app, steps)


@pytest.mark.parametrize(("lang", "sentence"), [("zh", "没有匹配的命令"), ("en", "No matching commands")])
def test_palette_and_help_speak_one_language(staffed_db, make_app, lang, sentence):
    """Textual's own texts: the palette's "No matches found" and the Mac's Super+C in F1 (issue 16)."""
    app = make_app(staffed_db, lang=lang)

    async def steps(pilot):
        await log_in(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: CommandPalette.is_open(pilot.app))
        await type_text(pilot, "qqqqzz")
        await wait_for(pilot, lambda: sentence in str(app.screen.query_one(CommandList).get_option_at_index(0).prompt)
                       if app.screen.query_one(CommandList).option_count else False)
        assert "No matches found" not in str(app.screen.query_one(CommandList).get_option_at_index(0).prompt)
        await pilot.press("escape")
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        shown = str(app.screen.query_one("#help-body", Static).render()) if app.screen.query("#help-body") else ""
        keys = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Super" not in keys + shown
        assert "^c" in keys

    drive(app, steps)


def test_ctrl_q_quits(staffed_db, make_app):
    app = make_app(staffed_db)

    async def steps(pilot):
        await wait_for_screen(pilot, LoginScreen)
        assert app.return_code is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0

    drive(app, steps)


def test_english_main_menu(staffed_db, make_app):
    app = make_app(staffed_db, lang="en")

    async def steps(pilot):
        await log_in(pilot)
        status = text_of(app, StatusLine)
        assert "张伟 (Clerk)" in status  # names are data: never translated
        assert "On duty: not scheduled" in status and "Monday" in status
        options = app.screen.query_one("#places", OptionList)
        assert str(options.get_option_at_index(0).prompt).startswith("1  Registration")

    drive(app, steps)


def test_status_line_follows_the_injected_clock(staffed_db, db_path):
    from datetime import datetime, timedelta, timezone

    from tui_helpers import make_translator

    from quancheng_tui.app import QuanchengApp
    from quancheng_tui.services.context import Clock
    from quancheng_tui.settings import Settings

    moment = [datetime(2026, 3, 16, 23, 59, tzinfo=timezone(timedelta(hours=8)))]
    clock = Clock(now=lambda: moment[0])
    app = QuanchengApp(Settings(db=str(db_path), user="zhangwei"), staffed_db, clock,
                       translator=make_translator("zh"), stable=True)

    async def steps(pilot):
        await log_in(pilot)
        assert "2026-03-16 星期一" in text_of(app, StatusLine)
        moment[0] += timedelta(minutes=2)  # past midnight
        app.screen.query_one(StatusLine).refresh_status()
        await pilot.pause()
        assert "2026-03-17 星期二" in text_of(app, StatusLine)

    drive(app, steps)
