"""Who may do what: every public service use case × every role, on a real database (issue #7 item 2, #6 item 8).

The rules (domain.md §1 and the issues): only admins change the catalog, staff, rosters, the calendar
and settings; supervisors only read; village agents see and act only on their own village's cases
(another village's case is "not found", lists are cut to their village); leaders approve extensions
past the statutory limit and breaches of a one-time notice. Leave and trips (domain.md §6, 002 第十二条(二))
are approved, so a leader or an admin records them; 销假 is the person's own duty, or a leader's or an
admin's for them. A saved board view is its owner's alone (another's is "not found") and is checked again
on every use, so it never shows an agent another village. Exports are masked for every role and cut to
an agent's village; the audit trail is for admins and supervisors; `unmasked` is for admins and audited.

MATRIX below is the spec: one row per use case, one column per role, each cell its own test.
A refused call must change nothing at all (every row of every table compared); an allowed write
must have its effect and append an audit entry; an allowed read must change nothing. The office
is office_fixture.py's; `agent` is sunli (V01, the village of the case-level rows), `agent_other`
zhoujun (V02), `clerk` zhangwei, who owns the case-level rows' case.

A cell that contradicts the rules is marked `bug(...)`: the cell asserts the right behaviour and
is a strict xfail until the service is fixed. A row that needs state the call itself must not make
(an absence to end, a view to apply) makes it in `prepare`, before the snapshot, by other hands than
the rule under test. Functions with no acting user have no cell; each says why in NOT_ROLE_GATED, and
a test keeps both lists complete. One of them is a gap no cell can show: `backup.restore_sqlite`
replaces the whole database for whoever runs `restore` (the CLI is an operator's tool: whoever can
run it on the server can already replace the file).
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from office_fixture import (  # noqa: F401  (office, office_templates: fixtures)
    ANY,
    APPOINTMENT_DAY,
    ID,
    LOGINS,
    PASSWORD,
    SSH_KEYS,
    STAFF,
    Office,
    new_audit,
    office,
    office_templates,
    sample_specs,
    snapshot,
)

import quancheng_tui
import quancheng_tui.services as services_pkg
from quancheng_tui.domain.lifecycle import Action
from quancheng_tui.domain.roles import Role
from quancheng_tui.errors import NotFound, NotPermitted
from quancheng_tui.services import (
    appointments,
    audit,
    board,
    cases,
    exports,
    extension_notice,
    forms,
    lifecycle,
    notices,
    reminders,
    roster,
    saved_views,
    setup,
    staff,
    tabular,
)
from quancheng_tui.services import calendar as calendar_svc
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.board import BoardFilters
from quancheng_tui.services.case_views import RegistrationInput
from quancheng_tui.services.context import SYSTEM, Actor

A = "allowed"
VILLAGE = "allowed, own village's rows only"
MINE = "allowed, own cases only"
NP = NotPermitted
NF = NotFound


@dataclass(frozen=True)
class Bug:
    expected: object  # the right outcome: what the cell asserts
    actual: object  # what the service does now: the one failure the xfail accepts
    reason: str

    def mark(self) -> pytest.MarkDecorator:
        raises = pytest.fail.Exception if self.actual == A else self.actual  # allowed: "DID NOT RAISE"
        return pytest.mark.xfail(strict=True, raises=raises, reason=f"BUG: {self.reason}")


def bug(expected: object, actual: object, reason: str) -> Bug:
    return Bug(expected, actual, reason)


ROLES = ("clerk", "handler", "leader", "admin", "agent", "agent_other", "supervisor")
ALL = (A,) * len(ROLES)

MATRIX: dict[str, tuple] = {
    # use case                                    clerk    handler  leader   admin    agent    agent_other  supervisor
    # reference data: admins only
    "setup.load_demo":                            (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "setup.set_office_phones":                    (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "staff.add_staff":                            (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "staff.set_password:someone_else":            (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "staff.add_key":                              (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "staff.authorized_keys":                      (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "calendar.import_year":                       (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "catalog.import_catalog":                     (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "catalog.import_specs":                       (NP,      NP,      NP,      A,       NP,      NP,      NP),
    # one's own account
    "staff.authenticate":                         ALL,
    "staff.set_password:own":                     ALL,
    # the office's reference data, read
    "staff.list_staff":                           ALL,
    "catalog.export_catalog":                     ALL,
    # cases, read: an agent sees their own village only
    "cases.get_case":                             (A,       A,       A,       A,       A,       NF,      A),
    "cases.list_cases":                           (A,       A,       A,       A,       VILLAGE, VILLAGE, A),
    "cases.list_cases:village=V02":               (A,       A,       A,       A,       NP,      VILLAGE, A),
    "board.page":                                 (A,       A,       A,       A,       VILLAGE, VILLAGE, A),
    "board.page:village=V02":                     (A,       A,       A,       A,       NP,      VILLAGE, A),
    "board.count":                                (A,       A,       A,       A,       VILLAGE, VILLAGE, A),
    "board.check:village=V02":                    (A,       A,       A,       A,       NP,      A,       A),
    "extension_notice.extension_notice":          (A,       A,       A,       A,       A,       NF,      A),
    "forms.form_for":                             (A,       A,       A,       A,       A,       NF,      A),
    # a case's 催办单: its owner's or oversight's, as reminders.due_soon
    "forms.form_for:reminder":                    (A,       NP,      A,       A,       NP,      NF,      A),
    "appointments.for_day":                       (A,       A,       A,       A,       VILLAGE, VILLAGE, A),
    # reminders: leaders, admins and supervisors see everyone's, the rest their own
    "reminders.due_soon":                         (MINE,    MINE,    A,       A,       MINE,    MINE,    A),
    "reminders.due_soon:owner=zhangwei":          (A,       NP,      A,       A,       NP,      NP,      A),
    # cases, written: never by a supervisor; an agent only for their own village
    "cases.register_case:V01":                    (A,       A,       A,       A,       A,       NP,      NP),
    "cases.log_consultation:V01":                 (A,       A,       A,       A,       A,       NP,      NP),
    "appointments.book:V01":                      (A,       A,       A,       A,       A,       NP,      NP),
    "notices.issue_notice":                       (A,       A,       A,       A,       A,       A,       NP),
    "notices.approve_breach:requested_by":        (A,       A,       A,       A,       A,       NF,      NP),
    "notices.get_notice":                         (A,       A,       A,       A,       A,       NF,      A),
    "lifecycle.act:progress":                     (A,       NP,      A,       A,       NP,      NF,      NP),
    # leaders approve: a breach of a one-time notice, an extension past the statutory limit
    "notices.approve_breach:approved_by":         (NP,      NP,      A,       NP,      NP,      NP,      NP),
    "lifecycle.act:extend_past_statutory":        (NP,      NP,      A,       NP,      NP,      NP,      NP),
    "lifecycle.act:extend_past_statutory_alone":  (NP,      NP,      A,       NP,      NP,      NF,      NP),
    # rosters: admins import; leave is approved, so leaders and admins record it; 销假 oneself or by them
    "roster.import_roster":                       (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "roster.set_absence:someone_else":            (NP,      NP,      A,       A,       NP,      NP,      NP),
    "roster.set_absence:own":                     (NP,      NP,      A,       A,       NP,      NP,      NP),
    "roster.end_absence:own":                     ALL,
    "roster.end_absence:someone_else":            (NP,      NP,      A,       A,       NP,      NP,      NP),
    # saved board views: everyone keeps their own; another's is not found; checked again when applied
    "saved_views.save":                           ALL,
    "saved_views.save:village=V02":               (A,       A,       A,       A,       NP,      A,       A),
    "saved_views.list_views":                     ALL,
    "saved_views.apply":                          ALL,
    "saved_views.apply:village=V02":              (A,       A,       A,       A,       NP,      A,       A),
    "saved_views.apply:someone_else":             (NF,) * len(ROLES),
    "saved_views.delete":                         ALL,
    "saved_views.delete:someone_else":            (NF,) * len(ROLES),
    # exports: masked for everyone, an agent's village only; the audit trail for oversight; unmasked for admins
    "exports.export:cases":                       (A,       A,       A,       A,       VILLAGE, VILLAGE, A),
    "exports.export:ratings":                     (A,       A,       A,       A,       VILLAGE, VILLAGE, A),
    "exports.export:roster":                      ALL,
    "exports.export:audit":                       (NP,      NP,      NP,      A,       NP,      NP,      A),
    "exports.export:cases_unmasked":              (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "exports.export:audit_unmasked":              (NP,      NP,      NP,      A,       NP,      NP,      NP),
}

# Public functions of the services that take no acting user, so no role to refuse: why each is fine.
NOT_ROLE_GATED = {
    "setup.initialize": "the first run, before any staff exists; a no-op once an admin exists",
    "setup.needs_first_run": "whether the first-run screen shows",
    "setup.office": "the office's name and phones, printed on every slip",
    "setup.villages": "the village list of the registration form",
    "setup.get_setting": "display settings (the yellow-light threshold)",
    "staff.actor_for": "who a login is (CLI --user, SSH forced login)",
    "staff.create_staff": "inside add_staff's or set-up's transaction; they check the actor",
    "staff.hash_password": "pure",
    "calendar.calendar": "the public holiday schedule",
    "calendar.imported_tables": "the public holiday schedule",
    "calendar.parse_file": "pure parsing, nothing stored",
    "calendar.imported_in": "the public holiday schedule, read inside its caller's transaction",
    "calendar.calendar_in": "the public holiday schedule, read inside its caller's transaction",
    "calendar.next_year_unscheduled": "pure: whether next year lacks an official schedule",
    "calendar.adopt_shipped_years": "the program's own step (actor system) when a release first opens a database",
    "calendar.schedule_reminder": "the year lacking a schedule for an admin's status line; None for anyone else",
    "staff.hash_parameters": "the cost of password hashes made from now on (tests pass lighter ones); no data",
    "catalog.read_file": "pure parsing, nothing stored",
    "catalog.apply_catalog": "inside import_catalog's or set-up's transaction; they check the actor",
    "catalog.list_matters": "the public 办事指南",
    "catalog.get_matter": "the public 办事指南",
    "catalog.search": "the public 办事指南",
    "notices.missing_materials": "pure",
    "notices.office_code": "inside a transaction",
    "notices.issue_in_session": "inside registration's or issue_notice's transaction; they check the actor",
    "notices.latest_for_visitor": "the returning visitor's own notice, found by their ID number or phone",
    "notices.breach_count": "a statistic",
    "lifecycle.load_case": "inside act's transaction (its village rule is tested through act)",
    "reminders.slip": "a document of a reminder the caller already holds (from due_soon)",
    "reminders.owner_slips": "documents of reminders the caller already holds (from due_soon)",
    "reminders.owner_number": "pure",
    "extension_notice.notice_number": "pure",
    "forms.parse_form": "pure",
    "forms.file_stem": "pure",
    "forms.render": "renders a form the caller already holds (from form_for)",
    "forms.write": "writes a form the caller already holds (from form_for)",
    "audit.append": "inside the transaction it records",
    "audit.verify": "reads hashes only",
    "backup.restore_sqlite": "GAP: no actor, so `restore` is not kept to admins as the other settings are",
    "demo.generate": "fills a throwaway demo database",
    "demo.fake_id": "pure",
    "demo.fake_name": "pure",
    "roster.read_file": "pure parsing, nothing stored",
    "roster.apply_roster": "inside import_roster's or set-up's transaction; they check the actor",
    "roster.load_sample": "inside set-up's transaction (the demo office's roster); load_demo checks the actor",
    "roster.month_view": "the duty roster, which hangs in the hall: everyone reads it",
    "roster.export_month": "the duty roster as a file: staff logins and names only, which everyone reads",
    "roster.export_rows": "inside export_month's or exports.export's read",
    "roster.list_posts": "the A/B posts: everyone must know whom to lead a visitor to",
    "roster.duty_today": "who is on duty today (the status line)",
    "roster.acting_for": "whom a login stands in for: an input of lifecycle.act's and the board's checks",
    "exports.check": "pure: refuses a request nobody may run, before the actor is asked",
    "tabular.write": "writes rows its caller was allowed to read; no database",
    "tabular.csv_cell": "pure: one CSV cell, never a formula",
}
MODULES = ("setup", "staff", "calendar", "catalog", "notices", "cases", "lifecycle", "board", "reminders",
           "appointments", "audit", "backup", "demo", "extension_notice", "forms", "roster", "saved_views", "exports",
           "tabular")
# Service modules this matrix does not cover, and why.
NOT_HERE = {
    "roster_views": "frozen records",
    "case_views": "frozen records and pure view helpers",
    "catalog_views": "frozen records",
    "views": "frozen records",
    "context": "Actor and Clock",
    "numbering": "inside registration's transaction",
    "redating": "inside calendar.import_year's transaction (its row)",
    "clock_events": "read inside a case action's, an extension notice's or a re-dating's transaction",
}


# --- the use cases: each calls the service as `a` and, when that is allowed, checks its effect ------------


@dataclass(frozen=True)
class UseCase:
    run: Callable[[Office, Actor, object], None]
    audit: str | None = None  # what an allowed write appends; None: a read, which changes nothing
    audit_by: str | None = None  # whose entry it is when not the actor's (the requester, on an approver row)
    prepare: Callable[[Office, Actor], None] | None = None  # state the row needs, made before the snapshot


USE_CASES: dict[str, UseCase] = {}


def use_case(key: str, *, audit: str | None = None, audit_by: str | None = None,
             prepare: Callable[[Office, Actor], None] | None = None):
    def register(run: Callable[[Office, Actor, object], None]):
        assert key not in USE_CASES, key
        USE_CASES[key] = UseCase(run, audit, audit_by, prepare)
        return run
    return register


NEW_PASSWORD = "neu-pass-2026"
SSH_COMMAND = "/usr/bin/quancheng --db /srv/quancheng.db"
HOLIDAYS_2026 = Path(quancheng_tui.__file__).parent / "data" / "holidays" / "2026.toml"
BOOKED_DAY = date(2026, 3, 19)
NO_FILTER = object()
# 20 + 1 + 10 > 30 working days, within the statutory extension to 45 (MZ-001 of the sample catalog)
PAST_STATUTORY = {"days": 10, "reason": "疑难复杂", "basis": "《社会救助暂行办法》"}


def _last_event(o: Office, number: str):
    return cases.get_case(o.db, o.actor("admin"), number).events[-1]


def expected_cases(o: Office, a: Actor, expected: object, village: object = NO_FILTER, *,
                   open_only: bool = False) -> set[str]:
    """What a list should hold: every case (or `village`'s), or, for VILLAGE, the agent's village's only."""
    where = a.village if expected == VILLAGE else (ANY if village is NO_FILTER else village)
    return o.cases_in(where, open_only=open_only)


# reference data -----------------------------------------------------------------------------------------


@use_case("setup.set_office_phones", audit="office.update")
def _(o, a, expected):
    setup.set_office_phones(o.db, a, o.clock, phone="0797-6280000", complaint_phone="12345")
    assert (setup.office(o.db).phone, setup.office(o.db).complaint_phone) == ("0797-6280000", "12345")


@use_case("setup.load_demo", audit="demo.load")
def _(o, a, expected):
    setup.load_demo(o.db, a, o.clock)
    assert [v.code for v in setup.villages(o.db)] == ["V01", "V02", "V03", "V04", "V05"]  # loaded again: no doubles
    assert {s.login for s in staff.list_staff(o.db, a)} == STAFF


@use_case("staff.add_staff", audit="staff.add")
def _(o, a, expected):
    view = staff.add_staff(o.db, a, o.clock, "xinren", "新人", "handler")
    assert (view.login, view.role) == ("xinren", "handler")
    assert "xinren" in {s.login for s in staff.list_staff(o.db, a)}


@use_case("staff.set_password:someone_else", audit="staff.password")
def _(o, a, expected):
    staff.set_password(o.db, a, o.clock, "liuna", NEW_PASSWORD)
    assert staff.authenticate(o.db, o.clock, "liuna", NEW_PASSWORD).login == "liuna"


@use_case("staff.add_key", audit="staff.add_key")
def _(o, a, expected):
    staff.add_key(o.db, a, o.clock, "zhoujun", SSH_KEYS["zhoujun"])
    lines = staff.authorized_keys(o.db, o.actor("admin"), SSH_COMMAND)
    assert [line.split('--login ')[1].split('"')[0] for line in lines] == ["sunli", "zhoujun"]


@use_case("staff.authorized_keys")
def _(o, a, expected):
    lines = staff.authorized_keys(o.db, a, SSH_COMMAND)
    assert len(lines) == 1 and f'command="{SSH_COMMAND} --login sunli"' in lines[0]


@use_case("calendar.import_year", audit="calendar.import")
def _(o, a, expected):
    result = calendar_svc.import_year(o.db, a, o.clock, HOLIDAYS_2026)
    assert result.year == 2026 and not result.replaced
    assert list(calendar_svc.imported_tables(o.db)) == [2026]


@use_case("catalog.import_catalog", audit="catalog.import")
def _(o, a, expected):
    result = catalog_svc.import_catalog(o.db, a, o.clock, catalog_svc.SAMPLE_CATALOG)
    assert "SB-001" in result.added and catalog_svc.get_matter(o.db, "SB-001").name


@use_case("catalog.import_specs", audit="catalog.import")
def _(o, a, expected):
    result = catalog_svc.import_specs(o.db, a, o.clock, [sample_specs()["SB-002"]], "one matter")
    assert result.added == ("SB-002",)
    assert catalog_svc.get_matter(o.db, "SB-002").code == "SB-002"


# one's own account ------------------------------------------------------------------------------------


@use_case("staff.authenticate", audit="login")
def _(o, a, expected):
    who = staff.authenticate(o.db, o.clock, a.login, PASSWORD)
    assert (who.login, who.role, who.village) == (a.login, a.role, a.village)


@use_case("staff.set_password:own", audit="staff.password")
def _(o, a, expected):
    staff.set_password(o.db, a, o.clock, a.login, NEW_PASSWORD)
    assert staff.authenticate(o.db, o.clock, a.login, NEW_PASSWORD).login == a.login


# reads of the office ----------------------------------------------------------------------------------


@use_case("staff.list_staff")
def _(o, a, expected):
    assert {s.login for s in staff.list_staff(o.db, a)} == STAFF


@use_case("catalog.export_catalog")
def _(o, a, expected):
    assert [m.code for m in catalog_svc.export_catalog(o.db, a)] == ["CL-001", "MZ-001", "MZ-008"]


# cases, read ------------------------------------------------------------------------------------------


@use_case("cases.get_case")
def _(o, a, expected):
    case = cases.get_case(o.db, a, o.case)
    assert (case.number, case.village, case.owner) == (o.case, "V01", "zhangwei")


@use_case("cases.list_cases")
def _(o, a, expected):
    rows = cases.list_cases(o.db, a, limit=1000, today=o.today)
    assert {c.number for c in rows} == expected_cases(o, a, expected)


@use_case("cases.list_cases:village=V02")
def _(o, a, expected):
    rows = cases.list_cases(o.db, a, village="V02", limit=1000, today=o.today)
    assert {c.number for c in rows} == expected_cases(o, a, expected, "V02") != set()


@use_case("board.page")
def _(o, a, expected):
    page = board.page(o.db, a, o.clock, limit=500)
    assert {r.number for r in page.rows} == expected_cases(o, a, expected, open_only=True) and not page.has_more


@use_case("board.page:village=V02")
def _(o, a, expected):
    page = board.page(o.db, a, o.clock, BoardFilters(village="V02"), limit=500)
    assert {r.number for r in page.rows} == expected_cases(o, a, expected, "V02", open_only=True) != set()


@use_case("board.count")
def _(o, a, expected):
    assert board.count(o.db, a, o.clock) == len(expected_cases(o, a, expected, open_only=True))


@use_case("board.check:village=V02")
def _(o, a, expected):
    assert board.check(o.db, a, o.clock, BoardFilters(village="V02")).village == "V02"


@use_case("extension_notice.extension_notice")
def _(o, a, expected):
    data = extension_notice.extension_notice(o.db, a, o.clock, o.case)
    assert (data.case_number, data.days, data.number) == (o.case, 1, f"YQ-{o.case}-1")


@use_case("forms.form_for")
def _(o, a, expected):
    data = forms.form_for(o.db, a, o.clock, o.case, "receipt")
    assert data.case_number == o.case


@use_case("forms.form_for:reminder")
def _(o, a, expected):
    data = forms.form_for(o.db, a, o.clock, o.case, "reminder")
    assert (data.case_number, data.issued_by) == (o.case, a.name)


@use_case("appointments.for_day")
def _(o, a, expected):
    villages = sorted(x.village or "" for x in appointments.for_day(o.db, a, APPOINTMENT_DAY))
    assert villages == ([a.village] if expected == VILLAGE else ["", "V01", "V02"])


@use_case("reminders.due_soon")
def _(o, a, expected):
    got = {r.number for r in reminders.due_soon(o.db, a, o.clock)}
    assert got == {n for n in o.due_today if expected != MINE or o.owners[n] == a.login}


@use_case("reminders.due_soon:owner=zhangwei")
def _(o, a, expected):
    got = {r.number for r in reminders.due_soon(o.db, a, o.clock, owner="zhangwei")}
    assert got == {n for n in o.due_today if o.owners[n] == "zhangwei"} != set()


# cases, written ---------------------------------------------------------------------------------------


@use_case("cases.register_case:V01", audit="case.register")
def _(o, a, expected):
    view = cases.register_case(o.db, a, o.clock, RegistrationInput(
        "MZ-001", name="赵六", id_number=ID, phone="13912345678", village="V01"))
    case = cases.get_case(o.db, a, view.number)
    assert (case.owner, case.village, case.status) == (a.login, "V01", "accepted")


@use_case("cases.log_consultation:V01", audit="case.consult")
def _(o, a, expected):
    view = cases.log_consultation(o.db, a, o.clock, "赵六", matter_code="MZ-001", question="低保怎么申请？",
                                  village="V01")
    case = cases.get_case(o.db, a, view.number)
    assert (case.category, case.owner, case.village) == ("consult", a.login, "V01")


@use_case("appointments.book:V01", audit="appointment.book")
def _(o, a, expected):
    appointments.book(o.db, a, o.clock, "MZ-001", BOOKED_DAY, "10:00", "钱七", "13912345678", village="V01")
    day = appointments.for_day(o.db, o.actor("leader"), BOOKED_DAY)
    assert [(x.name, x.village, x.created_by) for x in day] == [("钱七", "V01", a.login)]


@use_case("notices.issue_notice", audit="notice.issue")
def _(o, a, expected):
    from quancheng_tui.services.notices import Applicant

    view = notices.issue_notice(o.db, a, o.clock, "MZ-001", ["SQS"], Applicant("孙八"))
    stored = notices.get_notice(o.db, view.number, actor=SYSTEM)
    assert stored.issued_by == a.login and stored.items and not stored.lists("SQS")


@use_case("notices.get_notice")
def _(o, a, expected):
    assert notices.get_notice(o.db, o.notice, actor=a).number == o.notice


@use_case("notices.approve_breach:requested_by", audit="notice.breach")
def _(o, a, expected):
    notices.approve_breach(o.db, a, o.clock, o.notice, o.unlisted, "原件模糊，需重新提供", approver=o.actor("leader"))
    breaches = notices.get_notice(o.db, o.notice, actor=SYSTEM).breaches
    assert [(b.material_code, b.requested_by, b.approved_by) for b in breaches] == [(o.unlisted, a.login, "lixiang")]


@use_case("notices.approve_breach:approved_by", audit="notice.breach", audit_by="zhangwei")
def _(o, a, expected):
    notices.approve_breach(o.db, o.actor("zhangwei"), o.clock, o.notice, o.unlisted, "原件模糊，需重新提供", approver=a)
    breaches = notices.get_notice(o.db, o.notice, actor=SYSTEM).breaches
    assert [(b.requested_by, b.approved_by) for b in breaches] == [("zhangwei", a.login)]


@use_case("lifecycle.act:progress", audit="case.progress")
def _(o, a, expected):
    result = lifecycle.act(o.db, a, o.clock, o.case, Action.PROGRESS, {"note": "督办：请加快调查"})
    assert result.status == "in_progress"
    ev = _last_event(o, o.case)
    assert (ev.type, ev.actor) == ("progress", a.login)


@use_case("lifecycle.act:extend_past_statutory", audit="case.extend", audit_by="zhangwei")
def _(o, a, expected):
    before = cases.get_case(o.db, o.actor("admin"), o.case).due_on
    result = lifecycle.act(o.db, o.actor("zhangwei"), o.clock, o.case, Action.EXTEND, PAST_STATUTORY, approver=a)
    assert result.due_on > before
    ev = _last_event(o, o.case)
    assert (ev.type, ev.actor, ev.data.get("approved_by")) == ("extend", "zhangwei", a.login)


@use_case("lifecycle.act:extend_past_statutory_alone", audit="case.extend")
def _(o, a, expected):
    before = cases.get_case(o.db, o.actor("admin"), o.case).due_on
    result = lifecycle.act(o.db, a, o.clock, o.case, Action.EXTEND, PAST_STATUTORY)
    assert result.due_on > before
    ev = _last_event(o, o.case)
    assert (ev.type, ev.actor) == ("extend", a.login)


# rosters and absences -----------------------------------------------------------------------------


APRIL_ROSTER = """[[duty]]
from = 2026-04-01
to = 2026-04-30
clerks = ["zhangwei"]
leader = "lixiang"
"""
AWAY_TODAY = (date(2026, 3, 16), date(2026, 3, 18))


def _absent_on(o: Office, login: str, day: date) -> bool:
    view = roster.month_view(o.db, day.strftime("%Y-%m"))
    return login in {x.who.login for x in view.days[day.day - 1].absent}


@use_case("roster.import_roster", audit="roster.import")
def _(o, a, expected):
    path = o.files / "roster-2026-04.toml"
    path.write_text(APRIL_ROSTER, encoding="utf-8")
    result = roster.import_roster(o.db, a, o.clock, path)
    assert (result.months, result.periods, result.posts) == (("2026-04",), 1, None)
    april = roster.month_view(o.db, "2026-04")
    assert [[c.login for c in p.clerks] for p in april.periods] == [["zhangwei"]] and april.gaps == ()
    assert len(roster.list_posts(o.db)) == 4  # a file without posts leaves them as they were


@use_case("roster.set_absence:someone_else", audit="roster.absence")
def _(o, a, expected):
    result = roster.set_absence(o.db, a, o.clock, "liuna", *AWAY_TODAY, handover="zhangwei")
    assert (result.absence.who.login, result.absence.handover.login) == ("liuna", "zhangwei")
    assert roster.acting_for(o.db, "zhangwei", o.today) == {"liuna"}  # CK2's B stands in from today


@use_case("roster.set_absence:own", audit="roster.absence")
def _(o, a, expected):
    trip = date(2026, 3, 23)
    result = roster.set_absence(o.db, a, o.clock, a.login, trip, trip, kind="trip")
    assert (result.absence.who.login, result.absence.kind) == (a.login, "trip")
    assert _absent_on(o, a.login, trip)


def _away_today(login: str | None):
    def prepare(o: Office, a: Actor) -> None:
        roster.set_absence(o.db, o.actor("admin"), o.clock, login or a.login, *AWAY_TODAY)
    return prepare


@use_case("roster.end_absence:own", audit="roster.back", prepare=_away_today(None))
def _(o, a, expected):
    view = roster.end_absence(o.db, a, o.clock, a.login)
    assert (view.who.login, view.returned_on, view.last_day) == (a.login, o.today, None)
    assert not _absent_on(o, a.login, o.today)


@use_case("roster.end_absence:someone_else", audit="roster.back", prepare=_away_today("liuna"))
def _(o, a, expected):
    view = roster.end_absence(o.db, a, o.clock, "liuna")
    assert (view.who.login, view.returned_on) == ("liuna", o.today)
    assert not _absent_on(o, "liuna", o.today)
    assert roster.acting_for(o.db, "zhangwei", o.today) == frozenset()  # CK2's B stands down


# saved board views --------------------------------------------------------------------------------

MY_VIEW, OTHER_VILLAGE_VIEW, HER_VIEW = "超期按受理日", "二村即办", "刘娜的视图"
MY_FILTERS = BoardFilters(overdue=True, sort="received", descending=True)
V02_FILTERS = BoardFilters(village="V02", kind="instant")


def _own_views(o: Office, a: Actor) -> list[str]:
    return [v.name for v in saved_views.list_views(o.db, a) if not v.builtin]


def _views_saved_before(o: Office, a: Actor) -> None:
    """The actor's two views and liuna's one, saved earlier: the actor's by the same login as a clerk
    (as before a move to a village point), so that these rows do not depend on who may save what."""
    earlier = Actor(login=a.login, name=a.name, role=Role.CLERK)
    saved_views.save(o.db, earlier, o.clock, MY_VIEW, MY_FILTERS)
    saved_views.save(o.db, earlier, o.clock, OTHER_VILLAGE_VIEW, V02_FILTERS)
    saved_views.save(o.db, o.actor("liuna"), o.clock, HER_VIEW, BoardFilters(mine=True))


@use_case("saved_views.save", audit="view.save")
def _(o, a, expected):
    view = saved_views.save(o.db, a, o.clock, MY_VIEW, MY_FILTERS)
    assert (view.name, view.filters, view.builtin) == (MY_VIEW, MY_FILTERS, False)
    assert _own_views(o, a) == [MY_VIEW]
    assert _own_views(o, o.actor("liuna")) == []


@use_case("saved_views.save:village=V02", audit="view.save")
def _(o, a, expected):
    saved_views.save(o.db, a, o.clock, OTHER_VILLAGE_VIEW, V02_FILTERS)
    assert saved_views.apply(o.db, a, o.clock, OTHER_VILLAGE_VIEW).filters == V02_FILTERS


@use_case("saved_views.list_views", prepare=_views_saved_before)
def _(o, a, expected):
    views = saved_views.list_views(o.db, a)
    assert [v.name for v in views if v.builtin] == [name for name, _ in saved_views.BUILTIN]
    assert {v.name: v.filters for v in views if not v.builtin} == {MY_VIEW: MY_FILTERS, OTHER_VILLAGE_VIEW: V02_FILTERS}


@use_case("saved_views.apply", prepare=_views_saved_before)
def _(o, a, expected):
    view = saved_views.apply(o.db, a, o.clock, MY_VIEW)
    assert (view.name, view.filters, view.builtin) == (MY_VIEW, MY_FILTERS, False)


@use_case("saved_views.apply:village=V02", prepare=_views_saved_before)
def _(o, a, expected):
    view = saved_views.apply(o.db, a, o.clock, OTHER_VILLAGE_VIEW)
    assert view.filters == V02_FILTERS
    assert {r.village for r in board.page(o.db, a, o.clock, view.filters).rows} == {"V02"}


@use_case("saved_views.apply:someone_else", prepare=_views_saved_before)
def _(o, a, expected):
    saved_views.apply(o.db, a, o.clock, HER_VIEW)


@use_case("saved_views.delete", audit="view.delete", prepare=_views_saved_before)
def _(o, a, expected):
    saved_views.delete(o.db, a, o.clock, MY_VIEW)
    assert _own_views(o, a) == [OTHER_VILLAGE_VIEW]


@use_case("saved_views.delete:someone_else", audit="view.delete", prepare=_views_saved_before)
def _(o, a, expected):
    saved_views.delete(o.db, a, o.clock, HER_VIEW)


# exports ------------------------------------------------------------------------------------------

PERSONAL = (ID, "13812345678", "张三")  # what every case of the office was registered with


def _export(o: Office, a: Actor, dataset: str, unmasked: bool = False) -> tuple[list[dict], str]:
    """The rows of a JSON export and its text; a refused export leaves no file, not even a part file."""
    out = o.files / f"{dataset}.json"
    try:
        result = exports.export(o.db, a, o.clock, exports.ExportRequest(dataset, "json", unmasked=unmasked),
                                tabular.Output(path=out))
    except (NotPermitted, NotFound):
        assert list(o.files.iterdir()) == [], "a refused export wrote a file"
        raise
    text = out.read_text(encoding="utf-8")
    rows = json.loads(text)
    assert (result.rows, result.unmasked) == (len(rows), unmasked)
    if unmasked:  # for its owner's eyes only
        assert out.stat().st_mode & 0o077 == 0
    return rows, text


def _export_entry(o: Office, a: Actor, dataset: str, rows: int) -> None:
    """The audit entry of an unmasked export: who took which rows, and where to."""
    entry = snapshot(o.db)["audit"][-1]
    after = json.loads(entry["after"])
    assert (entry["actor"], entry["action"], entry["entity_key"]) == (a.login, "export", dataset)
    assert (after["unmasked"], after["rows"], after["target"]) == (True, rows, str(o.files / f"{dataset}.json"))


@use_case("exports.export:cases")
def _(o, a, expected):
    rows, text = _export(o, a, "cases")
    assert {r["number"] for r in rows} == expected_cases(o, a, expected)
    assert not any(p in text for p in PERSONAL) and "110105********002X" in text


@use_case("exports.export:ratings")
def _(o, a, expected):
    rows, _ = _export(o, a, "ratings")
    assert {r["number"] for r in rows} == {n for n in o.rated if expected != VILLAGE or o.villages[n] == a.village}
    assert {r["level"] for r in rows} == {"满意"}


@use_case("exports.export:roster")
def _(o, a, expected):
    rows, _ = _export(o, a, "roster")
    assert [(r["from"], r["to"], r["clerks"], r["leader"]) for r in rows] == [
        ("2026-03-01", "2026-03-31", "zhangwei、liuna", "lixiang")]


@use_case("exports.export:audit")
def _(o, a, expected):
    rows, text = _export(o, a, "audit")
    assert [r["id"] for r in rows] == [e["id"] for e in snapshot(o.db)["audit"]]
    assert not any(p in text for p in PERSONAL)


@use_case("exports.export:cases_unmasked", audit="export")
def _(o, a, expected):
    rows, _ = _export(o, a, "cases", unmasked=True)
    assert {r["number"] for r in rows} == expected_cases(o, a, expected)
    assert {(r["applicant"], r["id_number"], r["phone"]) for r in rows} == {("张三", ID, "13812345678")}
    _export_entry(o, a, "cases", len(rows))


@use_case("exports.export:audit_unmasked", audit="export")
def _(o, a, expected):
    before = [e["id"] for e in snapshot(o.db)["audit"]]
    rows, _ = _export(o, a, "audit", unmasked=True)
    assert [r["id"] for r in rows] == before  # its own entry comes after the rows it records
    _export_entry(o, a, "audit", len(rows))


# --- the tests ---------------------------------------------------------------------------------------------


def _cells():
    for key, row in MATRIX.items():
        for role, cell in zip(ROLES, row):
            marks = [cell.mark()] if isinstance(cell, Bug) else []
            yield pytest.param(key, role, id=f"{key}-{role}", marks=marks)


@pytest.mark.parametrize(("key", "role"), list(_cells()))
def test_cell(office, key, role):
    cell = MATRIX[key][ROLES.index(role)]
    expected = cell.expected if isinstance(cell, Bug) else cell
    use = USE_CASES[key]
    actor = office.actor(role)
    if use.prepare is not None:
        use.prepare(office, actor)
    before = snapshot(office.db)
    if expected in (NotPermitted, NotFound):
        with pytest.raises(expected):
            use.run(office, actor, expected)
        assert snapshot(office.db) == before, "a refused call changed the database"
        return
    use.run(office, actor, expected)
    after = snapshot(office.db)
    if use.audit is None:
        assert after == before, "a read changed the database"
        return
    entries = [(e["actor"], e["action"]) for e in new_audit(before, after)]
    assert (use.audit_by or actor.login, use.audit) in entries
    assert audit.verify(office.db).ok


def test_the_matrix_is_square_and_every_row_has_its_use_case():
    assert all(len(row) == len(ROLES) for row in MATRIX.values())
    assert set(MATRIX) == set(USE_CASES)
    assert set(ROLES) == set(LOGINS)


def _public_functions(module: str) -> set[str]:
    mod = importlib.import_module(f"quancheng_tui.services.{module}")
    return {f"{module}.{name}" for name, fn in inspect.getmembers(mod, inspect.isfunction)
            if fn.__module__ == mod.__name__ and not name.startswith("_")}


def test_every_public_service_function_is_in_the_matrix_or_says_why_not():
    public = set().union(*(_public_functions(m) for m in MODULES))
    in_matrix = {key.split(":")[0] for key in MATRIX}
    assert public - in_matrix - set(NOT_ROLE_GATED) == set(), "add a MATRIX row (or a NOT_ROLE_GATED reason)"
    assert (in_matrix | set(NOT_ROLE_GATED)) - public == set(), "the matrix names a function that is gone"
    assert in_matrix.isdisjoint(NOT_ROLE_GATED)


def test_every_service_module_is_in_the_matrix_or_says_why_not():
    modules = {m.name for m in pkgutil.iter_modules(services_pkg.__path__)}
    assert modules == set(MODULES) | set(NOT_HERE)
