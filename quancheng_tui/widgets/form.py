"""Form fields that keep up with type-ahead.

Over a slow SSH link keystrokes arrive in bursts ("QS⏎张伟⏎…"). Textual queues a
burst's keys on the focused widget before any of them is handled, so moving
focus from an `Input.Submitted` handler comes too late: the keys typed after
Enter land in the old field. A priority binding runs while the key is routed,
so the next key already goes to the next field.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.widgets import Checkbox, Input


class SteadyInput(Input):
    """An Input whose keystrokes repaint the field only.

    Textual's Input stores the text's width as its virtual size, a layout-changing value, on every
    keystroke: the whole screen was laid out again for each letter typed (15 ms a key on the
    registration form, issue 17). The field's own scrolling needs the size, not a new layout."""

    def _watch_value(self, value: str) -> None:
        # Input._watch_value (Textual 8.2) but for the size: set without its layout refresh.
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        self._suggestion = ""
        if self.suggester and value:
            self.run_worker(self.suggester._get_suggestion(self, value))
        if self.styles.auto_dimensions:
            self.refresh(layout=True)
        validation_result = self.validate(value) if "changed" in self.validate_on else None
        self.post_message(self.Changed(self, value, validation_result))
        if self._initial_value:  # the first value: the cursor goes to its end
            self.cursor_position = len(self.value)
            self._initial_value = False


class FormInput(SteadyInput):
    # ctrl+j: an Enter typed before the app has put the terminal in raw mode arrives as a newline (ICRNL).
    BINDINGS = [Binding("enter,ctrl+j", "entered", show=False, priority=True)]

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
