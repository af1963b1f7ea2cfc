"""公示屏 (挂牌销号, 003 第33条): the hall screen that shows every open case, read-only.

`quancheng board --public [--interval N]`. No login: it shows only what may be public
(masked applicant, matter, the staff member handling it, promised date, the light), read
through services/board.py as a supervisor-like read-only actor. It pages through the open
cases by itself, one screenful every N seconds, and re-queries on every turn, so a
finished case drops off (销号) and a new one appears without anyone touching the keyboard.
The only key is quit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from ..errors import N_, QuanchengError
from .base import translate_bindings, unexpected
from .board import LIGHT_STYLES, ROW_STYLES, light_text, truncate

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.board import BoardPage
    from ..services.context import Clock
    from ..store.database import Database

DEFAULT_INTERVAL = 10


class PublicPage(Message):
    def __init__(self, page: BoardPage, total: int) -> None:
        super().__init__()
        self.page = page
        self.total = total


class PublicFailed(Message):
    def __init__(self, error: QuanchengError) -> None:
        super().__init__()
        self.error = error


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
        self.start = 0
        self.total = 0
        self.page: BoardPage | None = None
        self.animation_level = "none"
        translate_bindings(self, t)
        self.title = t("公示屏")

    def compose(self) -> ComposeResult:
        t = self.t
        yield Static(t("{office} 在办事项公示（挂牌销号）", office=self.office_name or t("便民服务中心")),
                     id="title", markup=False)
        table = DataTable(id="public", cursor_type="none", show_cursor=False, zebra_stripes=True)
        yield table
        yield Static("", id="footer-line", markup=False)

    def on_mount(self) -> None:
        t = self.t
        table = self.query_one("#public", DataTable)
        table.can_focus = False
        rest = max(10, self.size.width - (10 + 8 + 12 + 10) - 2 * 5 - 1)
        table.add_column(t("申请日期"), width=10, key="received")
        table.add_column(t("事项"), width=rest, key="matter")
        table.add_column(t("经办人"), width=8, key="owner")
        table.add_column(t("承诺办结日期"), width=12, key="due")
        table.add_column(t("期限"), width=10, key="light")
        self.call_after_refresh(self.turn)
        self.set_interval(self.interval, self.turn)

    def page_size(self) -> int:
        table = self.query_one("#public", DataTable)
        return max(3, min(200, (table.size.height or self.size.height - 2) - 1))

    def turn(self) -> None:
        """The next screenful (the first again after the last); queried afresh every time."""
        start = self.start
        if self.page is not None:
            start = self.page.offset + len(self.page.rows) if self.page.has_more else 0
        self.fetch(start, self.page_size())

    @work(thread=True, exclusive=True, group="public")
    def fetch(self, start: int, limit: int) -> None:
        from ..services import board

        try:
            total = board.count(self.db, board.PUBLIC_ACTOR, self.clock)
            if start >= total:
                start = 0
            page = board.page(self.db, board.PUBLIC_ACTOR, self.clock, offset=start, limit=limit)
            self.post_message(PublicPage(page, total))
        except QuanchengError as err:
            self.post_message(PublicFailed(err))
        except Exception as exc:
            self.post_message(PublicFailed(unexpected(exc)))

    def on_public_page(self, message: PublicPage) -> None:
        t = self.t
        self.page = message.page
        self.start = message.page.offset
        self.total = message.total
        table = self.query_one("#public", DataTable)
        width = table.columns["matter"].width
        table.clear()
        for row in message.page.rows:
            style = ROW_STYLES[row.light]
            table.add_row(
                Text(row.received_on.isoformat(), style=style), Text(truncate(row.matter_name, width), style=style),
                Text(truncate(row.owner_name, 8), style=style),
                Text(row.due_on.isoformat() if row.due_on else "—", style=style),
                Text(light_text(t, row), style=LIGHT_STYLES[row.light]), key=row.number)
        page = message.page
        if page.rows:
            where = t("第 {first}–{last} 件，共 {total} 件", first=page.offset + 1,
                      last=page.offset + len(page.rows), total=message.total)
        else:
            where = t("目前没有在办案件")
        legend = t("× 超期  ! 今日到期  ● 临近  ○ 正常  · 未计时")
        self.query_one("#footer-line", Static).update(
            f"{page.today.isoformat()}  {where}  │ {legend}  │ {t('每 {n} 秒翻页', n=int(self.interval))}")

    def on_public_failed(self, message: PublicFailed) -> None:
        self.query_one("#footer-line", Static).update(self.t.error(message.error))
