"""What every command shares: the resolved settings, the database, the actor, output."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click
import typer

from ..errors import N_
from . import state as _state
from .state import CliState, claim, os_account  # noqa: F401 (re-exported; claim reads state.os_account)
from .state import say_err as echo_err

if TYPE_CHECKING:
    from types import EllipsisType

    from ..services.context import Actor, Clock
    from ..services.database import Database


# The language the failure line is printed in, known once options are parsed.
current: CliState = CliState()


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, CliState) else current


LITE_META = "quancheng.lite"  # the root's --lite/--no-lite, in the Click context's meta


def lite_flag(ctx: typer.Context) -> bool | None:
    return ctx.meta.get(LITE_META)


def t(ctx: typer.Context | None = None):
    return _state.translator(state(ctx) if ctx is not None else current)


def open_db(ctx: typer.Context, *, create: bool = False, upgrade: bool = True,
            tell: Callable[[str], None] | None = None) -> Database:
    """Open --db (commands.state.open_db); what opening changed goes to `tell`, by default a line on stderr."""
    return _state.open_db(state(ctx), tell or echo_err, create=create, upgrade=upgrade)


def clock() -> Clock:
    """The time (commands.state.clock, looked up there on each call: the tests' fixed clock is set there)."""
    return _state.clock()


def actor(ctx: typer.Context, db: Database) -> Actor:
    """Who runs this command, proven once per command (services.identity): a token, the SSH key's
    forced command, the OS account an admin mapped, or the password asked on the terminal."""
    st = state(ctx)
    if st._actor is None:
        from ..services import identity

        st._actor = identity.prove(db, clock(), claim(st), ask_password)
    return st._actor


def ask_password(login: str) -> str | None:
    """The password typed on the terminal (not echoed), or None when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        return None
    import getpass

    try:
        return getpass.getpass(t()("{login} 的密码：", login=login), stream=sys.stderr)
    except EOFError:
        return None


def echo(text: str) -> None:
    """A line of data on stdout, through the one terminal sanitiser."""
    from ..domain.text import safe_for_terminal

    typer.echo(safe_for_terminal(text))


def echo_json(text: str) -> None:
    """JSON on stdout with terminal-unsafe characters as \\u escapes (the same data)."""
    from ..domain.text import json_for_terminal

    typer.echo(json_for_terminal(text))


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):  # as JSON writes it, not Python's True/False
        return "true" if value else "false"
    return _jsonable(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def emit(rows: Sequence[dict], fmt: str, columns: Sequence[str] | None = None,
         headers: Sequence[str] | None = None, out=None, *, envelope: dict | None = None,
         key: str = "rows") -> None:
    """Print rows on stdout as table, csv, json or ndjson (messages go to stderr): every listing command's
    one output path. With `envelope`, the json document is that object with the rows under `key` (a
    listing whose --json has always been a document, as `calendar show`); the other formats are the rows."""
    out = out or sys.stdout
    columns = list(columns or (rows[0].keys() if rows else []))
    from ..domain.text import json_for_terminal, safe_for_terminal

    if fmt == "json":
        listed = [{k: _jsonable(r.get(k)) for k in columns} for r in rows]
        document: Any = listed if envelope is None else {**envelope, key: listed}
        text = json.dumps(document, ensure_ascii=False, indent=2)
        out.write(json_for_terminal(text) + "\n")
    elif fmt == "ndjson":
        for r in rows:
            out.write(json_for_terminal(json.dumps({k: _jsonable(r.get(k)) for k in columns}, ensure_ascii=False)) + "\n")
    elif fmt == "csv":
        from ..services.tabular import csv_cell

        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([csv_cell(h) for h in columns])  # keys, as json's: `headers` are the table's
        for r in rows:
            writer.writerow([safe_for_terminal(csv_cell(_csv_value(r.get(k)))) for k in columns])
        out.write(buf.getvalue())
    else:
        _table(rows, columns, headers or columns, out)


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _table(rows: Sequence[dict], columns: Sequence[str], headers: Sequence[str], out) -> None:
    from ..domain.text import safe_for_terminal

    cells = [[safe_for_terminal("" if r.get(k) is None else str(_jsonable(r.get(k)))) for k in columns] for r in rows]
    widths = [max([_width(h)] + [_width(c[i]) for c in cells]) for i, h in enumerate(headers)]

    def line(values: Iterable[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out.write(line(headers) + "\n")
    for c in cells:
        out.write(line(c) + "\n")


FORMAT_HELP = N_("输出格式：table、csv、json 或 ndjson")

# --- the one --format of every listing command (sqlite-utils' shared output options are the model) --------

LIST_FORMATS = ("table", "csv", "json", "ndjson")
# The refusal of each set of formats (msgids already translated where they were first used).
_BAD_FORMAT = {
    LIST_FORMATS: N_("输出格式“{value}”无效，应为 table、csv、json 或 ndjson"),
    ("csv", "xlsx", "json", "ndjson"): N_("导出格式“{value}”无效，应为 csv、xlsx、json 或 ndjson"),
    ("csv", "xlsx", "json", "toml"): N_("导出格式“{value}”无效，应为 csv、xlsx、json 或 toml"),
    ("csv", "xlsx"): N_("导出格式“{value}”无效，应为 csv 或 xlsx"),
    ("table", "csv", "xlsx", "pdf", "json"): N_("输出格式“{value}”无效，应为 table、csv、xlsx、pdf 或 json"),
}


class FormatUsageError(click.UsageError):
    """A --format the command does not have: wrong usage, so exit 2 (cli-contract.md), and like every
    other failure one line in the user's language, without click's usage banner."""

    def show(self, file=None) -> None:
        echo_err(self.format_message())


def _format_check(allowed: tuple[str, ...]):
    def check(ctx: typer.Context, value: str | None) -> str | None:
        # A click callback: it runs while the options are parsed, before the database is opened.
        if value is None:
            return None
        fmt = value.strip().lower()
        if fmt not in allowed:
            from ..errors import visible

            raise FormatUsageError(t(ctx)(_BAD_FORMAT[allowed], value=visible(value.strip()[:40])), ctx=ctx)
        return fmt
    return check


def format_option(default: str | EllipsisType | None = "table", allowed: tuple[str, ...] = LIST_FORMATS,
                  help: str = FORMAT_HELP) -> Any:
    """`--format`: checked and lower-cased on parsing; a value not in `allowed` is a usage error."""
    return typer.Option(default, "--format", help=help, callback=_format_check(allowed))


# Every listing command takes these two, declared here once: `fmt: str = common.FORMAT`,
# `json_: bool = common.JSON` (the contract's `--json` is `--format json`), then `fmt = common.output_format(json_, fmt)`.
FORMAT: Any = format_option()
JSON: Any = typer.Option(False, "--json", help="输出 JSON（同 --format json）")


def output_format(json_: bool, fmt: str) -> str:
    return "json" if json_ else fmt
