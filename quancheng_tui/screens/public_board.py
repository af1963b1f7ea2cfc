"""公示屏 (挂牌销号, 003 第33条): the hall screen that shows every open case, read-only.

`quancheng board --public [--interval N]`. No login: it shows only what may be public (case number,
masked applicant 王*明, matter, the staff member handling it, application and promised dates, the light),
read through `services.board.public_page`. A case done today stays on the board struck through (销号)
until the day ends. The board pages by itself, one screenful every N seconds, and re-queries on every
turn, so a finished case is struck and a new one appears without anyone touching the keyboard. The
same widget, `PublicBoard`, fills the lower half of the hall terminal (screens/hall.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from ..errors import N_, QuanchengError
from .base import translate_bindings, unexpected
from .board import LIGHT_STYLES, ROW_STYLES, light_text, truncate

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.board import PublicPage, PublicRow
    from ..services.context import Clock
    from ..services.database import Database

DEFAULT_INTERVAL = 10
STRUCK_STYLE = "strike dim"
STRUCK_MARK = "✓"
# Terminals this wide or wider show full dates; narrower ones month and day (the year is in the footer).
WIDE = 100


class PublicPageLoaded(Message):
    def __init__(self, page: PublicPage) -> None:
        super().__init__()
        self.page = page


class PublicFailed(Message):
    def __init__(self, error: QuanchengError) -> None:
        super().__init__()
        self.error = error


def struck_text(t: Translator) -> str:
    return f"{STRUCK_MARK} {t('已办结')}"


def away_text(t: Translator, away) -> str:
    """去向告知 on the board: 暂离：张伟（低保岗）下村入户，11:30 回，请找 刘娜."""
    parts = []
    for a in away:
        who = a.name + (f"（{'、'.join(a.posts)}）" if a.posts else "")
        item = t("{who} {place}，{at} 回", who=who, place=a.place, at=a.returns_at.strftime("%H:%M"))
        if a.cover_name:
            item += t("，请找 {name}", name=a.cover_name)
        parts.append(item)
    return t("暂离：{list}", list="；".join(parts)) if parts else ""


class PublicBoard(Vertical):
    """The public rows and one line of legend; turns its own pages every `interval` seconds."""

    # Here rather than in a .tcss: the widget is on the 公示屏 and on the hall terminal alike.
    DEFAULT_CSS = """
    PublicBoard { height: 1fr; }
    PublicBoard #public { height: 1fr; scrollbar-size-vertical: 0; }
    PublicBoard #footer-line {
        height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis;
    }
    /* Complaints past their reply date light the line up (issue 14 item 4). */
    PublicBoard.complaints-overdue #footer-line { color: $error; text-style: bold; }
    /* 去向告知 (issue 15): one line, there only while someone is away from their post. */
    PublicBoard #away-line { height: 1; padding: 0 1; color: $warning; text-wrap: nowrap; text-overflow: ellipsis;
                             display: none; }
    PublicBoard.someone-away #away-line { display: block; }
    /* The legend on its own line when the footer's line cannot hold it whole (80 columns, English). */
    PublicBoard #legend-line { height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; display: none; }
    PublicBoard.legend-apart #legend-line { display: block; }
    """

    def __init__(self, db: Database, clock: Clock, t: Translator, *, interval: float = DEFAULT_INTERVAL,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.db = db
        self.clock = clock
        self.t = t
        self.interval = max(1.0, float(interval))
        self.page: PublicPage | None = None
        self.wide = False

    @property
    def total(self) -> int:
        return self.page.total if self.page else 0

    def compose(self) -> ComposeResult:
        yield DataTable(id="public", cursor_type="none", show_cursor=False, zebra_stripes=True)
        yield Static("", id="away-line", markup=False)
        yield Static("", id="footer-line", markup=False)
        yield Static("", id="legend-line", markup=False)

    def on_mount(self) -> None:
        from rich.cells import cell_len

        from .board import light_width

        t = self.t
        table = self.query_one("#public", DataTable)
        table.can_focus = False
        width = self.app.size.width
        self.wide = width >= WIDE
        date_w = 10 if self.wide else 5
        # (key, header, width): a header never cut ("Applic"), a light never cut ("! Due toda")
        columns = [("number", t("案件编号"), 16), ("applicant", t("申请人"), 6),
                   ("received", t("申请日期") if self.wide else t("申请"), date_w), ("matter", t("事项"), 0),
                   ("owner", t("经办人"), 6), ("due", t("承诺办结日期") if self.wide else t("到期"), date_w),
                   ("light", t("期限"), light_width(t))]
        widths = {key: max(least, cell_len(title)) for key, title, least in columns if key != "matter"}
        rest = max(8, width - sum(widths.values()) - 2 * (len(widths) + 1) - 1)
        for key, title, _w in columns:
            table.add_column(title, width=widths.get(key, rest), key=key)
        self.call_after_refresh(self.turn)
        self.set_interval(self.interval, self.turn)

    def page_size(self) -> int:
        table = self.query_one("#public", DataTable)
        return max(3, min(200, (table.size.height or self.size.height - 1) - 1))

    def turn(self) -> None:
        """The next screenful (the first again after the last); queried afresh every time."""
        start = 0
        if self.page is not None and self.page.has_more:
            start = self.page.offset + len(self.page.rows)
        self.fetch(start, self.page_size())

    @work(thread=True, exclusive=True, group="public")
    def fetch(self, start: int, limit: int) -> None:
        from ..services import board

        try:
            page = board.public_page(self.db, self.clock, offset=start, limit=limit)
            if not page.rows and start:
                page = board.public_page(self.db, self.clock, offset=0, limit=limit)
            self.post_message(PublicPageLoaded(page))
        except QuanchengError as err:
            self.post_message(PublicFailed(err))
        except Exception as exc:
            self.post_message(PublicFailed(unexpected(exc)))

    def _date(self, value) -> str:
        if value is None:
            return "—"
        return value.isoformat() if self.wide else value.strftime("%m-%d")

    def _cells(self, row: PublicRow, width: int) -> tuple[Text, ...]:
        t = self.t
        style = STRUCK_STYLE if row.struck else ROW_STYLES[row.light]
        light = Text(struck_text(t), style="dim") if row.struck else \
            Text(light_text(t, row), style=LIGHT_STYLES[row.light])
        return (Text(row.number, style=style), Text(truncate(row.applicant, 6), style=style),
                Text(self._date(row.received_on), style=style), Text(truncate(row.matter_name, width), style=style),
                Text(truncate(row.owner_name, 6), style=style), Text(self._date(row.due_on), style=style), light)

    def on_public_page_loaded(self, message: PublicPageLoaded) -> None:
        message.stop()
        t = self.t
        page = self.page = message.page
        table = self.query_one("#public", DataTable)
        width = table.columns[ColumnKey("matter")].width
        table.clear()
        for row in page.rows:
            table.add_row(*self._cells(row, width), key=row.number)
        if page.rows:
            where = t("第 {first}–{last} 件，共 {total} 件", first=page.offset + 1,
                      last=page.offset + len(page.rows), total=page.total)
        else:
            where = t("目前没有在办案件")
        legend = t("× 超期 ! 今日到期 ● 临近 ○ 正常 ✓ 销号")
        parts = [page.today.isoformat(), where]
        if page.overdue_complaints:
            parts.append(t("投诉超期 {n} 件", n=page.overdue_complaints))
        line = "  ".join(parts)
        together = f"{line}  │ {legend}"
        apart = cell_len(together) + 2 > (self.size.width or self.app.size.width)  # 2: the padding
        self.query_one("#footer-line", Static).update(line if apart else together)
        self.query_one("#legend-line", Static).update(legend if apart else "")
        if apart != self.has_class("legend-apart"):
            self.set_class(apart, "legend-apart")
        self.set_class(bool(page.overdue_complaints), "complaints-overdue")
        self.query_one("#away-line", Static).update(away_text(t, page.away))
        self.set_class(bool(page.away), "someone-away")

    def on_public_failed(self, message: PublicFailed) -> None:
        message.stop()
        self.query_one("#footer-line", Static).update(self.t.error(message.error))


class PublicBoardApp(App[None]):
    CSS_PATH = "public_board.tcss"
    BINDINGS = [Binding("q,ctrl+q,escape", "quit", N_("退出"), priority=True),
                Binding("ctrl+c", "quit", show=False, system=True, priority=True)]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, db: Database, clock: Clock, t: Translator, *, office_name: str = "",
                 interval: float = DEFAULT_INTERVAL) -> None:
        super().__init__()
        self.db = db
        self.clock = clock
        self.t = t
        self.office_name = office_name
        self.interval = max(1.0, float(interval))
        self.animation_level = "none"
        translate_bindings(self, t)
        self.title = t("公示屏")

    def compose(self) -> ComposeResult:
        t = self.t
        yield Static(t("{office} 在办事项公示（挂牌销号）", office=self.office_name or t("便民服务中心")),
                     id="title", markup=False)
        yield PublicBoard(self.db, self.clock, t, interval=self.interval, id="board")

    @property
    def board(self) -> PublicBoard:
        return self.query_one("#board", PublicBoard)

    @property
    def page(self) -> PublicPage | None:
        return self.board.page

    @property
    def total(self) -> int:
        return self.board.total

    def turn(self) -> None:
        self.board.turn()
