"""ctrl+p: a command palette that reaches every screen (in the user's language)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from ..domain.accountability import READERS as ACCOUNTABILITY_READERS
from .main import PLACES

if TYPE_CHECKING:
    from ..app import QuanchengApp


def _open_accountability(app: QuanchengApp) -> None:
    from .accountability import AccountabilityScreen

    app.push_screen(AccountabilityScreen(app.t))


class QuanchengCommands(Provider):
    """The six places, the main menu, help, switching user (unless the login is forced), quit."""

    def commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = cast("QuanchengApp", self.app)
        t = app.t
        if app.actor is not None:
            for key, pid, title, desc in PLACES:
                yield f"{key} {t(title)}", partial(app.open_place, pid), t(desc)
            yield t("主界面"), app.go_main, t("回到主界面")
            if app.actor.role in ACCOUNTABILITY_READERS:  # issue 15: the register has no place of its own
                yield t("责任追究台账"), partial(_open_accountability, app), t("超期、违反一次性告知、投诉属实及处理决定")
            if app.can_switch_user:
                yield t("切换用户"), app.action_switch_user, t("退出当前用户，回到登录界面")
        yield t("帮助"), app.action_help, t("列出所有按键")
        yield t("退出"), app.exit, t("退出全程协办")

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = max(matcher.match(name), matcher.match(help_text) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class QuanchengPalette(CommandPalette):
    """Textual's palette, but its one built-in sentence ("No matches found") is in the user's language.

    The sentence is made inside a private method of Textual's (pinned below 8.3 in pyproject); a Pilot test
    types a query that matches nothing and reads the sentence back, so a Textual change shows at once.
    """

    def __init__(self, no_matches: str, placeholder: str, id: str) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self._no_matches_text = no_matches

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(self._no_matches_text, style="not bold")), disabled=True,
                           id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
