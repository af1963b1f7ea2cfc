"""Plain, frozen records of the matter catalog, handed to screens and the CLI instead of ORM rows."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class MaterialView:
    code: str
    name: str
    form: str  # original | copy | either
    copies: int
    required: bool
    note: str
    sample: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class MatterSummary:
    """One line of a list or a search result."""

    code: str
    name: str
    pinyin: str
    department: str
    category: str  # own | joint | transfer
    kind: str | None  # instant | promised | report_up
    statutory_days: int
    promised_days: int
    day_kind: str  # working | natural
    village: bool
    active: bool

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class MatterView:
    """A matter's full 办事指南: what the one-time notice and the receipt are made from."""

    code: str
    name: str
    pinyin: str
    department: str
    category: str
    kind: str | None
    statutory_days: int
    promised_days: int
    day_kind: str
    village: bool
    window: str
    phone: str
    fees: str
    basis: str
    conditions: str
    procedure: str
    units: tuple[str, ...]
    unit_address: str
    unit_phone: str
    active: bool
    materials: tuple[MaterialView, ...]
    statutory_extension_days: int = 0  # 法定延长期限 (行政许可法 第四十二条); 0: none

    @property
    def required_materials(self) -> tuple[MaterialView, ...]:
        return tuple(m for m in self.materials if m.required)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["units"] = list(self.units)
        d["materials"] = [m.as_dict() for m in self.materials]
        return d


@dataclass(frozen=True)
class ImportResult:
    """What an import changed; the codes are in file order."""

    source: str
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    deactivated: tuple[str, ...]  # only with deactivate_missing

    @property
    def total(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)
