"""保存的视图: the board's views by name, over the board (key v).

The list holds the built-in views, then the clerk's own (services/saved_views.py keeps
them in the database, per login). Enter applies the highlighted one: the modal closes
with it and the board takes its filters and sort. d deletes one of the clerk's own;
s (or Tab) goes to the name field, where Enter saves the board's current filters, sort
and search under that name (a name already in the list is updated). Service calls run
in thread workers; a refusal is one line under the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..errors import N_
from .base import BaseScreen, ServiceFailed, call_service
from .board import filters_text, sort_text, truncate

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.board import BoardFilters
    from ..services.saved_views import SavedView

NAME_WIDTH = 16  # cells of the name column in the list


class ViewsLoaded(Message):
    def __init__(self, views: tuple[SavedView, ...], note: str = "", highlight: str | None = None) -> None:
        super().__init__()
        self.views = views
        self.note = note  # a line to show once the list is back ("已保存…")
        self.highlight = highlight


class ViewApplied(Message):
    def __init__(self, view: SavedView) -> None:
        super().__init__()
        self.view = view


class SavedViewsScreen(BaseScreen, ModalScreen["SavedView | None"]):
    CSS_PATH = "saved_views.tcss"
    BINDINGS = [
        Binding("escape", "cancel", N_("返回")),
        Binding("d", "delete", N_("删除视图")),
        Binding("s", "name", N_("保存当前视图")),
    ]

    def __init__(self, t: Translator, current: BoardFilters) -> None:
        super().__init__(t)
        self.current = current
        self.views: tuple[SavedView, ...] = ()
        self.busy = False

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog"):
            yield Static(t("保存的视图"), id="views-title")
            yield OptionList(id="views")
            with Horizontal(id="save-row"):
                yield Label(t("保存为"), id="save-label")
                yield Input(id="view-name", compact=True, max_length=40,
                            placeholder=t("名称；回车保存当前的筛选和排序"))
            yield Static("", id="views-message", markup=False)
            yield Static(t("回车应用 · d 删除 · s 保存当前视图 · Esc 返回"), id="views-hint")

    @property
    def options(self) -> OptionList:
        return self.query_one("#views", OptionList)

    @property
    def name_field(self) -> Input:
        return self.query_one("#view-name", Input)

    def on_mount(self) -> None:
        super().on_mount()
        self.options.focus()
        self.load_views()

    # The list.

    @work(thread=True, exclusive=True, group="views")
    def load_views(self) -> None:
        from ..services import saved_views

        app = self.app
        call_service(self, lambda: saved_views.list_views(app.db, app.me), ViewsLoaded)

    def on_views_loaded(self, message: ViewsLoaded) -> None:
        message.stop()
        self.busy = False
        self.views = message.views
        options = self.options
        options.clear_options()
        options.add_options([Option(self.line(v), id=str(i)) for i, v in enumerate(self.views)])
        names = [v.name for v in self.views]
        if message.highlight in names:
            options.highlighted = names.index(message.highlight)
        elif self.views:
            options.highlighted = 0
        self.show_message(message.note)
        if message.highlight is not None:  # just saved: back to the list, the name field empty
            self.name_field.value = ""
            options.focus()

    def line(self, view: SavedView) -> Text:
        """The name in a column, then what the view shows and its sort, dimmed."""
        t = self.t
        name = truncate(t(view.name) if view.builtin else view.name, NAME_WIDTH)
        text = Text(name, style="bold")
        text.append(" " * (NAME_WIDTH - text.cell_len + 2))
        what = f"{filters_text(t, view.filters)} · {sort_text(t, view.filters)}"
        text.append(f"{t('内置')} · {what}" if view.builtin else what, style="dim")
        text.truncate(self.options.scrollable_content_region.width or 56, overflow="ellipsis")
        return text

    def highlighted(self) -> SavedView | None:
        index = self.options.highlighted
        return self.views[index] if index is not None and 0 <= index < len(self.views) else None

    def show_message(self, text: str, *, error: bool = False) -> None:
        msg = self.query_one("#views-message", Static)
        msg.set_class(error, "-error")
        msg.update(text)

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.busy = False
        self.show_message(self.t.error(message.error), error=True)

    # Apply, delete, save.

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        view = self.highlighted()
        if view is None or self.busy:
            return
        self.busy = True
        self.apply_view(view.name)

    @work(thread=True, exclusive=True, group="views")
    def apply_view(self, name: str) -> None:
        from ..services import saved_views

        app = self.app
        call_service(self, lambda: saved_views.apply(app.db, app.me, app.clock, name), ViewApplied)

    def on_view_applied(self, message: ViewApplied) -> None:
        message.stop()
        self.busy = False
        self.dismiss(message.view)

    def action_delete(self) -> None:
        view = self.highlighted()
        if view is None or self.busy:
            return
        if view.builtin:
            self.show_message(self.t("内置视图不能删除"), error=True)
            return
        self.busy = True
        self.delete_view(view.name)

    @work(thread=True, exclusive=True, group="views")
    def delete_view(self, name: str) -> None:
        from ..services import saved_views

        app = self.app

        def delete_and_list():
            saved_views.delete(app.db, app.me, app.clock, name)
            return saved_views.list_views(app.db, app.me)

        call_service(self, delete_and_list,
                     lambda views: ViewsLoaded(views, self.t("已删除视图“{name}”", name=name)))

    def action_name(self) -> None:
        self.name_field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if not name or self.busy:
            self.show_message(self.t("请输入视图名称") if not name else "", error=not name)
            return
        own = {v.name for v in self.views if not v.builtin}
        self.busy = True
        self.save_view(name, replace=name in own)

    @work(thread=True, exclusive=True, group="views")
    def save_view(self, name: str, replace: bool) -> None:
        from ..services import saved_views

        app = self.app
        t = self.t
        note = t("已更新视图“{name}”", name=name) if replace else t("已保存视图“{name}”", name=name)

        def save_and_list():
            view = saved_views.save(app.db, app.me, app.clock, name, self.current, replace=replace)
            return view.name, saved_views.list_views(app.db, app.me)

        call_service(self, save_and_list, lambda got: ViewsLoaded(got[1], note, got[0]))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """While the name is typed, d and s are letters of it."""
        return not (isinstance(self.focused, Input) and action in ("delete", "name"))

    def action_cancel(self) -> None:
        if self.name_field.has_focus:
            self.options.focus()
            return
        if not self.busy:
            self.dismiss(None)
