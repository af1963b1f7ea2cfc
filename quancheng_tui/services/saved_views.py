"""Saved board views (保存的视图): a staff member's filters, sort and search under a name.

Views are stored per login in the database, so one follows its owner to any counter PC
and over SSH; nobody sees or changes another's. A view is only a way of asking: it is
checked again each time it is applied, against who the actor is by then, so an old
view cannot show more than the board would (an agent moved to another village, or a
clerk who became an agent, is refused the other village). A few built-in views are
offered to everyone; they are named by msgids and cannot be saved over or deleted.

Saving and deleting are audited. Listing and applying only read: an audit entry would
also move the change marker every open board polls, and reload them all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from ..domain import text
from ..errors import N_, Conflict, InputError, NotFound
from ..store.case_tables import SavedView as SavedViewRow
from ..store.database import Database
from . import audit, board
from .board import BoardFilters
from .context import Actor, Clock

__all__ = ["BUILTIN", "MAX_NAME", "MAX_VIEWS", "SavedView", "apply", "delete", "list_views", "save"]

F_NAME = N_("视图名称")
MAX_NAME = 40
MAX_VIEWS = 50  # a list to pick from at the counter, not an archive

BUILTIN: tuple[tuple[str, BoardFilters], ...] = (
    (N_("我的在办"), BoardFilters(mine=True)),
    (N_("今日到期及超期"), BoardFilters(due_within=0)),
    (N_("已超期"), BoardFilters(overdue=True)),
)
_BUILTIN = dict(BUILTIN)


@dataclass(frozen=True)
class SavedView:
    name: str  # as saved; a built-in's is its msgid
    filters: BoardFilters
    builtin: bool = False
    created_at: datetime | None = None


# Which JSON types each field of BoardFilters may hold (bool is not an int here).
_TYPES = {"kind": (str, type(None)), "status": (str, type(None)), "owner": (str, type(None)),
          "village": (str, type(None)), "overdue": (bool,), "due_within": (int, type(None)), "mine": (bool,),
          "acting": (bool,), "search": (str,), "sort": (str,), "descending": (bool,)}


def _dump(filters: BoardFilters) -> str:
    return json.dumps({f.name: getattr(filters, f.name) for f in fields(BoardFilters)}, ensure_ascii=False,
                      sort_keys=True)


def _stored(data: str) -> object:
    """The stored JSON for the audit trail, kept as text when it does not parse."""
    try:
        return json.loads(data)
    except ValueError:
        return data


def _load(name: str, data: str) -> BoardFilters:
    """The stored JSON back as filters; keys this build does not know are left out."""
    try:
        raw = json.loads(data)
    except ValueError:
        raw = None
    if not isinstance(raw, dict):
        raise InputError(N_("视图“{name}”的内容无效，请删除后重新保存"), name=name)
    values: dict[str, Any] = {}
    for key, types in _TYPES.items():
        if key not in raw:
            continue
        value = raw[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise InputError(N_("视图“{name}”的内容无效，请删除后重新保存"), name=name)
        values[key] = value
    return BoardFilters(**values)


def _name(name: str) -> str:
    return text.clean(name, F_NAME, max_len=MAX_NAME)


def save(db: Database, actor: Actor, clock: Clock, name: str, filters: BoardFilters, *,
         replace: bool = False) -> SavedView:
    """Save `filters` (sort and search included) as the actor's view `name`; with `replace` an existing
    view of that name takes the new filters, otherwise the name must be new."""
    label = _name(name)
    if label in _BUILTIN:
        raise InputError(N_("“{name}”是内置视图的名称，请换一个名称"), name=label)
    checked = board.check(db, actor, clock, filters)
    data = _dump(checked)
    now = clock.now()
    with db.write() as session:
        row = session.exec(select(SavedViewRow).where(SavedViewRow.login == actor.login,
                                                      SavedViewRow.name == label)).first()
        before = None
        if row is not None:
            if not replace:
                raise Conflict(N_("已有名为“{name}”的视图"), name=label)
            before = {"name": label, "filters": _stored(row.filters)}
            row.filters, row.created_at = data, now
        else:
            mine = session.exec(select(func.count()).select_from(SavedViewRow)
                                .where(SavedViewRow.login == actor.login)).one()
            if int(mine) >= MAX_VIEWS:
                raise InputError(N_("最多保存 {max} 个视图，请先删除不用的"), max=MAX_VIEWS)
            row = SavedViewRow(login=actor.login, name=label, filters=data, created_at=now)
        session.add(row)
        session.flush()
        audit.append(session, actor, now, "view.save", "saved_view", str(row.id), before=before,
                     after={"name": label, "filters": json.loads(data)})
    return SavedView(label, checked, False, now)


def list_views(db: Database, actor: Actor) -> tuple[SavedView, ...]:
    """The built-in views, then the actor's own by name."""
    with db.read() as session:
        rows = session.exec(select(SavedViewRow).where(SavedViewRow.login == actor.login)
                            .order_by(col(SavedViewRow.name))).all()
        own = []
        for r in rows:
            try:
                filters = _load(r.name, r.filters)
            except InputError:  # still listed, so it can be deleted; applying it says what is wrong
                filters = BoardFilters()
            own.append(SavedView(r.name, filters, False, r.created_at))
    return tuple(SavedView(n, f, True) for n, f in BUILTIN) + tuple(own)


def apply(db: Database, actor: Actor, clock: Clock, name: str) -> SavedView:
    """The view `name` with its filters checked again for the actor as they are now."""
    label = _name(name)
    if label in _BUILTIN:
        return SavedView(label, board.check(db, actor, clock, _BUILTIN[label]), True)
    with db.read() as session:
        row = session.exec(select(SavedViewRow).where(SavedViewRow.login == actor.login,
                                                      SavedViewRow.name == label)).first()
        if row is None:
            raise NotFound(N_("没有名为“{name}”的视图"), name=label)
        stored, created = row.filters, row.created_at
    return SavedView(label, board.check(db, actor, clock, _load(label, stored)), False, created)


def delete(db: Database, actor: Actor, clock: Clock, name: str) -> None:
    """Delete the actor's view `name`; the built-in views stay."""
    label = _name(name)
    if label in _BUILTIN:
        raise InputError(N_("内置视图不能删除"))
    with db.write() as session:
        row = session.exec(select(SavedViewRow).where(SavedViewRow.login == actor.login,
                                                      SavedViewRow.name == label)).first()
        if row is None:
            raise NotFound(N_("没有名为“{name}”的视图"), name=label)
        before = {"name": row.name, "filters": _stored(row.filters)}
        key = str(row.id)
        session.delete(row)
        audit.append(session, actor, clock.now(), "view.delete", "saved_view", key, before=before)
