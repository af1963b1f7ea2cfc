"""complaint add | reply | list (投诉, issue 14; services/complaints.py)."""

from __future__ import annotations

import typer

from . import common

app = typer.Typer(help="投诉：登记、答复、查询和公布", no_args_is_help=True)

COLUMNS = ["id", "received_on", "complainant", "phone", "case", "about_staff", "channel", "simple", "due_on",
           "overdue", "answered_on", "answered_by", "finding", "what", "reply"]
PUBLIC_COLUMNS = ["id", "received_on", "complainant", "matter", "what", "finding", "reply", "answered_on"]


@app.command("add")
def add(
    ctx: typer.Context,
    complainant: str = typer.Option(..., "--complainant", help="投诉人"),
    what: str = typer.Option(..., "--what", help="投诉内容"),
    channel: str = typer.Option(..., "--channel", help="渠道：phone、visit、letter、online、hall 或 other"),
    phone: str = typer.Option("", "--phone", help="投诉人联系电话"),
    case: str | None = typer.Option(None, "--case", help="所投诉的办件编号"),
    about: str | None = typer.Option(None, "--about", help="被投诉的工作人员登录名"),
    simple: bool = typer.Option(False, "--simple", help="简单投诉：当日答复（否则 5 个工作日内）"),
) -> None:
    """登记投诉（书面记录）：简单的当日答复，其余 5 个工作日内答复；同时安排回访。标准输出投诉编号。"""
    from ..services import complaints

    db = common.open_db(ctx)
    view = complaints.add(db, common.actor(ctx, db), common.clock(), complainant, what, channel, phone=phone,
                          case_number=case, about_staff=about, simple=simple)
    common.echo_err(common.t(ctx)("已登记投诉 {id}，答复期限 {due}", id=view.id, due=view.due_on.isoformat()))
    typer.echo(str(view.id))


@app.command("reply")
def reply(
    ctx: typer.Context,
    complaint_id: str = typer.Argument(..., metavar="ID", help="投诉编号"),
    text: str = typer.Option(..., "--reply", help="答复内容"),
    finding: str = typer.Option(..., "--finding", help="调查结论：substantiated（属实）或 unsubstantiated（不属实）"),
) -> None:
    """答复投诉并记录调查结论（值班领导、管理员、监督员；被投诉人不能答复）。"""
    from ..services import complaints, followups

    key = followups.parse_id(complaint_id)
    db = common.open_db(ctx)
    view = complaints.reply(db, common.actor(ctx, db), common.clock(), key, text, finding)
    t = common.t(ctx)
    if view.overdue:
        common.echo_err(t("已答复投诉 {id}（超过答复期限 {due}）", id=view.id, due=view.due_on.isoformat()))
    else:
        common.echo_err(t("已答复投诉 {id}", id=view.id))


@app.command("list")
def list_(
    ctx: typer.Context,
    open_: bool = typer.Option(False, "--open", help="只列未答复的"),
    overdue: bool = typer.Option(False, "--overdue", help="只列超期未答复的"),
    public: bool = typer.Option(False, "--public", help="公布用：已处理的投诉，脱敏"),
    limit: int = typer.Option(500, "--limit", min=1, max=100000, help="最多列出多少条"),
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
) -> None:
    """列出投诉（最新在前；投诉人姓名和电话已脱敏）；--public 为公布的已处理投诉。"""
    from ..services import complaints

    fmt = common.output_format(json_, fmt)
    db = common.open_db(ctx)
    clock = common.clock()
    if public:
        rows = [{"id": p.id, "received_on": p.received_on, "complainant": p.complainant, "matter": p.matter,
                 "what": p.what, "finding": p.finding, "reply": p.reply, "answered_on": p.answered_on}
                for p in complaints.public_list(db, clock, limit)]
        common.emit(rows, fmt, PUBLIC_COLUMNS)
        return
    views = complaints.list_complaints(db, common.actor(ctx, db), clock, open_only=open_, overdue_only=overdue,
                                       limit=limit)
    rows = [{"id": v.id, "received_on": v.received_at.date(), "complainant": v.complainant, "phone": v.phone,
             "case": v.case_number, "about_staff": v.about_staff, "channel": v.channel, "simple": v.simple,
             "due_on": v.due_on, "overdue": v.overdue, "answered_on": v.answered_on, "answered_by": v.answered_by,
             "finding": v.finding, "what": v.what, "reply": v.reply} for v in views]
    common.emit(rows, fmt, COLUMNS)
