"""`quancheng deadline`: a due date by domain.md §5, fast enough to script.

It imports neither Textual nor SQLAlchemy: the shipped schedules and, where
the database is a SQLite file, its imported years read through sqlite3.
"""

from __future__ import annotations

import json
from datetime import date

import typer

from ..errors import N_, InputError
from . import common


def register(app: typer.Typer) -> None:
    # Negative DAYS must reach our own check (exit 1), not click's option parser (exit 2).
    app.command("deadline", context_settings={"ignore_unknown_options": True})(deadline)


def parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(N_("{field}“{value}”不是有效日期（YYYY-MM-DD）"), field=field, value=value) from None


def parse_days(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InputError(N_("天数“{value}”不是整数"), value=value) from None


def load_calendar(ctx: typer.Context, provisional: bool = True, year: int | None = None):
    """Shipped and imported years; with `provisional`, provisional ones through `year` + 1 and next year."""
    from ..domain.calendar import build_calendar
    from ..services.calendar_years import imported_years

    through = max(year or 0, date.today().year) + 1
    return build_calendar(imported_years(common.state(ctx).settings.db), through=through, provisional=provisional)


def deadline(
    ctx: typer.Context,
    from_: str = typer.Argument(..., metavar="FROM", help="收件日期 YYYY-MM-DD"),
    days: str = typer.Argument(..., metavar="DAYS", help="期限天数"),
    natural: bool = typer.Option(False, "--natural", help="按自然日计算（默认工作日）"),
    suspend: list[str] | None = typer.Option(None, "--suspend", metavar="START:END",
                                                help="不计入期限的时间段（含两端），可重复"),
    provisional: bool = typer.Option(False, "--provisional",
                                     help="允许按预计日历计算（该年国务院尚未公布节假日安排）"),
    json_: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """计算办结期限：收件当日不计，从次日起算。"""
    from ..domain.deadlines import Suspension, due_date

    received = parse_date(from_, N_("收件日期"))
    n = parse_days(days)
    kind = "natural" if natural else "working"
    suspensions = [Suspension.parse(s) for s in (suspend or [])]
    try:  # the official years alone first: most dates need no provisional year (and no lunar library)
        cal = load_calendar(ctx, provisional=False)
        result = due_date(cal, received, n, kind, suspensions)
    except InputError:
        cal = load_calendar(ctx, year=received.year)
        result = due_date(cal, received, n, kind, suspensions)
    if result.provisional and not provisional:
        years = "、".join(str(y) for y in sorted(cal.provisional_years)
                         if cal.provisional(received, result.due) and received.year <= y <= result.due.year)
        raise InputError(N_("期限落在尚无国务院节假日安排的 {years} 年，只能预计：加 --provisional 得到预计日期，"
                            "或用 quancheng calendar import FILE 导入该年安排"), years=years)
    if json_:
        typer.echo(json.dumps({"from": received.isoformat(), "days": n, "kind": kind,
                               "due": result.due.isoformat(), "suspended_days": result.suspended_days,
                               "provisional": result.provisional}))
    else:
        typer.echo(result.due.isoformat())
