"""The `quancheng` command line (cli-contract.md). Data on stdout, messages on stderr."""

from __future__ import annotations

import sys

import typer

from . import __version__
from .commands import common
from .errors import QuanchengError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="全程协办 quancheng — 乡镇便民服务中心全程协办系统。不带子命令时启动终端界面。",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quancheng {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(None, "--db", envvar="QUANCHENG_DB", help="SQLite 文件路径或 SQLAlchemy URL"),
    user: str | None = typer.Option(None, "--user", envvar="QUANCHENG_USER", help="以哪位工作人员的身份操作（默认：系统登录名）"),
    lang: str | None = typer.Option(None, "--lang", envvar="QUANCHENG_LANG", help="界面语言：zh 或 en"),
    login: str | None = typer.Option(None, "--login", hidden=True, help="SSH 强制命令固定的登录名"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本"),
) -> None:
    common.current = common.CliState(db=db, user=user, lang=lang, login=login)
    ctx.obj = common.current
    if ctx.invoked_subcommand is None:
        from .commands.tui import start

        start(ctx)


def _register() -> None:
    from .commands import (
        appointment,
        audit,
        board,
        calendar,
        case,
        case_act,
        catalog,
        db,
        deadline,
        demo,
        export,
        roster,
        setup,
        ssh,
        staff,
    )

    setup.register(app)
    case_act.register(case.app)  # case act: every lifecycle action, on the `case` app
    deadline.register(app)
    demo.register(app)
    board.register(app)
    export.register(app)
    for name, module in (("db", db), ("staff", staff), ("calendar", calendar), ("catalog", catalog),
                         ("case", case), ("appointment", appointment), ("audit", audit), ("ssh", ssh),
                         ("roster", roster)):
        app.add_typer(module.app, name=name)


_register()


def run(argv: list[str] | None = None) -> int:
    try:
        app(args=argv, prog_name="quancheng", standalone_mode=True)
    except QuanchengError as err:
        common.echo_err(common.t().error(err))
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from . import crash

        if crash.debugging():
            raise
        common.echo_err(common.t().error(crash.unexpected(exc)))
        return 1
    return 0


def main() -> None:
    sys.exit(run())
