"""board: the public hall screen (`--public`, 挂牌销号); without it, the board opens in the TUI."""

from __future__ import annotations

import typer

from . import common


def register(app: typer.Typer) -> None:
    app.command("board")(board)


def board(
    ctx: typer.Context,
    public: bool = typer.Option(False, "--public", help="公示屏：只读、姓名脱敏、自动翻页，无需登录"),
    interval: int = typer.Option(10, "--interval", min=2, max=3600, help="公示屏每隔几秒翻一页"),
) -> None:
    """案件看板。--public：大厅公示屏（在办案件、承诺办结日期和红黄绿灯，挂牌销号）。"""
    from ..errors import N_, QuanchengError

    if not public:
        raise QuanchengError(N_("请在终端界面中打开案件看板（主界面按 3），或用 --public 打开公示屏"))
    db = common.open_db(ctx)
    try:
        from ..app import ui_translator
        from ..screens.public_board import PublicBoardApp
        from ..services import setup

        settings = common.state(ctx).settings
        office = setup.office(db)
        app = PublicBoardApp(db, common.clock(), ui_translator(settings.lang),
                             office_name=office.name if office else "", interval=interval)
        app.run(mouse=False)
    finally:
        db.dispose()
