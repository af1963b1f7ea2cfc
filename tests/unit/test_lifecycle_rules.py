"""The seeds' time rules in the case lifecycle (domain.md §5; issue 12 items 3–6), at the domain level.

- an instant case (即办件) is never extended nor reported up (003 第24条); only it may be reclassified;
- extensions stop at the statutory limit plus the statutory extension (行政许可法 第四十二条) and are a
  late notice within the last 3 working days before the due date (004 限时办结 第三条);
- the applicant's own delay counts as on time (004 限时办结 第九条);
- a correction (补正) ticks off what it brought; the case is accepted only once nothing is missing.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quancheng_tui.domain.calendar import shipped_calendar
from quancheng_tui.domain.cases import Kind, Status
from quancheng_tui.domain.deadlines import due_date, extension_is_late
from quancheng_tui.domain.lifecycle import (
    Action,
    ClockEvent,
    allowed_actions,
    case_on_time,
    check_extension,
    check_kind,
    correction,
    on_time,
)
from quancheng_tui.errors import InputError

CAL = shipped_calendar()
RECEIVED = date(2026, 3, 2)  # a Monday; March 2026 has no holiday


# --- 即办件 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("action, words", [(Action.EXTEND, "不能延期"), (Action.REPORT_UP, "不能上报")])
def test_an_instant_case_is_never_extended_nor_reported_up(action, words):
    with pytest.raises(InputError) as err:
        check_kind(Kind.INSTANT.value, action)
    assert words in err.value.msgid and "003 第24条" in err.value.msgid
    for kind in (Kind.PROMISED.value, Kind.REPORT_UP.value, None):
        check_kind(kind, action)  # any other kind may


@pytest.mark.parametrize("kind", [Kind.PROMISED.value, Kind.REPORT_UP.value, Kind.NOTICE.value, None])
def test_only_an_instant_case_is_reclassified(kind):
    check_kind(Kind.INSTANT.value, Action.RECLASSIFY)
    with pytest.raises(InputError, match="只有即办件"):
        check_kind(kind, Action.RECLASSIFY)


@given(st.sampled_from(list(Status)), st.sampled_from([k.value for k in Kind] + [""]))
def test_allowed_actions_of_a_kind_are_those_its_rules_allow(status, kind):
    by_status = allowed_actions(status)
    by_kind = allowed_actions(status, kind)
    assert set(by_kind) <= set(by_status)
    for a in by_status:
        forbidden = ((kind == Kind.INSTANT.value and a in (Action.EXTEND, Action.REPORT_UP))
                     or (kind != Kind.INSTANT.value and a is Action.RECLASSIFY))
        assert (a in by_kind) is not forbidden, (status, kind, a)


# --- 补正 -----------------------------------------------------------------------------------------

codes = st.lists(st.from_regex(r"[A-Z]{2,4}", fullmatch=True), min_size=1, max_size=8, unique=True)


@settings(max_examples=200)
@given(codes.flatmap(lambda m: st.tuples(st.just(m), st.lists(st.sampled_from(m), min_size=1, unique=True))),
       st.booleans())
def test_a_correction_ticks_off_what_it_brought(case, as_text):
    missing, brought = case
    given_codes = ",".join(c.lower() for c in brought) if as_text else brought  # case is ignored
    done = correction(missing, given_codes)
    assert set(done.received) == set(brought)
    assert done.remaining == tuple(m for m in missing if m not in brought)  # in the case's order
    assert done.complete is (not done.remaining)
    assert done.status is (Status.ACCEPTED if done.complete else Status.PENDING_MATERIALS)


def test_a_correction_names_what_is_missing_when_it_is_wrong():
    with pytest.raises(InputError) as err:
        correction(["SFZ", "HKB"], ["XYZ"])
    assert err.value.params["missing"] == "SFZ、HKB"
    with pytest.raises(InputError, match="补正须列出"):
        correction(["SFZ"], [])
    with pytest.raises(InputError, match="补正须列出"):
        correction(["SFZ"], " , ")
    assert correction(["SFZ", "HKB"], "all").remaining == ()
    assert correction(["SFZ", "HKB"], "SFZ，SFZ").received == ("SFZ",)  # full-width comma; once


# --- 延期 -----------------------------------------------------------------------------------------


def test_late_notice_is_the_due_day_and_the_three_working_days_before():
    due = date(2026, 3, 20)  # a Friday
    assert not extension_is_late(CAL, date(2026, 3, 16), due)  # Mon: 4 working days left
    assert extension_is_late(CAL, date(2026, 3, 17), due)  # Tue: 3
    assert extension_is_late(CAL, due, due)
    assert not extension_is_late(CAL, date(2026, 3, 13), date(2026, 3, 19))  # Fri -> Thu: 4
    assert extension_is_late(CAL, date(2026, 3, 14), date(2026, 3, 18))  # a Saturday: Mon, Tue, Wed left


@settings(max_examples=200)
@given(promised=st.integers(1, 19), extra=st.integers(1, 40), ext=st.sampled_from([0, 10]),
       today_offset=st.integers(0, 14))
def test_an_extension_never_passes_the_statutory_limit_plus_its_extension(promised, extra, ext, today_offset):
    statutory = 20  # 行政许可法 第四十二条: 20 days, + 10 with the head's approval
    today = RECEIVED + timedelta(days=today_offset)
    current = due_date(CAL, RECEIVED, promised).due
    events = [ClockEvent(Action.EXTEND, today, extra)]
    if promised + extra > statutory + ext:
        with pytest.raises(InputError, match="行政许可法第四十二条"):
            check_extension(CAL, RECEIVED, promised, "working", events, today, current, statutory, ext)
        return
    got = check_extension(CAL, RECEIVED, promised, "working", events, today, current, statutory, ext)
    assert got.due == due_date(CAL, RECEIVED, promised + extra).due
    assert got.past_statutory is (promised + extra > statutory)
    assert got.legal == due_date(CAL, RECEIVED, statutory).due
    assert got.late_notice is (CAL.workdays_between(today, current) <= 3)


def test_a_matter_without_a_statutory_extension_stops_at_its_statutory_limit():
    events = [ClockEvent(Action.EXTEND, RECEIVED, 6)]
    with pytest.raises(InputError, match="没有法定延长期限") as err:
        check_extension(CAL, RECEIVED, 15, "working", events, RECEIVED, due_date(CAL, RECEIVED, 15).due, 20, 0)
    assert err.value.params["legal"] == due_date(CAL, RECEIVED, 20).due.isoformat()
    # no statutory limit at all: no ceiling and nothing past it
    got = check_extension(CAL, RECEIVED, 15, "working", events, RECEIVED, due_date(CAL, RECEIVED, 15).due, 0, 0)
    assert not got.past_statutory and got.legal is None


def test_the_ceiling_moves_with_suspensions_as_any_due_date():
    # suspended a working week: the statutory maximum moves by it, and so may the extension
    events = [ClockEvent(Action.SUSPEND, date(2026, 3, 9)), ClockEvent(Action.RESUME, date(2026, 3, 16)),
              ClockEvent(Action.EXTEND, date(2026, 3, 16), 15)]
    current = due_date(CAL, RECEIVED, 15).due + timedelta(days=7)
    got = check_extension(CAL, RECEIVED, 15, "working", events, date(2026, 3, 16), current, 20, 10)
    assert got.past_statutory


# --- 按时办结 -------------------------------------------------------------------------------------


@given(due=st.none() | st.dates(date(2026, 1, 1), date(2026, 12, 31)),
       finished=st.none() | st.dates(date(2026, 1, 1), date(2026, 12, 31)),
       today=st.dates(date(2026, 1, 1), date(2026, 12, 31)), applicant=st.booleans())
def test_on_time_counts_the_applicants_delay_as_on_time(due, finished, today, applicant):
    got = on_time(due, finished, today, applicant_delay=applicant)
    if due is None:
        assert got is None
    elif applicant:
        assert got is True
    else:
        assert got is ((finished or today) <= due)


def test_case_on_time_reads_the_events():
    due = date(2026, 3, 20)
    late = {"on": "2026-03-25"}
    assert case_on_time(due, [("registered", {}), ("complete", late)], date(2026, 4, 1)) is False
    assert case_on_time(due, [("complete", {"on": "2026-03-20"})], date(2026, 4, 1)) is True
    # suspended at the applicant's request, then done late: counts as on time
    assert case_on_time(due, [("suspend", {"on": "2026-03-18", "cause": "applicant"}), ("complete", late)],
                        date(2026, 4, 1)) is True
    # the office's own suspension does not
    assert case_on_time(due, [("suspend", {"on": "2026-03-18", "cause": "office"}), ("complete", late)],
                        date(2026, 4, 1)) is False
    # withdrawn by the applicant after the due date
    assert case_on_time(due, [("withdraw", {"on": "2026-03-24", "cause": "applicant"})], date(2026, 4, 1)) is True
    assert case_on_time(due, [("withdraw", {"on": "2026-03-24", "cause": "office"})], date(2026, 4, 1)) is False
    # still open: judged by today
    assert case_on_time(due, [], date(2026, 3, 19)) is True
    assert case_on_time(due, [], date(2026, 3, 23)) is False
    assert case_on_time(None, [], date(2026, 3, 23)) is None


# --- the catalog carries the statutory extension (optional, default 0) ---------------------------


def test_the_catalog_carries_the_statutory_extension_through_every_format():
    from pathlib import Path

    import quancheng_tui
    from quancheng_tui.domain import catalog as cat

    sample = Path(quancheng_tui.__file__).parent / "data" / "catalog.sample.toml"
    specs = {m.code: m for m in cat.parse(sample.read_bytes(), "catalog.sample.toml")}
    assert (specs["MZ-001"].statutory_extension_days, specs["NY-001"].statutory_extension_days) == (15, 10)
    assert specs["MZ-002"].statutory_extension_days == 0  # not given: none
    matters = list(specs.values())
    for text, parse in ((cat.to_toml(matters), lambda x: cat.parse_toml(x, "x.toml")),
                        (cat.to_csv(matters).decode("utf-8-sig"), lambda x: cat.parse_csv(x, "x.csv"))):
        again = {m.code: m for m in parse(text)}
        assert again == specs
    again = {m.code: m for m in cat.parse_xlsx(cat.to_xlsx(matters), "x.xlsx")}
    assert again == specs
    # a TOML without the field: 0, and its export does not name it
    plain = cat.to_toml([specs["MZ-002"]])
    assert "statutory_extension_days" not in plain


def test_a_statutory_extension_needs_a_statutory_limit():
    from quancheng_tui.domain import catalog as cat

    toml = '''[[matter]]
code = "X-1"
name = "测试事项"
department = "民政办"
category = "own"
kind = "promised"
statutory_days = 0
promised_days = 5
statutory_extension_days = 10
'''
    with pytest.raises(InputError, match="没有法定时限的事项不能设法定延长期限"):
        cat.parse_toml(toml, "x.toml")
    assert cat.parse_toml(toml.replace("statutory_days = 0", "statutory_days = 20"), "x.toml")[0] \
        .statutory_extension_days == 10
