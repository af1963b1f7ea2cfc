"""The audit trail: append-only, each entry chained to the previous by SHA-256."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlmodel import Session, select

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
    last = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
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
        for e in session.exec(select(AuditEntry).order_by(AuditEntry.id)):
            count += 1
            if e.prev_hash != prev:
                return VerifyResult(False, count, e.id, "chain")
            expect = _digest(prev, e.at, e.actor, e.acting_for, e.action, e.entity, e.entity_key, e.before, e.after)
            if expect != e.hash:
                return VerifyResult(False, count, e.id, "hash")
            prev = e.hash
    return VerifyResult(True, count)
