from datetime import date, datetime, timedelta, timezone

import pytest

from quancheng_tui.documents.forms import render_text
from quancheng_tui.errors import NotPermitted
from quancheng_tui.services import cases, reminders, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock

CST = timezone(timedelta(hours=8))


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


def _on(db, login, matter, received, name):
    return cases.register_case(db, staff.actor_for(db, login), fixed_clock(datetime(2026, 3, 16, 9, tzinfo=CST)),
                               RegistrationInput(matter_code=matter, name=name, id_number="11010519491231002X",
                                                 received_on=received))


def test_one_sheet_per_owner_with_every_case_and_the_totals(cat_db, clock):
    # As of Monday 2026-03-16: NY-003 (3 working days) received 2 March was due 5 March, 7 working
    # days overdue; MZ-004 (5) received 9 March is due today; MZ-003 (10) received 3 March is due tomorrow.
    late = _on(cat_db, "zhangwei", "NY-003", date(2026, 3, 2), "张三丰")
    today = _on(cat_db, "zhangwei", "MZ-004", date(2026, 3, 9), "欧阳小明")
    soon = _on(cat_db, "zhangwei", "MZ-003", date(2026, 3, 3), "李四")
    theirs = _on(cat_db, "liuna", "NY-003", date(2026, 3, 2), "王五")
    _on(cat_db, "liuna", "MZ-003", date(2026, 3, 16), "赵六")  # due 30 March: green, not listed

    leader = staff.actor_for(cat_db, "lixiang")
    sheets = reminders.owner_slips(cat_db, leader, clock, reminders.due_soon(cat_db, leader, clock))
    assert [(s.owner_login, s.owner) for s in sheets] == [("liuna", "刘娜"), ("zhangwei", "张伟")]
    liu, zhang = sheets
    assert [i.case_number for i in liu.items] == [theirs.number]
    assert [(i.case_number, i.light, i.days_left, i.due_on) for i in zhang.items] == [
        (late.number, "red", -7, date(2026, 3, 5)),
        (today.number, "due_today", 0, date(2026, 3, 16)),
        (soon.number, "yellow", 1, date(2026, 3, 17)),
    ]
    assert [i.applicant for i in zhang.items] == ["张*丰", "欧**明", "李*"]  # the sheet goes round the office
    assert (zhang.number, zhang.issued_on, zhang.issued_by) == ("CB-zhangwei-20260316", date(2026, 3, 16), "李响")

    text = render_text(zhang)
    for needle in ("催办单", "张伟（zhangwei）", "3 件：超期 1 件，今日到期 1 件，临近到期 1 件", late.number,
                   today.number, soon.number, "2026-03-05", "今日到期", "值班领导（阅示）", "全程办事人（签收）"):
        assert needle in text, needle
    assert theirs.number not in text and "欧阳小明" not in text

    # A clerk gets only their own sheet.
    mine = reminders.owner_slips(cat_db, staff.actor_for(cat_db, "liuna"), clock,
                                 reminders.due_soon(cat_db, staff.actor_for(cat_db, "liuna"), clock))
    assert [(s.owner_login, len(s.items)) for s in mine] == [("liuna", 1)]
    assert reminders.owner_slips(cat_db, leader, clock, []) == []


def test_per_case_slip_names_the_owner(cat_db, clock):
    case = _on(cat_db, "zhangwei", "NY-003", date(2026, 3, 2), "张三丰")
    leader = staff.actor_for(cat_db, "lixiang")
    [r] = reminders.due_soon(cat_db, leader, clock)
    data = reminders.slip(cat_db, leader, clock, r)
    assert data.case_number == case.number and data.owner == "张伟（zhangwei）" and data.days_left == -7
