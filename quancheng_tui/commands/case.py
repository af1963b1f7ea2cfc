"""case register | list | show | receipt | consult | remind | extension-notice (cli-contract.md "Cases")."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import typer

from ..errors import N_, Conflict, InputError
from . import common

app = typer.Typer(help="办件：登记、查询", no_args_is_help=True)

LIST_COLUMNS = ["number", "status", "category", "kind", "matter", "matter_name", "applicant", "village",
                "received_on", "due_on", "provisional", "owner"]
TABLE_COLUMNS = ["number", "status", "kind", "matter", "applicant", "village", "received_on", "due_on", "owner"]
TABLE_HEADERS = [N_("办件编号"), N_("状态"), N_("类型"), N_("事项"), N_("申请人"), N_("村（社区）"),
                 N_("收件日期"), N_("承诺办结日期"), N_("全程办事人")]


def _text(value: str | None, field: str) -> str:
    from ..domain import text

    return text.clean(value or "", field, required=False, max_len=2000, multiline=True)


def _received(value: str | None):
    from .deadline import parse_date

    if value is None:
        return None
    return parse_date(_text(value, N_("收件日期")), N_("收件日期"))


def _materials(value: str):
    from ..services.case_views import ALL_MATERIALS

    raw = _text(value, N_("材料编码")).strip()
    if raw.lower() == ALL_MATERIALS:
        return ALL_MATERIALS
    if raw.lower() in ("none", ""):
        return ()
    return tuple(c.strip() for c in raw.split(",") if c.strip())


@app.command("register")
def register(
    ctx: typer.Context,
    matter: str = typer.Option(..., "--matter", help="事项编码"),
    applicant: str = typer.Option(..., "--applicant", help="申请人姓名（单位办件时为经办人）"),
    id_number: str = typer.Option("", "--id-number", help="身份证号（受理件、联办件必填）"),
    phone: str = typer.Option("", "--phone", help="联系电话"),
    address: str = typer.Option("", "--address", help="住址"),
    org: str = typer.Option("", "--org", help="单位名称（单位办件）"),
    credit_code: str = typer.Option("", "--credit-code", help="统一社会信用代码（单位办件）"),
    village: str | None = typer.Option(None, "--village", help="所属村（社区）代码"),
    mode: str | None = typer.Option(None, "--mode", help="counter|proxy|accompany|advise|door|appointment"),
    materials: str = typer.Option("all", "--materials", help="已收材料：all、none 或材料编码（逗号分隔）"),
    received: str | None = typer.Option(None, "--received", help="收件日期 YYYY-MM-DD（默认今天）"),
    kind: str | None = typer.Option(None, "--kind", help="改变建议的办件类型：notice|instant|promised|report_up|rejected"),
    category: str | None = typer.Option(None, "--category", help="改变建议的办件分类：own|joint|transfer"),
    reason: str = typer.Option("", "--reason", help="改变建议或退回的理由"),
    basis: str = typer.Option("", "--basis", help="法律依据（退回件必填）"),
    transfer_unit: str = typer.Option("", "--transfer-unit", help="移办件：承办单位（默认取事项目录）"),
    transfer_contact: str = typer.Option("", "--transfer-contact", help="移办件：承办单位对接人"),
    complete: str | None = typer.Option(None, "--complete", metavar="RESULT",
                                           help="即办件登记并当场办结，RESULT 为办理结果（同一事务）"),
    json_: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """登记办件（与登记界面同一服务）；输出办件编号。"""
    from ..services import cases as svc

    is_org = bool(org.strip())
    data = svc.RegistrationInput(
        matter_code=matter, applicant_type="org" if is_org else "person",
        name="" if is_org else applicant, id_number=id_number, phone=phone, address=address, village=village,
        org_name=org, credit_code=credit_code, contact=applicant if is_org else "", mode=mode,
        materials=_materials(materials), received_on=_received(received), kind=kind, category=category,
        reason=reason, basis=basis, transfer_unit=transfer_unit, transfer_contact=transfer_contact,
    )
    if complete is not None:
        if not complete.strip():
            raise InputError(N_("登记并办结须填写{field}"), field=N_("办理结果"))
        data = replace(data, result=complete)
    db = common.open_db(ctx)
    view = svc.register_case(db, common.actor(ctx, db), common.clock(), data)
    t = common.t(ctx)
    for w in view.warnings:
        common.echo_err(t("注意：{warning}", warning=t(w)))
    if view.notice_number:
        common.echo_err(t("材料不齐全，已出具一次性告知书 {number}（缺 {count} 项）",
                          number=view.notice_number, count=len(view.missing_materials)))
    if view.status == "completed":
        common.echo_err(t("即办件已当场办结"))
    if json_:
        common.echo_json(json.dumps(view.as_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(view.number)


def _labels(ctx: typer.Context, row: dict) -> dict:
    from ..domain.cases import KIND_LABELS, STATUS_LABELS, Kind, Status

    t = common.t(ctx)
    out = dict(row)
    out["status"] = t(STATUS_LABELS[Status(row["status"])]) if row["status"] in Status._value2member_map_ else row["status"]
    out["kind"] = t(KIND_LABELS[Kind(row["kind"])]) if row["kind"] in Kind._value2member_map_ else (row["kind"] or "")
    if row.get("provisional") and row.get("due_on"):
        out["due_on"] = f"{row['due_on']}{t('（预计）')}"
    return out


@app.command("list")
def list_(
    ctx: typer.Context,
    status: str | None = typer.Option(None, "--status", help="状态代码，如 accepted、pending_materials"),
    kind: str | None = typer.Option(None, "--kind", help="notice|instant|promised|report_up|rejected"),
    overdue: bool = typer.Option(False, "--overdue", help="只列已超期的在办件"),
    due_within: int | None = typer.Option(None, "--due-within", min=0, max=366,
                                             help="只列今天起 N 个工作日内到期、尚未超期的在办件（超期的用 --overdue）"),
    village: str | None = typer.Option(None, "--village", help="村（社区）代码"),
    limit: int = typer.Option(100, "--limit", min=1, max=10000, help="最多列出几件"),
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
) -> None:
    """列出办件（按承诺办结日期排序；申请人姓名已遮蔽）。"""
    from ..services import cases as svc

    fmt = common.output_format(json_, fmt)
    db = common.open_db(ctx)
    clock = common.clock()
    rows = [c.as_dict(mask=True) for c in svc.list_cases(
        db, common.actor(ctx, db), status=status, kind=kind, overdue=overdue, due_within=due_within,
        village=village, limit=limit, today=clock.today())]
    if fmt == "table":
        t = common.t(ctx)
        common.emit([_labels(ctx, r) for r in rows], fmt, TABLE_COLUMNS, [t(h) for h in TABLE_HEADERS])
    else:
        common.emit(rows, fmt, LIST_COLUMNS)


def _show_text(ctx: typer.Context, view) -> None:
    from ..domain.cases import CATEGORY_LABELS, KIND_LABELS, MODE_LABELS, STATUS_LABELS, Category, Kind, Mode, Status
    from ..domain.text import safe_for_terminal

    t = common.t(ctx)
    applicant = view.applicant_name
    if view.applicant_type == "org":
        applicant = f"{view.org_name}（{view.contact}）" if view.contact else view.org_name
    lines = [
        (N_("办件编号"), view.number),
        (N_("事项"), f"{view.matter_code} {view.matter_name}".strip()),
        (N_("办件分类"), t(CATEGORY_LABELS[Category(view.category)])),
        (N_("办件类型"), t(KIND_LABELS[Kind(view.kind)]) if view.kind else ""),
        (N_("状态"), t(STATUS_LABELS[Status(view.status)])),
        (N_("办理方式"), t(MODE_LABELS[Mode(view.mode)])),
        (N_("申请人"), applicant),
        (N_("身份证号"), view.id_number),
        (N_("统一社会信用代码"), view.credit_code),
        (N_("联系电话"), view.phone),
        (N_("住址"), view.address),
        (N_("村（社区）"), view.village or ""),
        (N_("收件日期"), view.received_on.isoformat()),
        (N_("承诺办结日期"), (view.due_on.isoformat() + (t("（预计）") if view.due_provisional else ""))
         if view.due_on else ""),
        # the applicant's own delay counts as on time (004 限时办结 第九条)
        (N_("时效"), "" if view.on_time is None else t(N_("按时") if view.on_time else N_("超时"))),
        (N_("全程办事人"), f"{view.owner_name}（{view.owner}）"),
        (N_("缺少材料"), "、".join(view.missing_materials)),
        (N_("一次性告知书"), view.notice_number or ""),
        (N_("移办单位"), "、".join(view.units) if view.category == "transfer" else ""),
        (N_("理由"), view.reason),
        (N_("法律依据"), view.basis),
    ]
    sep = "：" if t.lang == "zh" else ": "
    for label, value in lines:
        if value:
            typer.echo(f"{t(label)}{sep}{safe_for_terminal(str(value))}")
    for w in view.warnings:
        typer.echo(f"{t('注意')}{sep}{t(w)}")
    if view.materials:
        typer.echo(t("材料："))
        for m in view.materials:
            mark = "✓" if m.received else ("✗" if m.required else "-")
            typer.echo(f"  {mark} {m.code} {safe_for_terminal(m.name)}")


@app.command("show")
def show(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="办件编号"),
    json_: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """显示一件办件（村代办员只能看本村的）。"""
    from ..services import cases as svc

    db = common.open_db(ctx)
    view = svc.get_case(db, common.actor(ctx, db), number, today=common.clock().today())
    if json_:
        data = view.as_json()
        data["events"] = [{"at": e.at.isoformat(), "actor": e.actor, "acting_for": e.acting_for, "type": e.type,
                           "data": e.data} for e in view.events]
        common.echo_json(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _show_text(ctx, view)


@app.command("receipt")
def receipt(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="办件编号"),
    out: Path = typer.Option(..., "--out", help="输出文件：.pdf，或 .txt（纯文本）"),
) -> None:
    """输出登记时给申请人的单据：受理回执、否认报备反馈单（退回件）或移办告知单。"""
    from ..documents.output import write_private
    from ..services import cases as svc
    from ..services import forms
    from ..services.setup import office

    db = common.open_db(ctx)
    actor, clock = common.actor(ctx, db), common.clock()
    view = svc.get_case(db, actor, number, today=clock.today())
    off = office(db)
    found = forms.registration_form(view, off) if off is not None else None
    if found is None:
        raise Conflict(N_("办件 {number} 没有登记单据可打印"), number=view.number)
    data = forms.form_for(db, actor, clock, view.number, found[0])  # the same form as `case print`
    payload = forms.render(data, "txt" if out.suffix.lower() == ".txt" else "pdf")
    dest = out.expanduser()
    try:
        write_private(dest, payload)
    except OSError as exc:
        raise InputError(N_("无法写入文件 {path}：{reason}"), path=str(dest), reason=exc.strerror or str(exc)) from None
    common.echo_err(common.t(ctx)("已输出到 {path}", path=str(dest)))


@app.command("consult")
def consult(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", help="来访人姓名"),
    question: str = typer.Option(..., "--question", help="咨询问题"),
    answer: str = typer.Option(..., "--answer", help="答复内容"),
    phone: str = typer.Option("", "--phone", help="联系电话"),
    matter: str | None = typer.Option(None, "--matter", help="事项编码"),
) -> None:
    """登记一次咨询（首问负责台账），输出编号。"""
    from ..services import cases

    db = common.open_db(ctx)
    view = cases.log_consultation(db, common.actor(ctx, db), common.clock(), name, phone, matter, question, answer)
    typer.echo(view.number)


REMIND_PER = ("owner", "case")


@app.command("remind")
def remind(
    ctx: typer.Context,
    owner: str | None = typer.Option(None, "--owner", help="只看某位全程办事人的案件"),
    within: int | None = typer.Option(None, "--within", min=0, max=60, help="几个工作日内到期（默认按中心设置）"),
    out: Path | None = typer.Option(None, "--out", help="把催办单（PDF 和文本）存到此目录"),
    per: str = typer.Option("owner", "--per", help="--out 时每张催办单的范围：owner（每位全程办事人一张，默认）或 case（每件一张）"),
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
) -> None:
    """催办：列出已超期和即将到期的在办案件；--out 时生成催办单（默认每位全程办事人一张汇总）。"""
    from ..services import reminders

    per = per.strip().lower()
    if per not in REMIND_PER:
        raise InputError(N_("催办单范围“{value}”无效，应为 owner（每位全程办事人一张）或 case（每件一张）"),
                         value=_text(per, N_("催办单范围")))
    db = common.open_db(ctx)
    actor = common.actor(ctx, db)
    clock = common.clock()
    rows = reminders.due_soon(db, actor, clock, owner=owner, within=within)
    common.emit([r.__dict__ for r in rows], common.output_format(json_, fmt),
                ["number", "light", "days_left", "due_on", "owner", "matter_name", "applicant"])
    if out is not None:
        from ..documents.forms import FormData, render_pdf, render_text
        from ..documents.output import deliver

        sheets: list[tuple[FormData, str]]
        if per == "case":
            sheets = [(reminders.slip(db, actor, clock, r), f"催办单-{r.number}") for r in rows]
        else:
            sheets = [(d, f"催办单-{d.owner_login}-{d.issued_on:%Y%m%d}")
                      for d in reminders.owner_slips(db, actor, clock, rows)]
        for data, name in sheets:
            deliver(render_pdf(data), render_text(data), name, printer=None, folder=out)
        common.echo_err(common.t(ctx)("已生成 {n} 份催办单：{path}", n=len(sheets), path=str(out)))


@app.command("extension-notice")
def extension_notice(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="办件编号"),
    out: Path = typer.Option(Path("."), "--out", help="把延长办理期限告知书（PDF 和文本）存到此目录（默认当前目录）"),
    event: int | None = typer.Option(None, "--event", min=1, help="哪一次延期（事件编号；默认最近一次）"),
) -> None:
    """输出延长办理期限告知书（交申请人）；在标准输出列出生成的文件。"""
    from ..documents.forms import render_pdf, render_text
    from ..documents.output import deliver
    from ..services import forms

    db = common.open_db(ctx)
    data = forms.form_for(db, common.actor(ctx, db), common.clock(), number, "extension", event_id=event)
    done = deliver(render_pdf(data), render_text(data), f"延期告知书-{data.number}", printer=None, folder=out)
    for path in done.paths:
        typer.echo(str(path))
    common.echo_err(common.t(ctx)("已生成延长办理期限告知书 {number}：{path}", number=data.number, path=str(out)))


from .case_print import register as _register_print  # noqa: E402 - `case print`: the forms service

_register_print(app)
