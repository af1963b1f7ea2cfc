"""staff add, list, passwd."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..errors import N_, InputError
from . import common

app = typer.Typer(help="工作人员", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    login: str = typer.Argument(..., help="登录名"),
    name: str = typer.Option(..., "--name", help="姓名"),
    role: str = typer.Option(..., "--role", help="clerk|handler|leader|admin|agent|supervisor"),
    village: str | None = typer.Option(None, "--village", help="村（社区）代码，村代办员必填"),
    phone: str = typer.Option("", "--phone", help="联系电话"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入读取登录密码"),
) -> None:
    """添加工作人员（仅管理员）。"""
    from ..services import staff as svc

    password = _read_password() if password_stdin else None
    db = common.open_db(ctx)
    view = svc.add_staff(db, common.actor(ctx, db), common.clock(), login, name, role, village, phone, password)
    common.echo_err(common.t(ctx)("已添加工作人员 {login}", login=view.login))


@app.command("list")
def list_(
    ctx: typer.Context,
    json_: bool = common.JSON,
    fmt: str = common.FORMAT,
) -> None:
    """列出工作人员。"""
    from ..services import staff as svc

    db = common.open_db(ctx)
    rows = [s.as_dict() for s in svc.list_staff(db, common.actor(ctx, db))]
    fmt = common.output_format(json_, fmt)
    if fmt == "table":  # read by a person: words in their language; csv and json keep the codes for scripts
        t = common.t(ctx)
        rows = [_staff_words(t, r) for r in rows]
        common.emit(rows, fmt, STAFF_COLUMNS, [t(h) for h in STAFF_HEADERS])
    else:
        common.emit(rows, fmt, STAFF_COLUMNS)


STAFF_COLUMNS = ["login", "name", "role", "village", "phone", "active"]
STAFF_HEADERS = [N_("登录名"), N_("姓名"), N_("角色"), N_("村（社区）"), N_("联系电话"), N_("在职")]


def _staff_words(t, row: dict) -> dict:
    from ..domain.roles import ROLE_LABELS, Role

    out = dict(row)
    if row["role"] in Role._value2member_map_:
        out["role"] = t(ROLE_LABELS[Role(row["role"])])
    out["active"] = t("是") if row["active"] else t("否")
    return out


@app.command("passwd")
def passwd(ctx: typer.Context, login: str = typer.Argument(..., help="登录名")) -> None:
    """从标准输入读取新密码并设置（本人或管理员）。"""
    from ..services import staff as svc

    password = _read_password()
    db = common.open_db(ctx)
    svc.set_password(db, common.actor(ctx, db), common.clock(), login, password)
    common.echo_err(common.t(ctx)("已设置 {login} 的密码", login=login))


@app.command("add-key")
def add_key(
    ctx: typer.Context,
    login: str = typer.Argument(..., help="登录名"),
    keyfile: Path = typer.Argument(..., help="OpenSSH 公钥文件（.pub）"),
) -> None:
    """登记工作人员的 SSH 公钥（仅管理员），供 quancheng ssh authorized-keys 使用。"""
    from ..services import staff as svc

    try:
        key_text = keyfile.read_text(encoding="utf-8", errors="strict")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(N_("无法读取文件 {path}：{reason}"), path=str(keyfile), reason=str(exc)) from None
    db = common.open_db(ctx)
    fingerprint = svc.add_key(db, common.actor(ctx, db), common.clock(), login, key_text)
    common.echo_err(common.t(ctx)("已登记 {login} 的公钥 {fingerprint}", login=login, fingerprint=fingerprint))


@app.command("map-os")
def map_os(
    ctx: typer.Context,
    login: str = typer.Argument(..., help="登录名"),
    os_user: str = typer.Argument(..., help="本机系统账号名"),
) -> None:
    """把本机系统账号关联到工作人员（仅管理员）：该账号运行的命令即以此人身份执行，无需密码。"""
    from ..services import identity

    db = common.open_db(ctx)
    identity.map_os(db, common.actor(ctx, db), common.clock(), login, os_user)
    common.echo_err(common.t(ctx)("系统账号 {os_user} 已关联到 {login}", os_user=os_user, login=login))


def _read_password() -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("密码 / password: ")
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise InputError(N_("密码不能为空"))
    return line
