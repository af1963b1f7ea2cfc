"""December at the counter: due dates in a year without a schedule are provisional; importing it re-dates them."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from holiday_tables import OFFICIAL_2027

from quancheng_tui.services import audit, cases, staff
from quancheng_tui.services import calendar as cal_svc
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.case_tables import Case, CaseEvent

DECEMBER = fixed_clock(datetime.fromisoformat("2026-12-10T10:00:00+08:00"))
ID = "11010519491231002X"


@pytest.fixture
def counter(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


def _register(db, received: date | None = None):
    clerk = staff.actor_for(db, "zhangwei")
    return cases.register_case(db, clerk, DECEMBER, RegistrationInput(
        "MZ-001", name="张三", id_number=ID, materials="all", received_on=received))


def test_a_complete_file_in_december_is_registered_with_a_provisional_due_date(counter):
    view = _register(counter)
    assert view.status == "accepted" and view.limit_days == 20
    assert view.due_on == date(2027, 1, 8) and view.due_provisional  # 元旦 2027 from the statutory list
    assert view.as_json()["provisional"] is True
    shown = cases.get_case(counter, staff.actor_for(counter, "zhangwei"), view.number, today=DECEMBER.today())
    assert shown.due_provisional
    [row] = cases.list_cases(counter, staff.actor_for(counter, "zhangwei"), today=DECEMBER.today())
    assert row.provisional and row.as_dict()["provisional"] is True
    early = _register(counter, received=date(2026, 11, 2))  # due inside 2026: exact
    assert early.due_on == date(2026, 11, 30) and not early.due_provisional


def test_importing_the_year_re_dates_open_cases_in_one_audited_transaction(counter, tmp_path):
    moved = _register(counter)
    done = _register(counter)
    kept = _register(counter, received=date(2026, 11, 2))
    with counter.write() as s:  # a finished case keeps the date it was held to
        s.exec(Case.__table__.update().where(Case.number == done.number).values(status="completed"))
    f = tmp_path / "2027.toml"
    f.write_text(OFFICIAL_2027, encoding="utf-8")
    admin = staff.actor_for(counter, "admin")
    result = cal_svc.import_year(counter, admin, DECEMBER, f)
    assert [(c.number, c.old_due, c.new_due, c.provisional) for c in result.redated] == [
        (moved.number, date(2027, 1, 8), date(2027, 1, 11), False)]
    clerk = staff.actor_for(counter, "zhangwei")
    after = cases.get_case(counter, clerk, moved.number, today=DECEMBER.today())
    assert after.due_on == date(2027, 1, 11) and not after.due_provisional
    assert after.events[-1].type == "redated" and after.events[-1].data["old_due"] == "2027-01-08"
    assert cases.get_case(counter, clerk, done.number, today=DECEMBER.today()).due_on == date(2027, 1, 8)
    assert cases.get_case(counter, clerk, kept.number, today=DECEMBER.today()).due_on == date(2026, 11, 30)
    with counter.read() as s:
        from quancheng_tui.store.tables import AuditEntry

        redates = [json.loads(e.after or "{}") for e in s.exec(AuditEntry.__table__.select()
                                                              .where(AuditEntry.action == "case.redate")).all()]
    assert len(redates) == 1 and redates[0]["due_on"] == "2027-01-11"
    assert audit.verify(counter).ok


def test_a_refused_import_re_dates_nothing(counter, tmp_path):
    moved = _register(counter)
    f = tmp_path / "2027.toml"
    f.write_text(OFFICIAL_2027.replace("2027-01-04]", "2027-01-04, 2026-12-31]"), encoding="utf-8")
    with pytest.raises(Exception, match="2027"):
        cal_svc.import_year(counter, staff.actor_for(counter, "admin"), DECEMBER, f)
    clerk = staff.actor_for(counter, "zhangwei")
    assert cases.get_case(counter, clerk, moved.number, today=DECEMBER.today()).due_on == date(2027, 1, 8)
    with counter.read() as s:
        assert not s.exec(CaseEvent.__table__.select().where(CaseEvent.type == "redated")).all()


def test_next_year_without_schedule_is_announced_from_november(counter):
    cal = cal_svc.calendar(counter)
    assert cal_svc.next_year_unscheduled(cal, date(2026, 10, 31)) is None
    assert cal_svc.next_year_unscheduled(cal, date(2026, 11, 1)) == 2027
    assert cal_svc.next_year_unscheduled(cal, date(2026, 3, 16)) is None


def test_a_release_shipping_a_year_re_dates_open_cases_once(counter):
    """Play a database made when 2026 had no official table: its 国庆 was only 10/1-10/3, no make-up days."""
    from quancheng_tui.domain.calendar import Calendar, provisional_year, shipped_years
    from quancheng_tui.domain.deadlines import due_date
    from quancheng_tui.store.tables import Setting

    september = fixed_clock(datetime.fromisoformat("2026-09-25T10:00:00+08:00"))
    clerk = staff.actor_for(counter, "zhangwei")
    case = cases.register_case(counter, clerk, september, RegistrationInput("MZ-001", name="张三", id_number=ID))
    then = Calendar({**shipped_years(), 2026: provisional_year(2026)})
    old = due_date(then, date(2026, 9, 25), 20).due
    assert old != case.due_on  # the official 2026 table moves it
    with counter.write() as s:
        s.exec(Case.__table__.update().where(Case.number == case.number).values(due_on=old))
        s.merge(Setting(key=cal_svc.SHIPPED_KEY, value="[2024, 2025]"))
    years, changes = cal_svc.adopt_shipped_years(counter, september)
    assert years == [2026]
    assert [(c.number, c.old_due, c.new_due) for c in changes] == [(case.number, old, case.due_on)]
    assert cases.get_case(counter, clerk, case.number, today=september.today()).due_on == case.due_on
    assert cal_svc.adopt_shipped_years(counter, september) == ([], [])  # once
    assert audit.verify(counter).ok


def test_a_database_that_never_recorded_the_shipped_years_changes_nothing(counter):
    moved = _register(counter)
    assert cal_svc.adopt_shipped_years(counter, DECEMBER) == ([], [])
    with counter.read() as s:
        from quancheng_tui.store.tables import Setting

        assert json.loads(s.get(Setting, cal_svc.SHIPPED_KEY).value) == [2024, 2025, 2026]
    assert cases.get_case(counter, staff.actor_for(counter, "zhangwei"), moved.number,
                          today=DECEMBER.today()).due_on == date(2027, 1, 8)
