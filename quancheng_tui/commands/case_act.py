"""case act NUMBER ACTION: every lifecycle action of the case screen (cli-contract.md "Cases").

The command only turns options into the `data` dict the case screen builds
(screens/case_action.py) and calls the same service, `services.lifecycle.act`:
the transition, the fields' rules and who may act are all decided there.

The accepted ACTION codes are the `Action` enum's values; an action added to
the enum is accepted at once and takes the options listed for it in
`DATA_KEYS` (none until it is listed there).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import typer

from ..domain.lifecycle import ACTION_LABELS, Action
from ..errors import N_, InputError
from . import common

# The data key of the service (lifecycle._check) -> the option that carries it.
OPTION_OF: dict[str, str] = {
    "to": "--to", "note": "--note", "reason": "--reason", "cause": "--cause", "days": "--days", "basis": "--basis",
    "method": "--method", "result": "--result", "unit": "--unit", "step": "--step",
    "limit_days": "--limit-days", "day_kind": "--day-kind", "contact": "--contact-name",
    "phone": "--contact-phone", "level": "--level", "materials": "--materials", "channel": "--channel",
}
# Action code -> the data keys it takes, as the case screen's form (screens/case_action.FIELDS) gives them.
# Keyed by code, not by enum member, so a code listed for an action not (or no longer) in the enum is harmless;
# an action of the enum not listed takes no options (a confirmation, like 恢复计时 or 签字销号).
DATA_KEYS: dict[str, tuple[str, ...]] = {
    "handover": ("to", "note"),
    "progress": ("note",),
    "correct": ("materials",),
    "report_answer": ("note",),
    "joint_step": ("unit", "step", "limit_days", "day_kind", "contact", "phone", "note"),
    "suspend": ("reason", "cause", "note"),
    "extend": ("days", "reason", "basis"),
    "report_up": ("to",),
    "complete": ("result",),
    "reply": ("method", "note"),
    "withdraw": ("reason", "cause"),
    "reject": ("reason", "basis", "cause"),
    "transfer": ("reason", "unit"),
    "rate": ("channel", "level"),
    "reclassify": ("reason",),
}
# Options that are not data: who approves (the service's `approver`), where the applicant's notice goes.
EXTRA_OPTIONS: dict[str, tuple[str, ...]] = {
    "extend": ("--approver", "--notice-out"),
}


def options_of(action: Action) -> tuple[str, ...]:
    return tuple(OPTION_OF[k] for k in DATA_KEYS.get(action.value, ())) + EXTRA_OPTIONS.get(action.value, ())


def help_text(t=None) -> str:
    """The help of `case act`, built from the lifecycle's actions, in the language of `t` (Chinese without).
    Click cannot look up a text built at run time as one msgid: cli.run sets it per language."""
    if t is None:
        def t(msgid: str, **kw: object) -> str:
            return msgid.format(**kw) if kw else msgid
    lines = [
        t("对办件执行一项办理操作（与案件界面同一服务、同样的权限检查）；标准输出新的状态代码，--json 时输出办件。"),
        "",
        "\b",
        t("操作（ACTION）及其选项："),
    ]
    for action in Action:
        label = t(ACTION_LABELS.get(action, action.value))
        opts = " ".join(options_of(action)) or t("（无选项）")
        lines.append(f"  {action.value:<15}" + t("{label}：{options}", label=label, options=opts))
    lines += [
        "",
        t("须值班领导批准的延期（如超过法定期限）：--approver 领导登录名，其密码在终端上隐藏输入，或从标准输入读取一行。"),
    ]
    return "\n".join(lines)


# Outside the signature: mypy does not see a generator's variable in a default value (name-defined).
ACTION_CODES = "、".join(a.value for a in Action)


def parse_action(ctx: typer.Context, value: str) -> Action:
    code = value.strip().lower().replace("-", "_")
    try:
        return Action(code)
    except ValueError:
        t = common.t(ctx)
        raise click.BadParameter(
            t("未知的操作“{value}”，应为：{allowed}", value=value, allowed="、".join(a.value for a in Action)),
            ctx=ctx, param_hint="ACTION") from None


def _read_password(ctx: typer.Context, login: str) -> str:
    """The approver's password: hidden on a terminal, else one line of standard input."""
    t = common.t(ctx)
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        password = getpass.getpass(t("值班领导 {login} 的密码：", login=login))
    else:
        password = (sys.stdin.readline() if sys.stdin is not None else "").rstrip("\r\n")
    if not password:
        raise InputError(N_("密码不能为空"))
    return password


