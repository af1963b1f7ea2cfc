"""followup list | record | sample (回访, issue 14; services/followups.py)."""

from __future__ import annotations

import typer

from . import common

app = typer.Typer(help="回访：差评、投诉和抽样办结件", no_args_is_help=True)

COLUMNS = ["id", "reason", "case", "applicant", "scheduled_on", "overdue", "done_on", "done_by", "attitude",
           "quality", "efficiency", "text"]


@app.command("list")
def list_(
    ctx: typer.Context,
    pending: bool = typer.Option(False, "--pending", help="只列未完成的回访"),
    limit: int = typer.Option(500, "--limit", min=1, max=100000, help="最多列出多少条"),
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
) -> None:
    """列出回访（按安排日期）：原因（rating 差评、complaint 投诉、sample 抽样）、办件、结果。"""
    from ..services import followups

    fmt = common.output_format(json_, fmt)
    db = common.open_db(ctx)
    views = followups.list_followups(db, common.actor(ctx, db), common.clock(), pending_only=pending, limit=limit)
    common.emit([{"id": v.id, "reason": v.reason, "case": v.case_number, "applicant": v.applicant,
                  "scheduled_on": v.scheduled_on, "overdue": v.overdue and not v.done, "done_on": v.done_on,
                  "done_by": v.done_by, "attitude": v.attitude, "quality": v.quality, "efficiency": v.efficiency,
                  "text": v.text} for v in views], fmt, COLUMNS)


@app.command("record")
def record(
    ctx: typer.Context,
    followup_id: str = typer.Argument(..., metavar="ID", help="回访编号"),
    attitude: str = typer.Option(..., "--attitude", help="服务态度：非常满意…非常不满意"),
    quality: str = typer.Option(..., "--quality", help="办事质量：非常满意…非常不满意"),
    efficiency: str = typer.Option(..., "--efficiency", help="办事效率：非常满意…非常不满意"),
    note: str = typer.Option("", "--note", help="回访内容"),
) -> None:
    """记录一次回访的结果（经办人不能记录对自己办件的回访）。"""
    from ..services import followups

    key = followups.parse_id(followup_id)
    db = common.open_db(ctx)
    view = followups.record(db, common.actor(ctx, db), common.clock(), key, attitude, quality, efficiency, note)
    common.echo_err(common.t(ctx)("已记录回访 {id}", id=view.id))


@app.command("sample")
def sample(ctx: typer.Context) -> None:
    """按设置的比例为近一季度的办结件安排抽样回访（值班领导、管理员；已安排的不重复）。"""
    from ..services import followups

    db = common.open_db(ctx)
    made = followups.schedule_sample(db, common.actor(ctx, db), common.clock())
    common.echo_err(common.t(ctx)("已安排 {count} 件抽样回访", count=len(made)))
