"""The accountability register (issue 15 item 3): overdue cases, notice breaches and substantiated complaints
enter by themselves, once; a leader decides with a reason, later decisions are appended; the 通报 PDF lists a
period's entries. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import func, select

from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.errors import Conflict, InputError, NotFound, NotPermitted
from quancheng_tui.services import accountability, complaints, forms, lifecycle, notices, staff
from quancheng_tui.services import cases as case_svc
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import fixed_clock
from quancheng_tui.services.notices import Applicant
from quancheng_tui.store.accountability_tables import AccountabilityDecision, AccountabilityEntry
from quancheng_tui.store.tables import AuditEntry

ID = "11010519491231002X"
CST = timezone(timedelta(hours=8))
MON = date(2026, 3, 16)


def _at(day: date, hour: int = 10):
    return fixed_clock(datetime(day.year, day.month, day.day, hour, 0, tzinfo=CST))


def _who(db, login):
    return staff.actor_for(db, login)


@pytest.fixture
def cat_db(office_db, clock):
    catalog_svc.import_catalog(office_db, _who(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


def _instant(db, owner: str, day: date) -> str:
    """A 即办件 (MZ-008), due the day it is received."""
    return case_svc.register_case(db, _who(db, owner), _at(day), RegistrationInput(
        "MZ-008", name="王小明", id_number=ID, phone="13812345678", village="V01")).number


def _count(db, table) -> int:
    with db.read() as session:
        return int(session.exec(select(func.count()).select_from(table)).one())


def test_facts_enter_by_themselves_once(cat_db):
    db = cat_db
    late = _instant(db, "zhangwei", MON)  # due 03-16, still open on 03-17: overdue
    on_time = _instant(db, "liuna", MON)
    lifecycle.act(db, _who(db, "liuna"), _at(MON, 15), on_time, Action.COMPLETE, {"result": "已办结"})
    done_late = _instant(db, "liuna", MON)  # finished the next day: late, though closed by then
    lifecycle.act(db, _who(db, "liuna"), _at(MON + timedelta(days=1), 9), done_late, Action.COMPLETE,
                  {"result": "已办结"})
    # A breach of the one-time notice zhangwei issued, approved by the leader.
    matter = catalog_svc.get_matter(db, next(iter(catalog_svc.search(db, "dbsq"))).code)
    first = matter.materials[0]
    n = notices.issue_notice(db, _who(db, "zhangwei"), _at(MON), matter.code, [first.code], Applicant("张三"))
    notices.approve_breach(db, _who(db, "zhangwei"), _at(MON), n.number, first.code, "原件模糊",
                           approver=_who(db, "lixiang"))
    # Complaints: one substantiated about wangfang, one not, one still open.
    keeper = _who(db, "zhaomin")
    c1 = complaints.add(db, keeper, _at(MON), "王小明", "态度生硬", "phone", about_staff="wangfang")
    c2 = complaints.add(db, keeper, _at(MON), "李四", "等待太久", "phone", about_staff="chenjie")
    complaints.add(db, keeper, _at(MON), "赵六", "无人接待", "visit", about_staff="liuna")
    complaints.reply(db, _who(db, "lixiang"), _at(MON, 16), c1.id, "已批评教育", "substantiated")
    complaints.reply(db, _who(db, "lixiang"), _at(MON, 16), c2.id, "经核实不属实", "unsubstantiated")

    leader = _who(db, "lixiang")
    got = accountability.scan(db, leader, _at(MON + timedelta(days=1), 17))
    assert (got.overdue, got.notice_breach, got.complaint) == (2, 1, 1)
    entries = accountability.list_entries(db, leader, _at(MON + timedelta(days=1), 17))
    assert sorted((e.source, e.login, e.case_number) for e in entries) == sorted([
        ("overdue", "zhangwei", late), ("overdue", "liuna", done_late), ("notice_breach", "zhangwei", None),
        ("complaint", "wangfang", None)])
    overdue = [e for e in entries if e.source == "overdue"]
    assert {e.occurred_on for e in overdue} == {MON + timedelta(days=1)}  # the first day past the due date
    assert all(e.decision is None for e in entries)
    # Read again, a week later: nothing enters twice; one audit entry for the one sync that added.
    again = accountability.list_entries(db, _who(db, "zhaomin"), _at(MON + timedelta(days=7)))
    assert [e.id for e in again] == [e.id for e in entries]
    with db.read() as session:
        syncs = session.exec(select(AuditEntry).where(AuditEntry.action == "accountability.sync")).all()
    assert len(syncs) == 1 and late in (syncs[0].after or "")


def test_a_leader_decides_with_a_reason_and_nothing_is_deleted(cat_db):
    db = cat_db
    _instant(db, "zhangwei", MON)
    later = _at(MON + timedelta(days=1))
    leader = _who(db, "lixiang")
    (entry,) = accountability.list_entries(db, leader, later)
    with pytest.raises(NotPermitted):
        accountability.decide(db, _who(db, "admin"), later, entry.id, "提醒", "x")
    with pytest.raises(NotPermitted):
        accountability.decide(db, _who(db, "zhangwei"), later, entry.id, "提醒", "x")
    with pytest.raises(InputError):
        accountability.decide(db, leader, later, entry.id, "开除", "x")
    with pytest.raises(InputError):
        accountability.decide(db, leader, later, entry.id, "remind", "  ")
    with pytest.raises(NotFound):
        accountability.decide(db, leader, later, 999, "remind", "x")
    view = accountability.decide(db, leader, later, entry.id, "提醒", "首次超期，提醒注意")
    assert (view.decision.measure, view.decision.leader) == ("remind", "lixiang")
    with pytest.raises(Conflict):
        accountability.decide(db, leader, later, entry.id, "remind", "首次超期，提醒注意")
    view = accountability.decide(db, leader, later, entry.id, "通报批评", "经查无正当理由")
    assert [d.measure for d in view.decisions] == ["remind", "criticize"] and view.decision.measure == "criticize"
    assert _count(db, AccountabilityDecision) == 2 and _count(db, AccountabilityEntry) == 1
    undecided = accountability.list_entries(db, leader, later, undecided=True)
    assert undecided == []
    with db.read() as session:
        audits = session.exec(select(AuditEntry).where(AuditEntry.action == "accountability.decide")).all()
    assert len(audits) == 2 and '"remind"' in (audits[1].before or "")


def test_a_leader_cannot_decide_on_themselves(cat_db):
    db = cat_db
    leader = _who(db, "lixiang")
    c = complaints.add(db, _who(db, "zhaomin"), _at(MON), "王小明", "值班领导不在岗", "phone", about_staff="lixiang")
    complaints.reply(db, _who(db, "admin"), _at(MON), c.id, "属实", "substantiated")
    (entry,) = accountability.list_entries(db, leader, _at(MON))
    assert entry.login == "lixiang"
    with pytest.raises(NotPermitted):
        accountability.decide(db, leader, _at(MON), entry.id, "告诫", "x")


def test_readers_are_leaders_admins_and_supervisors(cat_db):
    for login in ("zhangwei", "wangfang", "sunli"):
        with pytest.raises(NotPermitted):
            accountability.list_entries(cat_db, _who(cat_db, login), _at(MON))
    for login in ("lixiang", "admin", "zhaomin"):
        assert accountability.list_entries(cat_db, _who(cat_db, login), _at(MON)) == []


def test_bulletin_pdf_lists_the_period(cat_db, tmp_path):
    db = cat_db
    late = _instant(db, "zhangwei", MON)
    _instant(db, "liuna", MON + timedelta(days=14))  # due 03-30: overdue from 03-31, outside the period asked
    leader = _who(db, "lixiang")
    at = _at(date(2026, 4, 2))
    march = [e for e in accountability.list_entries(db, leader, at) if e.occurred_on.month == 3]
    accountability.decide(db, leader, at, march[0].id, "诫勉", "屡次超期")
    data = accountability.bulletin(db, leader, at, date(2026, 3, 1), date(2026, 3, 17))
    assert [e.summary.split()[0] for e in data.entries] == [late]
    path = forms.write(data, tmp_path / "通报.pdf")
    from pypdf import PdfReader

    body = "".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert "责任追究情况通报" in body and late in body and "诫勉" in body and "屡次超期" in body
    txt = forms.render(data, "txt").decode("utf-8")
    assert "2026年3月1日至2026年3月17日" in txt and "张伟" in txt
    empty = accountability.bulletin(db, leader, at, date(2026, 2, 1), date(2026, 2, 28))
    assert "（本期无）" in forms.render(empty, "txt").decode("utf-8")
    with pytest.raises(InputError):
        accountability.bulletin(db, leader, at, date(2026, 3, 2), date(2026, 3, 1))


def test_an_ending_just_after_midnight_is_the_next_office_day(cat_db):
    """Instants are stored in UTC on both databases: 02:00 on 03-17 in the office is 03-16 18:00 UTC. A case due
    03-16 and completed then is late; the day must be the office's, as the report takes it (report_sql)."""
    db = cat_db
    number = _instant(db, "liuna", MON)  # due 03-16
    lifecycle.act(db, _who(db, "liuna"), _at(MON + timedelta(days=1), 2), number, Action.COMPLETE,
                  {"result": "已办结"})
    got = accountability.scan(db, _who(db, "lixiang"), _at(MON + timedelta(days=1), 17))
    assert got.overdue == 1
