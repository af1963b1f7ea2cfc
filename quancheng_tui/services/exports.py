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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from itertools import compress, repeat
from typing import Any

from sqlalchemy import String, TypeDecorator, false, type_coerce
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from ..domain import masking, voice
from ..domain.cases import CATEGORY_LABELS, KIND_LABELS, MODE_LABELS, STATUS_LABELS
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
BATCH_STREAM = 250  # rows a batch: small batches keep the peak low, and cost no more time


@dataclass(frozen=True)
class ExportRequest:
    dataset: str
    fmt: str
    start: date | None = None  # inclusive
    end: date | None = None  # inclusive
    unmasked: bool = False
    lang: str = "zh"  # headers and code labels of a CSV or XLSX file (tabular.people)


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


def export(db: Database, actor: Actor, clock: Clock, req: ExportRequest, output: tabular.Output,
           progress: Callable[[int], None] | None = None) -> ExportResult:
    """Write the dataset to `output`; with `unmasked`, audit it before it is published. `progress` is
    told how many rows are written, now and then."""
    from ..i18n import translator

    check(req, to_stream=output.path is None)
    _authorize(actor, req)
    spec = _SPECS[req.dataset]
    with output.pending(sensitive=req.unmasked) as pending:
        with db.read() as session:
            _snapshot(session)
            rows = spec.rows(session, actor, req, clock)
            count = tabular.write(req.fmt, spec.columns, rows, pending.stream, sheet=req.dataset,
                                  t=translator(req.lang) if spec.people else None, progress=progress)
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


def _day(value: date | str | None) -> str | None:
    if isinstance(value, str):  # SQLite's stored text, already ISO (_stored_text)
        return value
    return value.isoformat() if value else None


def _stored_text(session: Session, *columns):
    """On SQLite the columns' stored text, not date objects: dates are kept as ISO text there, and
    parsing then formatting each of a million values is most of an export's reading time."""
    if session.get_bind().dialect.name != "sqlite":
        return columns
    return tuple(type_coerce(c, String) for c in columns)


class _Stamps:
    """`_iso` of SQLite's stored text for a timestamp column, the zone looked up once an hour (an offset
    changes on the hour or not at all); values of other databases go through `_iso` itself."""

    def __init__(self, column) -> None:
        # sqlmodel's UTCDateTime stores UTC; a plain DateTime the wall-clock time (_iso's naive case)
        self.utc = isinstance(column.type, TypeDecorator)
        self.zones: dict[str, tuple[Any, Any]] = {}
        # stored hour -> (its local "YYYY-MM-DDTHH", the offset as isoformat writes it), or () (see column)
        self.hours: dict[str, tuple[str, ...]] = {}

    def __call__(self, raw: datetime | str | None) -> str | None:
        if type(raw) is not str:
            return _iso(raw)  # type: ignore[arg-type]
        moment = datetime.fromisoformat(raw)
        zone = self.zones.get(raw[:13])
        if zone is None:
            local = (moment.replace(tzinfo=timezone.utc) if self.utc else moment).astimezone()
            zone = self.zones[raw[:13]] = (local.utcoffset() or timedelta(0) if self.utc else timedelta(0),
                                           local.tzinfo)
        return (moment + zone[0]).replace(tzinfo=zone[1]).isoformat()

    def column(self, raws: Sequence[datetime | str | None]) -> list[str | None]:
        """`self` over a column. Text as SQLAlchemy stores it on SQLite ("2026-03-16 01:30:00.000000") is
        rewritten as text: `self` of the hour's start gives the hour and offset it becomes, which hold for
        every minute of that hour when the offset is whole hours (+08:00); other values go through `self`.
        No datetime is made and formatted per value: that was most of an export's work per row."""
        if len(self.hours) > 4096:  # rows come in id order, so hours repeat in runs: a bounded memo is enough
            self.hours.clear()
            self.zones.clear()
        hours, out = self.hours, list[str | None]()
        add = out.append
        for raw in raws:
            if type(raw) is str and len(raw) == 26 and raw[10:20:3] == " ::.":  # "YYYY-MM-DD HH:MM:SS.ffffff"
                hour = hours.get(raw[:13])
                if hour is None:
                    start = self(raw[:13] + ":00:00") or ""
                    hour = hours[raw[:13]] = (start[:13], start[19:]) if start[13:19] == ":00:00" else ()
                if hour:
                    add(hour[0] + (raw[13:19] if raw[20:] == "000000" else raw[13:]) + hour[1])
                    continue
            add(self(raw))
        return out


