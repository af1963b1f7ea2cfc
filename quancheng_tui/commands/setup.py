"""init, demo, backup, restore."""

from __future__ import annotations

from pathlib import Path

import typer

from . import common

DEMO_CASES = 60  # enough for every state and light; `quancheng demo --cases N` makes more


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("backup")(backup)
    app.command("restore")(restore)


def init(
    ctx: typer.Context,
    office_name: str | None = typer.Option(None, "--office-name", help="中心名称"),
    office_code: str | None = typer.Option(None, "--office-code", help="中心代码（用于案件编号）"),
    admin: str | None = typer.Option(None, "--admin", help="首位管理员的登录名"),
    admin_name: str | None = typer.Option(None, "--admin-name", help="首位管理员的姓名"),
    catalog: Path | None = typer.Option(None, "--catalog", help="事项目录文件（TOML、CSV 或 XLSX）"),
    demo: bool = typer.Option(False, "--demo", help="载入演示中心：各角色工作人员、村（社区）、示例事项目录和案件"),
    demo_cases: int = typer.Option(DEMO_CASES, "--demo-cases", min=0, max=100_000, help="--demo 时生成的案件数"),
    phone: str | None = typer.Option(None, "--phone", help="中心咨询电话（印在每份表单上；已建库时由管理员修改）"),
    complaint_phone: str | None = typer.Option(None, "--complaint-phone",
                                                  help="中心投诉/监督电话（印在每份表单上；已建库时由管理员修改）"),
) -> None:
    """创建或升级数据库（可重复执行）。"""
    from ..services import setup as svc
    from ..services.catalog import read_file

    t = common.t(ctx)
    specs = read_file(catalog) if catalog is not None else None  # a bad file fails before any change
    db = common.open_db(ctx, create=True)
    if svc.needs_first_run(db):
        login = admin or ("admin" if demo else common.state(ctx).settings.user)
        password = svc.DEMO_PASSWORD if demo else None
        office = svc.initialize(
            db, common.clock(),
            office_name or ("青山镇便民服务中心" if demo else "便民服务中心"),
            office_code or ("QS" if demo else "QC"),
            login, admin_name or ("管理员" if demo else login), password=password, demo=demo,
            phone=phone or "", complaint_phone=complaint_phone or "",
            catalog=specs, catalog_source=catalog.name if catalog else "",
        )
        common.echo_err(t("已创建 {office}（{code}），管理员：{login}", office=office.name, code=office.code, login=login))
        _map_first_admin(db, login)
        if demo:
            from ..services.demo import generate

            made = generate(db, common.clock(), demo_cases, seed=1)
            common.echo_err(t("演示数据库：{n} 件案件；工作人员密码 {password}", n=made, password=svc.DEMO_PASSWORD))
    else:
        from .db import _adopt

        _adopt(ctx, db)  # `init` again on an office from before OS mappings, as `db upgrade` does
        if phone is not None or complaint_phone is not None:
            svc.set_office_phones(db, common.actor(ctx, db), common.clock(), phone=phone,
                                  complaint_phone=complaint_phone)
            common.echo_err(t("已更新中心电话"))
        if demo:
            svc.load_demo(db, common.actor(ctx, db), common.clock())
            common.echo_err(t("已载入演示数据"))
        if specs is not None and catalog is not None:  # specs were read from catalog
            from ..services.catalog import import_specs

            import_specs(db, common.actor(ctx, db), common.clock(), specs, catalog.name)
            common.echo_err(t("已导入事项目录 {file}", file=catalog.name))
    typer.echo(str(db.target.display))


def _map_first_admin(db, login: str) -> None:
    """The OS account that ran `init` is the first admin's: its commands need no password (issue 18)."""
    from ..services.identity import map_first_admin

    os_user = common.os_account()
    if map_first_admin(db, common.clock(), login, os_user):
        common.echo_err(common.t()("系统账号 {os_user} 已关联到管理员 {login}", os_user=os_user, login=login))


def backup(ctx: typer.Context, file: Path = typer.Argument(..., help="备份文件")) -> None:
    """用 SQLite 在线备份接口复制一份一致的数据库（仅管理员；记入审计日志；文件仅本人可读）。"""
    from ..services.backup import backup_sqlite

    t = common.t(ctx)
    db = common.open_db(ctx, upgrade=False)
    dest = backup_sqlite(db, common.actor(ctx, db), common.clock(), file)
    common.echo_err(t("已备份到 {path}", path=str(dest)))


def restore(ctx: typer.Context, file: Path = typer.Argument(..., help="要恢复的备份文件")) -> None:
    """检查备份（完整性、架构版本）后替换当前数据库（仅管理员；两份审计日志都记下；原库先另存一份）。"""
    from ..services.backup import restore_sqlite

    t = common.t(ctx)
    db = common.open_db(ctx, upgrade=False)
    done = restore_sqlite(db, common.actor(ctx, db), common.clock(), file)
    common.echo_err(t("已恢复；原数据库另存为 {path}（其审计日志锚点 {replaced}）；恢复后的锚点：{restored}",
                      path=str(done.saved), replaced=str(done.replaced), restored=str(done.restored)))
