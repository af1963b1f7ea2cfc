"""Exports (cli-contract.md "Exports and reports"): cases, the audit trail, ratings and complaints as files.

Who may export what, and why:

- ``cases`` and ``ratings``: every role, masked. Clerks, handlers, leaders and supervisors already
  read every case on the board and through ``case list``; a masked file tells them nothing more.
  A village agent gets only their own village's rows, as everywhere else.
- ``complaints``: everyone but village agents, masked (complainant's name, phone, numbers in the text).
- ``audit``: admins and supervisors. The trail records every staff member's actions in every
  village; it is what oversight (监督员) reads, and a clerk or an agent has no need of it.
- ``--unmasked`` (full names, ID and phone numbers, addresses): admins only (002 第二十条; the admin
  is the one who exports, domain.md §1), and every such export leaves an audit entry saying who
  took which rows. The file is written readable by its owner only; on stdout the data is held
  back until that entry is committed, so unmasked data never leaves unrecorded.

Rows are read in id order, a batch at a time, inside one read transaction: the table is never
loaded whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import false
from sqlmodel import Session, select

from ..domain import masking
from ..domain.roles import ADMINS, Role
from ..errors import N_, InputError
from ..store.case_tables import Case
from ..store.database import Database
from ..store.tables import AuditEntry, Staff, Village
from ..store.voice_tables import Rating, RatingReview
from . import audit, tabular
from .calendar import calendar_in
from .context import Actor, Clock
from .tabular import Column

__all__ = ["DATASETS", "LABELS", "ExportRequest", "ExportResult", "check", "export"]

DATASETS = ("cases", "audit", "ratings", "complaints", "roster")
LABELS = {"cases": N_("办件记录"), "audit": N_("审计日志记录"), "ratings": N_("评价记录"), "roster": N_("值班安排"),
          "complaints": N_("投诉记录")}
# Named in the contract, but this version has no tables for them yet.
_NOT_YET: dict[str, str] = {}
AUDIT_READERS = frozenset({Role.ADMIN, Role.SUPERVISOR})
# Complaints name the staff complained of: not for village agents (services/complaints.READERS).
COMPLAINT_READERS = frozenset({Role.CLERK, Role.HANDLER, Role.LEADER, Role.ADMIN, Role.SUPERVISOR})
BATCH = 500


@dataclass(frozen=True)
class ExportRequest:
    dataset: str
    fmt: str
    start: date | None = None  # inclusive
    end: date | None = None  # inclusive
    unmasked: bool = False


@dataclass(frozen=True)
class ExportResult:
    dataset: str
    fmt: str
    rows: int
    target: str
    unmasked: bool
    anchor: audit.Anchor  # the audit trail's head in the export's own snapshot (issue 18)


def check(req: ExportRequest, *, to_stream: bool = False) -> None:
    """Refuse a request that cannot run for anyone, before anything is opened."""
    if req.dataset in _NOT_YET:
        raise InputError(N_("本版本尚未提供“{what}”功能，无法导出"), what=_NOT_YET[req.dataset])
    if req.dataset not in LABELS:
        raise InputError(N_("导出内容“{value}”无效，应为 cases、audit、ratings、complaints 或 roster"),
                         value=req.dataset)
    if req.fmt not in tabular.FORMATS:
        raise InputError(N_("导出格式“{value}”无效，应为 csv、xlsx、json 或 ndjson"), value=req.fmt)
    if to_stream and req.fmt not in tabular.STREAMABLE:
        raise InputError(N_("xlsx 格式不能输出到标准输出，请用 --out 指定文件"))
    if req.start and req.end and req.start > req.end:
        raise InputError(N_("日期范围无效：--from {start} 晚于 --to {end}"), start=req.start.isoformat(),
                         end=req.end.isoformat())


def _authorize(actor: Actor, req: ExportRequest) -> None:
    if req.unmasked:
        actor.require(ADMINS, N_("导出未脱敏的个人信息"))
    if req.dataset == "audit":
        actor.require(AUDIT_READERS, N_("导出审计日志"))
    if req.dataset == "complaints":
        actor.require(COMPLAINT_READERS, N_("导出投诉记录"))


def export(db: Database, actor: Actor, clock: Clock, req: ExportRequest, output: tabular.Output) -> ExportResult:
    """Write the dataset to `output`; with `unmasked`, audit it before it is published."""
    check(req, to_stream=output.path is None)
    _authorize(actor, req)
    spec = _SPECS[req.dataset]
    with output.pending(sensitive=req.unmasked) as pending:
        with db.read() as session:
            _snapshot(session)
            rows = spec.rows(session, actor, req, clock)
            count = tabular.write(req.fmt, spec.columns, rows, pending.stream, sheet=req.dataset)
            anchor = audit.head(session)
        if req.unmasked:
            # Recorded before the data is released: should the rename fail now, the trail over-reports
            # an export, which is the safe way round for personal data.
            where = "-" if output.path is None else str(output.path.absolute())
            with db.write() as session:
                audit.append(session, actor, clock.now(), "export", "export", req.dataset, after={
                    "dataset": req.dataset, "format": req.fmt, "unmasked": True, "rows": count,
                    "from": req.start.isoformat() if req.start else None,
                    "to": req.end.isoformat() if req.end else None, "target": where,
                })
        pending.publish()
    return ExportResult(req.dataset, req.fmt, count, output.name, req.unmasked, anchor)


# --- reading -----------------------------------------------------------------------------------


def _snapshot(session: Session) -> None:
    """Every batch sees the database as it was when the export began, so the rows written (and the
    count audited) are one consistent state: SQLite's read transaction already is such a snapshot;
    PostgreSQL's default, read committed, would show each batch the rows committed since the last."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def _batches(session: Session, stmt, id_column) -> Iterator[Any]:
    """Rows of `stmt` in `id_column` order, BATCH at a time (keyset paging: no OFFSET rescans)."""
    last = 0
    while True:
        rows = session.exec(stmt.where(id_column > last).order_by(id_column).limit(BATCH)).all()
        yield from rows
        if len(rows) < BATCH:
            return
        last = rows[-1][0]


