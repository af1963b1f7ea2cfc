"""hall: the locked hall terminal (大厅查询终端; cli-contract.md "Public board")."""

from __future__ import annotations

import typer

from . import common


def register(app: typer.Typer) -> None:
    app.command("hall")(hall)


def hall(
    ctx: typer.Context,
    terminal: str = typer.Option("hall", "--terminal", help="终端名称（每台终端的查询错误次数分开计算）"),
    idle: int = typer.Option(60, "--idle", min=5, max=3600, help="查询或评价后无操作几秒回到首页"),
    interval: int = typer.Option(10, "--interval", min=2, max=3600, help="下方公示栏每隔几秒翻一页"),
) -> None:
    """大厅查询终端：群众凭案件编号和证件号或电话后四位查询办件进度并评价；锁定运行，F12 由管理员关闭。"""
    from ..domain import text

    name = text.clean(terminal, "--terminal", max_len=32)
    db = common.open_db(ctx)
    try:
        from ..app import ui_translator
        from ..screens.hall import HallApp
        from ..services import setup

        settings = common.state(ctx).settings
        office = setup.office(db)
        app = HallApp(db, common.clock(), ui_translator(settings.lang), office_name=office.name if office else "",
                      terminal=name, idle_seconds=idle, board_interval=interval)
        app.run(mouse=False)
    finally:
        db.dispose()
