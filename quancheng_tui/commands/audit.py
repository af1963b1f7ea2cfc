"""audit verify, audit anchor."""

from __future__ import annotations

import json

import typer

from ..errors import N_, Conflict
from . import common

app = typer.Typer(help="审计日志", no_args_is_help=True)


@app.command("verify")
def verify(ctx: typer.Context, json_: bool = typer.Option(False, "--json", help="输出 JSON"),
           anchor: str | None = typer.Option(None, "--anchor", metavar="COUNT:HASH",
                                             help="先前 quancheng audit anchor 输出的锚点：另查末尾被删或整条链被重算")) -> None:
    """检查审计日志的哈希链：完好退出码 0，否则 1 并指出第一条被改动、删除或插入的记录。"""
    from ..services import audit

    mark = audit.Anchor.parse(anchor) if anchor is not None else None  # a malformed anchor: before any work
    db = common.open_db(ctx, upgrade=False)
    result = audit.check_anchor(db, mark) if mark is not None else audit.verify(db)
    if json_:
        typer.echo(json.dumps({"ok": result.ok, "entries": result.entries, "first_bad": result.first_bad,
                               "reason": result.reason or None}))
    if result.reason == "truncated" and mark is not None:  # check_anchor's reasons, so a mark was given
        raise Conflict(N_("审计日志只有 {n} 条记录，少于锚点的 {count} 条：末尾的记录被删除了"),
                       n=result.entries, count=mark.count)
    if result.reason == "anchor" and mark is not None:
        raise Conflict(N_("审计日志第 {count} 条记录与锚点不符：日志被改写后重新计算过（共 {n} 条）"),
                       count=mark.count, n=result.entries)
    if not result.ok:
        raise Conflict(N_("审计日志第 {id} 条记录已被改动、删除或插入（共检查 {n} 条）"), id=result.first_bad, n=result.entries)
    if not json_:
        typer.echo(common.t(ctx)("审计日志完好：{n} 条记录", n=result.entries)
                   + (common.t(ctx)("，与锚点 {count} 条一致", count=mark.count) if mark is not None else ""))


@app.command("anchor")
def anchor(ctx: typer.Context) -> None:
    """输出审计日志的锚点 COUNT:HASH（条数:最新一条的哈希），请抄下保存在系统之外；以后用 audit verify --anchor 核对。"""
    from ..services import audit

    db = common.open_db(ctx, upgrade=False)
    typer.echo(str(audit.anchor(db, common.actor(ctx, db))))
