"""accountability list | decide | bulletin (责任追究台账, issue 15; services/accountability.py)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import typer

from . import common

app = typer.Typer(help="责任追究台账：超期、违反一次性告知、投诉属实，及处理决定和通报", no_args_is_help=True)

COLUMNS = ["id", "occurred_on", "source", "login", "name", "case", "summary", "measure", "reason", "decided_by",
           "decided_on", "decisions"]


def _day(value: str | None, field: str) -> date | None:
    from .deadline import parse_date

    return parse_date(value, field) if value is not None else None


def _row(e) -> dict:
    d = e.decision
    return {"id": e.id, "occurred_on": e.occurred_on, "source": e.source, "login": e.login, "name": e.name,
            "case": e.case_number, "summary": e.summary, "measure": d.measure if d else None,
            "reason": d.reason if d else None, "decided_by": d.leader if d else None,
            "decided_on": d.at.date() if d else None, "decisions": len(e.decisions)}


@app.command("list")
def list_(
    ctx: typer.Context,
    from_: str | None = typer.Option(None, "--from", help="发生日期起 YYYY-MM-DD（含）"),
    to: str | None = typer.Option(None, "--to", help="发生日期止 YYYY-MM-DD（含）"),
    source: str | None = typer.Option(None, "--source", help="来源：overdue、notice_breach 或 complaint"),
    undecided: bool = typer.Option(False, "--undecided", help="只列尚未作出处理决定的"),
    login: str | None = typer.Option(None, "--login", help="只列涉及此人的"),
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
) -> None:
    """列出责任追究台账（先把新的超期、违反一次性告知、投诉属实登记进来）；值班领导、管理员、监督员。"""
    from ..services import accountability

    fmt = common.output_format(json_, fmt)
    db = common.open_db(ctx)
    entries = accountability.list_entries(db, common.actor(ctx, db), common.clock(), start=_day(from_, "--from"),
                                          end=_day(to, "--to"), source=source, undecided=undecided, login=login)
    common.emit([_row(e) for e in entries], fmt, COLUMNS)


@app.command("decide")
def decide(
    ctx: typer.Context,
    entry_id: int = typer.Argument(..., metavar="ID", help="台账条目编号"),
    measure: str = typer.Option(..., "--measure", help="处理：remind（提醒）、caution（告诫）、criticize（通报批评）、"
                                                       "admonish（诫勉）或 other（其他）"),
    reason: str = typer.Option(..., "--reason", help="处理理由"),
) -> None:
    """值班领导对台账条目作出处理决定（须写明理由；再次决定时追加，原决定保留）。"""
    from ..domain.accountability import MEASURES
    from ..services import accountability

    db = common.open_db(ctx)
    view = accountability.decide(db, common.actor(ctx, db), common.clock(), entry_id, measure, reason)
    t = common.t(ctx)
    assert view.decision is not None
    common.echo_err(t("已记录处理决定：台账第 {id} 条，{measure}", id=view.id, measure=t(MEASURES[view.decision.measure])))


@app.command("bulletin")
def bulletin(
    ctx: typer.Context,
    out: Path = typer.Option(..., "-o", "--out", help="输出文件（.pdf 或 .txt）"),
    from_: str | None = typer.Option(None, "--from", help="通报期间起 YYYY-MM-DD（默认上月 1 日）"),
    to: str | None = typer.Option(None, "--to", help="通报期间止 YYYY-MM-DD（默认上月末）"),
) -> None:
    """写出责任追究情况通报：期间内的台账条目及处理决定（默认上个月）。"""
    from ..services import accountability, forms

    clock = common.clock()
    last_month_end = clock.today().replace(day=1) - timedelta(days=1)
    start = _day(from_, "--from") or last_month_end.replace(day=1)
    end = _day(to, "--to") or last_month_end
    db = common.open_db(ctx)
    data = accountability.bulletin(db, common.actor(ctx, db), clock, start, end)
    path = forms.write(data, out)
    common.echo_err(common.t(ctx)("已写出通报：{path}（{n} 条）", path=str(path), n=len(data.entries)))
