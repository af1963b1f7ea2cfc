"""`ssh -T host docs get NUMBER [FORM] > file.pdf`: a village agent's documents over the forced command.

sshd runs the key's forced command (`quancheng --login L`, see `ssh authorized-keys`) whatever the client
asked for, and hands the client's words over in SSH_ORIGINAL_COMMAND. Only one sentence is accepted
(gitolite style): `docs get NUMBER [FORM]`; the PDF goes to stdout. The key's secret proves the agent, and
the forms service decides what they may print: their own village's cases only, as at their counter.
"""

from __future__ import annotations

import shlex
import sys

import typer

from ..errors import N_, InputError
from . import common

USAGE = N_("经 SSH 只能打开终端界面（ssh -t 主机）或取表单（ssh -T 主机 docs get 办件编号 [表单] > 文件.pdf，表单默认 receipt）")


def parse(original: str) -> tuple[str, str]:
    """(number, form key) from the client's command line, or one InputError naming what is allowed."""
    try:
        words = shlex.split(original)
    except ValueError:
        words = []
    if len(words) not in (3, 4) or words[:2] != ["docs", "get"]:
        raise InputError(USAGE)
    from ..services import forms

    return words[2], forms.parse_form(words[3] if len(words) == 4 else "receipt")


def serve(ctx: typer.Context, original: str) -> None:
    from ..services import forms, identity

    number, key = parse(original)
    if sys.stdout.isatty():
        raise InputError(N_("PDF 不能直接显示在终端上，请重定向到文件：ssh -T 主机 docs get {number} > 文件.pdf"),
                         number=number)
    st = common.state(ctx)
    claim = common.claim(st)
    if not claim.key_secret or st.login is None:
        raise InputError(USAGE)  # not the forced command of a key: nothing to serve
    db = common.open_db(ctx)
    clock = common.clock()
    actor = identity.prove_ssh_key(db, clock, st.login, claim.key_secret, claim.ssh_connection)
    data = forms.form_for(db, actor, clock, number, key)
    sys.stdout.buffer.write(forms.render(data, "pdf"))
    sys.stdout.buffer.flush()
    common.echo_err(common.t(ctx)("已输出{form}", form=common.t(ctx)(forms.FORM_LABELS[key])))
