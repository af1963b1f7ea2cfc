"""`quancheng` with no sub-command: the terminal UI. Textual is imported only from here on.

No command framework either: plain `quancheng` reaches `start` through `commands.state.plain_tui` alone
(issue 17: start-up), and the Typer root calls the same function.
"""

from __future__ import annotations

from . import state as cli_state
from .state import CliState


def run_plain(st: CliState, lite: bool | None) -> int:
    """Plain `quancheng` without the command line: the root's --db check, then the TUI, ended as any command."""

    def body() -> int:
        if st.db:
            from ..services.db_files import require_existing

            require_existing(st.db)
        return start(st, lite)

    return cli_state.finish(body, lambda: cli_state.translator(st))


def start(st: CliState, lite: bool | None, db=None) -> int:
    """The TUI until it quits; its exit status. `lite` is the root's --lite/--no-lite (None: not given)."""
    import sys

    from ..errors import N_, InputError

    settings = st.settings
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Without a terminal (e.g. `ssh -T` into the forced command) the UI could only spin.
        raise InputError(N_("终端界面需要在终端中运行（经 SSH 登录时请用 ssh -t）"))
    if db is not None:
        settings = settings.with_(db=str(db.target.display))
    elif st.login is not None:
        db = cli_state.open_db(st, cli_state.say_err, create=True)  # sshd's forced command: the key first
    if st.login is not None:
        settings = _forced(st, db, st.login, settings)
    from ..settings import lite_mode

    # --lite/--no-lite (the root option), else the config file, else on over SSH (settings.lite_mode).
    settings = settings.with_(lite=lite_mode(lite, settings.lite))
    from ..app import QuanchengApp, ui_translator

    # Otherwise the start-up worker opens the database while the login screen is already on screen.
    app = QuanchengApp(settings, db, cli_state.clock(), translator=ui_translator(settings.lang),
                       opener=None if db is not None else lambda: _open(st))
    try:
        # Keyboard only: no mouse reporting, which would cost bytes on every move over SSH.
        app.run(mouse=False)
    finally:
        opened = app.opened_db
        if opened is not None:
            opened.dispose()
    return app.return_code or 0


def _open(st: CliState):
    """The database for the app's start-up worker (a fresh machine gets its SQLite file and folder in the user
    data dir here), and what opening it changed, to be shown on screen rather than printed under the UI."""
    notes: list[str] = []
    db = cli_state.open_db(st, notes.append, create=True)
    return db, tuple(notes)


def _forced(st: CliState, db, login: str, settings):
    """--login opens the TUI as that login only with its key's secret (the forced command of
    `ssh authorized-keys`); without one the login screen asks for the password as anywhere else."""
    claim = cli_state.claim(st)
    if not claim.key_secret:
        return settings.with_(user=login, forced_login=None)
    from ..services import identity, setup

    if setup.needs_first_run(db):
        return settings.with_(forced_login=login)  # the app refuses: no one sets up the office over SSH
    try:
        actor = identity.prove_ssh_key(db, cli_state.clock(), login, claim.key_secret, claim.ssh_connection)
    except BaseException:
        db.dispose()
        raise
    return settings.with_(user=actor.login, forced_login=actor.login)
