"""Seed 000's roster rule as an office setting (issue 15 item 5): 1–2 协办员 and one 值班领导 a month by
default; an import that breaks it is stored and warned about, naming the month; admins change the rule."""

from __future__ import annotations

import pytest
from sqlmodel import select

from quancheng_tui.domain.roster import DutyPeriod
from quancheng_tui.domain.roster_rule import MonthRule, breaches
from quancheng_tui.errors import InputError, NotPermitted
from quancheng_tui.services import roster, roster_rule, staff
from quancheng_tui.store.roster_tables import RosterDuty
from quancheng_tui.store.tables import AuditEntry

# March 2026: three clerks and two leaders over two periods (a weekly rota); April as seed 000 has it.
ROSTER = """\
[[duty]]
from = 2026-03-01
to = 2026-03-15
clerks = ["zhangwei", "liuna"]
leader = "lixiang"

[[duty]]
from = 2026-03-16
to = 2026-03-31
clerks = ["wangfang"]
leader = "{leader2}"

[[duty]]
from = 2026-04-01
to = 2026-04-30
clerks = ["zhangwei", "liuna"]
leader = "lixiang"
"""


@pytest.fixture
def rule_db(office_db, clock):
    admin = staff.actor_for(office_db, "admin")
    staff.add_staff(office_db, admin, clock, "zhouli", "周丽", "leader", password="secret123")
    return office_db


def _import(db, clock, tmp_path, leader2="zhouli"):
    path = tmp_path / "roster.toml"
    path.write_text(ROSTER.format(leader2=leader2), encoding="utf-8")
    return roster.import_roster(db, staff.actor_for(db, "admin"), clock, path)


def test_breaking_months_are_warned_not_refused(rule_db, clock, tmp_path):
    result = _import(rule_db, clock, tmp_path)
    assert [(b.month, b.clerks, b.leaders) for b in result.rule_breaches] == [
        ("2026-03", ("zhangwei", "liuna", "wangfang"), ("lixiang", "zhouli"))]
    with rule_db.read() as session:
        assert len(session.exec(select(RosterDuty)).all()) == 3  # imported all the same
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "roster.import")
                             .order_by(AuditEntry.id.desc())).first()
    assert '"rule_breaches": ["2026-03"]' in entry.after


def test_the_rule_is_a_setting_admins_change(rule_db, clock, tmp_path):
    admin = staff.actor_for(rule_db, "admin")
    assert roster_rule.roster_rule(rule_db, staff.actor_for(rule_db, "zhangwei")) == MonthRule(1, 2, 1)
    with pytest.raises(NotPermitted):
        roster_rule.set_roster_rule(rule_db, staff.actor_for(rule_db, "lixiang"), clock, clerks_max=3)
    with pytest.raises(InputError):
        roster_rule.set_roster_rule(rule_db, admin, clock, clerks_min=3, clerks_max=2)
    assert roster_rule.set_roster_rule(rule_db, admin, clock, clerks_max=3, leaders=2) == MonthRule(1, 3, 2)
    assert _import(rule_db, clock, tmp_path).rule_breaches == ()
    with rule_db.read() as session:
        (entry,) = session.exec(select(AuditEntry).where(AuditEntry.action == "settings.update",
                                                          AuditEntry.entity_key == "roster")).all()
    assert '"roster_clerks_max": 3' in entry.after and '"roster_clerks_min"' not in entry.after


@pytest.mark.parametrize(("periods", "rule", "months"), [
    ([(["a"], "L")], MonthRule(), []),
    ([(["a", "b"], "L"), (["b", "a"], "L")], MonthRule(), []),  # the same two all month
    ([(["a", "b"], "L"), (["c"], "L")], MonthRule(), ["2026-03"]),  # three clerks
    ([(["a"], "L"), (["a"], "M")], MonthRule(), ["2026-03"]),  # two leaders
    ([(["a"], "L")], MonthRule(clerks_min=2, clerks_max=2), ["2026-03"]),  # too few
])
def test_breaches_count_distinct_people_per_month(periods, rule, months):
    from datetime import date

    duties = [DutyPeriod(date(2026, 3, 1 + 10 * i), date(2026, 3, 10 + 10 * i), tuple(c), lead)
              for i, (c, lead) in enumerate(periods)]
    assert [b.month for b in breaches(duties, rule)] == months
