"""What every command shares: the resolved settings, the database, the actor, output."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import typer

from ..errors import N_, QuanchengError
from ..settings import Settings

if TYPE_CHECKING:
    from ..services.context import Actor, Clock
    from ..store.database import Database


@dataclass
class CliState:
    db: str | None = None
    user: str | None = None
    lang: str | None = None
    login: str | None = None
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from ..settings import resolve

            self._settings = resolve(db=self.db, user=self.user, lang=self.lang, forced_login=self.login)
        return self._settings


# The language the failure line is printed in, known once options are parsed.
current: CliState = CliState()


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, CliState) else current


def t(ctx: typer.Context | None = None):
    from ..i18n import translator

    st = state(ctx) if ctx is not None else current
    try:
        return translator(st.settings.lang)
    except QuanchengError:
        return translator("zh")


def open_db(ctx: typer.Context, *, create: bool = False, upgrade: bool = True) -> Database:
    """Open --db; with upgrade, bring its schema to head (backing the file up first)."""
    from ..store.database import Database

    settings = state(ctx).settings
    # Only the default place in the user data dir is created; a --db naming a
    # missing folder is more likely a typo than a wish.
    db = Database.open(settings.db, create=create and settings.db_is_default)
    if upgrade:
        from ..store.schema import HEAD
        from ..store.target import stored_revision

        path = db.target.path
        if path is None or not path.exists() or stored_revision(path) != HEAD:
            from ..store import migrate

            migrate.upgrade(db)
        _adopt_shipped_calendar(db)
    return db


def _adopt_shipped_calendar(db: Database) -> None:
    """A release shipping next year's official schedule re-dates open cases once (services.calendar)."""
    from ..services.calendar import adopt_shipped_years

    years, changes = adopt_shipped_years(db, clock())
    if changes:
        echo_err(t()("随程序提供的 {years} 年节假日安排已生效：{n} 件未办结案件的办结期限随之变更，请告知申请人",
                     years="、".join(map(str, years)), n=len(changes)))


def clock() -> Clock:
    from ..services.context import Clock

    return Clock()


def actor(ctx: typer.Context, db: Database) -> Actor:
    from ..services.staff import actor_for

    return actor_for(db, state(ctx).settings.user)


def echo_err(message: str) -> None:
    typer.echo(message, err=True)


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):  # as JSON writes it, not Python's True/False
        return "true" if value else "false"
    return _jsonable(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def emit(rows: Sequence[dict], fmt: str, columns: Sequence[str] | None = None,
         headers: Sequence[str] | None = None, out=None) -> None:
    """Print rows on stdout as table, csv, json or ndjson (messages go to stderr)."""
    out = out or sys.stdout
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        json.dump([{k: _jsonable(r.get(k)) for k in columns} for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "ndjson":
        for r in rows:
            out.write(json.dumps({k: _jsonable(r.get(k)) for k in columns}, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        from ..services.tabular import csv_cell

        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([csv_cell(h) for h in (headers or columns)])
        for r in rows:
            writer.writerow([csv_cell(_csv_value(r.get(k))) for k in columns])
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
