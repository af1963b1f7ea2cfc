from datetime import date

import pytest

from quancheng_tui.domain.deadlines import due_date
from quancheng_tui.errors import InputError, NotPermitted
from quancheng_tui.services import audit, staff
from quancheng_tui.services import calendar as cal_svc

OVERRIDE_2026 = """year = 2026
source = "假设的 2026 年修订安排"

[[festival]]
name = "临时假日"
holidays = [2026-03-16]
workdays = []
"""


def test_import_overrides_shipped_year_and_is_audited(office_db, clock, tmp_path):
    admin = staff.actor_for(office_db, "admin")
    f = tmp_path / "2026.toml"
    f.write_text(OVERRIDE_2026, encoding="utf-8")
    shipped = cal_svc.calendar(office_db)
    assert shipped.is_workday(date(2026, 3, 16))
    result = cal_svc.import_year(office_db, admin, clock, f)
    assert (result.year, result.holidays, result.replaced) == (2026, 1, False)
    cal = cal_svc.calendar(office_db)
    assert not cal.is_workday(date(2026, 3, 16))
    assert cal.is_workday(date(2026, 10, 1))  # the override is the whole year, not a patch
    assert due_date(cal, date(2026, 3, 13), 1).due == date(2026, 3, 17)
    again = cal_svc.import_year(office_db, admin, clock, f)
    assert again.replaced
    assert audit.verify(office_db).ok


def test_only_admin_imports(office_db, clock, tmp_path):
    f = tmp_path / "2026.toml"
    f.write_text(OVERRIDE_2026, encoding="utf-8")
    with pytest.raises(NotPermitted):
        cal_svc.import_year(office_db, staff.actor_for(office_db, "lixiang"), clock, f)


def test_bad_file_stores_nothing(office_db, clock, tmp_path):
    admin = staff.actor_for(office_db, "admin")
    f = tmp_path / "2026.csv"
    f.write_text("not,a,calendar\n", encoding="utf-8")
    with pytest.raises(InputError, match="2026.csv"):
        cal_svc.import_year(office_db, admin, clock, f)
    assert cal_svc.imported_tables(office_db) == {}
