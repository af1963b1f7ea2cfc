from datetime import timedelta

import pytest
from sqlmodel import select

from quancheng_tui.domain.roles import Role
from quancheng_tui.errors import Conflict, InputError, NotFound, NotPermitted
from quancheng_tui.services import audit, setup, staff
from quancheng_tui.services.context import Actor, fixed_clock
from quancheng_tui.store.tables import Staff, Village


def test_first_run_until_office_and_admin(db, clock):
    assert setup.needs_first_run(db)
    office = setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "管理员", "secret123")
    assert office.name == "青山镇便民服务中心"
    assert not setup.needs_first_run(db)
    assert setup.office(db).code == "QS"


def test_initialize_is_idempotent(db, clock):
    setup.initialize(db, clock, "甲镇", "JZ", "admin", "管理员", "secret123")
    again = setup.initialize(db, clock, "乙镇", "YZ", "other", "其他", "secret123")
    assert again.name == "甲镇"
    assert [s.login for s in staff.list_staff(db, None)] == ["admin"]


def test_initialize_refuses_bad_input_and_writes_nothing(db, clock):
    with pytest.raises(InputError, match="中心名称"):
        setup.initialize(db, clock, "  ", "QS", "admin", "管理员", "secret123")
    with pytest.raises(InputError, match="密码至少"):
        setup.initialize(db, clock, "青山镇", "QS", "admin", "管理员", "short")
    assert setup.needs_first_run(db)
    assert audit.verify(db).entries == 0


def test_demo_has_staff_of_every_role(office_db):
    roles = {s.role for s in staff.list_staff(office_db, None)}
    assert roles == {r.value for r in Role}
    agents = [s for s in staff.list_staff(office_db, None) if s.role == "agent"]
    assert all(a.village for a in agents)


def test_only_admin_adds_staff(office_db, clock):
    admin = staff.actor_for(office_db, "admin")
    clerk = staff.actor_for(office_db, "zhangwei")
    with pytest.raises(NotPermitted):
        staff.add_staff(office_db, clerk, clock, "newbie", "新人", "clerk")
    view = staff.add_staff(office_db, admin, clock, "newbie", "新人", "clerk")
    assert view.role == "clerk"
    with pytest.raises(Conflict):
        staff.add_staff(office_db, admin, clock, "newbie", "新人", "clerk")
    with pytest.raises(InputError, match="村"):
        staff.add_staff(office_db, admin, clock, "ag", "代办", "agent")
    with pytest.raises(NotFound):
        staff.add_staff(office_db, admin, clock, "ag", "代办", "agent", village="NOPE")


def test_agent_identity_carries_village(office_db):
    a = staff.actor_for(office_db, "sunli")
    assert a.role is Role.AGENT and a.village == "V01"
    with pytest.raises(NotFound):
        staff.actor_for(office_db, "ghost")


def test_password_lockout_after_five_failures(office_db, clock):
    for _ in range(5):
        with pytest.raises(InputError):
            staff.authenticate(office_db, clock, "admin", "wrong-password")
    with pytest.raises(NotPermitted, match="5 分钟"):
        staff.authenticate(office_db, clock, "admin", "secret123")
    later = fixed_clock(clock.now() + timedelta(minutes=5, seconds=1))
    assert staff.authenticate(office_db, later, "admin", "secret123").role is Role.ADMIN


def test_password_is_hashed_with_argon2(office_db):
    with office_db.read() as s:
        row = s.exec(select(Staff).where(Staff.login == "admin")).one()
    assert row.password_hash.startswith("$argon2")
    assert "secret123" not in row.password_hash


def test_set_password_self_or_admin(office_db, clock):
    clerk = staff.actor_for(office_db, "zhangwei")
    staff.set_password(office_db, clerk, clock, "zhangwei", "newpass99")
    assert staff.authenticate(office_db, clock, "zhangwei", "newpass99").login == "zhangwei"
    with pytest.raises(NotPermitted):
        staff.set_password(office_db, clerk, clock, "liuna", "newpass99")


def test_failed_write_changes_nothing(office_db, clock):
    admin = staff.actor_for(office_db, "admin")
    before = audit.verify(office_db).entries
    with pytest.raises(NotFound):
        staff.add_staff(office_db, admin, clock, "late", "迟到", "agent", village="V99")
    with office_db.read() as s:
        assert s.exec(select(Staff).where(Staff.login == "late")).first() is None
    assert audit.verify(office_db).entries == before


def test_load_demo_twice_adds_nothing(office_db, clock):
    admin = staff.actor_for(office_db, "admin")
    setup.load_demo(office_db, admin, clock)
    with office_db.read() as s:
        assert len(s.exec(select(Village)).all()) == len(setup.DEMO_VILLAGES)
    with pytest.raises(NotPermitted):
        setup.load_demo(office_db, Actor("x", "x", Role.CLERK), clock)
