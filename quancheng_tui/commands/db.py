"""db upgrade, db check."""

from __future__ import annotations

import typer

from ..errors import N_, StorageError
from . import common

app = typer.Typer(help="数据库：升级、检查", no_args_is_help=True)


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """把数据库升级到本程序的架构版本（升级前在旁边写一份备份）。"""
    from ..services import database

    t = common.t(ctx)
    db = common.open_db(ctx, create=True, upgrade=False)
    result = database.upgrade(db)
    if result.before == result.after:
        common.echo_err(t("数据库已是最新版本 {revision}", revision=result.after))
    else:
        common.echo_err(t("数据库已从 {before} 升级到 {after}", before=result.before or "-", after=result.after))
    if result.backup:
        common.echo_err(t("升级前的备份：{path}", path=str(result.backup)))
    _adopt(ctx, db)


def _adopt(ctx: typer.Context, db) -> None:
    """An office from before OS mappings: whoever upgrades it on the server is its first admin's (issue 18)."""
    from ..services import identity

    os_user = common.os_account()
    login = identity.adopt_unmapped_office(db, common.clock(), os_user)
    if login is not None:
        common.echo_err(common.t(ctx)("系统账号 {os_user} 已关联到管理员 {login}", os_user=os_user, login=login))


@app.command("check")
def check(ctx: typer.Context, json_: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """完整性检查和架构版本。"""
    import json

    from ..services import database

    t = common.t(ctx)
    db = common.open_db(ctx, upgrade=False)
    result = database.check(db)
    from ..services.db_files import loose_modes

    for path, mode in loose_modes(db):  # written before this release's umask, or copied in by hand
        want = "0700" if path.is_dir() else "0600"
        common.echo_err(t("警告：{path} 的权限为 {mode}，其他系统账户也能读取；请改为 {want}（chmod {want} {path}）",
                          path=str(path), mode=f"{mode:04o}", want=want))
    if json_:
        typer.echo(json.dumps({"integrity": result.integrity, "revision": result.revision,
                               "head": result.head, "ok": result.ok}, ensure_ascii=False))
    else:
        typer.echo(t("完整性：{integrity}", integrity=result.integrity))
        typer.echo(t("架构版本：{revision}（本程序：{head}）", revision=result.revision or "-", head=result.head))
    if result.integrity != "ok":
        raise StorageError(N_("数据库未通过完整性检查：{reason}"), reason=result.integrity)
    if result.revision != result.head:
        raise StorageError(N_("数据库架构版本 {revision} 不是最新（{head}），请运行 quancheng db upgrade"),
                           revision=result.revision or "-", head=result.head)
