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
    login = common.state(ctx).login
    if db is not None:
        settings = settings.with_(db=str(db.target.display))
    elif login is not None:
        db = common.open_db(ctx, create=True)  # sshd's forced command: the key is proven before the UI starts
    if login is not None:
        settings = _forced(ctx, db, login, settings)
    settings = settings.with_(lite=_lite(ctx, settings))
    from ..app import QuanchengApp, ui_translator

    # Otherwise the start-up worker opens the database while the login screen is already on screen.
    app = QuanchengApp(settings, db, common.clock(), translator=ui_translator(settings.lang),
                       opener=None if db is not None else lambda: _open(ctx))
    try:
        # Keyboard only: no mouse reporting, which would cost bytes on every move over SSH.
        app.run(mouse=False)
    finally:
        opened = app.opened_db
        if opened is not None:
            opened.dispose()
    if app.return_code:
        raise typer.Exit(app.return_code)


def _open(ctx: typer.Context):
    """The database for the app's start-up worker (a fresh machine gets its SQLite file and folder in the user
    data dir here), and what opening it changed, to be shown on screen rather than printed under the UI."""
    notes: list[str] = []
    db = common.open_db(ctx, create=True, tell=notes.append)
    return db, tuple(notes)


def _forced(ctx: typer.Context, db, login: str, settings):
    """--login opens the TUI as that login only with its key's secret (the forced command of
    `ssh authorized-keys`); without one the login screen asks for the password as anywhere else."""
    claim = common.claim(common.state(ctx))
    if not claim.key_secret:
        return settings.with_(user=login, forced_login=None)
    from ..services import identity, setup

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
