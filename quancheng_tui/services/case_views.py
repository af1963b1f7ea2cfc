"""Plain, frozen records of cases, handed to screens and the CLI instead of ORM rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..domain import masking

ALL_MATERIALS = "all"


@dataclass(frozen=True)
class RegistrationInput:
    """What the counter (screen or `case register`) hands to `register_case`.

    A person gives `name` and, for a 受理件 or 联办件, `id_number`; an organisation
    gives `org_name` and `credit_code` (`contact`/`phone` for the person who came).
    `materials` is the codes brought, or ``"all"``. `kind`/`category` override the
    proposal; any override needs `reason`, a 退回件 also `basis`. A 移办件 names where
    to go (`transfer_unit`, default: the matter's competent unit).
    """

    matter_code: str
    applicant_type: str = "person"  # person | org
    name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    village: str | None = None
    org_name: str = ""
    credit_code: str = ""
    contact: str = ""
    mode: str | None = None  # counter | proxy | accompany | advise | door | appointment; None: by role
    materials: Sequence[str] | str = ALL_MATERIALS
    received_on: date | None = None  # default: today
    kind: str | None = None  # override: notice | instant | promised | report_up | rejected
    category: str | None = None  # override: own | joint | transfer
    reason: str = ""
    basis: str = ""
    transfer_unit: str = ""
    transfer_contact: str = ""


@dataclass(frozen=True)
class CaseMaterialView:
    code: str
    name: str
    form: str
    copies: int
    required: bool
    received: bool


@dataclass(frozen=True)
class CaseEventView:
    at: datetime
    actor: str
    acting_for: str | None
    type: str
    data: dict = field(hash=False, compare=False)


@dataclass(frozen=True)
class CaseView:
    number: str
    matter_code: str
    matter_name: str
    category: str
    kind: str | None
    status: str
    mode: str
    applicant_type: str
    applicant_name: str  # the person, or the organisation's name
    id_number: str
    phone: str
    address: str
    village: str | None
    org_name: str
    credit_code: str
    contact: str
    received_on: date
    registered_at: datetime
    registered_by: str
    owner: str
    owner_name: str
    limit_days: int
    statutory_days: int
    day_kind: str
    due_on: date | None
    closed_at: datetime | None
    reason: str
    basis: str
    materials: tuple[CaseMaterialView, ...]
    missing_materials: tuple[str, ...]  # codes of required materials not received (受理件/联办件 only)
    notice_number: str | None
    warnings: tuple[str, ...]  # msgids, e.g. a credit code whose check character does not match
    window: str = ""
    units: tuple[str, ...] = ()  # 联办件: the other units; 移办件: the competent unit first
    unit_address: str = ""
    unit_phone: str = ""
    transfer_contact: str = ""
    events: tuple[CaseEventView, ...] = ()

    def applicant_display(self, mask: bool) -> str:
        if self.applicant_type == "org":
            return masking.org_name(self.applicant_name)
        return masking.name(self.applicant_name) if mask else self.applicant_name

    def as_json(self, mask: bool = False) -> dict[str, Any]:
        """cli-contract.md keys first; personal data masked with ``mask``."""
        m = masking
        return {
            "number": self.number,
            "matter": self.matter_code,
            "matter_name": self.matter_name,
            "category": self.category,
            "kind": self.kind,
            "status": self.status,
            "received_on": self.received_on.isoformat(),
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "owner": self.owner,
            "missing_materials": list(self.missing_materials),
            "registered_by": self.registered_by,
            "registered_at": self.registered_at.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "mode": self.mode,
            "limit_days": self.limit_days,
            "day_kind": self.day_kind,
            "village": self.village,
            "applicant": {
                "type": self.applicant_type,
                "name": self.applicant_display(mask),
                "id_number": m.id_number(self.id_number) if mask else self.id_number,
                "phone": m.phone(self.phone) if mask else self.phone,
                "address": m.address(self.address) if mask else self.address,
                "org_name": self.org_name,
                "credit_code": self.credit_code,
                "contact": m.name(self.contact) if mask else self.contact,
            },
            "materials": [
                {"code": x.code, "name": x.name, "form": x.form, "copies": x.copies, "required": x.required,
                 "received": x.received} for x in self.materials
            ],
            "notice_number": self.notice_number,
            "warnings": list(self.warnings),
            "reason": self.reason,
            "basis": self.basis,
            "units": list(self.units),
        }


@dataclass(frozen=True)
class CaseSummary:
    """One line of a case list."""

    number: str
    matter_code: str
    matter_name: str
    category: str
    kind: str | None
    status: str
    mode: str
    applicant_type: str
    applicant_name: str
    village: str | None
    received_on: date
    due_on: date | None
    owner: str

    def as_dict(self, mask: bool = True) -> dict[str, Any]:
        name = self.applicant_name
        if mask and self.applicant_type != "org":
            name = masking.name(name)
        return {
            "number": self.number, "matter": self.matter_code, "matter_name": self.matter_name,
            "category": self.category, "kind": self.kind, "status": self.status, "mode": self.mode,
            "applicant": name, "village": self.village, "received_on": self.received_on,
            "due_on": self.due_on, "owner": self.owner,
        }
