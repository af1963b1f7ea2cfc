"""Form fields that keep up with type-ahead.

Over a slow SSH link keystrokes arrive in bursts ("QS⏎张伟⏎…"). Textual queues a
burst's keys on the focused widget before any of them is handled, so moving
focus from an `Input.Submitted` handler comes too late: the keys typed after
Enter land in the old field. A priority binding runs while the key is routed,
so the next key already goes to the next field.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Checkbox, Input


class FormInput(Input):
    BINDINGS = [Binding("enter", "entered", show=False, priority=True)]

    def action_entered(self) -> None:
        handler = getattr(self.screen, "field_entered", None)
        if handler is None:
            self.post_message(self.Submitted(self, self.value))
        else:
            handler(self)

    def after_queued_keys(self, callback) -> None:
        """Run `callback` once this field has handled the keys already queued on it."""
        self.call_later(callback)


class FormCheckbox(Checkbox):
    """A checkbox whose state reads without colour too: ▐✓▌ on, ▐ ▌ off (Textual draws X for both)."""

    BUTTON_INNER = " "
    # Space ticks; Enter submits the form, as it does on every other field.
    BINDINGS = [Binding("enter", "submit_form", show=False, priority=True)]

    def action_submit_form(self) -> None:
        submit = getattr(self.screen, "submit", None)
        if submit is not None:
            submit()

    def watch_value(self) -> None:
        self.BUTTON_INNER = "✓" if self.value else " "
        super().watch_value()