def _village_scope(actor: Actor, column):
    """An agent's own village only; an agent without one (never set up so) sees nothing, not the
    cases that have no village."""
    if actor.role is not Role.AGENT:
        return []
    return [column == actor.village] if actor.village else [false()]


# cases ---------------------------------------------------------------------------------------

_APPLICANT_TYPES = {"person": N_("个人"), "org": N_("单位")}
_DAY_KINDS = {"working": N_("工作日"), "natural": N_("自然日")}
_CASE_COLUMNS = (
    Column("number", 18, label=N_("办件编号")), Column("received_on", 12, label=N_("受理日期")),
    Column("matter", 10, label=N_("事项编码")), Column("matter_name", 30, label=N_("事项名称")),
    Column("category", 10, label=N_("办件类别"), values=CATEGORY_LABELS, code=True),
    Column("kind", 10, label=N_("办件类型"), values=KIND_LABELS, code=True),
    Column("status", 12, label=N_("状态"), values=STATUS_LABELS, code=True),
    Column("mode", 10, label=N_("办理方式"), values=MODE_LABELS, code=True),
    Column("applicant_type", 10, label=N_("申请人类型"), values=_APPLICANT_TYPES, code=True),
    Column("applicant", 16, label=N_("申请人")), Column("id_number", 20, label=N_("身份证号")),
    Column("phone", 15, label=N_("联系电话")), Column("address", 24, label=N_("住址")),
    Column("org_name", 24, label=N_("单位名称")), Column("credit_code", 20, label=N_("统一社会信用代码")),
    Column("contact", 10, label=N_("联系人")), Column("village", 8, label=N_("村（社区）编码")),
    Column("village_name", 12, label=N_("村（社区）")), Column("owner", 10, label=N_("承办人账号")),
    Column("owner_name", 10, label=N_("承办人")), Column("registered_by", 12, label=N_("登记人账号")),
    Column("registered_at", 26, label=N_("登记时间")), Column("due_on", 12, label=N_("办结期限")),
    Column("due_provisional", 8, number=True, label=N_("期限为预计")), Column("closed_at", 26, label=N_("办结时间")),
    Column("limit_days", 10, number=True, label=N_("承诺时限")),
    Column("statutory_days", 10, number=True, label=N_("法定时限")),
    Column("day_kind", 10, label=N_("期限类型"), values=_DAY_KINDS, code=True),
)


class _Provisional:
    """1 where counting from receipt to the due date crosses a provisional year: `Calendar.provisional`, as
    services/cases.py decides a case's `due_provisional`. That looks at the two dates' years only (every year
    from one to the other), so it is asked once per pair of years, not once per case."""

    def __init__(self, cal) -> None:
        self.cal = cal
        self.memo: dict[tuple, int] = {}

    def column(self, received: Sequence[Any], due: Sequence[Any]) -> list[int]:
        if not self.cal.provisional_years:
            return [0] * len(due)
        memo, out = self.memo, list[int]()
        add = out.append
        for start, end in zip(received, due):
            if end is None:
                add(0)
                continue
            text = type(end) is str  # SQLite's stored ISO text (_stored_text); dates elsewhere
            key = (start[:4], end[:4]) if text else (start.year, end.year)
            flag = memo.get(key)
            if flag is None:
                if text:
                    start, end = date.fromisoformat(start), date.fromisoformat(end)
                flag = memo[key] = int(self.cal.provisional(start, end))
            add(flag)
        return out


