from datetime import date

import pytest

from quancheng_tui.errors import InputError, NotPermitted
from quancheng_tui.services import appointments, notices, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.context import SYSTEM


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


def test_booking_tells_every_required_material_and_lists_the_day(cat_db, clock):
    clerk = staff.actor_for(cat_db, "zhangwei")
    day = date(2026, 3, 18)
    b = appointments.book(cat_db, clerk, clock, "MZ-001", day, "10:30", "张三", "13812345678")
    a = appointments.book(cat_db, clerk, clock, "YB-002", day, "09:00", "李四", "13912345678")
    notice = notices.get_notice(cat_db, b.notice_number, actor=SYSTEM)
    matter = catalog_svc.get_matter(cat_db, "MZ-001")
    assert [i.code for i in notice.items] == [m.code for m in matter.materials if m.required]
    listed = appointments.for_day(cat_db, clerk, day)
    assert [(x.time, x.name) for x in listed] == [("09:00", "李四"), ("10:30", "张三")]
    assert a.as_dict()["name"] == "李*" and a.as_dict()["phone"] == "139****5678"
    assert appointments.for_day(cat_db, clerk, date(2026, 3, 19)) == []


@pytest.mark.parametrize("day, time, msg", [
    (date(2026, 3, 10), "09:00", "早于今天"),
    (date(2026, 3, 21), "09:00", "不是工作日"),  # a Saturday
    (date(2026, 4, 6), "09:00", "不是工作日"),  # 清明 holiday
    (date(2026, 3, 18), "9点", "HH:MM"),
])
def test_bad_bookings_refused(cat_db, clock, day, time, msg):
    with pytest.raises(InputError, match=msg):
        appointments.book(cat_db, staff.actor_for(cat_db, "zhangwei"), clock, "MZ-001", day, time, "张三", "13812345678")


def test_agents_book_for_their_village_only(cat_db, clock):
    agent = staff.actor_for(cat_db, "sunli")
    with pytest.raises(NotPermitted):
        appointments.book(cat_db, agent, clock, "MZ-001", date(2026, 3, 18), "09:00", "张三", "13812345678", village="V02")
    mine = appointments.book(cat_db, agent, clock, "MZ-001", date(2026, 3, 18), "09:00", "张三", "13812345678")
    assert mine.village == "V01"
    other = staff.actor_for(cat_db, "zhoujun")
    assert appointments.for_day(cat_db, other, date(2026, 3, 18)) == []
    with pytest.raises(NotPermitted):
        appointments.book(cat_db, staff.actor_for(cat_db, "zhaomin"), clock, "MZ-001", date(2026, 3, 18), "09:00",
                          "张三", "13812345678")
