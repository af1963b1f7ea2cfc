"""export cases|audit|ratings|complaints|roster (cli-contract.md "Exports and reports")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer

from . import common


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    ctx: typer.Context,
    dataset: str = typer.Argument(..., metavar="cases|audit|ratings|complaints|roster", help="导出什么"),
    from_: str | None = typer.Option(None, "--from", help="起始日期 YYYY-MM-DD（含）"),
    to: str | None = typer.Option(None, "--to", help="截止日期 YYYY-MM-DD（含）"),
    fmt: str = common.format_option(..., ("csv", "xlsx", "json", "ndjson"), help="csv、xlsx、json 或 ndjson"),
    out: str = typer.Option(..., "--out", help="输出文件（csv、json、ndjson 可用 - 表示标准输出）"),
    unmasked: bool = typer.Option(False, "--unmasked", help="不脱敏（仅管理员；记入审计日志）"),
) -> None:
    """导出办件（按收件日期）、审计日志（按记录时间）、评价（按评价时间）或投诉（按收到日期）；个人信息默认脱敏。"""
    import sys

    from ..services import exports, tabular
    from .deadline import parse_date

    req = exports.ExportRequest(
        dataset=dataset.strip().lower(), fmt=fmt.strip().lower(),
        start=parse_date(from_, "--from") if from_ is not None else None,
        end=parse_date(to, "--to") if to is not None else None, unmasked=unmasked,
        lang=common.state(ctx).settings.lang,
    )
    output = tabular.Output.option(out, sys.stdout.buffer)
    exports.check(req, to_stream=output.path is None)
    db = common.open_db(ctx)
    with _progress(common.t(ctx)) as progress:
        result = exports.export(db, common.actor(ctx, db), common.clock(), req, output, progress=progress)
    if output.path is not None:
        # One line; it ends with the audit trail's head in the export's own snapshot, to keep with the file
        # (`audit verify --anchor` later proves the trail since). Data on stdout gets no message at all.
        t = common.t(ctx)
        what = t(exports.LABELS[result.dataset])
        if result.unmasked:
            done = t("已导出 {count} 条未脱敏的{what}到 {path}（已记入审计日志）", count=result.rows, what=what,
                     path=result.target)
        else:
            done = t("已导出 {count} 条{what}到 {path}", count=result.rows, what=what, path=result.target)
        common.echo_err(t("{done}；审计日志锚点 {anchor}", done=done, anchor=str(result.anchor)))


@contextmanager
def _progress(t) -> Iterator[Callable[[int], None] | None]:
    """Rows written so far, on one line of stderr rewritten in place, only when stderr is a terminal (a
    script or a log file gets nothing); the line is cleared at the end."""
    import sys

    err = sys.stderr
    if not err.isatty():
        yield None
        return
    shown = False

    def show(count: int) -> None:
        nonlocal shown
        err.write("\r" + t("正在导出……已写 {count} 行", count=f"{count:,}") + "\x1b[K")
        err.flush()
        shown = True

    try:
        yield show
    finally:
        if shown:
            err.write("\r\x1b[K")
            err.flush()
