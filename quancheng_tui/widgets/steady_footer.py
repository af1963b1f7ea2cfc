"""A Footer that rebuilds its keys only when the keys it shows change.

Textual's Footer recomposes every key widget whenever the screen's bindings are refreshed, which happens
on every focus change: on the registration form each Enter (next field) restyled ~20 widgets for an
identical footer (issue 17, "no style churn"). This one compares what it would show first.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def _signature(self, screen: Screen) -> tuple:
        return tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                     for _node, binding, enabled, tooltip in screen.active_bindings.values() if binding.show)

    def bindings_changed(self, screen: Screen) -> None:
        signature = self._signature(screen)
        if signature == self._shown and screen is self.screen:
            self._bindings_ready = True
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = signature
        super().bindings_changed(screen)
