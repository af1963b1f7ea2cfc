"""Start-up with the database opened by the app's worker (issue 17: the login screen takes keys before the
storage stack is imported): what the clerk sees and can do while it opens, and when it turns out otherwise."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Static
from tui_helpers import PASSWORD, drive, make_translator, type_text, wait_for, wait_for_screen

from quancheng_tui.app import QuanchengApp
from quancheng_tui.errors import N_, StorageError
from quancheng_tui.screens.first_run import FirstRunScreen
from quancheng_tui.screens.login import LoginScreen
from quancheng_tui.screens.main import MainScreen
from quancheng_tui.settings import Settings
from quancheng_tui.store.database import Database


class GatedOpener:
    """Opens the test's database only once the test lets it: the screen before that is what a clerk sees
    while SQLAlchemy is imported on a slow PC."""

    def __init__(self, db_path, notes: tuple[str, ...] = (), error: Exception | None = None) -> None:
        self.db_path = db_path
        self.notes = notes
        self.error = error
        self.gate = threading.Event()
        self.opened: Database | None = None

    def __call__(self):
        if not self.gate.wait(60):
            raise TimeoutError("the test never let the database open")
        if self.error is not None:
            raise self.error
        self.opened = Database.open(str(self.db_path))
        return self.opened, self.notes


@pytest.fixture
def gated():
    """GatedOpener(...) for a test; what it opened is closed when the test ends."""
    made: list[GatedOpener] = []

    def make(*args, **kwargs) -> GatedOpener:
        made.append(GatedOpener(*args, **kwargs))
        return made[-1]

    yield make
    for opener in made:
        if opener.opened is not None:
            opener.opened.dispose()


def lazy_app(db_path, clock, opener, *, lang: str = "zh") -> QuanchengApp:
    settings = Settings(db=str(db_path), user="zhangwei", lang=lang)
    return QuanchengApp(settings, None, clock, translator=make_translator(lang), stable=True, opener=opener)


def hint(app) -> str:
    return str(app.screen.query_one("#hint", Static).render())


def test_the_login_takes_keys_before_the_database_is_open_and_logs_in_once_it_is(staffed_db, db_path, clock, gated):
    opener = gated(db_path)
    app = lazy_app(db_path, clock, opener)

    async def steps(pilot):
        await wait_for_screen(pilot, LoginScreen)
        assert opener.opened is None and app.db is None
        assert app.focused is not None and app.focused.id == "password"
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await wait_for(pilot, lambda: hint(app) == "正在打开数据库…")
        assert isinstance(app.screen, LoginScreen) and app.actor is None
        opener.gate.set()
        await wait_for_screen(pilot, MainScreen)
        assert app.actor is not None and app.actor.login == "zhangwei"
        assert app.db is opener.opened
        assert app.opened_db is opener.opened

    drive(app, steps)


def test_what_opening_changed_is_shown_on_screen(staffed_db, db_path, clock, gated):
    note = "随程序提供的 2027 年节假日安排已生效：2 件未办结案件的办结期限随之变更，请告知申请人"
    opener = gated(db_path, notes=(note,))
    opener.gate.set()
    app = lazy_app(db_path, clock, opener)

    async def steps(pilot):
        await wait_for(pilot, lambda: app.db is not None)
        await wait_for(pilot, lambda: any(n.message == note for n in app._notifications))
        assert isinstance(app.screen, LoginScreen)

    drive(app, steps)


def test_an_office_not_set_up_yet_gets_the_first_run_instead_of_the_login(db, db_path, clock, gated):
    opener = gated(db_path)  # the file exists (migrated) but holds no office
    app = lazy_app(db_path, clock, opener)

    async def steps(pilot):
        await wait_for_screen(pilot, LoginScreen)
        opener.gate.set()
        await wait_for_screen(pilot, FirstRunScreen)
        assert app.focused is not None and app.focused.id == "office_name"

    drive(app, steps)


def test_no_file_yet_starts_on_the_opening_line_not_a_login(tmp_path, clock, gated):
    missing = tmp_path / "new" / "q.db"
    assert Settings(db=str(missing), user="zhangwei").first_run_likely
    opener = gated(missing)  # held shut: the app shows only what it shows before
    app = lazy_app(missing, clock, opener)

    async def steps(pilot):
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert str(app.screen.query_one("#boot", Static).render()) == "正在打开数据库…"
        opener.error = StorageError(N_("数据库 {path} 不存在"), path=str(missing))
        opener.gate.set()
        await wait_for(pilot, lambda: app.start_failed)

    drive(app, steps)


def test_a_database_that_cannot_be_opened_ends_the_session_with_one_line_and_status_1(staffed_db, db_path, clock, gated):
    error = StorageError(N_("数据库 {path} 不存在"), path="/nowhere/q.db")
    opener = gated(db_path, error=error)
    app = lazy_app(db_path, clock, opener, lang="en")

    async def steps(pilot):
        await wait_for_screen(pilot, LoginScreen)
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        opener.gate.set()
        await wait_for(pilot, lambda: app.start_failed)
        assert len(app.screen_stack) == 1  # the login is gone: nothing can be done but quit
        shown = str(app.screen.query_one("#boot", Static).render())
        assert "/nowhere/q.db" in shown and "ctrl+q" in shown
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in shown), shown  # all English with --lang en
        await pilot.press("ctrl+q")

    drive(app, steps)
    assert app.return_code == 1


def test_a_password_typed_ahead_with_a_newline_logs_in(staffed_db, db_path, clock, gated):
    """Typed before the app put the terminal in raw mode, Enter arrives as a newline (ctrl+j): it logs in too,
    and the typed keys land in the password, never in the login name."""
    opener = gated(db_path)
    app = lazy_app(db_path, clock, opener)

    async def steps(pilot):
        await type_text(pilot, PASSWORD)
        await pilot.press("ctrl+j")
        await wait_for_screen(pilot, LoginScreen)
        opener.gate.set()
        await wait_for_screen(pilot, MainScreen)
        assert app.actor is not None and app.actor.login == "zhangwei"

    drive(app, steps)


def test_every_place_of_the_app_has_its_stylesheet_in_the_list():
    """A screen whose own CSS_PATH is new to the app makes Textual parse every stylesheet again and restyle every
    screen on its first visit (≈0.1 s for the board): the app reads every file of STYLESHEETS up front."""
    import importlib
    import inspect
    import pkgutil
    from pathlib import Path

    from textual.screen import Screen

    import quancheng_tui.screens as screens
    from quancheng_tui.app import FIRST_STYLESHEETS, STYLESHEETS

    listed = {f"{name}.tcss" for name in STYLESHEETS}
    assert {Path(p).name for p in QuanchengApp.CSS_PATH} == {f"{name}.tcss" for name in FIRST_STYLESHEETS}
    other_apps = {"hall", "public_board"}  # the hall terminal and the public board are apps of their own
    own: dict[str, str] = {}
    for info in pkgutil.iter_modules(screens.__path__):
        if info.name in other_apps:
            continue
        module = importlib.import_module(f"quancheng_tui.screens.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__ and cls.__dict__.get("CSS_PATH"):
                own[cls.__name__] = Path(str(cls.CSS_PATH)).name
    assert own, "no screen with a stylesheet found: the test looks in the wrong place"
    assert {name: css for name, css in own.items() if css not in listed} == {}
    assert all((Path(screens.__file__).parent / name).is_file() for name in listed)


def test_the_other_stylesheets_are_read_while_the_login_shows_and_no_screen_reads_one_later(staffed_db, db_path,
                                                                                              clock, gated):
    """Only the first screens' stylesheets are parsed before the first frame; the others once the login is on
    screen. After that, signing in and opening the board, a case and registration parse nothing again."""
    from quancheng_tui.app import STYLESHEETS, stylesheet_path
    from quancheng_tui.screens.board import BoardScreen
    from quancheng_tui.screens.register import RegisterScreen

    opener = gated(db_path)
    app = lazy_app(db_path, clock, opener)
    reparsed: list[int] = []

    async def steps(pilot):
        await wait_for_screen(pilot, LoginScreen)
        sheet = app.stylesheet
        assert not all(sheet.has_source(str(path), "") for path in own_paths())  # the database is not open yet
        opener.gate.set()
        await wait_for(pilot, lambda: app.db is not None)
        await wait_for(pilot, lambda: all(sheet.has_source(str(path), "") for path in own_paths()))
        original = sheet.reparse

        def counted() -> None:
            reparsed.append(1)
            original()

        sheet.reparse = counted
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await wait_for_screen(pilot, MainScreen)
        for key, screen in (("3", BoardScreen), ("escape", MainScreen), ("1", RegisterScreen)):
            await pilot.press(key)
            await wait_for_screen(pilot, screen)
        assert reparsed == []

    def own_paths():
        return [stylesheet_path(name) for name in STYLESHEETS]

    drive(app, steps)
