"""The audit trail: append-only, each entry chained to the previous by SHA-256."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlmodel import Session, col, func, select

from ..domain.roles import Role
from ..errors import N_, InputError
from ..store.database import Database
from ..store.tables import AuditEntry
from .context import Actor

GENESIS = "0" * 64


def _digest(prev: str, at: datetime, actor: str, acting_for: str | None, action: str,
            entity: str, key: str, before: str | None, after: str | None) -> str:
    payload = json.dumps(
        [prev, at.isoformat(), actor, acting_for, action, entity, key, before, after],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _dump(value: dict | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def append(session: Session, actor: Actor, at: datetime, action: str, entity: str, key: str = "",
           before: dict | None = None, after: dict | None = None) -> AuditEntry:
    """Must run inside the write transaction it records.

    Appends must be serialised or two writers would chain onto the same entry:
    on SQLite BEGIN IMMEDIATE already does it; on PostgreSQL a transaction-scoped
    advisory lock does.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("SELECT pg_advisory_xact_lock(7283001)")
    last = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(1)).first()
    prev = last.hash if last else GENESIS
    at = at.astimezone(timezone.utc)
    b, a = _dump(before), _dump(after)
    entry = AuditEntry(
        at=at, actor=actor.login, acting_for=actor.acting_for, action=action, entity=entity,
        entity_key=str(key), before=b, after=a, prev_hash=prev,
        hash=_digest(prev, at, actor.login, actor.acting_for, action, entity, str(key), b, a),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    first_bad: int | None = None
    reason: str = ""


def verify(db: Database) -> VerifyResult:
    prev = GENESIS
    count = 0
    with db.read() as session:
        for e in session.exec(select(AuditEntry).order_by(col(AuditEntry.id))):
            count += 1
            if e.prev_hash != prev:
                return VerifyResult(False, count, e.id, "chain")
            expect = _digest(prev, e.at, e.actor, e.acting_for, e.action, e.entity, e.entity_key, e.before, e.after)
            if expect != e.hash:
                return VerifyResult(False, count, e.id, "hash")
            prev = e.hash
    return VerifyResult(True, count)


@dataclass(frozen=True)
class Anchor:
    """The head of the trail, kept outside the system: how many entries, and the newest one's hash.

    The chain alone shows an entry edited, inserted, deleted or reordered in the middle; only an
    anchor kept elsewhere shows the newest entries removed, or the whole chain recomputed after a
    forgery, because neither can give back the anchored entry's hash at the anchored count.
    """

    count: int
    hash: str

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        count, sep, digest = (text or "").strip().partition(":")
        digest = digest.lower()
        if not sep or not count.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise InputError(N_("锚点格式应为 条数:哈希（quancheng audit anchor 的输出），而不是 {value}"),
                             value=(text or "")[:80])
        return cls(int(count), digest)


def head(session: Session) -> Anchor:
    """The trail's head inside the caller's transaction."""
    count = session.exec(select(func.count()).select_from(AuditEntry)).one()
    last = session.exec(select(AuditEntry.hash).order_by(col(AuditEntry.id).desc()).limit(1)).first()
    return Anchor(int(count or 0), last or GENESIS)


ANCHOR_READERS = frozenset({Role.ADMIN, Role.LEADER, Role.SUPERVISOR})


def anchor(db: Database, actor: Actor) -> Anchor:
    """The head to keep outside the system (admins, leaders, supervisors; reports print it too)."""
    actor.require(ANCHOR_READERS, N_("查看审计日志锚点"))
    with db.read() as session:
        return head(session)


def check_anchor(db: Database, mark: Anchor) -> VerifyResult:
    """The chain, and whether its entry number `mark.count` still has the anchored hash."""
    result = verify(db)
    if not result.ok:
        return result
    if result.entries < mark.count:
        return VerifyResult(False, result.entries, None, "truncated")
    with db.read() as session:
        at = session.exec(select(AuditEntry).order_by(col(AuditEntry.id)).offset(mark.count - 1).limit(1)).first() \
            if mark.count else None
    found = at.hash if at is not None else GENESIS
    if found != mark.hash:
        return VerifyResult(False, result.entries, at.id if at is not None else None, "anchor")
    return result
