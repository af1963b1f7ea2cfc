"""roster import | show | export | posts | leave | back (cli-contract.md "Reference data")."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import N_
from . import common

if TYPE_CHECKING:
    from ..services.roster_views import DayView, PersonRef

app = typer.Typer(help="值班排班与 AB 岗", no_args_is_help=True)

WEEKDAYS = (N_("星期一"), N_("星期二"), N_("星期三"), N_("星期四"), N_("星期五"), N_("星期六"), N_("星期日"))
DAY_COLUMNS = ["date", "weekday", "workday", "clerks", "leader", "absent"]
DAY_JSON_COLUMNS = ["date", "weekday", "workday", "clerks", "clerk_names", "leader", "leader_name", "absent",
                    "acting"]
POST_COLUMNS = ["code", "name", "a", "a_name", "b", "b_names"]


def _month(value: str | None) -> str:
    from ..domain.roster import month_key, parse_month

    if value is None:
        return month_key(common.clock().today())
    year, month = parse_month(value)
    return f"{year:04d}-{month:02d}"


def _names(people: tuple[PersonRef, ...]) -> str:
    return "、".join(p.name for p in people)


@app.command("import")
def import_(ctx: typer.Context, file: Path = typer.Argument(..., help="排班文件：.toml、.csv 或 .xlsx")) -> None:
    """导入值班排班和 AB 岗（仅管理员；文件中的月份整月替换；整份导入或不导入）。"""
    from ..services import roster as svc

    db = common.open_db(ctx)
    result = svc.import_roster(db, common.actor(ctx, db), common.clock(), file)
    t = common.t(ctx)
    months = "、".join(result.months) or t("无")
    posts = t("未变") if result.posts is None else str(result.posts)
    common.echo_err(t("已导入排班 {file}：月份 {months}，值班时段 {periods} 个，岗位 {posts}",
                      file=result.source, months=months, periods=result.periods, posts=posts))
    _warn_rule(ctx, db, result.rule_breaches)


def _warn_rule(ctx: typer.Context, db, breaches) -> None:
    """One warning line per month against the office's roster rule (seed 000); the import stands."""
    if not breaches:
        return
    from ..services.roster_rule import roster_rule

    t = common.t(ctx)
    rule = roster_rule(db, common.actor(ctx, db))
    for b in breaches:
        common.echo_err(t("警告：{month} 有协办员 {clerks} 人、值班领导 {leaders} 人，不符合排班规则"
                          "（每月协办员 {low}–{high} 人、值班领导 {lead} 人）",
                          month=b.month, clerks=len(b.clerks), leaders=len(b.leaders), low=rule.clerks_min,
                          high=rule.clerks_max, lead=rule.leaders))


@app.command("rule")
def rule(
    ctx: typer.Context,
    clerks_min: int | None = typer.Option(None, "--clerks-min", help="每月协办员最少人数"),
    clerks_max: int | None = typer.Option(None, "--clerks-max", help="每月协办员最多人数"),
    leaders: int | None = typer.Option(None, "--leaders", help="每月值班领导人数（至多）"),
    json_: bool = common.JSON,
) -> None:
    """显示或修改排班规则（默认每月协办员 1–2 人、值班领导 1 人；修改仅限管理员）。导入不符合规则的排班时给出警告。"""
    import json

    from ..services import roster_rule

    db = common.open_db(ctx)
    who = common.actor(ctx, db)
    if clerks_min is None and clerks_max is None and leaders is None:
        now = roster_rule.roster_rule(db, who)
    else:
        now = roster_rule.set_roster_rule(db, who, common.clock(), clerks_min=clerks_min, clerks_max=clerks_max,
                                          leaders=leaders)
    if json_:
        common.echo_json(json.dumps({"clerks_min": now.clerks_min, "clerks_max": now.clerks_max,
                                     "leaders": now.leaders}))
        return
    typer.echo(common.t(ctx)("每月协办员 {low}–{high} 人，值班领导 {lead} 人", low=now.clerks_min,
                             high=now.clerks_max, lead=now.leaders))


@app.command("show")
def show(
    ctx: typer.Context,
    month: str | None = typer.Option(None, "--month", help="月份 YYYY-MM（默认本月）"),
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
) -> None:
    """显示一个月每天的协办员、值班领导、请假出差和顶岗的 B 岗。"""
    from ..services import roster as svc

    fmt = common.output_format(json_, fmt)
    key = _month(month)
    db = common.open_db(ctx)
    view = svc.month_view(db, key)
    t = common.t(ctx)
    if fmt in ("json", "ndjson"):
        common.emit([_json_row(d) for d in view.days], fmt, DAY_JSON_COLUMNS)
    else:
        headers = [t("日期"), t("星期"), t("上班日"), t("协办员"), t("值班领导"), t("请假、出差")]
        common.emit([_table_row(t, d) for d in view.days], fmt, DAY_COLUMNS, headers)
    if not view.periods:
        common.echo_err(t("{month} 还没有排班", month=key))
    elif view.gaps:
        common.echo_err(t("{month} 有 {count} 个工作日无人值班：{days}", month=key, count=len(view.gaps),
                          days="、".join(d.isoformat() for d in view.gaps)))


