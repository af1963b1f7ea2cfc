"""A Footer that rebuilds its keys only when it must.

Textual's Footer recomposes every key widget whenever the screen's bindings are refreshed, which happens
on every focus change: on the registration form each Enter (next field) restyled ~20 widgets for an
identical footer (issue 17, "no style churn"). This one compares what it would show first; and when the
keys to show are some of those it already holds, exactly as they are (the registration form hides F5 and
F6 once the case is registered and shows them again for the next visitor), it hides and shows those
instead of building new ones: a recompose mounts and restyles every key, which was a third of the CPU of
putting the registered case on screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SteadyFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None
        self._composed: tuple | None = None  # what the key widgets were built for

    def _signature(self, screen: Screen) -> tuple:
        return tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                     for _node, binding, enabled, tooltip in screen.active_bindings.values() if binding.show)

    def compose(self) -> ComposeResult:
        self._composed = self._signature(self.screen) if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        signature = self._signature(screen)
        if signature == self._shown and screen is self.screen:
            self._bindings_ready = True
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            if self._show_only(signature):
                self._shown = signature
                return
            self._shown = signature
        super().bindings_changed(screen)

    def _show_only(self, signature: tuple) -> bool:
        """Hide the keys not in `signature`, show the others; False if that cannot show it (a key to show
        was not built, or not as it is now): then the footer is built anew."""
        composed = self._composed
        if composed is None or not set(signature) <= set(composed):
            return False
        if len({action for _key, action, *_ in composed}) != len(composed):
            return False  # one key for several bindings: which one shows is Footer's choice
        if [entry for entry in composed if entry in signature] != list(signature):
            return False  # another order
        keys = [child for child in self.children if isinstance(child, FooterKey)]
        wanted = {(key, action) for key, action, *_ in signature}
        built = {(key, action) for key, action, *_ in composed}
        if len(keys) != len(self.children) or not all(
                (k.key, k.action) in built or k.has_class("-command-palette") for k in keys):
            return False  # groups or keys this footer does not know: Footer's own way
        for key in keys:
            if not key.has_class("-command-palette"):
                key.display = (key.key, key.action) in wanted
        return True
