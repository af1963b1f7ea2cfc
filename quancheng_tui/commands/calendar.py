"""calendar show | import | check."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import N_, InputError
from . import common
from .deadline import load_calendar

app = typer.Typer(help="节假日安排（工作日历）", no_args_is_help=True)


def _year(value: int) -> int:
    if not 1900 <= value <= 2999:
        raise InputError(N_("年份“{value}”无效"), value=value)
    return value


DAY_COLUMNS = ["date", "kind", "name"]


@app.command("show")
def show(ctx: typer.Context, year: int = typer.Argument(..., help="年份"),
         json_: bool = common.JSON, fmt: str = common.FORMAT) -> None:
    """显示一年的放假日、调休上班日和工作日数（表格、CSV、NDJSON 每天一行；JSON 为一份含 days 的文档）。"""
    cal = load_calendar(ctx, year=_year(year))
    table = cal.table(year)  # a year before every table raises, naming how to import it
    t = common.t(ctx)
    days = [(d, "holiday", table.name_of(d)) for d in table.holidays]
    days += [(d, "workday", table.name_of(d)) for d in table.workdays]
    days.sort()
    count = cal.workday_count(year)
    fmt = common.output_format(json_, fmt)
    envelope = {"year": year, "source": table.source, "origin": table.origin,
                "published": table.published.isoformat() if table.published else None, "working_days": count}
    if fmt == "json":
        rows = [{"date": d, "kind": k, "name": n} for d, k, n in days]
        common.emit(rows, fmt, DAY_COLUMNS, envelope=envelope, key="days")
        return
    # The year's summary is a message (stderr): stdout holds the days alone, one a row, in every format.
    origin = {"imported": t("已导入"), "provisional": t("预计")}.get(table.origin, t("随程序提供"))
    common.echo_err(t("{year} 年：{count} 个工作日（{origin}）", year=year, count=count, origin=origin))
    common.echo_err(table.source)
    if fmt == "table":
        label = {"holiday": t("放假"), "workday": t("调休上班")}
        rows = [{"date": d, "kind": label[k], "name": n} for d, k, n in days]
        common.emit(rows, fmt, DAY_COLUMNS, [t("日期"), t("安排"), t("节日")])
    else:
        common.emit([{"date": d, "kind": k, "name": n} for d, k, n in days], fmt, DAY_COLUMNS)


@app.command("import")
def import_(ctx: typer.Context, file: Path = typer.Argument(..., help="TOML 或 CSV 文件"),
            notices: Path | None = typer.Option(None, "--notices", metavar="DIR",
                                                   help="为期限变更的每件案件输出办理时限变更告知书（PDF）到此目录")) -> None:
    """导入一年的节假日安排（仅管理员；整份导入或不导入；优先于随程序提供的表）；未办结案件的期限随之重算。"""
    from ..services.calendar import import_year

    if notices is not None and not notices.is_dir():
        raise InputError(N_("目录不存在：{path}"), path=str(notices))
    from ..services.db_files import require_existing

    require_existing(common.state(ctx).settings.db)  # show and check read an absent file as empty; import never makes one
    db = common.open_db(ctx)
    actor, clock = common.actor(ctx, db), common.clock()
    result = import_year(db, actor, clock, file)
    t = common.t(ctx)
    common.echo_err(t("已导入 {year} 年节假日安排：放假 {holidays} 天，调休上班 {workdays} 天",
                      year=result.year, holidays=result.holidays, workdays=result.workdays))
    # The moved cases are data (stdout, one per line: number, old due, new due, owner); the count is a message.
    for c in result.redated:
        typer.echo(f"{c.number}\t{c.old_due.isoformat()}\t{c.new_due.isoformat()}\t{c.owner}")
    common.echo_err(t("{n} 件未办结案件的办结期限随之变更，请告知申请人（时限变更告知）", n=len(result.redated))
                    if result.redated else t("没有未办结案件的办结期限因此变更"))
    if notices is not None and result.redated:
        from ..documents.output import safe_filename
        from ..services import forms

        for c in result.redated:
            data = forms.form_for(db, actor, clock, c.number, "date-change")
            forms.write(data, notices / f"{safe_filename(forms.file_stem('date-change', data))}.pdf")
        common.echo_err(t("已输出 {n} 份办理时限变更告知书到 {path}", n=len(result.redated), path=str(notices)))


@app.command("check")
def check(ctx: typer.Context, year: int = typer.Argument(..., help="年份")) -> None:
    """检查某年是否有节假日安排（没有则退出码 1）。"""
    cal = load_calendar(ctx, year=_year(year))
    table = cal.table(year)
    if table.origin == "provisional":
        raise InputError(N_("{year} 年还没有国务院节假日安排（期限按预计日历计算）；请用 quancheng calendar import FILE "
                            "导入该年的安排"), year=year)
    common.echo(common.t(ctx)("{year} 年有节假日安排：{source}", year=year, source=table.source))
