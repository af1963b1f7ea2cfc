"""联办件 unit steps derived from events: worked examples and invariants over random event sequences."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quancheng_tui.domain.calendar import shipped_calendar
from quancheng_tui.domain.deadlines import Suspension, due_date
from quancheng_tui.domain.joint import (
    FINISHED,
    JointEvent,
    Step,
    UnitState,
    advance,
    derive,
    fold,
    initial,
    light,
)
from quancheng_tui.errors import InputError

CAL = shipped_calendar()
UNITS = ("县人社局", "合作银行", "县民政局")
RANK = {UnitState.WAITING: 0, UnitState.WORKING: 1, UnitState.DONE: 2, UnitState.HANDED: 3}
E = JointEvent


def test_worked_example_over_qingming():
    evs = [E("县人社局", Step.START, date(2026, 4, 1), 5, note="采集信息"),
           E("县人社局", Step.HANDOVER, date(2026, 4, 8), contact="李四", phone="13800138000"),
           E("合作银行", Step.START, date(2026, 4, 8), 10, "natural")]
    steps = derive(CAL, UNITS, evs)
    hr, bank, civil = steps.steps
    # 04-04..04-06 are holidays: 5 working days after 04-01 end on 04-09
    assert (hr.state, hr.due_on, hr.done_on, hr.handed_to, hr.contact, hr.late) == (
        UnitState.HANDED, date(2026, 4, 9), date(2026, 4, 8), "合作银行", "李四", False)
    assert (bank.state, bank.due_on) == (UnitState.WORKING, date(2026, 4, 20))  # 04-18 is a Saturday
    assert civil.state is UnitState.WAITING and steps.next_unit == "县民政局"
    assert steps.unfinished == ("合作银行",)
    w = light(CAL, bank, date(2026, 4, 16))
    assert (w.light, w.workdays_left) == ("yellow", 2)
    assert light(CAL, hr, date(2026, 4, 16)) is None  # finished: no light


@pytest.mark.parametrize("evs, words", [
    ([E("县财政局", Step.START, date(2026, 3, 2), 5)], "不是本案的联办单位"),
    ([E("县人社局", Step.DONE, date(2026, 3, 2))], "当前为“待办”，不能本单位办结"),
    ([E("县人社局", Step.START, date(2026, 3, 2), 0)], "办理时限"),
    ([E("县人社局", Step.START, date(2026, 3, 2), 5), E("县人社局", Step.START, date(2026, 3, 3), 5)], "不能开始办理"),
    ([E("县人社局", Step.START, date(2026, 3, 2), 5), E("县人社局", Step.HANDOVER, date(2026, 3, 3))], "下一单位对接人"),
    ([E("县民政局", Step.START, date(2026, 3, 2), 5),
      E("县民政局", Step.HANDOVER, date(2026, 3, 3), contact="王五", phone="13800138000")], "最后一个联办单位"),
])
def test_steps_out_of_order_are_refused(evs, words):
    with pytest.raises(InputError, match=words):
        fold(UNITS, evs)


def test_note_only_events_from_before_unit_steps_are_skipped():
    assert JointEvent.from_data({"on": "2026-03-02", "note": "已电话联系县人社局"}) is None
    ev = JointEvent.from_data({"on": "2026-03-02", "unit": "县人社局", "step": "start", "limit_days": 5,
                               "day_kind": "natural"})
    assert ev == E("县人社局", Step.START, date(2026, 3, 2), 5, "natural")


def test_a_date_past_the_known_years_is_left_unknown_never_guessed():
    # The shipped calendar covers 2024-2026 exactly and 2027-2028 provisionally; 2029 is unknown.
    [s] = derive(CAL, ["县人社局"], [E("县人社局", Step.START, date(2028, 12, 1), 60)]).steps
    assert s.state is UnitState.WORKING and s.due_on is None and light(CAL, s, date(2028, 12, 2)) is None
    [p] = derive(CAL, ["县人社局"], [E("县人社局", Step.START, date(2026, 12, 1), 60)]).steps
    assert p.due_on == date(2027, 2, 26)  # through the provisional 2027: 元旦 and 除夕 (Fri), 初三 (Mon) off


# --- invariants over random sequences ---------------------------------------------------------

raw_events = st.lists(st.tuples(
    st.integers(0, len(UNITS)),  # len(UNITS): a unit the case does not have
    st.sampled_from([Step.START, Step.START, Step.PROGRESS, Step.DONE, Step.HANDOVER, Step.HANDOVER]),
    st.integers(0, 4),  # days after the previous event
    st.integers(0, 25),  # limit
    st.sampled_from(["working", "natural"]),
    st.sampled_from(["李四", "李四", "李四", ""]),  # mostly given, so hand-overs happen
    st.sampled_from(["13800138000", "13800138000", "13800138000", ""]),
    st.sampled_from(["", "备注"]),
), min_size=2, max_size=30)


def play(raw):
    """The events that were accepted, and the steps after each of them."""
    steps, accepted, history, day = initial(UNITS), [], [], date(2026, 3, 2)
    for u, step, gap, limit, kind, contact, phone, note in raw:
        day += timedelta(days=gap)
        ev = E(UNITS[u] if u < len(UNITS) else "县财政局", step, day, limit, kind, contact, phone, note)
        try:
            after = advance(steps, ev)
        except InputError:
            continue  # refused: nothing changes
        accepted.append(ev)
        history.append(after)
        steps = after
    return accepted, history


@settings(max_examples=300, deadline=None)
@given(raw_events)
def test_states_only_move_forward_and_describe_themselves(raw):
    accepted, history = play(raw)
    prev = initial(UNITS)
    for steps in history:
        assert steps.units == UNITS  # one step per unit, in the case's order
        for before, now in zip(prev.steps, steps.steps):
            assert RANK[now.state] >= RANK[before.state]
            if before.started_on is not None:  # what was recorded is never rewritten
                assert (now.started_on, now.limit_days) == (before.started_on, before.limit_days)
            assert now.notes[:len(before.notes)] == before.notes
        prev = steps
    for i, s in enumerate(prev.steps):
        assert (s.state is UnitState.WAITING) == (s.started_on is None)
        assert (s.state in FINISHED) == (s.done_on is not None)
        assert (s.state is UnitState.HANDED) == (s.handed_to is not None)
        if s.started_on is not None:
            assert s.limit_days >= 1
        if s.done_on is not None:
            assert s.started_on <= s.done_on
        if s.state is UnitState.HANDED:
            assert s.handed_to == UNITS[i + 1] and s.contact and s.phone and s.done_on <= s.handed_on
    waiting = [s.unit for s in prev.steps if s.state is UnitState.WAITING]
    assert prev.next_unit == (waiting[0] if waiting else None)
    assert prev.unfinished == tuple(s.unit for s in prev.steps if s.state is UnitState.WORKING)
    assert fold(UNITS, accepted) == prev  # the derivation replays the accepted events exactly


@settings(max_examples=300, deadline=None)
@given(raw_events)
def test_units_are_independent_of_each_other(raw):
    accepted, _ = play(raw)
    whole = fold(UNITS, accepted)
    for unit in UNITS:
        alone = fold(UNITS, [e for e in accepted if e.unit == unit])
        assert alone.of(unit) == whole.of(unit)


@settings(max_examples=200, deadline=None)
@given(raw_events, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)), max_size=2))
def test_due_dates_follow_the_deadline_rules(raw, sus):
    accepted, _ = play(raw)
    suspensions, start = [], date(2026, 3, 2)
    for gap, length in sus:
        start += timedelta(days=gap)
        suspensions.append(Suspension(start, start + timedelta(days=length)))
        start += timedelta(days=length + 1)
    steps = derive(CAL, UNITS, accepted, suspensions)
    for s in steps.steps:
        if s.started_on is None:
            assert s.due_on is None
            continue
        counted = [x for x in suspensions if s.done_on is None or x.start <= s.done_on]
        assert s.due_on == due_date(CAL, s.started_on, s.limit_days, s.day_kind, counted).due
        assert s.due_on > s.started_on and CAL.is_workday(s.due_on)  # receipt day never counts
        if not counted:
            if s.day_kind == "working":
                assert CAL.workdays_between(s.started_on, s.due_on) == s.limit_days
            else:
                assert s.due_on >= s.started_on + timedelta(days=s.limit_days)
        assert s.late == (s.done_on is not None and s.done_on > s.due_on)
        w = light(CAL, s, s.started_on)
        assert (w is None) == (s.state is not UnitState.WORKING)
