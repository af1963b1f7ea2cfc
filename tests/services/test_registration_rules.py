"""The live preview of the registration screen is the case `register_case` stores (issue 13).

For any matter (the sample catalog's, or one generated and imported), any materials ticked, any
override of category and kind and any day, the preview (screens/register_preview.py, no database)
and the case registered through the service on a real SQLite database agree on category, kind,
status, limit, due date and missing materials; and where the service refuses, the preview or the
override modal's rule (domain.registration) said so first.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quancheng_tui.domain import registration
from quancheng_tui.domain.cases import Category, Kind
from quancheng_tui.domain.catalog import MaterialSpec, MatterSpec
from quancheng_tui.errors import InputError
from quancheng_tui.screens.register_preview import Override, preview
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services import staff
from quancheng_tui.services.calendar import calendar
from quancheng_tui.services.cases import RegistrationInput, register_case
from quancheng_tui.services.catalog_views import MatterView
from quancheng_tui.services.context import fixed_clock

BACKENDS = ["sqlite"]  # the rules are the same on every backend; PostgreSQL adds only time here

CST = timezone(timedelta(hours=8))
ID = "11010519491231002X"
EXAMPLES = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Every registration day in the shipped years (and the provisional one after), received up to ten days before.
DAYS = st.dates(date(2024, 1, 15), date(2027, 6, 30))
BACK = st.integers(0, 10)
SERIAL = itertools.count(1)  # generated matters' codes, unique in a test's database


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


@pytest.fixture
def sample(cat_db) -> list[MatterView]:
    return [catalog_svc.get_matter(cat_db, m.code) for m in catalog_svc.list_matters(cat_db)]


@st.composite
def overrides(draw, matter: MatterView) -> Override:
    """What the clerk may send: as proposed, or another category and/or kind, with or without the words
    (mostly with them; a kind for a 移办件 only now and then, else nearly every one would be refused for it)."""
    category = draw(st.sampled_from([None, None, *(c.value for c in Category if c is not Category.CONSULT)]))
    transfer = (category or matter.category) == Category.TRANSFER.value
    return Override(
        category=category,
        kind=None if transfer and draw(st.booleans()) else draw(st.sampled_from([None, *(k.value for k in Kind)])),
        reason=draw(st.sampled_from(["", "申请人要求", "申请人要求"])),
        basis=draw(st.sampled_from(["", "《社会救助暂行办法》第十一条"])),
        transfer_unit=draw(st.sampled_from(["", "县政务服务中心", *matter.units])),
    )


def ticked(draw, matter: MatterView) -> list[str]:
    return [m.code for m in matter.materials if draw(st.booleans())]


def expected_refusal(matter: MatterView, p, o: Override) -> str | None:
    """What the service must refuse first, if anything: the modal's checks, then the due date's."""
    if o.kind and p.category is Category.TRANSFER:
        return "kind"  # a 移办件 has no kind (the modal never sends one)
    if registration.override_refusal(p.overridden, p.kind, p.complete, o.reason, o.basis) is not None:
        return "override"
    if p.error is not None:
        return "due"
    if p.category is Category.TRANSFER and not registration.transfer_to(matter, o.transfer_unit)[0]:
        return "unit"
    return None


def register_and_compare(db, matter: MatterView, brought: list[str], o: Override, day: date, back: int) -> None:
    received = day - timedelta(days=back)
    p = preview(matter, brought, calendar(db), received, o)
    assert not p.calendar_pending
    data = RegistrationInput(
        matter.code, name="张三丰", id_number=ID, phone="13812345678", materials=brought,
        received_on=received if back else None, category=o.category, kind=o.kind, reason=o.reason,
        basis=o.basis, transfer_unit=o.transfer_unit)
    clerk = staff.actor_for(db, "zhangwei")
    clock = fixed_clock(datetime.combine(day, time(9, 30), tzinfo=CST))
    refusal = expected_refusal(matter, p, o)
    if refusal is not None:
        with pytest.raises(InputError) as refused:
            register_case(db, clerk, clock, data)
        if refusal == "due":  # the preview shows the very words the service refuses with
            assert p.error is not None and refused.value.render() == p.error.render()
        return
    case = register_case(db, clerk, clock, data)
    assert (case.category, case.kind, case.status) == (
        p.category.value, p.kind.value if p.kind else None, p.status.value)
    assert case.limit_days == p.limit_days
    assert case.due_on == p.due
    assert case.due_provisional == p.provisional
    assert case.missing_materials == tuple(m.code for m in p.rules.recorded_missing)
    [event] = case.events
    assert event.data["proposal"]["category"] == p.proposal.category.value
    assert event.data["proposal"]["kind"] == (p.proposal.kind.value if p.proposal.kind else None)
    assert bool(event.data["overrides"]) == p.overridden


@EXAMPLES
@given(data=st.data(), day=DAYS, back=BACK)
def test_preview_equals_the_stored_case_for_any_sample_matter(cat_db, sample, data, day, back):
    matter = data.draw(st.sampled_from(sample))
    register_and_compare(cat_db, matter, ticked(data.draw, matter), data.draw(overrides(matter)), day, back)


# Matters the sample catalog lacks: a joint matter with no kind and no promised limit (the default limit,
# refused where the law allows fewer days), natural days, no required materials, an own matter without units.

@st.composite
def matter_specs(draw, code: str) -> MatterSpec:
    category = draw(st.sampled_from(["own", "joint", "transfer"]))
    kinds = {"own": ["instant", "promised", "report_up"], "joint": [None, "instant", "promised", "report_up"],
             "transfer": [None]}[category]
    kind = draw(st.sampled_from(kinds))
    promised = 0 if kind == "instant" else draw(st.integers(1, 30) if kind else st.sampled_from([0, 0, 5]))
    statutory = draw(st.sampled_from([0, promised + 1, promised + 2, promised + draw(st.integers(3, 30))]))
    n_units = {"own": st.integers(0, 2), "joint": st.integers(1, 3), "transfer": st.just(1)}[category]
    units = tuple(f"县{x}局" for x in "甲乙丙"[:draw(n_units)])
    materials = tuple(MaterialSpec(f"M{i}", f"材料{i}", required=draw(st.booleans()))
                      for i in range(draw(st.integers(0, 4))))
    return MatterSpec(code, f"生成事项{code}", category=category, kind=kind, department="民政办",
                      statutory_days=statutory, promised_days=promised,
                      day_kind=draw(st.sampled_from(["working", "natural"])), units=units,
                      unit_address="县府路 1 号" if units else "", unit_phone="0797-1234567" if units else "",
                      materials=materials)


@EXAMPLES
@given(data=st.data(), day=DAYS, back=BACK)
def test_preview_equals_the_stored_case_for_any_generated_matter(office_db, clock, data, day, back):
    code = f"GEN-{next(SERIAL):04d}"
    catalog_svc.import_specs(office_db, staff.actor_for(office_db, "admin"), clock,
                             [data.draw(matter_specs(code))], source="generated")
    matter = catalog_svc.get_matter(office_db, code)
    register_and_compare(office_db, matter, ticked(data.draw, matter), data.draw(overrides(matter)), day, back)


def test_the_default_limit_its_refusal_and_a_transfer_without_unit_by_hand(office_db, clock):
    """The paths the property relies on generated matters for, once by hand."""
    admin = staff.actor_for(office_db, "admin")
    catalog_svc.import_specs(office_db, admin, clock, [
        MatterSpec("GEN-A", "联办无时限", category="joint", department="民政办", units=("县甲局",)),
        MatterSpec("GEN-B", "法定两日", category="joint", department="民政办", statutory_days=2, units=("县甲局",)),
        MatterSpec("GEN-C", "无移办单位", category="own", kind="instant", department="民政办"),
    ], source="by hand")
    a, b = (catalog_svc.get_matter(office_db, c) for c in ("GEN-A", "GEN-B"))
    day = date(2026, 3, 16)
    pa = preview(a, [], calendar(office_db), day)
    assert (pa.kind, pa.limit_days, pa.due) == (Kind.PROMISED, registration.DEFAULT_LIMIT_DAYS, date(2026, 3, 19))
    assert preview(b, [], calendar(office_db), day).error is not None
    register_and_compare(office_db, a, [], Override(), day, 0)
    register_and_compare(office_db, b, [], Override(), day, 0)
    c = catalog_svc.get_matter(office_db, "GEN-C")
    assert not registration.transfer_to(c, "")[0]  # no unit to send the applicant to: refused
    register_and_compare(office_db, c, [], Override(category="transfer", reason="不属本中心"), day, 0)
    register_and_compare(office_db, c, [], Override(category="transfer", reason="不属本中心", transfer_unit="县乙局"),
                         day, 0)
