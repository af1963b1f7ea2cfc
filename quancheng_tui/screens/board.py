"""案件看板: open cases by due date with their red / yellow / green light, a screenful at a time.

The table holds one page only (as many rows as fit); PageDown / PageUp / Home / End,
and ↓ on the last row or ↑ on the first, fetch the neighbouring page from SQL in a
thread worker (services/board.py). Filters are keys: k kind, s status, o overdue,
d due within 3 working days, m mine, w an owner, c a village, b the cases of the A posts I stand in for today (B post), / search, r reset; p cycles the sort (due date,
received date, number, matter, owner), f reverses it, and a click on a column's header
sorts by it (a second click reverses); the header marks the sort with an arrow. One line
sums up the filters and the sort. v opens the saved views (screens/saved_views.py).
Every 1.5 s a worker reads the database's change marker (the last audit id) and
reloads the current page only when someone wrote. Enter opens the case.

Lights read without colour too: × overdue, ! due today, ● due soon, ○ in time,
· no deadline running (待补正, 中止计时).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import ColumnKey

from ..domain.cases import KIND_LABELS, OPEN_STATUSES, STATUS_LABELS, Kind
from ..domain.text import safe_for_terminal
from ..errors import N_, QuanchengError
from ..widgets.header import StatusLine
from ..widgets.steady_footer import SteadyFooter
from .base import BaseScreen, unexpected

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.board import BoardFilters, BoardPage, BoardRow

POLL_SECONDS = 1.5
WIDE = 110  # columns from which received date, kind, status and owner are shown too
KIND_CYCLE = (None, "promised", "instant", "report_up", "notice")
STATUS_CYCLE = (None, "pending_materials", "accepted", "in_progress", "suspended", "reported_up")
DUE_SOON_DAYS = 3
# The keys the footer cannot hold at 80 columns in every language, on the message line while it says nothing
# else (issue 16); r, f, PgUp, Home and End are listed by F1 with the rest.
MORE_KEYS = N_("回车 打开  PgDn 翻页  b 代岗  w 经办人  c 村  s 状态  p 排序")
LIGHT_STYLES = {"red": "bold red", "due_today": "bold magenta", "yellow": "yellow", "green": "green", None: "dim"}
ROW_STYLES = {"red": "red", "due_today": "magenta", "yellow": "", "green": "", None: ""}
# What a click on a column's header sorts by (working days left order as the due date does) ...
COLUMN_SORTS = {"light": "due", "number": "number", "received": "received", "matter": "matter",
                "owner": "owner", "due": "due"}
# ... and the column whose header carries the sort's arrow.
SORT_COLUMNS = {"due": "due", "received": "received", "number": "number", "matter": "matter", "owner": "owner"}


def truncate(value: str, width: int) -> str:
    """`value` cut to `width` terminal cells, with … when cut (CJK counts two), through the terminal sanitiser."""
    value = safe_for_terminal(value)
    if cell_len(value) <= width:
        return value
    out, used = [], 0
    for ch in value:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def light_width(t: Translator, *, statuses: bool = False) -> int:
    """The light column holds its longest words whole in this language ("! Due today", never "Due toda");
    with `statuses`, also the open statuses it shows for a case without a running clock ("Clock suspended",
    never "Clock su"): the matter column gives way."""
    words = [t("今日到期"), t("超{n}日", n=99), t("剩{n}日", n=99), t("超期")]
    if statuses:
        from ..domain.cases import OPEN_STATUSES, STATUS_LABELS

        words += [t(STATUS_LABELS[s]) for s in OPEN_STATUSES]
    return max(10, 2 + max(cell_len(w) for w in words))


def light_text(t: Translator, row: BoardRow) -> str:
    """The light as a mark and a few words: × 超2日, ! 今日到期, ● 剩2日, ○ 剩5日, · 待补正."""
    from ..services.board import LIGHT_MARKS

    mark = LIGHT_MARKS[row.light]
    if row.light == "red":
        words = t("超{n}日", n=row.days_overdue) if row.days_overdue else t("超期")
    elif row.light == "due_today":
        words = t("今日到期")
    elif row.light in ("yellow", "green"):
        words = t("剩{n}日", n=row.days_left)
    else:
        words = t(row.status_label)
    return f"{mark} {words}"


def arrow(filters: BoardFilters) -> str:
    return "↓" if filters.descending else "↑"


def sort_text(t: Translator, filters: BoardFilters) -> str:
    """The sort in a few cells: 到期↑, 申请日期↓."""
    from ..services.board import SORT_LABELS

    return t(SORT_LABELS.get(filters.sort, SORT_LABELS["due"])) + arrow(filters)


def filters_text(t: Translator, f: BoardFilters) -> str:
    """The filters as a few words joined by dots: 在办 · 超期 · 我的."""
    parts = [t(STATUS_TEXT[f.status]) if f.status in STATUS_TEXT else t("在办")]
    if f.kind in KIND_TEXT:
        parts.append(t(KIND_TEXT[f.kind]))
    if f.village:
        parts.append(f.village)
    if f.owner:
        parts.append(t("经办人：{name}", name=f.owner))
    if f.overdue:
        parts.append(t("超期"))
    if f.due_within == 0:
        parts.append(t("今日到期及超期"))
    elif f.due_within is not None:
        parts.append(t("{n}个工作日内到期", n=f.due_within))
    if f.mine:
        parts.append(t("我的"))
    if f.acting:
        parts.append(t("代岗"))
    if f.search:
        parts.append(t("查找“{text}”", text=f.search))
    return " · ".join(parts)


def header(title: str, width: int, mark: str) -> str:
    """A column title with the sort's arrow, cut so the arrow stays inside the column."""
    if not mark:
        return title
    return (title if cell_len(title) < width else truncate(title, width - 1)) + mark


