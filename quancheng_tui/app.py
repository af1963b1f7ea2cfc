"""The Textual application: owns who is logged in and the office; screens do the rest.

Database work runs in thread workers that only post messages (`SignedIn`,
`ServiceFailed`, `Started`); handlers on the UI thread apply them.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from .errors import N_, QuanchengError
from .screens.base import ServiceFailed, SignedIn, translate_bindings, unexpected
from .screens.confirm_quit import ConfirmQuitScreen
from .screens.palette import QuanchengCommands, QuanchengPalette
from .widgets.header import carry_duty_over

if TYPE_CHECKING:
    from .i18n import Translator
    from .services.context import Actor, Clock
    from .services.database import Database
    from .services.views import OfficeView
    from .settings import Settings


def ui_translator(lang: str) -> Translator:
    """The catalog for `lang`; while a catalog is not compiled yet, the Chinese msgids themselves."""
    import gettext

    from .i18n import Translator, translator

    try:
        return translator(lang)
    except OSError:
        return Translator(lang, gettext.NullTranslations())


# The places that are built: module and screen class, imported when first opened.
PLACE_SCREENS = {
    "register": (".screens.register", "RegisterScreen"),
    "notice": (".screens.notice", "NoticeScreen"),
    "board": (".screens.board", "BoardScreen"),
    "roster": (".screens.roster", "RosterScreen"),
    "settings": (".screens.settings", "SettingsScreen"),
    "stats": (".screens.report", "ReportScreen"),
}


def _lite_driver() -> type | None:
    """Over a slow link only the cells that changed leave the machine (POSIX terminals; Textual's own
    driver elsewhere)."""
    if sys.platform == "win32":
        return None
    from .terminal.lite_driver import LiteDriver

    return LiteDriver


class Started(Message):
    """What the start-up worker found: first run, or an office to log in to; the database it opened (when the
    app was given an opener) and what opening it changed (a shipped holiday schedule re-dating cases)."""

    def __init__(self, first_run: bool, office: OfficeView | None, db: Database | None = None,
                 notes: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.first_run = first_run
        self.office = office
        self.db = db
        self.notes = notes


class StartFailed(ServiceFailed):
    """The start-up worker's refusal: the session can only be left."""


# What opens the database for the start-up worker: the database and the lines to tell the user.
Opener = Callable[[], "tuple[Database, tuple[str, ...]]"]

# The places of this app that have a stylesheet (hall and public_board are other apps); the first two are
# parsed before the first frame, the others once the login is on screen (load_stylesheets).
STYLESHEETS = ("login", "first_run", "main", "board", "case_detail", "case_action", "register", "notice",
               "roster", "settings", "report", "assessment", "saved_views", "help")
FIRST_STYLESHEETS = STYLESHEETS[:2]


def stylesheet_path(name: str) -> Path:
    """A place's stylesheet, spelled as Textual keys it when the place's screen brings it (its own CSS_PATH)."""
    return Path(__file__).parent / "screens" / f"{name}.tcss"


