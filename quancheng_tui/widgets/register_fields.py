"""Form controls where Enter means "next field", as on every FormInput (registration, case actions).

One rule for dropdowns on every screen (issue 16): Space (or ↓/↑) opens the list, ↑/↓ move in it, Enter
takes the choice and Esc closes it; on a closed list Enter moves to the next field, as it does everywhere.

Each one hands Enter to ``screen.field_entered(self)`` through a priority
binding, so keys typed ahead after Enter already land in the next field
(widgets/form.py explains why a message handler would be too late).

- `FormSelect`: a Select whose list opens with Space, Down or Up; Enter (list
  closed) moves on, Enter in the open list chooses as usual.
- `ChoiceSet`: a compact RadioSet where the arrow keys choose at once, as radio
  groups do elsewhere; Enter moves on.
- `MaterialList`: a SelectionList whose ticks read without colour (✓), Space
  ticks one, A ticks all (or clears all when all are ticked), Enter moves on.
"""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import RadioButton, RadioSet, Select, SelectionList
from textual.widgets._toggle_button import ToggleButton

from ..errors import N_


def _entered(widget) -> None:
    handler = getattr(widget.screen, "field_entered", None)
    if handler is not None:
        handler(widget)


class FormSelect(Select[str]):
    BINDINGS = [Binding("enter", "entered", show=False, priority=True)]

    def on_mount(self) -> None:
        # The open list's Esc reads "Dismiss menu" in the footer: say it in the user's language.
        from textual.widgets._select import SelectOverlay

        t = getattr(self.screen, "t", None)
        bindings = self.query_one(SelectOverlay)._bindings.key_to_bindings
        if t is not None and "escape" in bindings:
            bindings["escape"] = [replace(b, description=t(N_("关闭列表"))) for b in bindings["escape"]]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "entered":
            return not self.expanded  # the open list takes Enter to choose
        return super().check_action(action, parameters)

    def action_entered(self) -> None:
        _entered(self)

    def after_queued_keys(self, callback) -> None:
        """Run `callback` once the keys already queued here are handled (as FormInput does)."""
        self.call_later(callback)


class ChoiceButton(RadioButton):
    """● chosen, ○ not: readable without colour (Textual draws the same dot for both)."""

    BUTTON_LEFT = ""
    BUTTON_RIGHT = ""
    BUTTON_INNER = "○"

    def on_mount(self) -> None:
        self.BUTTON_INNER = "●" if self.value else "○"

    def watch_value(self) -> None:
        self.BUTTON_INNER = "●" if self.value else "○"
        super().watch_value()


class ChoiceSet(RadioSet):
    """One of a few values (`codes`, in the order of the labels); `value` is the chosen code."""

    DEFAULT_CSS = """
    ChoiceSet > ChoiceButton {
        padding: 0;
    }
    """
    BINDINGS = [Binding("enter", "entered", show=False, priority=True)]

    def __init__(self, *labels: str, codes: tuple[str, ...], value: str, id: str | None = None,
                 classes: str | None = None) -> None:
        if value not in codes:
            value = codes[0]
        super().__init__(*(ChoiceButton(label, value=code == value) for label, code in zip(labels, codes)),
                         id=id, classes=classes, compact=True)
        self.codes = codes
        self._initial = value

    @property
    def value(self) -> str:
        index = self.pressed_index
        return self.codes[index] if index >= 0 else self._initial

    def set_value(self, code: str) -> None:
        if code in self.codes:
            self._selected = self.codes.index(code)
            button = self._nodes[self._selected]
            assert isinstance(button, RadioButton)
            if not button.value:
                button.toggle()

    def on_mount(self) -> None:
        # RadioSet's own mount handler (run after this one) highlights the first button: then start
        # on the pressed one instead.
        self.call_later(self._start_on_pressed)

    def _start_on_pressed(self) -> None:
        self._selected = self.codes.index(self.value)

    def on_resize(self, event: events.Resize) -> None:
        """As many buttons a row as fit the width (a grid of `auto` columns), so none is clipped."""
        widths = [2 + cell_len(str(button.label)) for button in self.query(RadioButton)]
        gutter = self.styles.grid_gutter_vertical
        columns = 1
        for n in range(len(widths), 0, -1):
            needed = sum(max(widths[j::n]) for j in range(n)) + gutter * (n - 1)
            if needed <= event.size.width:
                columns = n
                break
        if self.styles.grid_size_columns != columns:
            self.styles.grid_size_columns = columns

    def action_next_button(self) -> None:
        super().action_next_button()
        if self.has_focus:  # RadioSet moves to the first button itself when mounted: no choice then
            self.action_toggle_button()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        if self.has_focus:
            self.action_toggle_button()

    def action_toggle_button(self) -> None:
        if self._selected is not None and not self.query(RadioButton)[self._selected].value:
            super().action_toggle_button()

    def action_entered(self) -> None:
        _entered(self)


class MaterialList(SelectionList[str]):
    BINDINGS = [
        Binding("enter", "entered", show=False, priority=True),
        Binding("a", "tick_all", N_("全部勾选"), show=False),
    ]

    def action_entered(self) -> None:
        _entered(self)

    def action_tick_all(self) -> None:
        handler = getattr(self.screen, "materials_tick_all", None)
        if handler is not None:
            handler(self)  # the screen may still be loading the list: it ticks all once loaded
        else:
            self.toggle_all()

    def toggle_all(self) -> MaterialList:
        """Tick all; or untick all when all are ticked."""
        codes = [self.get_option_at_index(i).value for i in range(self.option_count)]
        if codes and set(codes) <= set(self.selected):
            self.deselect_all()
        else:
            self.select_all()
        return self

    def render_line(self, y: int) -> Strip:
        """Textual draws the same X ticked or not (only the colour differs): draw ✓ or nothing."""
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 4 or segments[0].text != ToggleButton.BUTTON_LEFT:
            return strip
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except Exception:
            return strip
        mark = "✓" if option.value in self._selected else " "
        segments[1] = Segment(mark, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)
