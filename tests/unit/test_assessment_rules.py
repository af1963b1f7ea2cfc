"""The quarterly assessment's arithmetic (domain/assessment.py; 002 第二十八-二十九条)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quancheng_tui.domain.assessment import Inputs, Weights, assess, consequence, order_key, ranks
from quancheng_tui.errors import InputError

W = Weights()  # 20 / 30 / 25 / 15 / 10, pass 60, excellent 90, 50 points a complaint, veto at 2


def _inputs(**kw) -> Inputs:
    base = dict(completed=0, most_completed=0, timed=0, on_time=0, rated=0, satisfied=0, days_present=0,
                days_due=0, substantiated=0, sanctions=0)
    return Inputs(**{**base, **kw})


def test_a_worked_example() -> None:
    r = assess(_inputs(completed=2, most_completed=4, timed=4, on_time=3, rated=5, satisfied=4, days_present=18,
                       days_due=20, substantiated=1), W)
    # workload 2/4 = 50, on time 3/4 = 75, satisfied 4/5 = 80, attendance 18/20 = 90, complaints 100 − 50 = 50
    assert r.parts == {"workload": 50.0, "on_time": 75.0, "satisfaction": 80.0, "attendance": 90.0, "complaints": 50.0}
    # (20·50 + 30·75 + 25·80 + 15·90 + 10·50) / 100 = (1000 + 2250 + 2000 + 1350 + 500) / 100 = 71.0
    assert r.score == 71.0 and r.grade == "pass" and r.vetoes == () and r.unmeasured == ()


def test_nothing_to_measure_scores_full_and_says_so() -> None:
    r = assess(_inputs(), W)
    assert r.unmeasured == ("workload", "on_time", "satisfaction", "attendance")
    assert r.score == 100.0 and r.grade == "excellent"


def test_vetoes_fail_whatever_the_score() -> None:
    two = assess(_inputs(substantiated=2), W)
    assert two.vetoes == ("complaints",) and two.grade == "fail" and two.parts["complaints"] == 0.0
    sanctioned = assess(_inputs(sanctions=1), W)
    assert sanctioned.vetoes == ("accountability",) and sanctioned.grade == "fail" and sanctioned.score == 100.0
    assert assess(_inputs(sanctions=1), Weights(veto_accountability=False)).grade == "excellent"
    assert assess(_inputs(substantiated=5), Weights(veto_complaints=0)).vetoes == ()


def test_consequences_of_002() -> None:
    assert consequence("fail", failed_before=False) == "admonish"
    assert consequence("fail", failed_before=True) == "replace"
    assert consequence("excellent", failed_before=True) == "reward"
    assert consequence("pass", failed_before=True) is None


def test_ranking_puts_a_veto_last_and_shares_ties() -> None:
    a = assess(_inputs(substantiated=2), W)  # 90.0 but vetoed
    b = assess(_inputs(completed=1, most_completed=2), W)  # workload 50: 90.0
    c = assess(_inputs(completed=1, most_completed=2), W)
    d = assess(_inputs(timed=2, on_time=1), W)  # on time 50: 85.0
    assert [x.score for x in (a, b, c, d)] == [90.0, 90.0, 90.0, 85.0]
    assert ranks([order_key(x) for x in (a, b, c, d)]) == [4, 1, 1, 3]


@pytest.mark.parametrize("change, words", [({"on_time": 101}, "on_time"), ({"pass_mark": -1}, "pass_mark"),
                                           ({"workload": 0, "on_time": 0, "satisfaction": 0, "attendance": 0,
                                             "complaints": 0}, "全为 0"),
                                           ({"pass_mark": 95}, "优秀分数线")])
def test_bad_settings_are_refused_naming_them(change, words) -> None:
    with pytest.raises(InputError) as caught:
        W.with_(**change)
    assert words in str(caught.value) or words in caught.value.args[0]


counts = st.integers(0, 50)


@given(counts, counts, counts, counts, counts, counts, counts, counts, st.integers(0, 3), st.integers(0, 2))
def test_scores_stay_in_bounds_and_more_on_time_never_lowers_them(completed, extra, timed, on_time, rated, satisfied,
                                                                   present, due, substantiated, sanctions) -> None:
    x = _inputs(completed=completed, most_completed=completed + extra, timed=timed, on_time=min(on_time, timed),
                rated=rated, satisfied=min(satisfied, rated), days_present=present, days_due=due,
                substantiated=substantiated, sanctions=sanctions)
    r = assess(x, W)
    assert 0.0 <= r.score <= 100.0 and all(0.0 <= v <= 100.0 for v in r.parts.values())
    assert (r.grade == "fail") == (bool(r.vetoes) or r.score < W.pass_mark)
    if x.on_time < x.timed:
        better = assess(Inputs(**{**x.__dict__, "on_time": x.on_time + 1}), W)
        assert better.score >= r.score
