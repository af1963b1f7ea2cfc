"""What every screen shares: translated bindings, the status line, messages to the app."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input

from ..crash import unexpected
from ..errors import N_, QuanchengError

if TYPE_CHECKING:
    from ..app import QuanchengApp
    from ..i18n import Translator
    from ..services.context import Actor
    from ..services.views import OfficeView


def translate_bindings(node, t: Translator) -> None:
    """Replace each binding's msgid description by its text in the user's language.

    BINDINGS hold msgids (N_) because they are class attributes; the node's own
    copy of the map is rewritten once, before anything (Footer, help) reads it.
    """
    bindings = node._bindings  # the per-instance copy Textual makes in __init__
    bindings.key_to_bindings = {
        key: [
            replace(b, description=t(b.description), tooltip=t(b.tooltip) if b.tooltip else "")
            if b.description
            else b
            for b in group
        ]
        for key, group in bindings.key_to_bindings.items()
    }


class SignedIn(Message):
    """A worker established who is at the keyboard: the app takes it from here."""

    def __init__(self, actor: Actor, office: OfficeView | None) -> None:
        super().__init__()
        self.actor = actor
        self.office = office


class ServiceFailed(Message):
    """A worker's service call was refused; the screen shows why."""

    def __init__(self, error: QuanchengError) -> None:
        super().__init__()
        self.error = error


def call_service(node, call, done) -> None:
    """From a worker thread: run `call()` and post `done(result)`, or ServiceFailed with one readable line."""
    try:
        result = call()
    except QuanchengError as err:
        node.post_message(ServiceFailed(err))
    except Exception as exc:
        node.post_message(ServiceFailed(unexpected(exc)))
    else:
        node.post_message(done(result))


class BaseScreen(Screen):
    """A screen whose bindings speak the user's language."""

    BINDINGS = [
        # Priority, so type-ahead after Tab goes to the next field (see widgets/form.py).
        Binding("tab", "app.focus_next", N_("下一项"), show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", N_("上一项"), show=False, priority=True),
        Binding("ctrl+c,super+c", "screen.copy_text", N_("复制所选文字"), show=False),
    ]

    def __init__(self, t: Translator) -> None:
        super().__init__()
        self.t = t
        translate_bindings(self, t)
        if isinstance(self, ModalScreen):
            self.add_class("-dialog")

    if TYPE_CHECKING:  # for the type checker only: at run time Textual's own property answers
        app: QuanchengApp

    def on_mount(self) -> None:
        if getattr(self.app, "stable", False):
            for field in self.query(Input):
                field.cursor_blink = False
