"""`quancheng` with no sub-command: the terminal UI. Textual is imported only from here on."""

from __future__ import annotations

import typer

from . import common


def start(ctx: typer.Context, db=None) -> None:
    import sys

    from ..errors import N_, InputError

    settings = common.state(ctx).settings
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Without a terminal (e.g. `ssh -T` into the forced command) the UI could only spin.
        raise InputError(N_("终端界面需要在终端中运行（经 SSH 登录时请用 ssh -t）"))
    if db is None:
        # A fresh machine gets its SQLite file (and folder) in the user data dir here.
        db = common.open_db(ctx, create=True)
    else:
        settings = settings.with_(db=str(db.target.display))
    from ..app import QuanchengApp, ui_translator

    app = QuanchengApp(settings, db, common.clock(), translator=ui_translator(settings.lang))
    try:
        # Keyboard only: no mouse reporting, which would cost bytes on every move over SSH.
        app.run(mouse=False)
    finally:
        db.dispose()
