"""demo: a throwaway demo office with generated cases."""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from . import common


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    ctx: typer.Context,
    cases: int = typer.Option(500, "--cases", min=0, max=1_000_000, help="生成的案件数"),
    seed: int = typer.Option(1, "--seed", help="随机种子（相同种子生成相同数据）"),
    no_tui: bool = typer.Option(False, "--no-tui", help="只生成数据库并输出其路径"),
) -> None:
    """生成一个临时演示数据库（各角色人员、示例事项目录、各种状态的案件），然后打开终端界面。"""
    from ..services import database, setup
    from ..services import demo as demo_svc

    t = common.t(ctx)
    path = Path(tempfile.mkdtemp(prefix="quancheng-demo-")) / "demo.db"
    db = database.open_database(str(path), create=True)
    _no_sync_while_filling(db)
    clock = common.clock()
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", setup.DEMO_PASSWORD, demo=True)
    made = demo_svc.generate(db, clock, cases, seed)
    common.echo_err(t("演示数据库：{n} 件案件；工作人员密码 {password}", n=made, password=setup.DEMO_PASSWORD))
    if no_tui:
        typer.echo(str(path))
        return
    from .tui import start

    code = start(common.state(ctx), common.lite_flag(ctx), db)
    if code:
        raise typer.Exit(code)


def _no_sync_while_filling(db) -> None:
    """A throwaway file being filled: no fsync at every one of its thousands of commits (synchronous=OFF
    on each connection, after the engine's own settings); a crash loses only a demo."""
    from sqlalchemy import event

    @event.listens_for(db.engine, "connect")
    def _on_connect(dbapi_con, _record) -> None:
        dbapi_con.execute("PRAGMA synchronous=OFF")

    db.engine.dispose()  # connections already open get it too