def _day_bounds(req: ExportRequest, utc: bool) -> tuple[datetime | None, datetime | None]:
    """[start, end) instants of the local days asked for, as stored: SQLite keeps the wall-clock
    time without its offset, local for case events and UTC for the audit trail."""

    def at(day: date) -> datetime:
        moment = datetime.combine(day, time.min).astimezone()
        return moment.astimezone(timezone.utc) if utc else moment

    return (at(req.start) if req.start else None, at(req.end + timedelta(days=1)) if req.end else None)


def _iso(value: datetime | None, naive_is_utc: bool = False) -> str | None:
    """ISO 8601 with the local offset; a naive value (SQLite) is local time, or UTC for the audit trail."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc) if naive_is_utc else value.astimezone()
    return value.astimezone().isoformat()


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _village_scope(actor: Actor, column):
    """An agent's own village only; an agent without one (never set up so) sees nothing, not the
    cases that have no village."""
    if actor.role is not Role.AGENT:
        return []
    return [column == actor.village] if actor.village else [false()]


# cases ---------------------------------------------------------------------------------------

_CASE_COLUMNS = (
    Column("number", 18), Column("received_on", 12), Column("matter", 10), Column("matter_name", 30),
    Column("category", 10), Column("kind", 10), Column("status", 12), Column("mode", 10),
    Column("applicant_type", 10), Column("applicant", 16), Column("id_number", 20), Column("phone", 15),
    Column("address", 24), Column("org_name", 24), Column("credit_code", 20), Column("contact", 10),
    Column("village", 8), Column("village_name", 12), Column("owner", 10), Column("owner_name", 10),
    Column("registered_by", 12), Column("registered_at", 26), Column("due_on", 12),
    Column("due_provisional", 8, number=True), Column("closed_at", 26), Column("limit_days", 10, number=True), Column("statutory_days", 10, number=True), Column("day_kind", 10),
)
_CASE_SELECT = (Case.id, Case.number, Case.received_on, Case.matter_code, Case.matter_name, Case.category,
                Case.kind, Case.status, Case.mode, Case.applicant_type, Case.applicant_name, Case.id_number,
                Case.phone, Case.address, Case.org_name, Case.credit_code, Case.contact, Case.village,
                Case.owner, Case.registered_by, Case.registered_at, Case.due_on, Case.closed_at, Case.limit_days,
                Case.statutory_days, Case.day_kind)


def _names(session: Session) -> tuple[dict[str, str], dict[str, str]]:
    staff = dict(session.exec(select(Staff.login, Staff.name)).all())
    villages = dict(session.exec(select(Village.code, Village.name)).all())
    return staff, villages


def _case_rows(session: Session, actor: Actor, req: ExportRequest, clock: Clock) -> Iterator[tuple]:
    mask = not req.unmasked
    staff, villages = _names(session)
    cal = calendar_in(session)  # due_provisional: 1 where the due date is 预计
    # sqlmodel types select() for at most 4 columns (fastapi/sqlmodel#271)
    stmt = select(*_CASE_SELECT).where(*_village_scope(actor, Case.village))  # type: ignore[call-overload]
    if req.start:
        stmt = stmt.where(Case.received_on >= req.start)
    if req.end:
        stmt = stmt.where(Case.received_on <= req.end)
    for r in _batches(session, stmt, Case.id):
        person = r.applicant_type != "org"
        yield (
            r.number, _day(r.received_on), r.matter_code, r.matter_name, r.category, r.kind, r.status, r.mode,
            r.applicant_type,
            masking.name(r.applicant_name) if mask and person else r.applicant_name,
            masking.id_number(r.id_number) if mask else r.id_number,
            masking.phone(r.phone) if mask else r.phone,
            masking.address(r.address) if mask else r.address,
            r.org_name, r.credit_code,
            masking.name(r.contact) if mask else r.contact,
            r.village, villages.get(r.village or "", ""), r.owner, staff.get(r.owner, ""), r.registered_by,
            _iso(r.registered_at), _day(r.due_on),
            int(r.due_on is not None and cal.provisional(r.received_on, r.due_on)), _iso(r.closed_at), r.limit_days, r.statutory_days, r.day_kind,
        )


# audit ---------------------------------------------------------------------------------------

_AUDIT_COLUMNS = (
    Column("id", 8, number=True), Column("at", 26), Column("actor", 12), Column("acting_for", 12),
    Column("action", 18), Column("entity", 10), Column("target", 20), Column("before", 50), Column("after", 50),
    Column("prev_hash", 20), Column("hash", 20),
)
_AUDIT_SELECT = (AuditEntry.id, AuditEntry.at, AuditEntry.actor, AuditEntry.acting_for, AuditEntry.action,
                 AuditEntry.entity, AuditEntry.entity_key, AuditEntry.before, AuditEntry.after,
                 AuditEntry.prev_hash, AuditEntry.hash)
# Personal fields of an audit payload by key; any other text is still searched for ID and mobile numbers.
_PERSONAL: dict[str, Callable[[str], str]] = {
    "id_number": masking.id_number, "phone": masking.phone, "address": masking.address,
    "contact": masking.name, "applicant_name": masking.name,
}


def _mask_value(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        # An applicant's own name is masked; an organisation's registered name is public (masking.org_name).
        person = key == "applicant" and value.get("type") != "org"
        return {k: masking.name(v) if person and k == "name" and isinstance(v, str) else _mask_value(v, k)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_value(v, key) for v in value]
    if isinstance(value, str):
        return _PERSONAL.get(key, masking.text)(value)
    return value


def _masked_payload(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return masking.text(raw)
    return json.dumps(_mask_value(value), ensure_ascii=False, sort_keys=True)


def _audit_rows(session: Session, actor: Actor, req: ExportRequest, clock: Clock) -> Iterator[tuple]:
    # sqlmodel types select() for at most 4 columns (fastapi/sqlmodel#271)
    stmt = select(*_AUDIT_SELECT)  # type: ignore[call-overload]
    start, end = _day_bounds(req, utc=True)
    if start:
        stmt = stmt.where(AuditEntry.at >= start)
    if end:
        stmt = stmt.where(AuditEntry.at < end)
    for r in _batches(session, stmt, AuditEntry.id):
        before, after = (r.before, r.after) if req.unmasked else (_masked_payload(r.before), _masked_payload(r.after))
        yield (r.id, _iso(r.at, naive_is_utc=True), r.actor, r.acting_for, r.action, r.entity, r.entity_key,
               before, after, r.prev_hash, r.hash)


# ratings -------------------------------------------------------------------------------------

_RATING_COLUMNS = (
    Column("number", 18), Column("matter", 10), Column("matter_name", 30), Column("village", 8),
    Column("owner", 10), Column("rated_at", 26), Column("level", 12), Column("overall", 12),
    Column("efficiency", 12), Column("skill", 12), Column("attitude", 12), Column("channel", 8),
    Column("real_name", 8, number=True), Column("rater", 10), Column("comment", 30), Column("recorded_by", 12),
    Column("ruling", 10),
)


def _rating_rows(session: Session, actor: Actor, req: ExportRequest, clock: Clock) -> Iterator[tuple]:
    """One row per rating (services/ratings.py); a rating a leader ruled out after review keeps its row
    and names the ruling. Ratings given before 0012 (case events only) are in the cases' history."""
    # sqlmodel types select() for at most 4 columns (fastapi/sqlmodel#271)
    stmt = (select(Rating.id, Rating.at, Rating.level, Rating.overall, Rating.efficiency, Rating.skill,  # type: ignore[call-overload]
                   Rating.attitude, Rating.channel, Rating.real_name, Rating.rater_name, Rating.comment,
                   Rating.recorded_by, RatingReview.ruling,
                   Case.number, Case.matter_code, Case.matter_name, Case.village, Case.owner)
            .join(Case, Case.id == Rating.case_id)
            .outerjoin(RatingReview, RatingReview.rating_id == Rating.id)
            .where(*_village_scope(actor, Case.village)))
    start, end = _day_bounds(req, utc=False)
    if start:
        stmt = stmt.where(Rating.at >= start)
    if end:
        stmt = stmt.where(Rating.at < end)
    mask = not req.unmasked
    for r in _batches(session, stmt, Rating.id):
        rater = r.rater_name or ""
        yield (r.number, r.matter_code, r.matter_name, r.village, r.owner, _iso(r.at), r.level, r.overall,
               r.efficiency, r.skill, r.attitude, r.channel, int(r.real_name),
               masking.name(rater) if mask else rater,
               masking.text(r.comment, [rater] if rater else []) if mask else r.comment, r.recorded_by, r.ruling)


