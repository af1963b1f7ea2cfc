"""The office's settings in one place: its name, address and phones (the `office` row), and the periods of
the `setting` table (临期 warning, rectification, follow-up visits, the follow-up sample).

Read by every role (they are printed on every form and shape every board); changed by admins only, every
field checked before anything is written, in one transaction, audited as the older services do
(`office.update` for the office row, `settings.update` for the periods).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from sqlmodel import Session, select

from ..domain import text
from ..domain.roles import ADMINS
from ..errors import N_, Conflict, InputError
from ..store.database import Database
from ..store.tables import Office, Setting
from . import audit
from .context import Actor, Clock
from .setup import DEFAULT_SETTINGS, F_COMPLAINT_PHONE, F_PHONE
from .voice_common import DEFAULTS as VOICE_DEFAULTS

__all__ = ["FIELDS", "Field", "OfficeSettings", "office_settings", "parse", "update_office_settings"]


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # msgid: errors and screens name the field with it
    low: int | None = None  # a whole number from low to high; None: text
    high: int | None = None
    max_len: int = 50
    required: bool = False

    @property
    def numeric(self) -> bool:
        return self.low is not None


# In the order a screen shows them. Office-row fields first, then the `setting` table's.
FIELDS: tuple[Field, ...] = (
    Field("name", N_("中心名称"), max_len=100, required=True),
    Field("phone", F_PHONE),
    Field("complaint_phone", F_COMPLAINT_PHONE),
    Field("address", N_("中心地址"), max_len=200),
    # 临期: due within N working days and not overdue (the board's yellow light, the reminders' default)
    Field("yellow_within", N_("临期提醒（工作日）"), 1, 10),
    Field("rectify_days", N_("差评整改期限（工作日）"), 1, 30),
    Field("followup_days", N_("回访期限（工作日）"), 1, 30),
    Field("followup_sample_percent", N_("办结件抽样回访比例（%）"), 0, 100),
)
BY_KEY = {f.key: f for f in FIELDS}
OFFICE_COLUMNS = ("name", "phone", "complaint_phone", "address")
DEFAULTS = {**DEFAULT_SETTINGS, **VOICE_DEFAULTS}


@dataclass(frozen=True)
class OfficeSettings:
    code: str  # part of every case number: fixed at set-up
    name: str
    phone: str
    complaint_phone: str
    address: str
    yellow_within: int
    rectify_days: int
    followup_days: int
    followup_sample_percent: int

    def as_dict(self) -> dict:
        return asdict(self)


def parse(key: str, raw: object) -> str | int:
    """One field's value from what was typed (or given on the command line); the error names the field."""
    field = BY_KEY.get(key)
    if field is None:
        raise InputError(N_("没有名为“{key}”的设置"), key=str(key))
    if not field.numeric:
        return text.clean(str(raw), field.label, required=field.required, max_len=field.max_len)
    value: int | None
    if isinstance(raw, bool):
        value = None
    elif isinstance(raw, int):
        value = raw
    else:
        digits = text.clean(str(raw), field.label)
        value = int(digits) if digits.isascii() and digits.isdigit() else None
    if value is None or not field.low <= value <= field.high:  # type: ignore[operator]
        raise InputError(N_("{field}须是 {low} 到 {high} 之间的整数"), field=field.label, low=field.low,
                         high=field.high)
    return value


def office_settings(db: Database, actor: Actor) -> OfficeSettings:
    """What the office has set, for anyone signed in (the phones are printed on every form)."""
    del actor  # every role reads them
    with db.read() as session:
        return _current(session)


def update_office_settings(db: Database, actor: Actor, clock: Clock, changes: Mapping[str, object]) -> OfficeSettings:
    """Change some of the office's settings (admins). Every value is checked first: one bad value and
    nothing is written. Unchanged values are left out of the audit entry; no change, no entry."""
    actor.require(ADMINS, N_("修改中心设置"))
    wanted = {key: parse(key, raw) for key, raw in changes.items()}
    with db.write() as session:
        row = session.exec(select(Office)).first()
        if row is None:
            raise Conflict(N_("请先完成中心设置"))
        before = _current(session).as_dict()
        changed = {k: v for k, v in wanted.items() if before[k] != v}
        office_part = {k: v for k, v in changed.items() if k in OFFICE_COLUMNS}
        setting_part = {k: v for k, v in changed.items() if k not in OFFICE_COLUMNS}
        now = clock.now()
        if office_part:
            for key, value in office_part.items():
                setattr(row, key, value)
            session.add(row)
            audit.append(session, actor, now, "office.update", "office", row.code,
                         before={k: before[k] for k in office_part}, after=office_part)
        if setting_part:
            for key, value in setting_part.items():
                session.merge(Setting(key=key, value=json.dumps(value)))
            audit.append(session, actor, now, "settings.update", "setting", "office",
                         before={k: before[k] for k in setting_part}, after=setting_part)
        session.flush()
        return _current(session)


def _current(session: Session) -> OfficeSettings:
    row = session.exec(select(Office)).first()
    if row is None:
        raise Conflict(N_("请先完成中心设置"))
    numbers = {}
    for key in ("yellow_within", "rectify_days", "followup_days", "followup_sample_percent"):
        stored = session.get(Setting, key)
        numbers[key] = int(json.loads(stored.value)) if stored is not None else int(DEFAULTS[key])
    return OfficeSettings(code=row.code, name=row.name, phone=row.phone, complaint_phone=row.complaint_phone,
                          address=row.address or "", **numbers)
