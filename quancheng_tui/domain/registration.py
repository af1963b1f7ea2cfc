"""What a registration (登记) becomes, decided once for the counter's live preview and `register_case`.

From the matter's catalog terms, the materials brought and the clerk's override: the category and
kind (domain.cases.propose, then the override), the status the case starts in, its limit in days, the
required materials missing, and its due date on a Calendar. No I/O: the screen recomputes it on every
tick of the checklist, the service once before it writes, so what the clerk sees is what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Generic, Protocol, TypeVar

from ..errors import N_
from .calendar import Calendar
from .cases import Category, Kind, Proposal, Status, propose
from .deadlines import DueResult, check_promised_limit, due_date, notice_is_late

__all__ = [
    "BASIS_FIELD",
    "DEFAULT_LIMIT_DAYS",
    "REASON_FIELD",
    "MaterialTerms",
    "MatterTerms",
    "Refusal",
    "Registration",
    "classify",
    "due",
    "initial_status",
    "limit_days",
    "missing_materials",
    "notice_late",
    "override_refusal",
    "transfer_to",
]

# 004 第二篇 限时办结 第一条: an ordinary matter with no limit set is done within 3 working days.
DEFAULT_LIMIT_DAYS = 3

REASON_FIELD = N_("理由")
BASIS_FIELD = N_("法律依据")

# Kinds whose limit runs from the day of receipt; a 提示件's runs from the correction.
_DUE_FROM_RECEIPT = frozenset({Kind.INSTANT, Kind.PROMISED, Kind.REPORT_UP})


class MaterialTerms(Protocol):
    """What the rules read of one material of a matter's checklist."""

    @property
    def code(self) -> str: ...

    @property
    def required(self) -> bool: ...


M = TypeVar("M", bound=MaterialTerms)
M_co = TypeVar("M_co", bound=MaterialTerms, covariant=True)


class MatterTerms(Protocol[M_co]):
    """What the rules read of a catalog matter (services.catalog_views.MatterView has it all)."""

    @property
    def category(self) -> str: ...

    @property
    def kind(self) -> str | None: ...

    @property
    def promised_days(self) -> int: ...

    @property
    def statutory_days(self) -> int: ...

    @property
    def day_kind(self) -> str: ...

    @property
    def materials(self) -> Sequence[M_co]: ...

    @property
    def units(self) -> tuple[str, ...]: ...

    @property
    def unit_address(self) -> str: ...

    @property
    def unit_phone(self) -> str: ...


@dataclass(frozen=True)
class Registration(Generic[M]):
    """A registration classified: the proposal, and what the case is after the clerk's override."""

    proposal: Proposal
    category: Category
    kind: Kind | None
    status: Status
    limit_days: int  # 0 for a same-day or unlimited case; a 提示件's counts from the correction
    missing: tuple[M, ...]  # required materials not brought, in the guide's order

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def overridden(self) -> bool:
        return self.category is not self.proposal.category or self.kind is not self.proposal.kind

    @property
    def recorded_missing(self) -> tuple[M, ...]:
        """The missing materials the case keeps: none for a 移办件, whose applicant goes elsewhere."""
        return () if self.category is Category.TRANSFER else self.missing

    @property
    def due_from_receipt(self) -> bool:
        """Whether the case has a due date counted from the day of receipt."""
        return self.kind in _DUE_FROM_RECEIPT

    @property
    def needs_calendar(self) -> bool:
        """Whether the due date or the notice's lateness must be counted on the calendar."""
        return self.due_from_receipt or self.kind is Kind.NOTICE


def missing_materials(materials: Sequence[M], brought: Iterable[str]) -> tuple[M, ...]:
    """Every required material not brought, in the guide's order."""
    have = set(brought)
    return tuple(m for m in materials if m.required and m.code not in have)


def initial_status(category: Category, kind: Kind | None) -> Status:
    """The status a case is registered in."""
    if category is Category.TRANSFER:
        return Status.TRANSFERRED
    if kind is Kind.NOTICE:
        return Status.PENDING_MATERIALS
    if kind is Kind.REJECTED:
        return Status.REJECTED
    return Status.ACCEPTED


def limit_days(kind: Kind | None, promised_days: int) -> int:
    """The limit a case keeps: the matter's promised days, else the default for a counted kind."""
    if kind in (Kind.PROMISED, Kind.REPORT_UP):
        return promised_days or DEFAULT_LIMIT_DAYS
    if kind is Kind.NOTICE:
        return promised_days  # counted from the day after the correction
    return 0


def classify(matter: MatterTerms[M], brought: Iterable[str], category: Category | None = None,
             kind: Kind | None = None) -> Registration[M]:
    """The proposal from the catalog and the materials brought, then the clerk's category and kind.

    A changed category gets the kind proposed for it unless a kind is chosen too; a 移办件 has no kind
    (a kind chosen with it is ignored here: the service refuses it, the screen never sends it).
    """
    missing = missing_materials(matter.materials, brought)
    complete = not missing
    proposal = propose(matter.category, matter.kind, matter.promised_days, complete)
    chosen = category or proposal.category
    if chosen is Category.TRANSFER:
        effective = None
    elif kind is not None:
        effective = kind
    elif chosen is proposal.category:
        effective = proposal.kind
    else:
        effective = propose(chosen.value, matter.kind, matter.promised_days, complete).kind
    return Registration(proposal, chosen, effective, initial_status(chosen, effective),
                        limit_days(effective, matter.promised_days), missing)


class Refusal(str, Enum):
    """Why a clerk's override cannot be registered (each layer says it in its own words)."""

    REASON = "reason"  # a change of the proposal needs a reason
    BASIS = "basis"  # a 退回件 needs its legal basis
    NOTICE_COMPLETE = "notice_complete"  # nothing is missing: no one-time notice to issue


def override_refusal(overridden: bool, kind: Kind | None, complete: bool, reason: str,
                     basis: str) -> Refusal | None:
    """The first thing wrong with an override, in the order the form asks; None when it stands."""
    if overridden and not reason:
        return Refusal.REASON
    if kind is Kind.REJECTED and not basis:
        return Refusal.BASIS
    if kind is Kind.NOTICE and complete:
        return Refusal.NOTICE_COMPLETE
    return None


def transfer_to(matter: MatterTerms[M], chosen: str) -> tuple[tuple[str, ...], str, str]:
    """(units, address, phone) a 移办件 sends the applicant to: the unit the clerk names first.

    A unit not in the catalog comes without the catalog's address and phone. No units: refuse it.
    """
    if chosen and chosen not in matter.units:
        return (chosen,), "", ""
    units = matter.units
    if chosen:
        units = (chosen,) + tuple(u for u in matter.units if u != chosen)
    return units, matter.unit_address, matter.unit_phone


def due(registration: Registration[M], matter: MatterTerms[M], cal: Calendar, received_on: date) -> DueResult | None:
    """The due date counted from the day of receipt (receipt day not counted); None when it has
    none yet (提示件: from the correction) or none at all (退回件, 移办件).

    Raises InputError when the promised limit is not shorter than the statutory one, or the
    calendar cannot count it."""
    if not registration.due_from_receipt:
        return None
    if registration.kind is not Kind.INSTANT:
        check_promised_limit(registration.limit_days, matter.statutory_days)
    return due_date(cal, received_on, registration.limit_days, matter.day_kind)


def notice_late(registration: Registration[M], cal: Calendar, received_on: date, today: date) -> bool:
    """Whether a 提示件's one-time notice, issued today, comes too late for materials received then."""
    return registration.kind is Kind.NOTICE and notice_is_late(cal, received_on, today)
