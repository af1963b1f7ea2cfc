"""domain.registration: what a registration becomes, without a database (issue 13).

tests/services/test_registration_rules.py proves the preview equals the stored case; these pin the rules.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from quancheng_tui.domain import registration as reg
from quancheng_tui.domain.calendar import build_calendar
from quancheng_tui.domain.cases import Category, Kind, Status
from quancheng_tui.errors import InputError
from quancheng_tui.services.catalog_views import MaterialView, MatterView


def matter(category: str = "own", kind: str | None = "promised", promised: int = 10, statutory: int = 0,
           units: tuple[str, ...] = (), day_kind: str = "working") -> MatterView:
    materials = tuple(MaterialView(code, code, "original", 1, required, "", "")
                      for code, required in (("SFZ", True), ("HKB", True), ("ZP", False)))
    return MatterView("T-1", "测试事项", "", "民政办", category, kind, statutory, promised, day_kind, False, "", "",
                      "", "", "", "", units, "县府路 1 号" if units else "", "0797-1" if units else "", True,
                      materials)


def test_complete_promised_matter_is_accepted_with_its_limit():
    r = reg.classify(matter(), ["SFZ", "HKB"])
    assert (r.category, r.kind, r.status, r.limit_days, r.missing, r.overridden) == (
        Category.OWN, Kind.PROMISED, Status.ACCEPTED, 10, (), False)


def test_missing_required_material_makes_a_notice_pending_correction_in_guide_order():
    r = reg.classify(matter(), ["ZP"])
    assert (r.kind, r.status, r.limit_days) == (Kind.NOTICE, Status.PENDING_MATERIALS, 10)
    assert [m.code for m in r.missing] == ["SFZ", "HKB"] == [m.code for m in r.recorded_missing]
    assert r.needs_calendar and not r.due_from_receipt


def test_a_changed_category_takes_the_kind_proposed_for_it_and_a_transfer_has_none():
    joint = reg.classify(matter(kind="instant", promised=0), ["SFZ", "HKB"], Category.JOINT)
    assert (joint.category, joint.kind, joint.overridden) == (Category.JOINT, Kind.INSTANT, True)
    moved = reg.classify(matter(), ["SFZ"], Category.TRANSFER, Kind.PROMISED)
    assert (moved.kind, moved.status, moved.limit_days) == (None, Status.TRANSFERRED, 0)
    assert moved.missing and moved.recorded_missing == ()  # the applicant goes elsewhere: nothing recorded


def test_no_promised_limit_falls_back_to_the_default_and_rejected_has_none():
    assert reg.classify(matter(category="joint", kind=None, promised=0), ["SFZ", "HKB"]).limit_days == 3
    rejected = reg.classify(matter(), ["SFZ", "HKB"], kind=Kind.REJECTED)
    assert (rejected.status, rejected.limit_days, rejected.due_from_receipt) == (Status.REJECTED, 0, False)


def test_override_refusals_come_in_the_order_of_the_form():
    assert reg.override_refusal(True, Kind.REJECTED, True, "", "") is reg.Refusal.REASON
    assert reg.override_refusal(True, Kind.REJECTED, True, "理由", "") is reg.Refusal.BASIS
    assert reg.override_refusal(True, Kind.NOTICE, True, "理由", "") is reg.Refusal.NOTICE_COMPLETE
    assert reg.override_refusal(True, Kind.NOTICE, False, "理由", "") is None
    assert reg.override_refusal(False, Kind.PROMISED, True, "", "") is None


def test_transfer_goes_to_the_named_unit_first_and_a_unit_off_the_catalog_has_no_address():
    m = matter(units=("县甲局", "县乙局"))
    assert reg.transfer_to(m, "") == (("县甲局", "县乙局"), "县府路 1 号", "0797-1")
    assert reg.transfer_to(m, "县乙局") == (("县乙局", "县甲局"), "县府路 1 号", "0797-1")
    assert reg.transfer_to(m, "县丙局") == (("县丙局",), "", "")
    assert reg.transfer_to(matter(), "") == ((), "", "")


def test_due_counts_working_days_from_receipt_and_refuses_a_limit_not_below_statute():
    cal = build_calendar({})
    friday = date(2026, 2, 13)  # the Spring Festival holiday follows: 20 working days end on 2026-03-19
    counted = reg.due(reg.classify(matter(promised=20), ["SFZ", "HKB"]), matter(promised=20), cal, friday)
    assert counted is not None and counted.due == date(2026, 3, 19)
    instant = matter(kind="instant", promised=0)
    assert reg.due(reg.classify(instant, ["SFZ", "HKB"]), instant, cal, friday).due == friday
    assert reg.due(reg.classify(matter(), ["SFZ"]), matter(), cal, friday) is None  # 提示件: from the correction
    short = matter(category="joint", kind=None, promised=0, statutory=3)
    with pytest.raises(InputError):
        reg.due(reg.classify(short, ["SFZ", "HKB"]), short, cal, friday)


def test_the_rules_import_without_storage_or_textual():
    code = ("import sys, quancheng_tui.domain.registration; "
            "bad = [m for m in ('sqlalchemy', 'sqlmodel', 'textual', 'rich') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
