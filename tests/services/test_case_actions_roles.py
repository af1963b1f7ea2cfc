"""Every lifecycle action × who acts, by their relation to the case, through `lifecycle.act` (issue #6 item 8).

The rule (services/lifecycle.py `_may_act`, domain.md §1, §3, §6): a supervisor never acts; an
agent never learns of another village's case ("not found", acting for someone or not); a leader
or an admin may take any action; so may the case's owner (全程办事人, who registered it, an agent
too) and the B post acting for the owner; the handler the case was handed to may record progress,
a joint step and the completion, nothing else; anyone else is refused.

Each cell acts on a case of office_fixture.py that real actions put in a status the action
applies to (`staged`), owned by zhangwei (clerk, V01) and handed over to wangfang, or, in the
agent_owner column, owned by sunli (the V01 agent) who registered it. A refusal changes nothing; an
allowed action moves the status as the state machine says and leaves one event and one audit
entry naming who acted and for whom.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from office_fixture import (  # noqa: F401  (office, office_templates: fixtures)
    ACTION_DATA,
    HANDLER,
    Office,
    new_audit,
    office,
    office_templates,
    snapshot,
)

from quancheng_tui.domain.cases import Status
from quancheng_tui.domain.lifecycle import TRANSITIONS, Action, next_status
from quancheng_tui.errors import NotFound, NotPermitted
from quancheng_tui.services import audit, cases, lifecycle, roster
from quancheng_tui.services.context import Actor

# Who may act is decided in Python (lifecycle._may_act) from rows both databases return alike; act() itself
# runs on PostgreSQL in the permission matrix and in test_case_actions.py. 208 cells a second time there
# would cost the CI run minutes and test nothing new.
BACKENDS = ["sqlite"]

A = "allowed"
NP = NotPermitted
NF = NotFound

# relation -> (who acts, whose case): the login, and the A post they act for, if any.
RELATIONS: dict[str, tuple[str, str | None, str]] = {
    "owner": ("zhangwei", None, "zhangwei"),
    "agent_owner": ("sunli", None, "sunli"),  # an agent's own case, registered at the village point
    "b_post": ("liuna", "zhangwei", "zhangwei"),  # a clerk standing in for the owner
    "handler": (HANDLER, None, "zhangwei"),  # the case was handed to them (not a 提示件: see CORRECT)
    "other_handler": ("chenjie", None, "zhangwei"),
    "other_clerk": ("liuna", None, "zhangwei"),
    "leader": ("lixiang", None, "zhangwei"),
    "admin": ("admin", None, "zhangwei"),
    "agent_same": ("sunli", None, "zhangwei"),  # the case's village, but not theirs
    "agent_other": ("zhoujun", None, "zhangwei"),  # V02
    "agent_other_b": ("zhoujun", "zhangwei", "zhangwei"),  # acting for the owner opens no other village
    "supervisor": ("zhaomin", None, "zhangwei"),
    "supervisor_b": ("zhaomin", "zhangwei", "zhangwei"),  # acting for the owner gives no right to write
}
COLUMNS = tuple(RELATIONS)

# The handler's three: what a person a step was handed to does with it.
_BY_OWNER = (A, A, A, NP, NP, NP, A, A, NP, NF, NF, NP, NP)
_BY_HANDLER = (A, A, A, A, NP, NP, A, A, NP, NF, NF, NP, NP)

EXPECTED: dict[Action, tuple] = {
    # action              owner agent_owner b_post handler other_handler other_clerk leader admin
    #                     agent_same agent_other agent_other_b supervisor supervisor_b
    Action.HANDOVER:      _BY_OWNER,
    Action.PROGRESS:      _BY_HANDLER,
    Action.CORRECT:       _BY_OWNER,  # a 提示件 is never handed over: wangfang is just another handler here
    Action.SUSPEND:       _BY_OWNER,
    Action.RESUME:        _BY_OWNER,
    Action.EXTEND:        _BY_OWNER,
    Action.REPORT_UP:     _BY_OWNER,
    Action.REPORT_ANSWER: _BY_OWNER,
    Action.JOINT_STEP:    _BY_HANDLER,
    Action.TRANSFER:      _BY_OWNER,
    Action.COMPLETE:      _BY_HANDLER,
    Action.REPLY:         _BY_OWNER,
    Action.SIGN_OFF:      _BY_OWNER,
    Action.WITHDRAW:      _BY_OWNER,
    Action.REJECT:        _BY_OWNER,
    # services/ratings.py: recorded for the visitor by anyone who did not serve the case (owner, handler)
    Action.RATE:          (NP, NP, A, NP, A, A, A, A, A, NF, NF, NP, NP),
    Action.RECLASSIFY:    _BY_OWNER,
}


def _actor(office: Office, relation: str) -> tuple[Actor, str]:
    """Who acts in `relation`, and whose case they act on.

    The B post stands in because the roster says so: the owner is on leave today and handed over
    to liuna (a B of the owner's post in the demo roster). The other `_b` relations only claim to
    act for the owner, which must grant nothing.
    """
    login, acting_for, owner = RELATIONS[relation]
    actor = office.actor(login)
    if relation == "b_post":
        today = office.clock.today()
        roster.set_absence(office.db, office.actor("lixiang"), office.clock, owner, today, today, handover=login)
        return actor, owner
    return (replace(actor, acting_for=acting_for) if acting_for else actor), owner


@pytest.mark.parametrize("relation", COLUMNS)
@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_action_by_relation(office, action, relation):
    expected = EXPECTED[action][COLUMNS.index(relation)]
    actor, owner = _actor(office, relation)
    number = office.staged[(owner, action)]
    admin = office.actor("admin")
    was = cases.get_case(office.db, admin, number)
    before = snapshot(office.db)
    if expected is not A:
        with pytest.raises(expected):
            lifecycle.act(office.db, actor, office.clock, number, action, ACTION_DATA[action])
        assert snapshot(office.db) == before, "a refused action changed the database"
        return
    result = lifecycle.act(office.db, actor, office.clock, number, action, ACTION_DATA[action])
    assert result.status == next_status(Status(was.status), action).value
    now = cases.get_case(office.db, admin, number)
    assert now.status == result.status
    assert len(now.events) == len(was.events) + 1
    ev = now.events[-1]
    # a rating is recorded for the visitor, never acting for the owner rated
    acting_for = owner if relation == "b_post" and action is not Action.RATE else None
    assert (ev.type, ev.actor, ev.acting_for) == (action.value, actor.login, acting_for)
    entries = new_audit(before, snapshot(office.db))
    assert [(e["actor"], e["acting_for"], e["action"], e["entity_key"]) for e in entries] == [
        (actor.login, acting_for, f"case.{action.value}", number)]
    assert audit.verify(office.db).ok


def test_every_action_has_a_row_and_every_relation_a_column():
    assert set(EXPECTED) == set(Action)
    assert all(len(row) == len(COLUMNS) for row in EXPECTED.values())


def test_each_case_is_staged_where_its_action_applies(office):
    admin = office.actor("admin")
    for (owner, action), number in office.staged.items():
        case = cases.get_case(office.db, admin, number)
        assert Status(case.status) in TRANSITIONS[action], (owner, action, case.status)
        assert (case.owner, case.village) == (owner, "V01")
        handed = [e.data["to"] for e in case.events if e.type == Action.HANDOVER.value]
        # the handler relation needs a hand-over, which a 提示件 waiting for correction cannot have
        assert handed == ([] if action is Action.CORRECT else [HANDLER]), (owner, action)
    assert Status.PENDING_MATERIALS not in TRANSITIONS[Action.HANDOVER]
