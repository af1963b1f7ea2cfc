"""The `quancheng` command line (cli-contract.md). Data on stdout, messages on stderr."""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from contextlib import contextmanager

import typer

from . import __version__
from .commands import common
from .commands.state import VALUED, finish
from .errors import N_, QuanchengError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    suggest_commands=False,  # Click suggests already, in the interface's language (cli_i18n.py)
    rich_markup_mode=None,
    help="全程协办 quancheng — 乡镇便民服务中心全程协办系统。不带子命令时启动终端界面。",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quancheng {__version__}")
        raise typer.Exit()


# `init` creates the database; these never open --db. Every other command (and the TUI) refuses a
# --db path that does not exist instead of creating an empty office there.
_MAKE_OR_NEED_NO_DB = frozenset({"init", "demo", "deadline", "calendar"})  # calendar import checks it itself


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(None, "--db", envvar="QUANCHENG_DB", help="SQLite 文件路径或 SQLAlchemy URL"),
    user: str | None = typer.Option(None, "--user", envvar="QUANCHENG_USER", help="以哪位工作人员的身份操作（默认：系统登录名）"),
    lang: str | None = typer.Option(None, "--lang", envvar="QUANCHENG_LANG", help="界面语言：zh 或 en"),
    login: str | None = typer.Option(None, "--login", hidden=True, help="SSH 强制命令固定的登录名"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本"),
    lite: bool | None = typer.Option(None, "--lite/--no-lite", help="慢速链路模式：光标不闪烁、无动画、256 色（经 SSH 登录时默认开启）"),
) -> None:
    common.current = common.CliState(db=db, user=user, lang=lang, login=login)
    ctx.obj = common.current
    ctx.meta[common.LITE_META] = lite  # Click shares meta with every sub-command (demo opens the TUI)
    if ctx.invoked_subcommand not in (None, "demo", "hall", "board"):  # these may open the TUI
        _unwind_on_signals()
    if db and ctx.invoked_subcommand not in _MAKE_OR_NEED_NO_DB:
        from .services.db_files import require_existing

        require_existing(db)
    if ctx.invoked_subcommand is None and login is not None and "SSH_ORIGINAL_COMMAND" in os.environ:
        from .commands.ssh_docs import serve  # `ssh -T host docs get …` into an agent's forced command

        serve(ctx, os.environ["SSH_ORIGINAL_COMMAND"])
        return
    if ctx.invoked_subcommand is None:
        from .commands.tui import start

        code = start(common.state(ctx), lite)
        if code:
            raise typer.Exit(code)


def _register() -> None:
    from .commands import (
        accountability,
        appointment,
        assessment,
        attendance,
        audit,
        board,
        calendar,
        case,
        catalog,
        complaint,
        db,
        deadline,
        demo,
        export,
        followup,
        hall,
        office,
        rating,
        report,
        roster,
        setup,
        ssh,
        staff,
        token,
    )

    setup.register(app)
    deadline.register(app)
    demo.register(app)
    board.register(app)
    hall.register(app)
    export.register(app)
    for name, module in (("rating", rating), ("complaint", complaint), ("followup", followup)):  # issue 14
        app.add_typer(module.app, name=name)
    app.add_typer(attendance.app, name="attendance")  # issue 15
    app.add_typer(accountability.app, name="accountability")  # issue 15
    app.add_typer(assessment.app, name="assessment")  # issue 15: 季度考核
    app.add_typer(office.app, name="office")  # the office's settings (issue 16 item 4)
    for name, module in (("db", db), ("staff", staff), ("calendar", calendar), ("catalog", catalog),
                         ("case", case), ("appointment", appointment), ("audit", audit), ("ssh", ssh),
                         ("roster", roster), ("token", token), ("report", report)):
        app.add_typer(module.app, name=name)



@functools.cache
def _register_case_act() -> None:
    """`case act` builds its options from the domain's Action enum (≈20 ms of imports): registered only when
    the arguments name the `case` group, so `deadline` and `--version` start without it."""
    from .commands import case, case_act

    case_act.register(case.app)  # case act: every lifecycle action, on the `case` app


_register()


def run(argv: list[str] | None = None) -> int:
    with _signals_unwind():
        return finish(lambda: _run(argv), common.t)


_UNWIND = (signal.SIGTERM, signal.SIGHUP)


def _stop(signum, _frame):
    raise KeyboardInterrupt


@contextmanager
def _signals_unwind():
    """Whatever handlers a command installs (`_unwind_on_signals`) are put back when it ends."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in _UNWIND}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _unwind_on_signals() -> None:
    """A command (not the TUI, whose event loop has its own ways) unwinds on SIGTERM and SIGHUP (a closed SSH
    session) as on Ctrl-C, so the files it was writing are removed, never left half-written."""
    if threading.current_thread() is threading.main_thread():
        for s in _UNWIND:
            signal.signal(s, _stop)


def _built_help(command, t) -> None:
    """`case act`'s help is built from the lifecycle's actions: translated piece by piece, not as one text."""
    group = getattr(command, "commands", {}).get("case")
    act = getattr(group, "commands", {}).get("act") if group is not None else None
    if act is not None:
        from .commands.case_act import help_text

        act.help = help_text(t)


def _run(argv: list[str] | None) -> int:
    """The command line proper; its failures end in `finish` (commands.state), as plain `quancheng`'s do."""
    argv = _utf8_arguments(sys.argv[1:] if argv is None else argv)
    from typer.main import get_command

    from .cli_i18n import early_lang, speak
    from .i18n import translator

    if "case" in argv:
        _register_case_act()
    command = get_command(_tree_for(argv))
    lang = early_lang(argv)
    speak(command, lang, translator(lang))
    if lang != "zh":
        _built_help(command, translator(lang))
    try:
        command.main(args=argv, prog_name="quancheng", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def _tree_for(argv: list[str]) -> typer.Typer:
    """The app with only the sub-command the arguments name: Typer turns every command's signature into
    Click parameters on each run (≈60 ms for all of them), and one command needs only its own. Without
    a known name (`--help`, a typo) the whole tree, so help lists and suggestions stay complete; with no name
    at all (the TUI) none."""
    import copy

    from typer.main import get_command_name

    name = None
    words = iter(argv)
    for word in words:
        if word in VALUED:  # the root's options that take a value
            next(words, None)  # its value, which may look like a command's name
        elif not word.startswith("-"):
            name = word
            break
    if name is None and not {"--help", "-h"} & set(argv):
        slim = copy.copy(app)  # the TUI: no sub-command to build (issue 17: start-up)
        slim.registered_groups, slim.registered_commands = [], []
        return slim
    if name is None:
        return app
    groups = [g for g in app.registered_groups if g.name == name]
    commands = [c for c in app.registered_commands
                if (c.name or (c.callback and get_command_name(c.callback.__name__))) == name]
    if not groups and not commands:
        return app
    slim = copy.copy(app)
    slim.registered_groups, slim.registered_commands = groups, commands
    return slim


def _utf8_arguments(argv: list[str]) -> list[str]:
    """Refuse an argument that is not UTF-8 (Python hands it over with lone surrogates) before anything uses it."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise QuanchengError(N_("参数 {arg} 含有无效的 UTF-8 字节"), arg=shown[:80]) from None
    return argv


def main() -> None:
    sys.exit(run())