# complaints ----------------------------------------------------------------------------------


def _complaint_rows(session: Session, actor: Actor, req: ExportRequest, clock: Clock) -> Iterator[tuple]:
    from . import complaints

    return complaints.export_rows(session, clock, req.start, req.end, req.unmasked)


def _complaint_columns() -> Sequence[Column]:
    from . import complaints

    wide = {"what": 40, "reply": 40, "complainant": 10, "phone": 15}
    return tuple(Column(name, wide.get(name, 12), number=name in ("id", "simple", "overdue"))
                 for name in complaints.EXPORT_COLUMNS)


@dataclass(frozen=True)
class _Spec:
    columns: Sequence[Column]
    rows: Callable[[Session, Actor, ExportRequest, Clock], Iterator[tuple]]


def _roster_rows(session: Session, actor: Actor, req: ExportRequest, clock: Clock) -> Iterator[tuple]:
    """Duty periods: staff names and logins only, no personal data to mask; the file imports back."""
    from . import roster

    return roster.export_rows(session, req.start, req.end)


def _roster_columns() -> Sequence[Column]:
    from . import roster

    return roster.EXPORT_COLUMNS


_SPECS = {
    "cases": _Spec(_CASE_COLUMNS, _case_rows),
    "audit": _Spec(_AUDIT_COLUMNS, _audit_rows),
    "ratings": _Spec(_RATING_COLUMNS, _rating_rows),
    "roster": _Spec(_roster_columns(), _roster_rows),
    "complaints": _Spec(_complaint_columns(), _complaint_rows),
}
