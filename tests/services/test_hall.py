"""The public's side of the board and the hall terminal (issue 14 items 1 and 6).

The public page lists every open case and those done today, by number, with the applicant masked (王*明);
a case done today is struck and gone the next day. The hall lookup shows a visitor's own case when the
number and the last 4 characters of its ID number or phone match; wrong pairs are audited and, after
five within ten minutes at one terminal, the terminal waits. Demo office, sample catalog, fixed clock
(Monday 2026-03-16 09:30 +08:00); SQLite and, with QUANCHENG_TEST_PG_URL, PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.errors import InputError, NotPermitted
from quancheng_tui.services import audit, board, hall, lifecycle, staff
from quancheng_tui.services import cases as svc
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.cases import RegistrationInput
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.store.tables import AuditEntry

ID = "11010519491231002X"
PHONE = "13812345678"


def person(matter: str, name: str, **kw) -> RegistrationInput:
    return RegistrationInput(matter, name=name, id_number=ID, phone=PHONE, **kw)


@pytest.fixture
def hall_db(office_db, clock):
    admin = staff.actor_for(office_db, "admin")
    catalog_svc.import_catalog(office_db, admin, clock, catalog_svc.SAMPLE_CATALOG)
    clerk = staff.actor_for(office_db, "zhangwei")
    reg = svc.register_case
    reg(office_db, clerk, clock, person("MZ-008", "王小明"))  # 0001: 即办件, due today
    reg(office_db, clerk, clock, person("MZ-003", "李红"))  # 0002: 承诺件
    reg(office_db, clerk, clock, person("MZ-001", "钱多", materials=["SQS"]))  # 0003: 提示件 with a notice
    reg(office_db, clerk, clock, person("MZ-003", "周退", kind="rejected", reason="不符合条件", basis="第九条"))
    return office_db


def later(clock, **delta):
    return fixed_clock(clock.now() + timedelta(**delta))


# --- the public page ------------------------------------------------------------------------------


def test_public_page_lists_open_cases_by_number_with_masked_applicants(hall_db, clock):
    page = board.public_page(hall_db, clock)
    assert [(r.number, r.applicant) for r in page.rows] == [
        ("QS-20260316-0001", "王*明"), ("QS-20260316-0002", "李*"), ("QS-20260316-0003", "钱*")]
    assert page.total == 3 and page.struck_total == 0 and not page.has_more
    assert not any(r.struck for r in page.rows)
    assert page.overdue_complaints == 0
    assert [r.number for r in board.public_page(hall_db, clock, offset=1, limit=1).rows] == ["QS-20260316-0002"]


def test_a_case_done_today_is_struck_all_day_and_gone_the_next(hall_db, clock):
    clerk = staff.actor_for(hall_db, "zhangwei")
    lifecycle.act(hall_db, clerk, clock, "QS-20260316-0001", Action.COMPLETE, {"result": "已发放"})
    lifecycle.act(hall_db, clerk, clock, "QS-20260316-0002", Action.WITHDRAW, {"reason": "申请人撤回"})
    evening = later(clock, hours=14)  # 23:30 the same day
    page = board.public_page(hall_db, evening)
    assert [(r.number, r.struck) for r in page.rows] == [("QS-20260316-0001", True), ("QS-20260316-0003", False)]
    done = page.rows[0]
    assert done.applicant == "王*明" and done.light is None and done.status == "completed"
    assert page.total == 2 and page.struck_total == 1
    # replied and signed off the same day: still struck, not gone
    lifecycle.act(hall_db, clerk, clock, "QS-20260316-0001", Action.REPLY, {"method": "phone"})
    assert board.public_page(hall_db, evening).rows[0].struck
    tomorrow = later(clock, days=1)
    assert [r.number for r in board.public_page(hall_db, tomorrow).rows] == ["QS-20260316-0003"]


def test_public_page_refuses_bad_paging(hall_db, clock):
    with pytest.raises(InputError):
        board.public_page(hall_db, clock, limit=0)
    with pytest.raises(InputError):
        board.public_page(hall_db, clock, offset=-1)


# --- the hall lookup -------------------------------------------------------------------------------


def hall_entries(db) -> list[tuple[str, str, str]]:
    with db.read() as session:
        return [(e.actor, e.action, e.entity_key) for e in session.exec(
            select(AuditEntry).where(AuditEntry.action.like("hall.%")).order_by(AuditEntry.id)).all()]


def test_lookup_by_id_or_phone_tail_shows_the_case_masked_and_is_audited(hall_db, clock):
    seen = hall.lookup(hall_db, clock, "qs-20260316-0003", "002x")
    assert seen.number == "QS-20260316-0003" and seen.applicant == "钱*" and seen.handler == "张*"
    assert seen.status == "pending_materials" and seen.status_label == "待补正"
    assert seen.missing and all(m and "-" not in m for m in seen.missing)  # names, not codes
    assert seen.notice_number and seen.can_rate  # told in writing what is missing: may rate
    by_phone = hall.lookup(hall_db, clock, "QS-20260316-0002", "5678")
    assert by_phone.applicant == "李*" and by_phone.due_on is not None and not by_phone.can_rate
    assert hall_entries(hall_db) == [("hall", "hall.lookup", "QS-20260316-0003"),
                                     ("hall", "hall.lookup", "QS-20260316-0002")]
    assert audit.verify(hall_db).ok


def test_a_done_case_may_be_rated(hall_db, clock):
    clerk = staff.actor_for(hall_db, "zhangwei")
    lifecycle.act(hall_db, clerk, clock, "QS-20260316-0002", Action.COMPLETE, {"result": "已批准"})
    seen = hall.lookup(hall_db, clock, "QS-20260316-0002", "5678")
    assert seen.status_label == "已办结" and seen.can_rate


def test_wrong_proof_and_unknown_number_say_the_same_and_are_audited_masked(hall_db, clock):
    with pytest.raises(InputError) as wrong:
        hall.lookup(hall_db, clock, "QS-20260316-0001", "1234")
    with pytest.raises(InputError) as unknown:
        hall.lookup(hall_db, clock, "110105194912310021", "1234")  # an ID number typed as the case number
    assert "还可再试 4 次" in str(wrong.value) and "还可再试 3 次" in str(unknown.value)
    assert str(wrong.value).split("，")[0] == str(unknown.value).split("，")[0]
    with hall_db.read() as session:
        kept = [json.loads(e.after)["number"] for e in session.exec(
            select(AuditEntry).where(AuditEntry.action == "hall.lookup_failed").order_by(AuditEntry.id))]
    assert kept[0] == "QS-20260316-0001" and "19491231" not in kept[1]
    for bad in ("12", "12345", "abcd", ""):
        with pytest.raises(InputError):
            hall.lookup(hall_db, clock, "QS-20260316-0001", bad)
    assert len(hall_entries(hall_db)) == 2  # malformed input is refused before anything is tried


def test_five_wrong_tries_in_ten_minutes_make_the_terminal_wait(hall_db, clock):
    for i in range(4):
        with pytest.raises(InputError):
            hall.lookup(hall_db, later(clock, minutes=i), "QS-20260316-0001", "0000")
    assert hall.wait_left(hall_db, later(clock, minutes=4)) is None
    with pytest.raises(NotPermitted, match="10 分钟"):
        hall.lookup(hall_db, later(clock, minutes=4), "QS-20260316-0001", "0000")
    # even the right pair waits now, and the refusal is not another failed try
    with pytest.raises(NotPermitted, match="6 分钟"):
        hall.lookup(hall_db, later(clock, minutes=4, seconds=30), "QS-20260316-0001", "002X")
    assert [a for _, a, _ in hall_entries(hall_db)].count("hall.lookup_failed") == 5
    assert hall.wait_left(hall_db, later(clock, minutes=5)) == timedelta(minutes=5)
    # another terminal is not held up
    assert hall.lookup(hall_db, later(clock, minutes=5), "QS-20260316-0001", "002X", terminal="hall-2").number
    # ten minutes after the first wrong try, one try is free again
    free = later(clock, minutes=10, seconds=1)
    assert hall.wait_left(hall_db, free) is None
    assert hall.lookup(hall_db, free, "QS-20260316-0001", "5678").applicant == "王*明"


def test_lookup_dates_are_the_cases(hall_db, clock):
    seen = hall.lookup(hall_db, clock, "QS-20260316-0001", "002X")
    assert seen.received_on == date(2026, 3, 16) and seen.due_on == date(2026, 3, 16)
    assert seen.matter_name == "老年人优待证办理"


def test_complaints_past_their_day_light_up_the_public_page(hall_db, clock):
    from quancheng_tui.services import complaints

    admin = staff.actor_for(hall_db, "admin")
    complaints.add(hall_db, admin, later(clock, days=-14), "张三", "窗口无人", "phone")  # due long ago
    complaints.add(hall_db, admin, clock, "李四", "排队太久", "visit")  # received today: not late
    assert board.public_page(hall_db, clock).overdue_complaints == 1
