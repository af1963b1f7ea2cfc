"""Complaints (issue 14 item 4; 003 第32条, 篇6): due dates on the office's calendar, replies and findings,
the overdue flag, the masked public list and the export read back, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook

from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.errors import Conflict, InputError, NotFound, NotPermitted
from quancheng_tui.services import audit, complaints, exports, followups, lifecycle, staff
from quancheng_tui.services import cases as case_svc
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.services.tabular import Output

ID = "11010519491231002X"
CST = timezone(timedelta(hours=8))


def _at(day: date, hour: int = 10):
    return fixed_clock(datetime(day.year, day.month, day.day, hour, 0, tzinfo=CST))


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


def _who(db, login):
    return staff.actor_for(db, login)


def _case(db, clock) -> str:
    clerk = _who(db, "zhangwei")
    number = case_svc.register_case(db, clerk, clock, RegistrationInput(
        "MZ-001", name="王小明", id_number=ID, phone="13812345678", village="V01")).number
    lifecycle.act(db, clerk, clock, number, Action.COMPLETE, {"result": "已批准"})
    return number


@pytest.mark.parametrize(("received", "simple", "due"), [
    (date(2026, 3, 16), True, date(2026, 3, 16)),  # simple: the same day
    (date(2026, 3, 16), False, date(2026, 3, 23)),  # Monday + 5 working days: over a weekend
    (date(2026, 4, 2), False, date(2026, 4, 10)),  # Thursday before 清明 (04-04..04-06): weekend and holiday
    (date(2026, 4, 30), False, date(2026, 5, 11)),  # 劳动节 (05-01..05-05); the make-up Saturday 05-09 counts
])
def test_complaint_due_dates_follow_the_office_calendar(cat_db, received, simple, due):
    view = complaints.add(cat_db, _who(cat_db, "zhaomin"), _at(received), "王小明", "窗口无人", "visit",
                          simple=simple)
    assert (view.due_on, view.simple, view.overdue, view.answered) == (due, simple, False, False)


def test_a_complaint_is_recorded_answered_once_and_followed_up(cat_db, clock):
    number = _case(cat_db, clock)
    keeper, leader = _who(cat_db, "liuna"), _who(cat_db, "lixiang")
    with pytest.raises(NotPermitted):
        complaints.add(cat_db, _who(cat_db, "sunli"), clock, "王小明", "态度差", "phone")  # agents do not
    with pytest.raises(NotFound):
        complaints.add(cat_db, keeper, clock, "王小明", "态度差", "phone", about_staff="nobody")
    with pytest.raises(InputError, match="投诉渠道"):
        complaints.add(cat_db, keeper, clock, "王小明", "态度差", "fax")
    view = complaints.add(cat_db, keeper, clock, "王小明", "窗口人员态度生硬，电话13812345678", "phone",
                          phone="13812345678", case_number=number, about_staff="zhangwei")
    assert (view.case_number, view.about_staff, view.complainant, view.phone) == (
        number, "zhangwei", "王*明", "138****5678")
    (visit,) = followups.list_followups(cat_db, leader, clock)
    assert (visit.reason, visit.complaint_id, visit.case_number) == ("complaint", view.id, number)
    with pytest.raises(NotPermitted):
        complaints.reply(cat_db, _who(cat_db, "zhangwei"), clock, view.id, "不是我", "unsubstantiated")
    with pytest.raises(InputError, match="调查结论"):
        complaints.reply(cat_db, leader, clock, view.id, "已核实", "maybe")
    answered = complaints.reply(cat_db, leader, clock, view.id, "已核实并批评教育", "substantiated")
    assert (answered.answered, answered.finding, answered.answered_on, answered.overdue) == (
        True, "substantiated", date(2026, 3, 16), False)
    with pytest.raises(Conflict, match="已答复"):
        complaints.reply(cat_db, leader, clock, view.id, "再次", "substantiated")
    assert audit.verify(cat_db).ok


def test_the_one_complained_of_cannot_answer_even_as_a_leader(cat_db, clock):
    view = complaints.add(cat_db, _who(cat_db, "zhaomin"), clock, "王小明", "值班领导不在岗", "visit",
                          about_staff="lixiang")
    with pytest.raises(NotPermitted, match="被投诉人"):
        complaints.reply(cat_db, _who(cat_db, "lixiang"), clock, view.id, "已说明", "unsubstantiated")
    assert complaints.reply(cat_db, _who(cat_db, "admin"), clock, view.id, "已说明", "unsubstantiated").answered


def test_past_five_working_days_a_complaint_is_overdue_until_answered_and_late_stays_late(cat_db, clock):
    keeper, leader = _who(cat_db, "zhaomin"), _who(cat_db, "lixiang")
    slow = complaints.add(cat_db, keeper, clock, "李四", "材料要求前后不一", "letter")
    quick = complaints.add(cat_db, keeper, clock, "赵五", "排队太久", "phone", simple=True)
    on_due = _at(date(2026, 3, 23))
    assert [c.overdue for c in complaints.list_complaints(cat_db, keeper, on_due)] == [True, False]  # quick: 03-16
    assert complaints.overdue_count(cat_db, on_due) == 1
    complaints.reply(cat_db, leader, clock, quick.id, "已致歉", "substantiated")
    assert complaints.overdue_count(cat_db, on_due) == 0
    late = _at(date(2026, 3, 24))
    assert [c.id for c in complaints.list_complaints(cat_db, keeper, late, overdue_only=True)] == [slow.id]
    assert complaints.overdue_count(cat_db, late) == 1
    answered = complaints.reply(cat_db, leader, late, slow.id, "已统一告知材料清单", "substantiated")
    assert answered.overdue and answered.answered_on == date(2026, 3, 24)  # answered after its day
    assert complaints.overdue_count(cat_db, late) == 0
    assert complaints.list_complaints(cat_db, keeper, late, open_only=True) == []
    with pytest.raises(NotPermitted):
        complaints.list_complaints(cat_db, _who(cat_db, "sunli"), late)


def test_the_public_list_shows_handled_complaints_masked(cat_db, clock):
    number = _case(cat_db, clock)
    keeper, leader = _who(cat_db, "zhaomin"), _who(cat_db, "lixiang")
    handled = complaints.add(cat_db, keeper, clock, "王小明", "王小明的电话13812345678打不通", "phone",
                             case_number=number)
    complaints.add(cat_db, keeper, clock, "钱七", "尚未处理", "phone")
    complaints.reply(cat_db, leader, clock, handled.id, "已联系王小明说明", "unsubstantiated")
    (public,) = complaints.public_list(cat_db, clock)
    assert (public.id, public.complainant, public.matter, public.finding) == (handled.id, "王*明", "城乡最低生活保障（低保）申请",
                                                                              "unsubstantiated")
    shown = f"{public.what} {public.reply}"
    assert "王小明" not in shown and "13812345678" not in shown and "打不通" in shown


def test_export_complaints_reads_back_in_csv_and_xlsx_masked(cat_db, clock, tmp_path):
    number = _case(cat_db, clock)
    keeper, leader = _who(cat_db, "zhaomin"), _who(cat_db, "lixiang")
    first = complaints.add(cat_db, keeper, clock, "王小明", "态度生硬", "phone", phone="13812345678",
                           case_number=number, about_staff="zhangwei")
    complaints.add(cat_db, keeper, _at(date(2026, 3, 17)), "赵五", "排队太久", "visit", simple=True)
    complaints.reply(cat_db, leader, clock, first.id, "已批评教育", "substantiated")
    later = _at(date(2026, 3, 18))
    csv_out = tmp_path / "c.csv"
    result = exports.export(cat_db, leader, later, exports.ExportRequest("complaints", "csv"), Output(csv_out))
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"), newline="")))
    assert result.rows == 2 == len(rows)
    # headers for people, a code beside its label (services/tabular.people)
    assert [(r["序号"], r["投诉人"], r["联系电话"], r["办件编号"], r["调查结论"], r["finding"], r["逾期"]) for r in rows] == [
        (str(first.id), "王*明", "138****5678", number, "属实", "substantiated", "0"),
        (str(first.id + 1), "赵*", "", "", "", "", "1")]  # simple, 03-17: unanswered the next day
    assert "王小明" not in csv_out.read_text(encoding="utf-8-sig")
    xlsx_out = tmp_path / "c.xlsx"
    exports.export(cat_db, _who(cat_db, "admin"), later,
                   exports.ExportRequest("complaints", "xlsx", start=date(2026, 3, 17), unmasked=True), Output(xlsx_out))
    sheet = load_workbook(xlsx_out, read_only=True).active
    header, *data = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header[:4] == ["序号", "收到日期", "投诉渠道", "channel"] and len(header) == len(complaints.EXPORT_COLUMNS) + 2
    assert [(r[header.index("投诉人")], r[header.index("收到日期")], r[header.index("简单投诉")])
            for r in data] == [("赵五", "2026-03-17", 1)]
    with pytest.raises(NotPermitted):
        exports.export(cat_db, _who(cat_db, "sunli"), later, exports.ExportRequest("complaints", "csv"),
                       Output(tmp_path / "agent.csv"))
    assert not (tmp_path / "agent.csv").exists()