def _stream(session: Session, stmt) -> Iterator[Sequence[Any]]:
    """The rows of one query as the database hands them out, BATCH_STREAM at a time: a server-side cursor
    on PostgreSQL, SQLite's own stepping; never the whole table in memory.

    On SQLite the batches come straight from the DB-API cursor SQLAlchemy ran the statement on, when no
    column has a result processor there (text and integers: what SQLAlchemy would hand out is what the
    cursor holds), without a Row object made per row; SQLite reads nothing ahead, so nothing is skipped."""
    conn = session.connection()
    dialect = conn.dialect
    if dialect.name == "sqlite" and all(c.type.dialect_impl(dialect).result_processor(dialect, None) is None
                                        for c in stmt.selected_columns):
        result = conn.execute(stmt)
        try:
            while part := result.cursor.fetchmany(BATCH_STREAM):
                yield part
        finally:
            result.close()
        return
    yield from conn.execution_options(yield_per=BATCH_STREAM).execute(stmt).partitions()


def _names(session: Session, key, name) -> dict[Any, str]:
    """key -> name of a small table (villages, staff), read once instead of joined to every case."""
    return {k: v or "" for k, v in session.execute(sa_select(key, name)).all()}


def _case_rows(session: Session, actor: Actor, req: ExportRequest, clock: Clock) -> tabular.Batches:
    return tabular.Batches(_case_batches(session, actor, req))


def _case_batches(session: Session, actor: Actor, req: ExportRequest) -> Iterator[list[Sequence[Any]]]:
    """The cases a batch at a time, as columns: each column is masked, formatted or looked up in one call,
    and no row is ever unpacked or built here (tabular.Batches)."""
    mask = not req.unmasked
    provisional = _Provisional(calendar_in(session))
    received_on, registered_at, due_on, closed_at = _stored_text(session, Case.received_on, Case.registered_at,
                                                                 Case.due_on, Case.closed_at)
    text_days = received_on is not Case.received_on  # SQLite's stored ISO text: nothing to convert
    villages = _names(session, Village.code, Village.name)
    owners = _names(session, Staff.login, Staff.name)
    # sqlmodel types select() for at most 4 columns (fastapi/sqlmodel#271)
    stmt = (sa_select(Case.number, received_on, Case.matter_code, Case.matter_name, Case.category,  # type: ignore[call-overload]
                      Case.kind, Case.status, Case.mode, Case.applicant_type, Case.applicant_name, Case.id_number,
                      Case.phone, Case.address, Case.org_name, Case.credit_code, Case.contact, Case.village,
                      Case.owner, Case.registered_by, registered_at, due_on, closed_at, Case.limit_days,
                      Case.statutory_days, Case.day_kind)
            .where(*_village_scope(actor, Case.village)))
    if req.start:
        stmt = stmt.where(Case.received_on >= req.start)
    if req.end:
        stmt = stmt.where(Case.received_on <= req.end)
    stmt = stmt.order_by(Case.id)
    # Masking is the domain's, per value; addresses and names repeat, so each is worked out once.
    name, address = lru_cache(1024)(masking.name), lru_cache(1024)(masking.address)
    id_number, phone = masking.id_number, masking.phone
    registered_iso, closed_iso = _Stamps(Case.registered_at), _Stamps(Case.closed_at)
    applicant: Sequence[Any]  # columns: tuples from the batch, lists once masked or formatted
    id_no: Sequence[Any]
    tel: Sequence[Any]
    addr: Sequence[Any]
    contact: Sequence[Any]
    received: Sequence[Any]
    due: Sequence[Any]
    for part in _stream(session, stmt):
        (number, received, matter, matter_name, category, kind, status, mode, applicant_type, applicant, id_no,
         tel, addr, org, credit, contact, village, owner, registered_by, registered, due, closed, limit_days,
         statutory_days, day_kind) = zip(*part)
        if mask:
            masked = list(map(name, applicant))
            for i in compress(range(len(masked)), map("org".__eq__, applicant_type)):
                masked[i] = applicant[i]  # an organisation's name is public (masking.org_name)
            applicant = masked
            id_no, tel = list(map(id_number, id_no)), list(map(phone, tel))
            addr, contact = list(map(address, addr)), list(map(name, contact))
        flags = provisional.column(received, due)
        if not text_days:
            received, due = list(map(_day, received)), list(map(_day, due))
        yield [number, received, matter, matter_name, category, kind, status, mode, applicant_type, applicant,
               id_no, tel, addr, org, credit, contact, village, list(map(villages.get, village, repeat(""))),
               owner, list(map(owners.get, owner, repeat(""))), registered_by, registered_iso.column(registered),
               due, flags, closed_iso.column(closed), limit_days, statutory_days, day_kind]