class PageLoaded(Message):
    def __init__(self, page: BoardPage, total: int, keep: str | None, cursor: str) -> None:
        super().__init__()
        self.page = page
        self.total = total
        self.keep = keep  # the number the cursor was on (a refresh keeps it there)
        self.cursor = cursor  # "top" | "bottom" | "keep"


class ChoicesLoaded(Message):
    """The staff or villages to filter by, read for the picker."""

    def __init__(self, what: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.what = what
        self.choices = choices


class LoadFailed(Message):
    def __init__(self, error: QuanchengError) -> None:
        super().__init__()
        self.error = error


class MarkerChanged(Message):
    def __init__(self, marker: int) -> None:
        super().__init__()
        self.marker = marker


class BoardTable(DataTable):
    """The page: paging keys fetch pages instead of scrolling inside one."""

    if TYPE_CHECKING:  # for the type checker only: the board is the only screen that holds one
        screen: BoardScreen

    BINDINGS = [
        Binding("pagedown", "screen.next_page", N_("下一页"), show=False),
        Binding("pageup", "screen.previous_page", N_("上一页"), show=False),
        Binding("home", "screen.first_page", N_("第一页"), show=False),
        Binding("end", "screen.last_page", N_("最后一页"), show=False),
        Binding("down", "down_or_next", show=False),
        Binding("up", "up_or_previous", show=False),
    ]

    def action_down_or_next(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.screen.action_next_page()
        else:
            self.action_cursor_down()

    def action_up_or_previous(self) -> None:
        if self.cursor_row <= 0:
            self.screen.action_previous_page(cursor="bottom")
        else:
            self.action_cursor_up()


class BoardScreen(BaseScreen):
    CSS_PATH = "board.tcss"
    BINDINGS = [
        Binding("escape", "back", N_("返回"), priority=True),
        Binding("k", "cycle_kind", N_("类型")),
        Binding("s", "cycle_status", N_("状态"), show=False),
        Binding("o", "toggle_filter('overdue')", N_("超期")),
        Binding("d", "toggle_filter('due_soon')", N_("临期")),
        Binding("m", "toggle_filter('mine')", N_("我的")),
        Binding("b", "toggle_filter('acting')", N_("代岗"), show=False),
        Binding("w", "pick('owner')", N_("经办人"), show=False),
        Binding("c", "pick('village')", N_("村（社区）"), show=False),
        Binding("slash", "search", N_("查找")),
        Binding("r", "reset", N_("全部"), show=False),
        Binding("p", "cycle_sort", N_("排序"), show=False),
        Binding("f", "flip_sort", N_("反向"), show=False),  # 80 columns hold no more; F1 lists it
        Binding("v", "views", N_("视图")),
        Binding("enter", "open_case", N_("打开"), show=False),
    ]

    def __init__(self, t: Translator) -> None:
        from ..services.board import BoardFilters

        super().__init__(t)
        self.filters: BoardFilters = BoardFilters()
        self.page: BoardPage | None = None
        self.total = 0
        self.start = 0
        self.marker: int | None = None
        self.busy = False
        self.skipped_fills = 0  # pages that came back unchanged and were not filled again

    # Layout.

    def compose(self) -> ComposeResult:
        yield StatusLine(self.t)
        yield Static("", id="summary", markup=False)
        yield BoardTable(id="cases", cursor_type="row", zebra_stripes=False, show_cursor=True)
        yield Input(placeholder=self.t("案件编号、申请人姓名、事项名称或拼音首字母，回车查找，Esc 取消"),
                    id="search", classes="-hidden")
        yield Static("", id="message", markup=False)
        # Compact, and ctrl+p left to F1's list: the board's own keys fill 80 columns.
        yield SteadyFooter(compact=True, show_command_palette=False)

    @property
    def table(self) -> BoardTable:
        return self.query_one("#cases", BoardTable)

    @property
    def wide(self) -> bool:
        return self.size.width >= WIDE

    def page_size(self) -> int:
        """Rows that fit the table (its header excluded): one page is one screenful."""
        height = self.table.size.height or max(self.size.height - 4, 4)  # status, summary, message, footer
        return max(3, min(200, height - 1))

    def on_mount(self) -> None:
        super().on_mount()
        self.show_message("")
        self._columns()
        self.table.focus()
        # The first page is read while the screen is laid out, sized from the terminal's height (page_size);
        # on_page_loaded reads again should the laid-out table hold another number of rows.
        self.reload(cursor="top")
        self.set_interval(POLL_SECONDS, self.poll)

    def _columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        self._wide_cols = self.wide
        fixed: tuple[int, ...]
        columns: tuple[tuple[str, str, int], ...]
        light = self.light_width()
        if self._wide_cols:
            fixed = (light, 16, 10, 8, 9, 10, 6, 10)
            columns = (("light", N_("期限"), light), ("number", N_("案件编号"), 16), ("received", N_("申请日期"), 10),
                       ("applicant", N_("申请人"), 8), ("matter", N_("事项"), self._rest(fixed)),
                       ("kind", N_("类型"), 9), ("status", N_("状态"), 10), ("owner", N_("经办人"), 6),
                       ("due", N_("承诺办结"), 10))
        else:
            fixed = (light, 16, 6, 5)
            columns = (("light", N_("期限"), light), ("number", N_("案件编号"), 16), ("applicant", N_("姓名"), 6),
                       ("matter", N_("事项"), self._rest(fixed)), ("due", N_("到期"), 5))
        marked = SORT_COLUMNS.get(self.filters.sort)
        for key, title, width in columns:
            mark = arrow(self.filters) if key == marked else ""
            table.add_column(header(self.t(title), width, mark), width=width, key=key)

    def light_width(self) -> int:
        return light_width(self.t, statuses=True)

    def _rest(self, fixed: tuple[int, ...]) -> int:
        """The matter column takes what the others leave (each column has one cell of padding a side)."""
        return max(8, self.size.width - sum(fixed) - 2 * (len(fixed) + 1) - 1)

    def on_resize(self) -> None:
        if self.is_mounted and getattr(self, "_wide_cols", None) is not None and self._wide_cols != self.wide:
            self._columns()
            if self.page is not None:
                self._fill(self.page, None, "keep")
        if self.page is not None and self.page_size() != self.page.limit:
            self.reload(cursor="keep")

    # Loading (thread workers post messages; the handlers touch widgets).

    def reload(self, offset: int | None = None, cursor: str = "keep") -> None:
        if offset is not None:
            self.start = max(0, offset)
        keep = self.current_number() if cursor == "keep" else None
        self.busy = True
        self.load(self.filters, self.start, self.page_size(), keep, cursor)

    @work(thread=True, exclusive=True, group="board")
    def load(self, filters: BoardFilters, offset: int, limit: int, keep: str | None, cursor: str) -> None:
        from ..services import board

        app = self.app
        try:
            marker = app.db.change_marker()
            # The count and the rows in one transaction: "page 2 of 9" always matches what is shown.
            page = board.counted_page(app.db, app.me, app.clock, filters, offset=offset, limit=limit)
            self.post_message(MarkerChanged(marker))
            self.post_message(PageLoaded(page, page.total or 0, keep, cursor))
        except QuanchengError as err:
            self.post_message(LoadFailed(err))
        except Exception as exc:
            self.post_message(LoadFailed(unexpected(exc)))

    def poll(self) -> None:
        if not self.busy and self.app.screen is self:
            self.read_marker()

    @work(thread=True, exclusive=True, group="board-poll")
    def read_marker(self) -> None:
        try:
            marker = self.app.db.change_marker()
        except Exception:
            return
        if marker != self.marker:
            self.post_message(MarkerChanged(marker))

    def on_marker_changed(self, message: MarkerChanged) -> None:
        changed = self.marker is not None and message.marker != self.marker
        self.marker = message.marker
        if changed and not self.busy:
            self.reload(cursor="keep")

    def on_page_loaded(self, message: PageLoaded) -> None:
        self.busy = False
        old, old_total = self.page, self.total
        self.page = message.page
        self.start = message.page.offset
        self.total = message.total
        if (old is not None and old.rows == message.page.rows and old_total == message.total
                and old.filters == message.page.filters and message.cursor == "keep" and self.table.row_count):
            self.skipped_fills += 1  # the same rows (back from a case, a poll after someone else's write
            return  # elsewhere): nothing is cleared and painted again (issue 17)
        self._fill(message.page, message.keep, message.cursor)
        self._summary()
        if self.table.size.height and self.page_size() != message.page.limit:
            self.reload(cursor="keep")  # sized before layout (on_mount), and the table came out otherwise

    def on_load_failed(self, message: LoadFailed) -> None:
        self.busy = False
        self.show_message(self.t.error(message.error), error=True)

    def _fill(self, page: BoardPage, keep: str | None, cursor: str) -> None:
        t = self.t
        table = self.table
        before = table.cursor_row
        table.clear()
        for row in page.rows:
            style = ROW_STYLES[row.light]
            light = Text(light_text(t, row), style=LIGHT_STYLES[row.light])
            if self._wide_cols:
                cells = [light, Text(row.number, style=style), Text(row.received_on.isoformat(), style=style),
                         Text(safe_for_terminal(row.applicant), style=style),
                         Text(truncate(row.matter_name, table.columns[ColumnKey("matter")].width), style=style),
                         Text(truncate(t(row.kind_label), 9) if row.kind_label else "", style=style),
                         Text(truncate(t(row.status_label), 10), style=style),
                         Text(truncate(row.owner_name, 6), style=style),
                         Text(row.due_on.isoformat() if row.due_on else "—", style=style)]
            else:
                cells = [light, Text(row.number, style=style), Text(truncate(row.applicant, 6), style=style),
                         Text(truncate(row.matter_name, table.columns[ColumnKey("matter")].width), style=style),
                         Text(row.due_on.strftime("%m-%d") if row.due_on else "—", style=style)]
            table.add_row(*cells, key=row.number)
        if not page.rows:
            return
        numbers = [r.number for r in page.rows]
        if keep in numbers:
            target = numbers.index(keep)
        elif cursor == "bottom":
            target = len(numbers) - 1
        elif cursor == "keep":
            target = min(before, len(numbers) - 1)
        else:
            target = 0
        table.move_cursor(row=max(0, target))

    def _summary(self) -> None:
        t = self.t
        f = self.filters
        page = self.page
        if page is None or not page.rows:
            where = t("没有符合条件的案件")
        else:
            where = t("第 {first}–{last} 件，共 {total} 件", first=page.offset + 1,
                      last=page.offset + len(page.rows), total=self.total)
        shown = t("筛选：{filters}", filters=filters_text(t, f))
        order = t("排序：{sort}", sort=sort_text(t, f))
        self.query_one("#summary", Static).update(f"{shown} │ {order} │ {where}")

    def current_number(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None

    def show_message(self, text: str, *, error: bool = False) -> None:
        """A message, or (when there is none) the keys the footer has no room for at 80 columns."""
        msg = self.query_one("#message", Static)
        msg.set_class(error, "-error")
        msg.set_class(not text, "-keys")
        msg.update(text or self.t(MORE_KEYS))

    # Paging.

    def action_next_page(self) -> None:
        if self.page is not None and self.page.has_more:
            self.reload(self.start + self.page.limit, cursor="top")

    def action_previous_page(self, cursor: str = "top") -> None:
        if self.start > 0:
            self.reload(self.start - self.page_size(), cursor=cursor)

    def action_first_page(self) -> None:
        self.reload(0, cursor="top")

    def action_last_page(self) -> None:
        size = self.page_size()
        last = (self.total - 1) // size * size if self.total else 0
        self.reload(last, cursor="bottom")

    # Filters.

    def set_filters(self, filters: BoardFilters) -> None:
        resorted = (filters.sort, filters.descending) != (self.filters.sort, self.filters.descending)
        self.filters = filters
        self.show_message("")
        if resorted and self.is_mounted:  # the arrow moves; the old rows stay until the new page comes
            self._columns()
            if self.page is not None:
                self._fill(self.page, None, "top")
            self._summary()
        self.reload(0, cursor="top")

    def action_cycle_kind(self) -> None:
        i = KIND_CYCLE.index(self.filters.kind) if self.filters.kind in KIND_CYCLE else 0
        self.set_filters(self.filters.with_(kind=KIND_CYCLE[(i + 1) % len(KIND_CYCLE)]))

    def action_cycle_status(self) -> None:
        i = STATUS_CYCLE.index(self.filters.status) if self.filters.status in STATUS_CYCLE else 0
        self.set_filters(self.filters.with_(status=STATUS_CYCLE[(i + 1) % len(STATUS_CYCLE)]))

    def action_toggle_filter(self, what: str) -> None:  # not `toggle`: DOMNode's toggles an attribute
        f = self.filters
        if what == "overdue":
            self.set_filters(f.with_(overdue=not f.overdue))
        elif what == "mine":
            self.set_filters(f.with_(mine=not f.mine))
        elif what == "acting":
            self.set_filters(f.with_(acting=not f.acting))
        elif what == "due_soon":
            self.set_filters(f.with_(due_within=None if f.due_within is not None else DUE_SOON_DAYS))

    def action_reset(self) -> None:
        """Every open case again; the sort is how to read them, not which, so it stays."""
        from ..services.board import BoardFilters

        self.set_filters(BoardFilters(sort=self.filters.sort, descending=self.filters.descending))

    # Sorting.

    def action_cycle_sort(self) -> None:
        from ..services.board import SORTS

        # Only by columns on screen: at 80 columns received date and owner are not shown (issue 16).
        shown = set(self.table.columns)
        cycle = [s for s in SORTS if SORT_COLUMNS[s] in shown] or list(SORTS)
        i = cycle.index(self.filters.sort) if self.filters.sort in cycle else -1
        self.set_filters(self.filters.with_(sort=cycle[(i + 1) % len(cycle)], descending=False))

    def action_flip_sort(self) -> None:
        self.set_filters(self.filters.with_(descending=not self.filters.descending))

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a header sorts by that column; on the sorted one it reverses the order."""
        event.stop()
        sort = COLUMN_SORTS.get(event.column_key.value or "")
        if sort is None:
            self.show_message(self.t("不能按此列排序"))
        elif sort == self.filters.sort:
            self.action_flip_sort()
        else:
            self.set_filters(self.filters.with_(sort=sort, descending=False))

    # Saved views.

    def action_views(self) -> None:
        from .saved_views import SavedViewsScreen

        self.app.push_screen(SavedViewsScreen(self.t, self.filters), self._view_chosen)

    def _view_chosen(self, view) -> None:
        if view is None:
            return
        self.set_filters(view.filters)
        name = self.t(view.name) if view.builtin else view.name
        self.show_message(self.t("视图：{name}", name=name))

    def action_pick(self, what: str) -> None:
        self.load_choices(what)

    @work(thread=True, exclusive=True, group="board-pick")
    def load_choices(self, what: str) -> None:
        from ..domain.roles import WRITERS, Role
        from ..services import setup, staff

        app = self.app

        def read() -> list[tuple[str, str]]:
            actor = app.me
            if what == "owner":
                return [(s.login, f"{s.name}（{s.login}）") for s in staff.list_staff(app.db, actor)
                        if s.active and Role(s.role) in WRITERS]
            villages = setup.villages(app.db)
            if actor.role is Role.AGENT:  # an agent's board is their village's anyway
                villages = [v for v in villages if v.code == actor.village]
            return [(v.code, f"{v.name}（{v.code}）") for v in villages]

        try:
            self.post_message(ChoicesLoaded(what, read()))
        except QuanchengError as err:
            self.post_message(LoadFailed(err))
        except Exception as exc:
            self.post_message(LoadFailed(unexpected(exc)))

    def on_choices_loaded(self, message: ChoicesLoaded) -> None:
        from .picker import PickerScreen

        what = message.what
        title = self.t("按经办人筛选") if what == "owner" else self.t("按村（社区）筛选")

        def picked(value: str | None) -> None:
            if value is not None:
                self.set_filters(self.filters.with_(**{what: value or None}))

        self.app.push_screen(PickerScreen(self.t, title, message.choices, getattr(self.filters, what) or ""), picked)

    def action_search(self) -> None:
        field = self.query_one("#search", Input)
        field.value = self.filters.search
        field.remove_class("-hidden")
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.input.add_class("-hidden")
        self.table.focus()
        self.set_filters(self.filters.with_(search=event.value.strip()))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """While the search field is open, letters are typed into it."""
        return not (isinstance(self.focused, Input) and action in ("cycle_kind", "cycle_status", "toggle_filter", "search", "reset", "open_case", "cycle_sort", "flip_sort", "views", "pick"))

    def action_back(self) -> None:
        field = self.query_one("#search", Input)
        if not field.has_class("-hidden"):
            field.add_class("-hidden")
            self.table.focus()
            return
        if self.filters.search:  # one level at a time: first the search goes, then the board
            self.set_filters(self.filters.with_(search=""))
            return
        self.app.go_main()

    # The case.

    def action_open_case(self) -> None:
        number = self.current_number()
        if number is None or self.page is None:
            return
        try:
            from .case_detail import CaseDetailScreen
        except ImportError:
            row = next((r for r in self.page.rows if r.number == number), None)
            if row is not None:
                self.show_message(self.one_line(row))
            return
        self.app.push_screen(CaseDetailScreen(self.t, number))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_case()

    def one_line(self, row: BoardRow) -> str:
        t = self.t
        return "  ".join(x for x in (
            row.number, row.applicant, row.matter_name, t(row.kind_label) if row.kind_label else "",
            t(row.status_label), t("经办人：{name}", name=row.owner_name),
            t("承诺办结：{date}", date=row.due_on.isoformat()) + (t("（预计）") if row.provisional else "")
            if row.due_on else "") if x)

    def on_screen_resume(self) -> None:
        self.query_one(StatusLine).refresh_status()
        if self.page is not None:
            self.reload(cursor="keep")


# The filter words: the labels of domain.cases for the statuses the board filters on (open ones) and the kinds.
STATUS_TEXT = {s.value: STATUS_LABELS[s] for s in OPEN_STATUSES}
KIND_TEXT = {k.value: KIND_LABELS[k] for k in (Kind.PROMISED, Kind.INSTANT, Kind.REPORT_UP, Kind.NOTICE)}
