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
    login = common.state(ctx).login
    if login is not None:
        settings = _forced(ctx, db, login, settings)
    settings = settings.with_(lite=_lite(ctx, settings))
    from ..app import QuanchengApp, ui_translator

    app = QuanchengApp(settings, db, common.clock(), translator=ui_translator(settings.lang))
    try:
        # Keyboard only: no mouse reporting, which would cost bytes on every move over SSH.
        app.run(mouse=False)
    finally:
        db.dispose()


def _forced(ctx: typer.Context, db, login: str, settings):
    """--login opens the TUI as that login only with its key's secret (the forced command of
    `ssh authorized-keys`); without one the login screen asks for the password as anywhere else."""
    from ..services import identity, setup

    claim = common.claim(common.state(ctx))
    if not claim.key_secret:
        return settings.with_(user=login, forced_login=None)
    if setup.needs_first_run(db):
        return settings.with_(forced_login=login)  # the app refuses: no one sets up the office over SSH
    try:
        actor = identity.prove_ssh_key(db, common.clock(), login, claim.key_secret, claim.ssh_connection)
    except BaseException:
        db.dispose()
        raise
    return settings.with_(user=actor.login, forced_login=actor.login)


def _lite(ctx: typer.Context, settings) -> bool:
    """--lite/--no-lite (the root option), else the config file, else on over SSH (settings.lite_mode)."""
    from ..settings import lite_mode

    return lite_mode(ctx.meta.get("quancheng.lite"), settings.lite)
