"""The hall terminal's lookup (大厅查询终端, domain.md §9; 004 第四篇): a visitor's own case, shown masked.

No staff member is at this keyboard. The visitor proves the case is theirs with its number and the last
4 characters of the ID number or the last 4 digits of the phone recorded on it. A wrong pair says no more
than "wrong" (not whether the number exists), is audited as a failed lookup, and counts: after
MAX_TRIES wrong pairs at one terminal within WINDOW, the terminal refuses lookups until the oldest of
them is WINDOW old. The count is read from the audit trail itself, so restarting the terminal does not
reset it; only the latest RECENT_ENTRIES entries are read (by primary key, cheap on a long trail), far
more than an office writes in WINDOW.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func
from sqlmodel import col, select

from ..domain import masking, text, voice
from ..domain.cases import STATUS_LABELS, Status
from ..domain.roles import Role
from ..errors import N_, InputError, NotPermitted
from ..store.case_tables import Case
from ..store.database import Database
from ..store.tables import AuditEntry
from . import audit, cases
from .context import Actor, Clock

__all__ = ["HALL_ACTOR", "MAX_TRIES", "WINDOW", "HallCase", "lookup", "wait_left"]

MAX_TRIES = 5
WINDOW = timedelta(minutes=10)
RECENT_ENTRIES = 5000
FAILED = "hall.lookup_failed"
DEFAULT_TERMINAL = "hall"
F_NUMBER = N_("案件编号")
F_PROOF = N_("证件号或电话后四位")

# Who the audit names for the terminal; a read-only role, so nothing it reads through could ever write.
HALL_ACTOR = Actor(login="hall", name="大厅终端", role=Role.SUPERVISOR)

# Done, or told in writing what is missing: the visitor may rate the service (现场一次一评).
DONE_STATUSES = frozenset({Status.COMPLETED.value, Status.REPLIED.value, Status.CLOSED.value})

_PROOF = re.compile(r"^[0-9]{3}[0-9X]$")


@dataclass(frozen=True)
class HallCase:
    """What the visitor sees: nothing that would tell a by-stander who they are."""

    number: str
    applicant: str  # masked: 王*明
    matter_name: str
    status: str
    status_label: str  # msgid
    received_on: date
    due_on: date | None
    due_provisional: bool
    missing: tuple[str, ...]  # names of the required materials not brought yet
    notice_number: str | None
    handler: str  # the owner's name, masked
    can_rate: bool


def _proof(value: str) -> str:
    proof = text.clean(value, F_PROOF, max_len=8).upper()
    if not _PROOF.fullmatch(proof):
        raise InputError(N_("{field}应为 4 位数字（身份证末位可为 X）"), field=F_PROOF)
    return proof


def _recent_failures(session, terminal: str, now: datetime) -> list[datetime]:
    """When the wrong tries at `terminal` within WINDOW before `now` were made, oldest first."""
    last = session.exec(select(func.max(AuditEntry.id))).one() or 0
    rows = session.exec(select(AuditEntry.at).where(
        col(AuditEntry.id) > last - RECENT_ENTRIES, AuditEntry.action == FAILED,
        AuditEntry.entity == "hall", AuditEntry.entity_key == terminal)).all()
    since = now - WINDOW
    return sorted(at for at in (_aware(a, now) for a in rows) if at > since)


def _aware(at: datetime, now: datetime) -> datetime:
    """`at` as stored: an instant on PostgreSQL, UTC wall time on SQLite (audit.append stores UTC)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)


def _blocked_for(failures: list[datetime], now: datetime) -> timedelta | None:
    if len(failures) < MAX_TRIES:
        return None
    return failures[-MAX_TRIES] + WINDOW - now


def _minutes(left: timedelta) -> int:
    return max(1, -int(-left.total_seconds() // 60))


def wait_left(db: Database, clock: Clock, terminal: str = DEFAULT_TERMINAL) -> timedelta | None:
    """How long `terminal` must still wait after too many wrong tries; None when it may look up."""
    now = clock.now()
    with db.read() as session:
        return _blocked_for(_recent_failures(session, terminal, now), now)


def lookup(db: Database, clock: Clock, case_number: str, proof_last4: str, *,
           terminal: str = DEFAULT_TERMINAL) -> HallCase:
    """The visitor's case, masked, when the number and the last 4 characters of its ID number or phone
    match; every lookup is audited, a wrong one as a failed lookup that counts towards the wait."""
    now = clock.now()
    number = text.clean(case_number, F_NUMBER, max_len=40).upper()
    proof = _proof(proof_last4)
    refusal: Exception | None = None
    with db.write() as session:
        failures = _recent_failures(session, terminal, now)
        left = _blocked_for(failures, now)
        if left is not None:
            raise NotPermitted(N_("查询错误次数过多，请 {minutes} 分钟后再试"), minutes=_minutes(left))
        row = session.exec(select(Case).where(Case.number == number)).first()
        if row is None or not voice.proof_matches(proof, row.id_number, row.phone):
            # The number typed may be anything (an ID number by mistake): it is masked before it is kept.
            audit.append(session, HALL_ACTOR, now, FAILED, "hall", terminal,
                         after={"number": masking.text(number)})
            tries = MAX_TRIES - len(failures) - 1
            if tries > 0:
                refusal = InputError(N_("案件编号或后四位不正确，还可再试 {n} 次"), n=tries)
            else:
                refusal = NotPermitted(N_("查询错误次数过多，请 {minutes} 分钟后再试"),
                                       minutes=_minutes(WINDOW))
        else:
            audit.append(session, HALL_ACTOR, now, "hall.lookup", "case", row.number,
                         after={"terminal": terminal})
    if refusal is not None:
        raise refusal
    view = cases.get_case(db, HALL_ACTOR, number, today=clock.today())
    names = {m.code: m.name for m in view.materials}
    return HallCase(
        number=view.number, applicant=view.applicant_display(mask=True), matter_name=view.matter_name,
        status=view.status, status_label=STATUS_LABELS.get(Status(view.status), view.status),
        received_on=view.received_on, due_on=view.due_on, due_provisional=view.due_provisional,
        missing=tuple(names.get(code, code) for code in view.missing_materials),
        notice_number=view.notice_number, handler=masking.name(view.owner_name),
        can_rate=view.status in DONE_STATUSES or view.notice_number is not None,
    )