def _json_row(d: DayView) -> dict:
    return {
        "date": d.day, "weekday": d.day.isoweekday(), "workday": d.workday,
        "clerks": [p.login for p in d.clerks], "clerk_names": [p.name for p in d.clerks],
        "leader": d.leader.login if d.leader else None, "leader_name": d.leader.name if d.leader else None,
        "absent": [{"login": a.who.login, "name": a.who.name, "kind": a.kind, "from": a.start.isoformat(),
                    "to": a.last_day.isoformat() if a.last_day else None,
                    "handover": a.handover.login if a.handover else None} for a in d.absent],
        "acting": [{"post": x.post, "a": x.a.login, "b": x.b.login if x.b else None} for x in d.acting],
    }


def _table_row(t, d: DayView) -> dict:
    from ..domain.roster import KIND_LABELS

    away = []
    for a in d.absent:
        bs = [x.b.name if x.b else t("空岗") for x in d.acting if x.a.login == a.who.login]
        away.append(t("{name}（{kind}）", name=a.who.name, kind=t(KIND_LABELS[a.kind]))
                    + ("→" + "、".join(dict.fromkeys(bs)) if bs else ""))
    workday = "" if d.workday is None else t("上班") if d.workday else t("休息")
    return {"date": d.day.isoformat(), "weekday": t(WEEKDAYS[d.day.weekday()]), "workday": workday,
            "clerks": _names(d.clerks), "leader": d.leader.name if d.leader else "", "absent": "；".join(away)}


@app.command("export")
def export(
    ctx: typer.Context,
    month: str = typer.Option(..., "--month", help="月份 YYYY-MM"),
    fmt: str = common.format_option(..., ("csv", "xlsx"), help="csv 或 xlsx"),
    out: str = typer.Option(..., "--out", help="输出文件（csv 可用 - 表示标准输出）"),
) -> None:
    """导出一个月的值班排班（CSV 为带 BOM 的 UTF-8），导出的文件可原样导入。"""
    import sys

    from ..services import roster as svc
    from ..services.tabular import Output

    key = _month(month)
    output = Output.option(out, sys.stdout.buffer)
    db = common.open_db(ctx)
    count = svc.export_month(db, key, fmt, output)
    if output.path is not None:
        common.echo_err(common.t(ctx)("已导出 {month} 的 {count} 个值班时段到 {path}", month=key, count=count,
                                      path=output.name))


@app.command("posts")
def posts(
    ctx: typer.Context,
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
) -> None:
    """列出 AB 岗：每个岗位的 A 岗和按顺序顶岗的 B 岗。"""
    from ..services import roster as svc

    fmt = common.output_format(json_, fmt)
    db = common.open_db(ctx)
    views = svc.list_posts(db)
    if fmt in ("json", "ndjson"):
        rows = [{"code": p.code, "name": p.name, "a": p.a.login, "a_name": p.a.name, "b": [b.login for b in p.bs],
                 "b_names": [b.name for b in p.bs]} for p in views]
        common.emit(rows, fmt, POST_COLUMNS)
        return
    t = common.t(ctx)
    rows = [{"code": p.code, "name": p.name, "a": p.a.login, "a_name": p.a.name, "b": "、".join(b.login for b in p.bs),
             "b_names": _names(p.bs)} for p in views]
    common.emit(rows, fmt, POST_COLUMNS, [t("岗位编码"), t("岗位名称"), "A", t("A 岗"), "B", t("B 岗")])


@app.command("leave")
def leave(
    ctx: typer.Context,
    login: str = typer.Argument(..., help="请假或出差的工作人员登录名"),
    from_: str = typer.Option(..., "--from", help="开始日期 YYYY-MM-DD（含）"),
    to: str = typer.Option(..., "--to", help="结束日期 YYYY-MM-DD（含）"),
    kind: str = typer.Option("leave", "--kind", help="leave（请假）或 trip（出差）"),
    handover: str | None = typer.Option(None, "--handover", help="工作移交给哪位 B 岗（登录名）"),
    note: str = typer.Option("", "--note", help="备注"),
) -> None:
    """登记已批准的请假或出差（值班领导或管理员）；B 岗按顺序顶岗。"""
    from ..domain.roster import KIND_LABELS
    from ..services import roster as svc
    from .deadline import parse_date

    start, end = parse_date(from_, "--from"), parse_date(to, "--to")
    kind = kind.strip().lower()
    db = common.open_db(ctx)
    result = svc.set_absence(db, common.actor(ctx, db), common.clock(), login, start, end, kind, handover, note)
    t = common.t(ctx)
    a = result.absence
    common.echo_err(t("已登记 {name} {start} 至 {end} {kind}", name=a.who.name, start=a.start.isoformat(),
                      end=a.end.isoformat(), kind=t(KIND_LABELS[a.kind])))
    if result.uncovered:
        shown = "、".join(f"{day.isoformat()} {post}" for day, post in result.uncovered[:5])
        common.echo_err(t("注意：有 {count} 处岗位无人顶岗（{items}），请安排 B 岗", count=len(result.uncovered),
                          items=shown + ("…" if len(result.uncovered) > 5 else "")))


@app.command("back")
def back(ctx: typer.Context, login: str = typer.Argument(..., help="返岗的工作人员登录名")) -> None:
    """销假：今天起回到岗位（本人，或值班领导、管理员代办）。"""
    from ..domain.roster import KIND_LABELS
    from ..services import roster as svc

    db = common.open_db(ctx)
    a = svc.end_absence(db, common.actor(ctx, db), common.clock(), login)
    t = common.t(ctx)
    common.echo_err(t("{name} 已销假（{kind}）", name=a.who.name, kind=t(KIND_LABELS[a.kind])))
