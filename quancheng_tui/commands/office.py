"""office show | set: the office's name, phones, address and periods (services/office_settings.py), the same
values the 设置 screen shows and changes."""

from __future__ import annotations

import typer

from ..errors import N_
from . import common

app = typer.Typer(help="中心设置：名称、电话、地址、临期与评价回访期限（修改仅管理员）", no_args_is_help=True)

COLUMNS = ["key", "value"]
HEADERS = [N_("设置"), N_("值")]


@app.command("show")
def show(
    ctx: typer.Context,
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
) -> None:
    """显示中心设置（每项一行；csv、json 用设置的代码作 key）。"""
    from ..services import office_settings as svc

    db = common.open_db(ctx)
    values = svc.office_settings(db, common.actor(ctx, db)).as_dict()
    rows = [{"key": "code", "value": values["code"]}] + [{"key": f.key, "value": values[f.key]} for f in svc.FIELDS]
    fmt = common.output_format(json_, fmt)
    if fmt == "table":  # read by a person: the settings' names in their language
        t = common.t(ctx)
        labels = {"code": N_("中心代码"), **{f.key: f.label for f in svc.FIELDS}}
        common.emit([{"key": t(labels[r["key"]]), "value": r["value"]} for r in rows], fmt, COLUMNS,
                    [t(h) for h in HEADERS])
    else:
        common.emit(rows, fmt, COLUMNS)


@app.command("set")
def set_(
    ctx: typer.Context,
    name: str | None = typer.Option(None, "--name", help="中心名称"),
    phone: str | None = typer.Option(None, "--phone", help="咨询电话（印在每份表单上；空字符串清除）"),
    complaint_phone: str | None = typer.Option(None, "--complaint-phone", help="投诉/监督电话（印在每份表单上）"),
    address: str | None = typer.Option(None, "--address", help="中心地址"),
    due_soon: int | None = typer.Option(None, "--due-soon-days", help="临期提醒：到期前几个工作日起算临期（1–10，默认 2）"),
    rectify_days: int | None = typer.Option(None, "--rectify-days", help="差评整改期限（工作日，1–30，默认 5）"),
    followup_days: int | None = typer.Option(None, "--followup-days", help="回访期限（工作日，1–30，默认 5）"),
    sample_percent: int | None = typer.Option(None, "--sample-percent", help="办结件抽样回访比例（%，0–100，默认 10）"),
) -> None:
    """修改中心设置（仅管理员；逐项检查，有一项不对则都不改；记入审计日志）。"""
    from ..services import office_settings as svc

    given = {"name": name, "phone": phone, "complaint_phone": complaint_phone, "address": address,
             "yellow_within": due_soon, "rectify_days": rectify_days, "followup_days": followup_days,
             "followup_sample_percent": sample_percent}
    changes = {key: value for key, value in given.items() if value is not None}
    t = common.t(ctx)
    if not changes:
        common.echo_err(t("未指定要修改的设置（见 quancheng office set --help）"))
        raise typer.Exit(2)
    db = common.open_db(ctx)
    svc.update_office_settings(db, common.actor(ctx, db), common.clock(), changes)
    common.echo_err(t("已更新中心设置：{fields}", fields="、".join(t(svc.BY_KEY[k].label) for k in changes)))