def act(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="办件编号"),
    action: str = typer.Argument(..., metavar="ACTION", help="操作代码：" + ACTION_CODES),
    to: str | None = typer.Option(None, "--to", help="交办：接手人的登录名；上报：上报单位"),
    note: str | None = typer.Option(None, "--note", help="说明、进展内容、上级答复或回复内容"),
    reason: str | None = typer.Option(None, "--reason", help="理由；中止计时的事由（听证、招标、拍卖、检验、检测、勘测、检疫、鉴定、专家评审）"),
    cause: str | None = typer.Option(None, "--cause", help="中止计时、撤回、退回的原因：applicant（申请人原因）或 office（本中心原因，默认）"),
    materials: str | None = typer.Option(None, "--materials", help="补正：收到的材料编码（逗号分隔），或 all"),
    days: int | None = typer.Option(None, "--days", help="延期：延长天数"),
    basis: str | None = typer.Option(None, "--basis", help="延期依据或退回的法律依据"),
    method: str | None = typer.Option(None, "--method", help="回复方式：in_person（当面）、phone（电话）或 written（书面）"),
    result: str | None = typer.Option(None, "--result", help="办结：办理结果"),
    unit: str | None = typer.Option(None, "--unit", help="联办环节：联办单位；移办：承办单位"),
    step: str | None = typer.Option(None, "--step", help="联办环节：start（开始办理）、progress（记录进展）、done（本单位办结）或 handover（移交下一单位）"),
    limit_days: int | None = typer.Option(None, "--limit-days", help="联办环节开始办理：本单位办理时限（天）"),
    day_kind: str | None = typer.Option(None, "--day-kind", help="联办环节开始办理：working（工作日，默认按办件）或 natural（自然日）"),
    contact_name: str | None = typer.Option(None, "--contact-name", help="联办环节移交：下一单位对接人"),
    contact_phone: str | None = typer.Option(None, "--contact-phone", help="联办环节移交：对接人电话"),
    level: str | None = typer.Option(None, "--level", help="评价：非常满意、满意、基本满意、不满意或非常不满意"),
    channel: str | None = typer.Option(None, "--channel", help="评价：群众评价的渠道 counter、phone、sms、qr、paper 或 other（不能代录大厅终端评价）"),
    approver: str | None = typer.Option(None, "--approver", help="延期：批准的值班领导登录名（密码隐藏输入或从标准输入读取）"),
    notice_out: Path | None = typer.Option(None, "--notice-out", help="延期：把延长办理期限告知书（PDF 和文本）存到此目录"),
    json_: bool = typer.Option(False, "--json", help="输出办件 JSON（同 case show --json）"),
) -> None:
    from ..domain.cases import STATUS_LABELS, Status

    chosen = parse_action(ctx, action)
    given = {"to": to, "note": note, "reason": reason, "cause": cause, "materials": materials, "days": days,
             "basis": basis, "method": method, "result": result, "unit": unit, "step": step,
             "limit_days": limit_days, "day_kind": day_kind, "contact": contact_name, "phone": contact_phone,
             "level": level, "channel": channel}
    extras = {"--approver": approver, "--notice-out": notice_out}
    allowed = set(options_of(chosen))
    used = [OPTION_OF[k] for k, v in given.items() if v is not None] + [o for o, v in extras.items() if v is not None]
    for option in used:
        if option not in allowed:
            t = common.t(ctx)
            raise click.UsageError(t("操作 {action} 不接受选项 {option}；可用选项：{allowed}", action=chosen.value,
                                     option=option, allowed=" ".join(options_of(chosen)) or t("无")), ctx=ctx)
    # What the case screen's form gives the service: its fields, as text, the extension's days as a number.
    data: dict = {k: (v if k == "days" else str(v)) for k, v in given.items() if v is not None}
    if notice_out is not None:
        _check_folder(notice_out)
    password = _read_password(ctx, approver) if approver is not None else None

    from ..services import cases, lifecycle, staff

    db = common.open_db(ctx)
    clock = common.clock()
    actor = common.actor(ctx, db)
    approved_by = staff.authenticate(db, clock, approver, password) \
        if approver is not None and password is not None else None  # both or neither (above)
    done = lifecycle.act(db, actor, clock, number, chosen, data, approver=approved_by)

    t = common.t(ctx)
    status = t(STATUS_LABELS[Status(done.status)]) if done.status in Status._value2member_map_ else done.status
    label = t(ACTION_LABELS.get(chosen, chosen.value))
    if done.due_on is not None:
        common.echo_err(t("已{action}：{number}，状态：{status}，承诺办结日期 {due}", action=label, number=done.number,
                          status=status, due=done.due_on.isoformat()))
    else:
        common.echo_err(t("已{action}：{number}，状态：{status}", action=label, number=done.number, status=status))
    if chosen is Action.EXTEND:  # the applicant is told in writing (domain.md §5), as the case screen does
        if notice_out is not None:
            _deliver_notice(ctx, db, actor, clock, done.number, done.event_id, notice_out)
        else:
            common.echo_err(t("请向申请人出具延长办理期限告知书：quancheng case extension-notice {number} --event {event}",
                              number=done.number, event=done.event_id))
    if json_:
        view = cases.get_case(db, actor, done.number, today=clock.today())
        out = view.as_json()
        out["events"] = [{"at": e.at.isoformat(), "actor": e.actor, "acting_for": e.acting_for, "type": e.type,
                          "data": e.data} for e in view.events]
        out["action"] = {"code": chosen.value, "event_id": done.event_id}
        common.echo_json(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        typer.echo(done.status)


def _check_folder(folder: Path) -> None:
    """The notice's folder is made and checked before the case is changed: a failed command changes nothing."""
    import os

    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(13, os.strerror(13))
    except OSError as err:
        raise InputError(N_("无法保存到 {path}：{reason}"), path=str(folder), reason=err.strerror or str(err)) from None


def _deliver_notice(ctx: typer.Context, db, actor, clock, number: str, event_id: int, folder: Path) -> None:
    from ..documents.output import safe_filename
    from ..services import forms

    data = forms.form_for(db, actor, clock, number, "extension", event_id=event_id)  # the one forms service
    stem = safe_filename(forms.file_stem("extension", data))
    path = forms.write(data, folder / f"{stem}.pdf")
    forms.write(data, folder / f"{stem}.txt")  # for a terminal without a PDF viewer (an agent over SSH)
    common.echo_err(common.t(ctx)("已生成延长办理期限告知书 {number}：{path}", number=data.number, path=str(path)))


def register(app: typer.Typer) -> None:
    """Add `act` to the `case` Typer app."""
    app.command("act", help=help_text())(act)
