"""report monthly | quarterly | range (cli-contract.md "Exports and reports"; issue 15; services/reports.py).

table, csv and json go through the listing commands' one output path (common.emit): the report in long
form, one row per figure; json also carries the report as one document. xlsx and pdf are files (--out),
written whole and readable by their owner only, as exports are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from ..errors import N_, InputError
from . import common

if TYPE_CHECKING:
    from ..domain.periods import Period

app = typer.Typer(help="统计报表：月报、季报或任意区间的办件、评价、投诉与工作人员数据", no_args_is_help=True)

FORMATS = ("table", "csv", "xlsx", "pdf", "json")
FILE_FORMATS = frozenset({"xlsx", "pdf"})
FMT = common.format_option("table", FORMATS, help="输出格式：table、csv、xlsx、pdf 或 json")
VILLAGE = typer.Option(None, "--village", help="只统计一个村（社区）的办件（村代办员只能看本村）")
OUT = typer.Option(None, "--out", "-o", "--output", help="输出文件（xlsx、pdf 必须指定；csv、json 可选）")


@app.command("monthly")
def monthly(
    ctx: typer.Context,
    month: str | None = typer.Option(None, "--month", help="月份 YYYY-MM（默认：上个月）"),
    village: str | None = VILLAGE, fmt: str = FMT, out: str | None = OUT,
) -> None:
    """月报：默认为上一个自然月。"""
    from ..domain import periods

    _report(ctx, periods.parse_month(month) if month else periods.previous_month(common.clock().today()),
            village, fmt, out)


@app.command("quarterly")
def quarterly(
    ctx: typer.Context,
    quarter: str | None = typer.Option(None, "--quarter", help="季度 YYYY-Qn（默认：上个季度）"),
    village: str | None = VILLAGE, fmt: str = FMT, out: str | None = OUT,
) -> None:
    """季报：逐月列出受理与办结；默认为上一个季度。"""
    from ..domain import periods

    _report(ctx, periods.parse_quarter(quarter) if quarter else periods.previous_quarter(common.clock().today()),
            village, fmt, out)


@app.command("range")
def range_(
    ctx: typer.Context,
    from_: str = typer.Option(..., "--from", help="起始日期 YYYY-MM-DD（含）"),
    to: str = typer.Option(..., "--to", help="截止日期 YYYY-MM-DD（含）"),
    village: str | None = VILLAGE, fmt: str = FMT, out: str | None = OUT,
) -> None:
    """任意区间的报表（两端都含）。"""
    from ..domain import periods
    from .deadline import parse_date

    _report(ctx, periods.checked_range(parse_date(from_, "--from"), parse_date(to, "--to")), village, fmt, out)


def _report(ctx: typer.Context, period: Period, village: str | None, fmt: str, out: str | None) -> None:
    from pathlib import Path

    from ..domain import text
    from ..services import report_files, reports, setup

    if fmt in FILE_FORMATS and not out:
        raise InputError(N_("{fmt} 格式须用 --out 指定输出文件"), fmt=fmt)
    target = Path(out).expanduser() if out and out != "-" else None
    if target is not None and target.is_dir():
        raise InputError(N_("{path} 是文件夹，请给出文件名"), path=str(target))
    code = text.code(village, N_("村（社区）")) if village else None
    db = common.open_db(ctx)
    report = reports.figures(db, common.actor(ctx, db), common.clock(), period.start, period.end, code)
    t = common.t(ctx)
    if fmt in FILE_FORMATS:
        assert target is not None
        office = setup.office(db)
        names = {v.code: v.name for v in setup.villages(db)}
        data = (report_files.xlsx(report) if fmt == "xlsx"
                else report_files.pdf(report, office.name if office else "", names.get(code or "")))
        _write(target, data)
        common.echo_err(t("已生成 {start} 至 {end} 的报表：{path}", start=period.start.isoformat(),
                          end=period.end.isoformat(), path=str(target)))
        return
    rows = report_files.rows(report)
    if fmt == "table":
        rows = [_readable(r, t) for r in rows]
        headers = [t("部分"), t("项目"), t("指标"), t("数值")]
        _emit(rows, "table", target, headers=headers)
        return
    envelope = report_files.document_json(report) if fmt == "json" else None
    _emit(rows, fmt, target, envelope=envelope)


def _readable(row: dict[str, Any], t) -> dict[str, Any]:
    from ..services import report_files

    section, item, figure, value = row["section"], row["item"], row["figure"], row["value"]
    if isinstance(value, float) or figure.endswith("rate") or figure in ("coverage", "village_share"):
        value = report_files.percent(value)
    elif figure == "status" and value:
        value = t(report_files.STATUS.get(value, value))
    return {"section": t(report_files.SECTIONS[section]), "item": t(report_files.item_label(section, item)) if item
            else "", "figure": t(report_files.FIGURES[figure]), "value": "" if value is None else value}


def _emit(rows, fmt: str, target, *, headers=None, envelope=None) -> None:
    from ..services import report_files

    if target is None:
        common.emit(rows, fmt, report_files.COLUMNS, headers=headers, envelope=envelope, key="rows")
        return
    import io

    buf = io.StringIO()
    common.emit(rows, fmt, report_files.COLUMNS, headers=headers, out=buf, envelope=envelope, key="rows")
    data = buf.getvalue().encode("utf-8")
    _write(target, b"\xef\xbb\xbf" + data if fmt == "csv" else data)  # CSV: UTF-8 with BOM, as exports


def _write(target, data: bytes) -> None:
    from ..services.tabular import Output

    # as exports: 0600, unnamed until complete, then linked under its name (a failure leaves no half file)
    with Output(path=target).pending(sensitive=True) as pending:
        pending.stream.write(data)
        pending.publish()
