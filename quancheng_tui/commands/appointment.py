"""appointment book | list (预约服务)."""

from __future__ import annotations

import typer

from ..errors import N_
from . import common
from .deadline import parse_date

app = typer.Typer(help="预约服务", no_args_is_help=True)


@app.command("book")
def book(
    ctx: typer.Context,
    matter: str = typer.Option(..., "--matter", help="事项编码"),
    name: str = typer.Option(..., "--name", help="预约人姓名"),
    phone: str = typer.Option(..., "--phone", help="联系电话"),
    day: str = typer.Option(..., "--date", help="预约日期 YYYY-MM-DD"),
    time: str = typer.Option(..., "--time", help="预约时间 HH:MM"),
    village: str | None = typer.Option(None, "--village", help="村（社区）代码"),
    note: str = typer.Option("", "--note", help="备注"),
    json_: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """登记预约，并出具所需材料的一次性告知书。"""
    import json

    from ..services import appointments

    when = parse_date(day, N_("预约日期"))
    db = common.open_db(ctx)
    view = appointments.book(db, common.actor(ctx, db), common.clock(), matter, when, time, name, phone, village, note)
    if json_:
        common.echo_json(json.dumps(view.as_dict(mask=False), ensure_ascii=False, default=str))
    else:
        typer.echo(f"{view.day.isoformat()} {view.time} {view.notice_number or ''}".rstrip())
    common.echo_err(common.t(ctx)("已登记预约；一次性告知书 {number}", number=view.notice_number or "-"))


@app.command("list")
def list_(
    ctx: typer.Context,
    day: str | None = typer.Option(None, "--date", help="日期（默认今天）"),
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
    unmasked: bool = typer.Option(False, "--unmasked", help="显示完整姓名和电话（仅管理员；记入审计日志）"),
) -> None:
    """某日的预约名单（默认今天），按时间排序。"""
    from ..services import appointments

    clock = common.clock()
    when = parse_date(day, N_("日期")) if day else clock.today()
    db = common.open_db(ctx)
    actor = common.actor(ctx, db)
    if unmasked:  # admins only, and audited: the service decides
        views = appointments.for_day_unmasked(db, actor, clock, when)
    else:
        views = appointments.for_day(db, actor, when)
    rows = [a.as_dict(mask=not unmasked) for a in views]
    common.emit(rows, common.output_format(json_, fmt), ["time", "name", "phone", "matter_code", "matter_name", "village", "notice_number", "status"])
