"""ctrl+p: a command palette that reaches every screen (in the user's language)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .main import PLACES


class QuanchengCommands(Provider):
    """The six places, the main menu, help, switching user (unless the login is forced), quit."""

    def commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = self.app
        t = app.t
        if app.actor is not None:
            for key, pid, title, desc in PLACES:
                yield f"{key} {t(title)}", partial(app.open_place, pid), t(desc)
            yield t("主界面"), app.go_main, t("回到主界面")
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
