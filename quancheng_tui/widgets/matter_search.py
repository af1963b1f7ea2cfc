"""Finding a matter in the catalog: an input and a list of what matches, updated per keystroke.

Self-contained, so every screen that needs a matter (one-time notice,
registration) uses the same one: type a code, part of the name or the pinyin
initials (``dbsq`` → 城乡最低生活保障（低保）申请); Up/Down move through the
results without leaving the input; Enter posts `MatterChosen(code)`.

Each keystroke starts a search in a thread worker; `exclusive=True` cancels
the searches still running for earlier keystrokes, and a result that arrives
for a query the input no longer holds is dropped, so fast typing (or a burst
over SSH) never shows stale results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..domain.text import safe_for_terminal
from ..errors import QuanchengError
from .form import SteadyInput

if TYPE_CHECKING:
    from ..app import QuanchengApp
    from ..i18n import Translator
    from ..services.catalog_views import MatterSummary
    from ..services.database import Database

SEARCH_LIMIT = 30
NO_MATCH_ID = "-no-match-"


class MatterChosen(Message):
    """The user picked a matter (Enter on a result): `code` is the matter's code."""

    def __init__(self, search: MatterSearch, code: str, name: str) -> None:
        super().__init__()
        self.search = search
        self.code = code
        self.name = name

    @property
    def control(self) -> MatterSearch:
        return self.search


class _Results(Message):
    """A search worker's answer (or refusal) for `query`."""

    def __init__(self, query: str, rows: list[MatterSummary] | None, error: QuanchengError | None = None) -> None:
        super().__init__()
        self.query = query
        self.rows = rows
        self.error = error


class SearchInput(SteadyInput):
    """The query field: Up/Down/PgUp/PgDn move the highlight in the results below it."""

    BINDINGS = [
        Binding("down", "move('cursor_down')", show=False),
        Binding("up", "move('cursor_up')", show=False),
        Binding("pagedown", "move('page_down')", show=False),
        Binding("pageup", "move('page_up')", show=False),
    ]

    def action_move(self, action: str) -> None:
        search = next((a for a in self.ancestors if isinstance(a, MatterSearch)), None)
        if search is not None:
            search.move_highlight(action)


class MatterSearch(Vertical):
    """Input + results; posts `MatterChosen`. Reads `app.db` unless a database is given."""

    if TYPE_CHECKING:  # the type checker's view of Textual's property
        app: QuanchengApp


    DEFAULT_CSS = """
    MatterSearch {
        height: 1fr;
    }
    MatterSearch > SearchInput {
        width: 1fr;
        height: 1;
    }
    MatterSearch > OptionList {
        height: 1fr;
        max-height: 100%;
    }
    """

    def __init__(self, t: Translator, *, village_only: bool = False, limit: int = SEARCH_LIMIT,
                 db: Database | None = None, value: str = "", id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.t = t
        self.village_only = village_only
        self.limit = limit
        self._db = db
        self._initial = value
        self.searched: str | None = None  # the query the list shows, None before the first answer
        self.names: dict[str, str] = {}  # code -> name of the results shown
        self._choose_when_current = False  # Enter came before the results of the last keystroke
        self._choose_for: str | None = None  # the query that Enter was for

    def compose(self) -> ComposeResult:
        yield SearchInput(self._initial, placeholder=self.t("编码、名称或拼音首字母"), id="matter-query",
                          compact=True, max_length=60)
        yield OptionList(id="matter-results", compact=True)

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    @property
    def results(self) -> OptionList:
        return self.query_one("#matter-results", OptionList)

    @property
    def db(self) -> Database:
        return self._db or self.app.db

    def on_mount(self) -> None:
        self.search(self.input.value)

    def focus(self, scroll_visible: bool = True) -> MatterSearch:
        self.input.focus(scroll_visible)
        return self

    # Searching.

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.input.value != self._choose_for:
            # An Enter typed before these keys is overtaken by them. (A change that arrives after
            # Enter but still leaves the query Enter was for is a key typed before it: keep it.)
            self._choose_when_current = False
        self.search(event.value)

    @work(thread=True, exclusive=True, group="matter-search")
    def search(self, query: str) -> None:
        from ..screens.base import unexpected
        from ..services import catalog

        error: QuanchengError | None
        try:
            rows = catalog.search(self.db, query, limit=self.limit, village_only=self.village_only)
        except QuanchengError as err:
            rows, error = None, err
        except Exception as exc:
            rows, error = None, unexpected(exc)
        else:
            error = None
        if not get_current_worker().is_cancelled:
            self.post_message(_Results(query, rows, error))

    def on__results(self, message: _Results) -> None:
        message.stop()
        if message.query != self.input.value:
            return  # a later keystroke's search is on its way
        self.searched = message.query
        results = self.results
        if message.error is not None or not message.rows:
            self._choose_when_current = False
        if message.error is not None:
            results.set_options([Option(Text(self.t.error(message.error), style="red"), id=NO_MATCH_ID,
                                        disabled=True)])
            return
        if not message.rows:
            results.set_options([Option(Text(self.t("没有找到匹配的事项"), style="dim"), id=NO_MATCH_ID,
                                        disabled=True)])
            return
        self.names = {m.code: m.name for m in message.rows}
        results.set_options(
            # Name first: a name wider than the list folds onto the next line, the code follows it.
            Option(Text.assemble(safe_for_terminal(m.name), " ", (safe_for_terminal(m.code), "dim")), id=m.code)
            for m in message.rows
        )
        results.highlighted = 0
        if self._choose_when_current:
            self.choose_highlighted()

    # Choosing.

    def move_highlight(self, action: str) -> None:
        results = self.results
        if results.highlighted is None and results.option_count:
            results.highlighted = 0
            return
        getattr(results, f"action_{action}")()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose_highlighted()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose_highlighted()

    def choose_highlighted(self) -> None:
        """Post `MatterChosen` for the highlighted result (if the list is current and not empty)."""
        results = self.results
        if self.searched != self.input.value:
            self._choose_when_current = True  # typed ahead: choose once this query's results are in
            self._choose_for = self.input.value
            return
        self._choose_when_current = False
        if results.highlighted is None:
            return
        option = results.get_option_at_index(results.highlighted)
        if option.disabled or option.id is None:
            return
        self.post_message(MatterChosen(self, option.id, self.names.get(option.id, "")))
