from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quancheng_tui.domain.calendar import shipped_calendar
from quancheng_tui.domain.cases import OPEN_STATUSES, Status
from quancheng_tui.domain.lifecycle import (
    Action,
    ClockEvent,
    allowed_actions,
    derive_due,
    next_status,
    suspensions,
)
from quancheng_tui.errors import InputError

CAL = shipped_calendar()
FINAL = {Status.CLOSED, Status.WITHDRAWN}


def test_happy_path():
    s = Status.ACCEPTED
    for a, expect in [(Action.HANDOVER, Status.IN_PROGRESS), (Action.SUSPEND, Status.SUSPENDED),
                      (Action.RESUME, Status.IN_PROGRESS), (Action.COMPLETE, Status.COMPLETED),
                      (Action.REPLY, Status.REPLIED), (Action.SIGN_OFF, Status.CLOSED)]:
        s = next_status(s, a)
        assert s is expect


@pytest.mark.parametrize("status, action", [
    (Status.CLOSED, Action.COMPLETE), (Status.SUSPENDED, Action.COMPLETE), (Status.COMPLETED, Action.EXTEND),
    (Status.PENDING_MATERIALS, Action.COMPLETE), (Status.WITHDRAWN, Action.RESUME),
])
def test_illegal_transitions_refused_clearly(status, action):
    with pytest.raises(InputError, match="不能"):
        next_status(status, action)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(list(Action)), max_size=30), st.sampled_from([Status.ACCEPTED, Status.PENDING_MATERIALS]))
def test_random_sequences_keep_invariants(actions, start):
    s = start
    for a in actions:
        if a in allowed_actions(s):
            new = next_status(s, a)
            if s in FINAL:
                assert new is s  # nothing leaves a final state (a rating may still be recorded)
            if s not in OPEN_STATUSES:
                assert new not in OPEN_STATUSES  # a finished case never reopens
            s = new
        else:
            with pytest.raises(InputError):
                next_status(s, a)
    assert isinstance(s, Status)


def test_suspension_intervals_from_events():
    evs = [ClockEvent(Action.SUSPEND, date(2026, 3, 5)), ClockEvent(Action.RESUME, date(2026, 3, 11))]
    assert [(x.start, x.end) for x in suspensions(evs, date(2026, 3, 20))] == [(date(2026, 3, 5), date(2026, 3, 10))]
    open_ended = [ClockEvent(Action.SUSPEND, date(2026, 3, 5))]
    assert suspensions(open_ended, date(2026, 3, 9))[0].end == date(2026, 3, 9)


def test_due_derived_from_events_matches_cli_example():
    evs = [ClockEvent(Action.SUSPEND, date(2026, 3, 5)), ClockEvent(Action.RESUME, date(2026, 3, 11))]
    r = derive_due(CAL, date(2026, 3, 1), 10, "working", evs, date(2026, 3, 20))
    assert r.due == date(2026, 3, 19) and r.suspended_days == 4


def test_correction_restarts_and_extension_adds():
    evs = [ClockEvent(Action.CORRECT, date(2026, 3, 9)), ClockEvent(Action.EXTEND, date(2026, 3, 20), days=5)]
    r = derive_due(CAL, date(2026, 3, 2), 10, "working", evs, date(2026, 3, 20))
    # 10 working days after 2026-03-09 -> 2026-03-23, +5 -> 2026-03-30
    assert r.due == date(2026, 3, 30)
