"""ssh authorized-keys: forced-command lines for the service account."""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

import typer

from . import common

app = typer.Typer(help="村代办员经 SSH 登录", no_args_is_help=True)


def default_command(db: str) -> str:
    exe = shutil.which("quancheng") or str(Path(sys.argv[0]).resolve())
    # sshd hands the forced command to the account's shell: a path with a space or a `;` stays one word.
    return f"{shlex.quote(exe)} --db {shlex.quote(db)}"


@app.command("authorized-keys")
def authorized_keys(
    ctx: typer.Context,
    command: str | None = typer.Option(None, "--command", help="强制执行的命令（默认：本程序的绝对路径加 --db）"),
) -> None:
    """输出 authorized_keys 内容（仅管理员）：每把公钥固定为 quancheng --login 登录名，不能执行其他命令。

    每行带一个新的密钥凭据，证明会话来自该公钥的强制命令；此前输出的各行随即失效。"""
    from ..services import staff as svc

    db = common.open_db(ctx)
    cmd = command or default_command(str(db.target.path or common.state(ctx).settings.db))
    for line in svc.authorized_keys(db, common.actor(ctx, db), common.clock(), cmd):
        typer.echo(line)
