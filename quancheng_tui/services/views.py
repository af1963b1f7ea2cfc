"""Plain, frozen records handed to screens and the CLI instead of ORM rows."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class OfficeView:
    code: str
    name: str
    phone: str
    complaint_phone: str
    address: str


@dataclass(frozen=True)
class StaffView:
    login: str
    name: str
    role: str
    village: str | None
    phone: str
    active: bool
    has_password: bool

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class VillageView:
    code: str
    name: str
