"""catalog import | export | list | show | search."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import N_, InputError
from . import common

app = typer.Typer(help="事项目录（办事指南）", no_args_is_help=True)

EXPORT_FORMATS = ("csv", "xlsx", "json", "toml")
SUMMARY_COLUMNS = ["code", "name", "department", "category", "kind", "statutory_days", "promised_days",
                   "day_kind", "village", "active"]


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="事项目录文件：.toml、.csv 或 .xlsx"),
    deactivate_missing: bool = typer.Option(False, "--deactivate-missing",
                                            help="停用文件中没有的事项（默认保留不动）"),
) -> None:
    """导入事项目录（仅管理员；按事项编码新增或更新；整份导入或不导入）。"""
    from ..services import catalog as svc

    db = common.open_db(ctx)
    result = svc.import_catalog(db, common.actor(ctx, db), common.clock(), file, deactivate_missing)
    common.echo_err(common.t(ctx)(
        "已导入事项目录 {file}：新增 {added} 项，更新 {updated} 项，未变 {unchanged} 项，停用 {deactivated} 项",
        file=result.source, added=len(result.added), updated=len(result.updated),
        unchanged=len(result.unchanged), deactivated=len(result.deactivated)))


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: str = common.format_option(..., EXPORT_FORMATS, help="csv、xlsx、json 或 toml"),
    out: Path = typer.Option(..., "--out", help="输出文件（csv、json、toml 可用 - 表示标准输出）"),
) -> None:
    """导出整个事项目录（含已停用事项），导出的文件可原样导入。"""
    import sys

    from ..domain import catalog as cat
    from ..services import catalog as svc
    from ..services.tabular import Output

    if str(out) == "-" and fmt == "xlsx":
        raise InputError(N_("xlsx 格式不能输出到标准输出，请用 --out 指定文件"))
    db = common.open_db(ctx)
    matters = svc.export_catalog(db, common.actor(ctx, db))
    if fmt == "csv":
        data: bytes = cat.to_csv(matters)
    elif fmt == "xlsx":
        data = cat.to_xlsx(matters)
    elif fmt == "json":
        data = cat.to_json(matters).encode("utf-8")
    else:
        data = cat.to_toml(matters).encode("utf-8")
    sys.stdout.flush()
    output = Output.option(str(out), sys.stdout.buffer)
    with output.pending() as pending:
        pending.stream.write(data)
        pending.publish()
    if output.path is not None:
        common.echo_err(common.t(ctx)("已导出 {count} 个事项到 {path}", count=len(matters), path=output.name))


@app.command("list")
def list_(
    ctx: typer.Context,
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
    all_: bool = typer.Option(False, "--all", help="包括已停用的事项"),
    village: bool = typer.Option(False, "--village", help="只列村级可代办的事项"),
    category: str | None = typer.Option(None, "--category", help="own、joint 或 transfer"),
) -> None:
    """列出事项目录。"""
    from ..services import catalog as svc

    fmt = common.output_format(json_, fmt)
    if category is not None and category not in ("own", "joint", "transfer"):
        raise InputError(N_("办件分类“{value}”无效，应为 own、joint 或 transfer"), value=category)
    db = common.open_db(ctx)
    rows = [m.as_dict() for m in svc.list_matters(db, include_inactive=all_, village_only=village, category=category)]
    common.emit(rows, fmt, SUMMARY_COLUMNS)


@app.command("search")
def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="事项编码、名称中的字或拼音首字母（如 dbsq）"),
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
    limit: int = typer.Option(20, "--limit", min=1, max=1000, help="最多显示几项"),
    village: bool = typer.Option(False, "--village", help="只找村级可代办的事项"),
) -> None:
    """查找事项：编码前缀、名称、拼音首字母。"""
    from ..services import catalog as svc

    fmt = common.output_format(json_, fmt)
    db = common.open_db(ctx)
    rows = [m.as_dict() for m in svc.search(db, query, limit=limit, village_only=village)]
    common.emit(rows, fmt, SUMMARY_COLUMNS)


@app.command("show")
def show(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="事项编码"),
    json_: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """显示一个事项的办事指南。"""
    import json

    from ..domain.text import safe_for_terminal
    from ..services import catalog as svc

    db = common.open_db(ctx)
    m = svc.get_matter(db, code)
    if json_:
        common.echo_json(json.dumps(m.as_dict(), ensure_ascii=False, indent=2))
        return
    t = common.t(ctx)
    labels = {
        "own": t("受理件"), "joint": t("联办件"), "transfer": t("移办件"),
        "instant": t("即办件"), "promised": t("承诺件"), "report_up": t("上报件"),
        "original": t("原件"), "copy": t("复印件"), "either": t("原件或复印件"),
        "working": t("个工作日"), "natural": t("个自然日"),
    }
    kind = f"{labels[m.category]}" + (f" · {labels[m.kind]}" if m.kind else "")
    lines = [f"{m.code}  {m.name}" + ("" if m.active else f"  [{t('已停用')}]"), kind]
    if m.department:
        lines.append(t("承办部门：{value}", value=m.department))
    if m.category != "transfer":
        statutory = (f"{m.statutory_days} {labels[m.day_kind]}" if m.statutory_days else t("无"))
        lines.append(t("法定时限：{statutory}；承诺时限：{promised}", statutory=statutory,
                       promised=f"{m.promised_days} {labels[m.day_kind]}"))
    if m.units:
        lines.append(t("相关单位：{value}", value="、".join(m.units)))
    for label, value in ((t("单位地址：{value}", value=m.unit_address), m.unit_address),
                         (t("单位电话：{value}", value=m.unit_phone), m.unit_phone),
                         (t("窗口：{value}", value=m.window), m.window),
                         (t("电话：{value}", value=m.phone), m.phone),
                         (t("收费：{value}", value=m.fees), m.fees),
                         (t("村级代办：{value}", value=t("可以") if m.village else t("不可以")), True),
                         (t("依据：{value}", value=m.basis), m.basis),
                         (t("条件：{value}", value=m.conditions), m.conditions),
                         (t("流程：{value}", value=m.procedure), m.procedure)):
        if value:
            lines.append(label)
    if m.materials:
        lines.append(t("申请材料："))
        for i, mat in enumerate(m.materials, 1):
            extra = "" if mat.required else f"（{t('可选')}）"
            note = f"  {mat.note}" if mat.note else ""
            lines.append(f"  {i}. [{mat.code}] {mat.name}  {labels[mat.form]} × {mat.copies}{extra}{note}")
    typer.echo("\n".join(safe_for_terminal(line) for line in lines))
