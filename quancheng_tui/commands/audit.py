"""audit verify."""

from __future__ import annotations

import json

import typer

from ..errors import N_, Conflict
from . import common

app = typer.Typer(help="审计日志", no_args_is_help=True)


@app.command("verify")
def verify(ctx: typer.Context, json_: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """检查审计日志的哈希链：完好退出码 0，否则 1 并指出第一条被改动、删除或插入的记录。"""
    from ..services import audit

    db = common.open_db(ctx, upgrade=False)
    result = audit.verify(db)
    if json_:
        typer.echo(json.dumps({"ok": result.ok, "entries": result.entries, "first_bad": result.first_bad}))
    if not result.ok:
        raise Conflict(N_("审计日志第 {id} 条记录已被改动、删除或插入（共检查 {n} 条）"), id=result.first_bad, n=result.entries)
    if not json_:
        typer.echo(common.t(ctx)("审计日志完好：{n} 条记录", n=result.entries))
