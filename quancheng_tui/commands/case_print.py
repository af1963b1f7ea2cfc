"""case print NUMBER --form FORM --out FILE|DIR: every form of a case, from the forms service (cli-contract.md "Cases").

``--form notice`` also takes a notice's own number (QS-GZ20260316-0001): a visitor told what was
missing has a notice and no case, and gets the same paper as at the counter (``forms.notice_form``).

Registered on the ``case`` app by ``commands/case.py`` (one line). The form's content is decided by
``services.forms`` exactly as for the screens; this module only picks the file and writes it (mode
0600: a form names the applicant).
"""

from __future__ import annotations

from pathlib import Path

import typer

from . import common

FORM_HELP = "receipt|acceptance|notice|refusal|transfer|extension|date-change|reminder|log"


def print_form(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="办件编号；--form notice 也可以是告知书编号（如 QS-GZ20260316-0001）"),
    form: str = typer.Option(..., "--form", help=FORM_HELP),
    out: Path = typer.Option(..., "--out", help="输出文件：.pdf，或 .txt（纯文本）；或一个已有目录（存为 PDF）"),
    event: int | None = typer.Option(None, "--event", min=1, help="extension：哪一次延期（事件编号；默认最近一次）"),
) -> None:
    """打印办件的一种表单（与终端界面同一表单服务）；不适用于该办件状态的表单予以拒绝。

    没有办件的一次性告知书（只告知、未登记）按告知书编号打印：case print GZ编号 --form notice。
    """
    from ..services import forms

    key = forms.parse_form(form)
    db = common.open_db(ctx)
    data = forms.form_for(db, common.actor(ctx, db), common.clock(), number, key, event_id=event)
    dest = out.expanduser()
    if dest.is_dir():
        from ..documents.output import safe_filename

        dest = dest / f"{safe_filename(forms.file_stem(key, data))}.pdf"
    written = forms.write(data, dest)
    common.echo_err(common.t(ctx)("已输出{form}到 {path}", form=common.t(ctx)(forms.FORM_LABELS[key]),
                                  path=str(written)))
    typer.echo(str(written))


def register(app: typer.Typer) -> None:
    app.command("print")(print_form)


__all__ = ["print_form", "register"]
