"""The office's settings in one place (issue 16 item 4): read by every role, changed by admins, checked
field by field before anything is written, audited; the periods reach the services that use them."""

from __future__ import annotations

import json

import pytest
from sqlmodel import func, select

from quancheng_tui.domain.roles import Role
from quancheng_tui.errors import InputError, NotPermitted
from quancheng_tui.i18n import translator
from quancheng_tui.services import audit, office_settings, setup
from quancheng_tui.services.context import Actor
from quancheng_tui.services.voice_common import setting
from quancheng_tui.store.tables import AuditEntry

ADMIN = Actor(login="admin", name="王主任", role=Role.ADMIN)
CLERK = Actor(login="zhangwei", name="张伟", role=Role.CLERK)


@pytest.fixture
def office(db, clock):
    setup.initialize(db, clock, "青山镇便民服务中心", "QS", "admin", "王主任", "secret123")
    return db


def test_defaults_until_an_admin_sets_them(office):
    v = office_settings.office_settings(office, CLERK)
    assert (v.code, v.name, v.phone, v.complaint_phone) == ("QS", "青山镇便民服务中心", "", "")
    assert (v.yellow_within, v.rectify_days, v.followup_days, v.followup_sample_percent) == (2, 5, 5, 10)


def test_an_admin_changes_phones_and_periods_in_one_audited_step(office, clock):
    v = office_settings.update_office_settings(office, ADMIN, clock, {
        "phone": " 0797-6280000 ", "complaint_phone": "12345", "yellow_within": "3", "rectify_days": 10,
        "followup_sample_percent": "0"})
    assert (v.phone, v.complaint_phone, v.yellow_within, v.rectify_days, v.followup_sample_percent) == (
        "0797-6280000", "12345", 3, 10, 0)
    assert setup.office(office).phone == "0797-6280000"  # what every form prints
    assert setup.get_setting(office, "yellow_within") == 3  # what the board reads
    with office.read() as session:
        assert setting(session, "rectify_days") == 10  # what a bad rating's rectification is due in
    with office.read() as session:
        rows = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
        last = [(r.action, r.actor, json.loads(r.after or "{}")) for r in rows[-2:]]
    assert last == [("office.update", "admin", {"phone": "0797-6280000", "complaint_phone": "12345"}),
                    ("settings.update", "admin", {"yellow_within": 3, "rectify_days": 10,
                                                  "followup_sample_percent": 0})]
    assert audit.verify(office).ok


def test_no_change_no_audit_entry(office, clock):
    def count():
        with office.read() as session:
            return session.exec(select(func.count()).select_from(AuditEntry)).one()

    before = count()
    office_settings.update_office_settings(office, ADMIN, clock, {"rectify_days": 5, "name": "青山镇便民服务中心"})
    assert count() == before


@pytest.mark.parametrize(("changes", "field"), [
    ({"rectify_days": "31"}, "Rectification period (working days)"),
    ({"followup_sample_percent": "-1"}, "Follow-up sample of done cases (%)"),
    ({"yellow_within": "两"}, "Due-soon warning (working days)"),
    ({"name": "  "}, "Office name"),
    ({"phone": "0797\n6280000"}, "Phone"),
])
def test_a_bad_value_names_its_field_and_nothing_is_saved(office, clock, changes, field):
    before = office_settings.office_settings(office, ADMIN)
    with pytest.raises(InputError) as caught:
        office_settings.update_office_settings(office, ADMIN, clock, {"phone": "0797-1", **changes})
    assert field in translator("en").error(caught.value)
    assert office_settings.office_settings(office, ADMIN) == before  # the good phone was not saved either


def test_only_admins_change_them(office, clock):
    with pytest.raises(NotPermitted):
        office_settings.update_office_settings(office, CLERK, clock, {"phone": "1"})
    assert office_settings.office_settings(office, ADMIN).phone == ""


def test_an_unknown_setting_is_refused(office, clock):
    with pytest.raises(InputError, match="colour"):
        office_settings.update_office_settings(office, ADMIN, clock, {"colour": "red"})
