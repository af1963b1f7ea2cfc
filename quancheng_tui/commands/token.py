"""token create, list, revoke: proof of identity for scripts and cron (QUANCHENG_TOKEN)."""

from __future__ import annotations

import typer

from ..errors import N_
from . import common

app = typer.Typer(help="脚本令牌（QUANCHENG_TOKEN）", no_args_is_help=True)


@app.command("create")
def create(
    ctx: typer.Context,
    login: str = typer.Argument(..., help="令牌证明的登录名"),
    expires: str | None = typer.Option(None, "--expires", help="最后有效日期 YYYY-MM-DD（默认：不过期，直至撤销）"),
    note: str = typer.Option("", "--note", help="备注（用途）"),
) -> None:
    """为工作人员创建令牌（仅管理员）；令牌只显示这一次，库中只存其散列。"""
    from ..services import identity
    from .deadline import parse_date

    until = parse_date(expires, N_("有效期")) if expires is not None else None
    db = common.open_db(ctx)
    token_id, token = identity.create_token(db, common.actor(ctx, db), common.clock(), login, until, note)
    typer.echo(token)
    common.echo_err(common.t(ctx)("已创建令牌 {id}（{login}），只显示这一次：请存入 QUANCHENG_TOKEN", id=token_id,
                                  login=login))


@app.command("list")
def list_(
    ctx: typer.Context,
    json_: bool = typer.Option(False, "--json", help="输出 JSON"),
    fmt: str = typer.Option("table", "--format", help=common.FORMAT_HELP),
) -> None:
    """列出令牌（仅管理员；不含令牌本身）。"""
    from ..services import identity

    db = common.open_db(ctx)
    rows = [v.as_dict() for v in identity.list_tokens(db, common.actor(ctx, db))]
    common.emit(rows, "json" if json_ else fmt,
                ["id", "login", "note", "created_at", "created_by", "expires_on", "revoked", "last_used_at"])


@app.command("revoke")
def revoke(ctx: typer.Context, token_id: int = typer.Argument(..., help="令牌编号（token list）")) -> None:
    """撤销令牌（仅管理员）。"""
    from ..services import identity

    db = common.open_db(ctx)
    identity.revoke_token(db, common.actor(ctx, db), common.clock(), token_id)
    common.echo_err(common.t(ctx)("已撤销令牌 {id}", id=token_id))