# audit ---------------------------------------------------------------------------------------

_AUDIT_COLUMNS = (
    Column("id", 8, number=True, label=N_("序号")), Column("at", 26, label=N_("记录时间")),
    Column("actor", 12, label=N_("操作人")), Column("acting_for", 12, label=N_("代岗对象")),
    Column("action", 18, label=N_("操作")), Column("entity", 10, label=N_("对象类型")),
    Column("target", 20, label=N_("对象")), Column("before", 50, label=N_("变更前")),
    Column("after", 50, label=N_("变更后")), Column("prev_hash", 20, label=N_("前一条哈希")),
    Column("hash", 20, label=N_("哈希")),
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

_LEVELS = {level: level for level in voice.LEVELS}  # the levels are Chinese words: no code column beside
_RATING_COLUMNS = (
    Column("number", 18, label=N_("办件编号")), Column("matter", 10, label=N_("事项编码")),
    Column("matter_name", 30, label=N_("事项名称")), Column("village", 8, label=N_("村（社区）编码")),
    Column("owner", 10, label=N_("承办人账号")), Column("rated_at", 26, label=N_("评价时间")),
    Column("level", 12, label=voice.F_LEVEL, values=_LEVELS),
    Column("overall", 12, label=voice.INDICATORS["overall"], values=_LEVELS),
    Column("efficiency", 12, label=voice.INDICATORS["efficiency"], values=_LEVELS),
    Column("skill", 12, label=voice.INDICATORS["skill"], values=_LEVELS),
    Column("attitude", 12, label=voice.INDICATORS["attitude"], values=_LEVELS),
    Column("channel", 8, label=voice.F_CHANNEL, values=voice.CHANNELS, code=True),
    Column("real_name", 8, number=True, label=N_("实名评价")), Column("rater", 10, label=N_("评价人")),
    Column("comment", 30, label=N_("评价意见")), Column("recorded_by", 12, label=N_("录入人账号")),
    Column("ruling", 10, label=voice.F_RULING, values=voice.RULINGS, code=True),
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
    return tuple(Column(name, wide.get(name, 12), number=name in ("id", "simple", "overdue"),
                        label=_COMPLAINT_LABELS.get(name, ""), values=_COMPLAINT_VALUES.get(name),
                        code=name in _COMPLAINT_VALUES)
                 for name in complaints.EXPORT_COLUMNS)


_COMPLAINT_LABELS = {
    "id": N_("序号"), "received_on": N_("收到日期"), "channel": voice.F_COMPLAINT_CHANNEL, "complainant": N_("投诉人"),
    "phone": N_("联系电话"), "case": N_("办件编号"), "about_staff": N_("被投诉人账号"), "what": N_("投诉内容"),
    "simple": N_("简单投诉"), "due_on": N_("答复期限"), "overdue": N_("逾期"), "answered_on": N_("答复日期"),
    "answered_by": N_("答复人账号"), "finding": voice.F_FINDING, "reply": N_("答复内容"),
    "received_by": N_("登记人账号"),
}
_COMPLAINT_VALUES = {"channel": voice.COMPLAINT_CHANNELS, "finding": voice.FINDINGS}


@dataclass(frozen=True)
class _Spec:
    # the columns, or a function giving them: roster's and complaints' come from their services, imported
    # only when that dataset is exported (an export of cases has no use for either)
    columns_of: Sequence[Column] | Callable[[], Sequence[Column]]
    rows: Callable[[Session, Actor, ExportRequest, Clock], Iterable[Sequence[Any]]]  # rows, or tabular.Batches
    people: bool = True  # CSV and XLSX laid out for people; False: the file imports back, keys as headers

    @property
    def columns(self) -> Sequence[Column]:
        return self.columns_of() if callable(self.columns_of) else self.columns_of


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
    "roster": _Spec(_roster_columns, _roster_rows, people=False),
    "complaints": _Spec(_complaint_columns, _complaint_rows),
}