class QuanchengApp(App[None]):
    # A screen bringing a stylesheet the app has not read makes Textual parse every stylesheet again and restyle
    # every screen (≈0.1 s when the board first opens). So the app reads all of them up front: the first
    # screens' before the first frame, the rest while only the start-up and login screens exist, when the
    # restyle touches a handful of widgets (load_stylesheets). Their selectors name their screen (e.g.
    # `BoardScreen #filters`), so loading them together changes nothing.
    CSS_PATH = [stylesheet_path(name) for name in FIRST_STYLESHEETS]
    CSS = """
    Screen { background: $surface; }
    /* A dialog dims what it is about instead of blanking it (the rule above would make it opaque; a type
       selector cannot fix it: Textual matches only a class's first base, and ours is BaseScreen). */
    .-dialog { background: $background 60%; }
    #boot { padding: 1 2; }
    """
    BINDINGS = [
        Binding("f1", "help", N_("帮助")),
        Binding("ctrl+q", "quit", N_("退出"), priority=True),
        Binding("ctrl+p", "command_palette", N_("命令"), show=False, priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]
    COMMANDS = {QuanchengCommands}

    def __init__(self, settings: Settings, db: Database | None, clock: Clock, *,
                 translator: Translator | None = None, stable: bool = False, opener: Opener | None = None) -> None:
        """stable=True (tests, snapshots): no cursor blink, so frames do not depend on timing.
        Without `db`, `opener` opens it in the start-up worker while the login screen is already taking keys:
        importing the storage stack costs more than drawing the first screen (issue 17)."""
        super().__init__(driver_class=_lite_driver() if settings.lite else None)
        if db is None and opener is None:
            raise ValueError("a database or an opener")
        translator = translator or ui_translator(settings.lang)
        self.settings = settings
        # None only until the start-up worker has opened it: before that only the login screen exists, and it
        # waits for `Started` (LoginScreen.ready) before it uses the database.
        self.db = cast("Database", db)
        self._opener = opener
        self._opened: Database | None = None
        self.clock = clock
        self.t = translator
        self.stable = stable
        self.actor: Actor | None = None
        self.start_failed = False
        self.office: OfficeView | None = None
        self.animation_level = "none"  # every frame costs bytes over SSH
        self.lite = bool(settings.lite)  # a slow link: no cursor blink, at most 256 colours
        if self.lite:
            from rich.color import ColorSystem

            # Textual renders through this console's colour system (TEXTUAL_COLOR_SYSTEM is read once, at
            # import): a 24-bit colour costs up to 19 bytes a cell, a 256-colour one at most 11.
            if self.console._color_system == ColorSystem.TRUECOLOR:
                self.console._color_system = ColorSystem.EIGHT_BIT
        translate_bindings(self, translator)
        self.title = translator("全程协办")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.lite and isinstance(event.widget, Input):
            event.widget.cursor_blink = False  # lite: a blinking cursor repaints twice a second while idle

    @property
    def me(self) -> Actor:
        """Who is signed in: every screen past the login exists only while someone is."""
        if self.actor is None:
            raise RuntimeError("no one is signed in")
        return self.actor

    def _fatal_error(self) -> None:
        """A crash ends the session with one line: Textual's default traceback shows local variables,
        which hold applicants' names and ID numbers, on a counter or an agent's SSH terminal."""
        from . import crash

        if crash.debugging():
            super()._fatal_error()
            return
        self.bell()
        import sys

        error = sys.exc_info()[1] or self._exception or RuntimeError()
        self._exit_renderables.append(self.t.error(crash.unexpected(error)))
        self._close_messages_no_wait()

    @property
    def can_switch_user(self) -> bool:
        return not self.settings.forced_login

    def compose(self) -> ComposeResult:
        yield Static(self.t("正在打开数据库…"), id="boot", markup=False)

    async def on_mount(self) -> None:
        opener = self._opener
        if opener is None:
            self.start_up(self.db, None, self.settings.forced_login)
            return
        if self.settings.first_run_likely:
            self.start_up(None, opener, None)
            return
        from .screens.login import LoginScreen

        # An office that exists (the usual morning): the login screen takes keys at once, and the storage
        # stack is imported after it is on screen, so the two do not share the CPU while it is drawn.
        await self.push_screen(LoginScreen(self.t, self.settings.user))
        self.call_after_refresh(self.start_up, None, opener, None)

    @work(thread=True, exclusive=True, group="db")
    def start_up(self, db: Database | None, opener: Opener | None, forced_login: str | None) -> None:
        try:
            notes: tuple[str, ...] = ()
            if db is None:
                if opener is None:
                    raise RuntimeError("a database or an opener")
                db, notes = opener()
                self._opened = db  # closed by whoever ran the app, even if the app ends before `Started`
            from .services import setup, staff

            first_run = setup.needs_first_run(db)
            office = None if first_run else setup.office(db)
            if forced_login and first_run:
                # Someone arriving over SSH may not set up the office.
                self.post_message(StartFailed(QuanchengError(N_("本中心尚未完成设置，请联系管理员"))))
            elif forced_login:
                self.post_message(SignedIn(staff.actor_for(db, forced_login), office))
            else:
                self.post_message(Started(first_run, office, db if opener is not None else None, notes))
                if opener is not None and not first_run:
                    self._warm(db)
        except QuanchengError as err:
            self.post_message(StartFailed(err))
        except Exception as exc:
            self.post_message(StartFailed(unexpected(exc)))

    def _warm(self, db: Database) -> None:
        """While the password is typed: what the login, the menu and the board need first (their modules and
        today's calendar), so none is imported or built on the way (issue 17: start-up). A failure here is
        not the session's: the same call fails again, and is reported, where it is really needed."""
        try:
            from .screens import board as board_screen  # noqa: F401  (imported to be ready)
            from .screens import main  # noqa: F401
            from .services import board, staff  # noqa: F401

            board.prepare(db, self.clock)
        except Exception:  # see the docstring
            return

    @property
    def opened_db(self) -> Database | None:
        """The database this app opened or was given, if any yet: the caller disposes of it after `run`."""
        return self._opened or self.db

    def load_stylesheets(self) -> None:
        """Every place's stylesheet not read yet (CSS_PATH holds only the first screens'), parsed and applied
        in one go; a no-op once done."""
        sheet = self.stylesheet
        new = [path for path in map(stylesheet_path, STYLESHEETS) if not sheet.has_source(str(path), "")]
        if not new:
            return
        for path in new:
            sheet.read(path)
        sheet.reparse()
        sheet.update(self)

    async def on_started(self, message: Started) -> None:
        from .screens.first_run import FirstRunScreen
        from .screens.login import LoginScreen

        self.call_after_refresh(self.load_stylesheets)  # the user is typing: the UI thread is idle
        if message.db is not None:
            self.db = message.db
        self.office = message.office
        for note in message.notes:
            self.notify(note, timeout=30)
        if message.first_run:
            await self.show_only(FirstRunScreen(self.t))
        elif isinstance(self.screen, LoginScreen):
            self.screen.ready()
        else:
            await self.show_only(LoginScreen(self.t, self.settings.user))

    async def on_start_failed(self, message: StartFailed) -> None:
        """A start-up refusal: nothing else can be done in this session but quit (exit status 1)."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        text = self.t.error(message.error)
        self.query_one("#boot", Static).update(f"{text}\n\n{self.t('按 ctrl+q 退出。')}")
        self.start_failed = True

    async def on_signed_in(self, message: SignedIn) -> None:
        from .screens.main import MainScreen

        self.load_stylesheets()  # already done unless the login was skipped (an SSH key's forced command)
        self.actor = message.actor
        self.office = message.office
        carry_duty_over(self, message.actor)  # the status line's duty, read for the login screen, still holds
        await self.show_only(MainScreen(self.t, can_switch_user=self.can_switch_user))
        self.drop_kept_screens()
        # What is loaded by now (modules, tables, screens) lives as long as the process: out of the collector's
        # way, a full collection on the UI thread no longer walks all of it (150–330 ms pauses seen after F5).
        gc.freeze()

    async def show_only(self, screen: Screen) -> None:
        """Make `screen` the only one above the start-up screen. The top one is replaced, not popped: the
        start-up screen is never resumed and painted between the two (issue 17: login → menu)."""
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        if len(self.screen_stack) == 2:
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

    # Actions, also reached from the command palette.

    def open_place(self, place: str) -> None:
        """Open a place from anywhere: from one place straight to another, Esc still returns to the menu."""
        from importlib import import_module

        if self.actor is None or place not in PLACE_SCREENS:
            return
        current = getattr(self.screen, "place", None)
        if current == place:
            return
        screen = self._place_screen(place, import_module)
        if current is not None:
            self.switch_screen(screen)
        else:
            self.go_main()
            self.push_screen(screen)

    def _place_screen(self, place: str, import_module) -> Screen:
        """A new screen for `place`; one whose class says KEEP is built once per login and reset (its
        `reopen`) each time it opens again: building the registration form anew cost a second (issue 17)."""
        module, name = PLACE_SCREENS[place]
        cls = getattr(import_module(module, __package__), name)
        kept = f"kept-{place}"
        if getattr(cls, "KEEP", False) and self.is_screen_installed(kept):
            screen = self.get_screen(kept)
            if getattr(screen, "login", None) == self.me.login and screen not in self.screen_stack:
                screen.reopen()  # type: ignore[attr-defined]
                return screen
        screen = cls(self.t)
        screen.place = place
        if getattr(cls, "KEEP", False):
            self.drop_kept_screens()
            screen.login = self.me.login
            self.install_screen(screen, kept)
        return screen

    def drop_kept_screens(self) -> None:
        """Kept screens hold what the last user typed: gone when someone else signs in."""
        for name in [n for n in self._installed_screens if n.startswith("kept-")]:
            screen = self._installed_screens[name]
            if not isinstance(screen, Screen) or screen not in self.screen_stack:
                self.uninstall_screen(name)

    def action_open_place(self, place: str) -> None:
        self.open_place(place)

    def go_main(self) -> None:
        from .screens.main import MainScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, MainScreen):
            self.pop_screen()

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, (HelpScreen, CommandPalette)):
            self.push_screen(HelpScreen(self.t, self.screen))

    async def action_switch_user(self) -> None:
        from .screens.login import LoginScreen

        if not self.can_switch_user or self.actor is None:
            return
        login = self.actor.login
        self.actor = None
        await self.show_only(LoginScreen(self.t, login))
        self.drop_kept_screens()

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(cast("App[object]", self)):  # App is invariant in its result type
            self.push_screen(QuanchengPalette(self.t("没有匹配的命令"), placeholder=self.t("输入命令名称…"),
                                              id="--command-palette"))

    def get_key_display(self, binding: Binding) -> str:
        """F1, Esc, Shift+Tab rather than f1, esc, shift+tab; ^q stays ^q."""
        shown = super().get_key_display(binding)
        if shown.startswith("^") or len(shown) == 1:
            return shown
        return "+".join(part[:1].upper() + part[1:] for part in shown.split("+"))

    async def action_quit(self) -> None:
        """ctrl+q leaves at once, unless a registration would be lost: then it asks first."""
        unsaved = getattr(self.screen, "unsaved_work", lambda: None)() or self._kept_draft()
        if unsaved is None or isinstance(self.screen, ConfirmQuitScreen):
            self.exit(return_code=1 if self.start_failed else 0)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(ConfirmQuitScreen(self.t, self.t(unsaved)), answered)

    def _kept_draft(self) -> str | None:
        """A registration left half-done on another screen is kept for this session only (screens/register.py)."""
        return N_("本次登记") if getattr(self, "drafts", {}).get("register") is not None else None

    def action_help_quit(self) -> None:
        self.notify(self.t("按 ctrl+q 退出。"))
