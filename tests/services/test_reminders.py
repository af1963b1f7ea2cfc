from datetime import timedelta

import pytest

from quancheng_tui.documents.forms import render_text
from quancheng_tui.errors import NotPermitted
from quancheng_tui.services import cases, reminders, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


def test_overdue_and_nearly_due_cases_for_owner_and_leader(cat_db, clock):
    zhang, liu = staff.actor_for(cat_db, "zhangwei"), staff.actor_for(cat_db, "liuna")
    # NY-003: promised 3 working days
    a = cases.register_case(cat_db, zhang, clock, RegistrationInput(matter_code="NY-003", name="张三",
                                                                     id_number="11010519491231002X"))
    b = cases.register_case(cat_db, liu, clock, RegistrationInput(matter_code="MZ-001", name="李四",
                                                                   id_number="440524188001010014"))
    assert reminders.due_soon(cat_db, zhang, clock) == []  # 3 working days left: yellow starts at 2
    later = fixed_clock(clock.now() + timedelta(days=7))  # a.due_on has passed
    mine = reminders.due_soon(cat_db, zhang, later)
    assert [(r.number, r.light) for r in mine] == [(a.number, "red")] and mine[0].days_left < 0
    assert mine[0].applicant == "张*"
    leader = staff.actor_for(cat_db, "lixiang")
    everyone = reminders.due_soon(cat_db, leader, later, within=30)
    assert {r.number for r in everyone} == {a.number, b.number}
    with pytest.raises(NotPermitted):
        reminders.due_soon(cat_db, zhang, later, owner="liuna")
    text = render_text(reminders.slip(cat_db, leader, later, mine[0]))
    assert "催办单" in text and a.number in text
