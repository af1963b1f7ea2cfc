"""rating add | list | review | rectify | figures | settings (好差评, issue 14; services/ratings.py)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from . import common
from .voice_format import day

if TYPE_CHECKING:
    from ..services.ratings import RatingView

app = typer.Typer(help="评价（好差评）：代录、查询、差评复核与整改", no_args_is_help=True)

COLUMNS = ["number", "rated_at", "level", "overall", "efficiency", "skill", "attitude", "channel", "real_name",
           "rater", "recorded_by", "owner", "rectification", "rectify_due", "followup", "ruling", "comment"]


@app.command("add")
def add(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="办件编号"),
    channel: str = typer.Option(..., "--channel", help="群众评价的渠道：counter、phone、sms、qr、paper 或 other"),
    level: str = typer.Option(..., "--level", help="总体评价：非常满意、满意、基本满意、不满意或非常不满意"),
    efficiency: str | None = typer.Option(None, "--efficiency", help="服务效率（默认同总体评价）"),
    skill: str | None = typer.Option(None, "--skill", help="服务水平（默认同总体评价）"),
    attitude: str | None = typer.Option(None, "--attitude", help="服务态度（默认同总体评价）"),
    comment: str = typer.Option("", "--comment", help="评价意见"),
    real_name: bool = typer.Option(False, "--real-name", help="实名评价（记录申请人姓名）"),
    json_: bool = typer.Option(False, "--json", help="输出评价 JSON"),
) -> None:
    """代录群众通过电话、短信、二维码、纸质评价表或窗口给出的评价（每件一次；经办人不能录入；大厅终端的评价只能由群众本人作出）。"""
    from ..services import ratings

    indicators = {k: v for k, v in (("efficiency", efficiency), ("skill", skill), ("attitude", attitude)) if v}
    db = common.open_db(ctx)
    view = ratings.record_rating(db, common.actor(ctx, db), common.clock(), number, channel, level, indicators,
                                 comment, real_name)
    t = common.t(ctx)
    common.echo_err(t("已录入评价：{number}，{level}", number=view.case_number, level=t(view.level)))
    if view.rectification is not None:
        common.echo_err(t("差评已生成整改事项（责任人 {owner}，{due} 前整改）并安排回访",
                          owner=view.rectification.owner, due=view.rectification.due_on.isoformat()))
    if json_:
        common.echo_json(json.dumps(row(view), ensure_ascii=False, indent=2, default=str))


@app.command("list")
def list_(
    ctx: typer.Context,
    from_: str | None = typer.Option(None, "--from", help="评价日期起 YYYY-MM-DD（含）"),
    to: str | None = typer.Option(None, "--to", help="评价日期止 YYYY-MM-DD（含）"),
    bad: bool = typer.Option(False, "--bad", help="只列差评（不满意、非常不满意）"),
    limit: int = typer.Option(500, "--limit", min=1, max=100000, help="最多列出多少条"),
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
) -> None:
    """列出评价（最新在前）：四项指标、渠道、整改与回访、复核结论；申请人姓名已脱敏。"""
    from ..services import ratings

    fmt = common.output_format(json_, fmt)
    start, end = day(from_, "--from"), day(to, "--to")
    db = common.open_db(ctx)
    views = ratings.list_ratings(db, common.actor(ctx, db), common.clock(), start=start, end=end, bad_only=bad,
                                 limit=limit)
    common.emit([row(v) for v in views], fmt, COLUMNS)


@app.command("review")
def review(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="办件编号"),
    ruling: str = typer.Option(..., "--ruling", help="复核结论：mistaken（误评）或 malicious（恶意差评）"),
    reason: str = typer.Option(..., "--reason", help="复核理由"),
) -> None:
    """申诉复核（值班领导）：认定差评为误评或恶意差评；评价保留在记录中，不计入统计。"""
    from ..services import ratings

    db = common.open_db(ctx)
    view = ratings.review(db, common.actor(ctx, db), common.clock(), number, ruling, reason)
    common.echo_err(common.t(ctx)("已复核办件 {number} 的差评：{ruling}，不再计入统计", number=view.case_number,
                                  ruling=view.ruling))


@app.command("rectify")
def rectify(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="办件编号"),
    result: str = typer.Option(..., "--result", help="整改结果"),
) -> None:
    """办结差评整改（整改责任人、值班领导或管理员）；须先完成回访。"""
    from ..services import ratings

    db = common.open_db(ctx)
    view = ratings.close_rectification(db, common.actor(ctx, db), common.clock(), number, result)
    common.echo_err(common.t(ctx)("已办结办件 {number} 的差评整改", number=view.case_number))


@app.command("figures")
def figures(
    ctx: typer.Context,
    from_: str | None = typer.Option(None, "--from", help="评价日期起 YYYY-MM-DD（含）"),
    to: str | None = typer.Option(None, "--to", help="评价日期止 YYYY-MM-DD（含）"),
) -> None:
    """评价统计（JSON）：各等级件数、满意率、差评、实名差评回访率；经复核认定的差评不计入。"""
    from ..services import ratings

    start, end = day(from_, "--from"), day(to, "--to")
    db = common.open_db(ctx)
    f = ratings.figures(db, common.actor(ctx, db), common.clock(), start=start, end=end)
    common.echo_json(json.dumps({
        "rated": f.rated, "by_level": dict(f.by_level), "satisfied": f.satisfied,
        "satisfaction_rate": f.satisfaction_rate, "bad": f.bad, "reviewed_out": f.reviewed_out,
        "bad_real_name": f.bad_real_name, "bad_real_name_followed_up": f.bad_real_name_followed_up,
        "followup_rate": f.followup_rate,
    }, ensure_ascii=False, indent=2))


@app.command("settings")
def settings(
    ctx: typer.Context,
    rectify_days: int | None = typer.Option(None, "--rectify-days", help="差评整改期限（工作日，默认 5）"),
    followup_days: int | None = typer.Option(None, "--followup-days", help="回访期限（工作日，默认 5）"),
    sample_percent: int | None = typer.Option(None, "--sample-percent", help="办结件抽样回访比例（%，默认 10）"),
) -> None:
    """查看或修改评价与回访设置（修改仅管理员）。"""
    from ..services import ratings

    db = common.open_db(ctx)
    values = ratings.configure(db, common.actor(ctx, db), common.clock(), rectify_days=rectify_days,
                               followup_days=followup_days, sample_percent=sample_percent)
    common.echo_json(json.dumps(values, ensure_ascii=False, indent=2))


def row(v: RatingView) -> dict:
    rect = v.rectification
    return {
        "number": v.case_number, "rated_at": v.at, "level": v.level, **v.indicators, "channel": v.channel,
        "real_name": v.real_name, "rater": v.rater, "recorded_by": v.recorded_by, "owner": v.owner,
        "rectification": rect.status if rect else None, "rectify_due": rect.due_on if rect else None,
        "followup": None if v.followup_id is None else ("done" if v.followup_done else "pending"),
        "ruling": v.ruling, "comment": v.comment,
    }
