"""The office's roster rule (seed 000: 1–2 协办员 and one 值班领导 a month) in the `setting` table,
as services/voice_common.py keeps the public's voice settings: JSON values, defaults until an admin
sets them. Read by anyone (the roster import warns with it); changed by admins, audited."""

from __future__ import annotations

import json

from sqlmodel import Session

from ..domain.roles import ADMINS
from ..domain.roster_rule import MonthRule
from ..errors import N_
from ..store.database import Database
from ..store.tables import Setting
from . import audit
from .context import Actor, Clock

__all__ = ["DEFAULTS", "roster_rule", "rule_in", "set_roster_rule"]

DEFAULTS = {"roster_clerks_min": 1, "roster_clerks_max": 2, "roster_leaders": 1}


def _value(session: Session, key: str) -> int:
    row = session.get(Setting, key)
    return int(json.loads(row.value)) if row is not None else int(DEFAULTS[key])


def rule_in(session: Session) -> MonthRule:
    return MonthRule(_value(session, "roster_clerks_min"), _value(session, "roster_clerks_max"),
                     _value(session, "roster_leaders"))


def roster_rule(db: Database, actor: Actor) -> MonthRule:
    """The rule as set: every role may read it (the roster hangs in the hall anyway)."""
    del actor
    with db.read() as session:
        return rule_in(session)


def set_roster_rule(db: Database, actor: Actor, clock: Clock, *, clerks_min: int | None = None,
                    clerks_max: int | None = None, leaders: int | None = None) -> MonthRule:
    """Change the rule (admins, who import rosters); unchanged values are left out of the audit entry."""
    actor.require(ADMINS, N_("修改排班规则"))
    with db.write() as session:
        before = rule_in(session)
        after = MonthRule(before.clerks_min if clerks_min is None else clerks_min,
                          before.clerks_max if clerks_max is None else clerks_max,
                          before.leaders if leaders is None else leaders).check()
        keys = {"roster_clerks_min": (before.clerks_min, after.clerks_min),
                "roster_clerks_max": (before.clerks_max, after.clerks_max),
                "roster_leaders": (before.leaders, after.leaders)}
        changed = {k: v for k, v in keys.items() if v[0] != v[1]}
        for key, (_old, new) in changed.items():
            session.merge(Setting(key=key, value=json.dumps(new)))
        if changed:
            audit.append(session, actor, clock.now(), "settings.update", "setting", "roster",
                         before={k: v[0] for k, v in changed.items()}, after={k: v[1] for k, v in changed.items()})
        return after
