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
a test keeps both lists complete. Copies of the database (`backup`, `restore`) are an admin's and
audited (issue #18 item 3); the audit anchor is for those who keep it outside the system.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
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
    accountability,
    appointments,
    assessment,
    attendance,
    audit,
    backup,
    board,
    cases,
    complaints,
    exports,
    extension_notice,
    followups,
    forms,
    identity,
    lifecycle,
    notices,
    ratings,
    reminders,
    reports,
    roster,
    roster_rule,
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
    "office_settings.update_office_settings":     (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "office_settings.office_settings":            ALL,  # printed on every form; the 设置 screen shows them
    "staff.add_staff":                            (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "staff.set_password:someone_else":            (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "staff.add_key":                              (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "staff.authorized_keys":                      (NP,      NP,      NP,      A,       NP,      NP,      NP),
    # proof of identity (issue 18): who an OS account or a token proves is the admins' to say
    "identity.map_os":                            (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "identity.create_token":                      (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "identity.list_tokens":                       (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "identity.revoke_token":                      (NP,      NP,      NP,      A,       NP,      NP,      NP),
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
    "board.counted_page":                         (A,       A,       A,       A,       VILLAGE, VILLAGE, A),
    "board.check:village=V02":                    (A,       A,       A,       A,       NP,      A,       A),
    "extension_notice.extension_notice":          (A,       A,       A,       A,       A,       NF,      A),
    "forms.form_for":                             (A,       A,       A,       A,       A,       NF,      A),
    # a case's 催办单: its owner's or oversight's, as reminders.due_soon
    "forms.form_for:reminder":                    (A,       NP,      A,       A,       NP,      NF,      A),
    "forms.notice_form":                          (A,       A,       A,       A,       A,       NF,      A),
    "forms.form_for:notice_number":               (A,       A,       A,       A,       A,       NF,      A),
    "appointments.for_day":                       (A,       A,       A,       A,       VILLAGE, VILLAGE, A),
    # full names and phones of the day's appointments: admins only, audited (as an unmasked export)
    "appointments.for_day_unmasked":              (NP,      NP,      NP,      A,       NP,      NP,      NP),
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
    "exports.export:complaints":                  (A,       A,       A,       A,       NP,      NP,      A),
    # ratings (issue 14): recorded for the visitor by anyone who did not serve the case (zhangwei owns it,
    # wangfang had it handed to her); reviewed by the leader; a rectification closed by its owner or oversight
    "ratings.record_rating":                      (NP,      NP,      A,       A,       A,       NF,      NP),
    "ratings.get_rating":                         (A,       A,       A,       A,       A,       NF,      A),
    "ratings.list_ratings":                       (A,       A,       A,       A,       VILLAGE, VILLAGE, A),
    "ratings.figures":                            (A,       A,       A,       A,       VILLAGE, VILLAGE, A),
    "ratings.review":                             (NP,      NP,      A,       NP,      NP,      NP,      NP),
    "ratings.close_rectification":                (A,       NP,      A,       A,       NP,      NF,      NP),
    "ratings.configure":                          (NP,      NP,      NP,      A,       NP,      NP,      NP),
    # complaints: taken down by the counter and oversight, answered by oversight, not shown to village agents
    "complaints.add":                             (A,       NP,      A,       A,       NP,      NP,      A),
    "complaints.reply":                           (NP,      NP,      A,       A,       NP,      NP,      A),
    "complaints.list_complaints":                 (A,       A,       A,       A,       NP,      NP,      A),
    # follow-up visits: never recorded by whoever served the case (zhangwei, wangfang)
    "followups.schedule_sample":                  (NP,      NP,      A,       A,       NP,      NP,      NP),
    "followups.list_followups":                   (A,       A,       A,       A,       NP,      NP,      A),
    "followups.record":                           (NP,      NP,      A,       A,       NP,      NP,      A),
    # copies of the whole office, unmasked: an admin's, audited; the anchor for those who keep it
    "backup.backup_sqlite":                       (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "backup.restore_sqlite":                      (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "audit.anchor":                               (NP,      NP,      A,       A,       NP,      NP,      A),
    # the office's figures (issue 15): oversight sees all, an agent their own village; not clerks' colleagues'
    "reports.figures":                            (NP,      NP,      A,       A,       VILLAGE, VILLAGE, A),
    "assessment.quarterly":                       (NP,      NP,      A,       A,       NP,      NP,      A),
    "assessment.current_weights":                 (NP,      NP,      A,       A,       NP,      NP,      A),
    "assessment.configure":                       (NP,      NP,      NP,      A,       NP,      NP,      NP),
    "reports.figures:village=V02":                (NP,      NP,      A,       A,       NP,      VILLAGE, A),
    # attendance (issue 15 item 4): each their own (not a supervisor, who sits in no post); leaders and admins
    # record 延时服务 and 去向告知 for others; oversight reads everyone's
    "attendance.sign_in":                         (A,       A,       A,       A,       A,       A,       NP),
    "attendance.sign_out":                        (A,       A,       A,       A,       A,       A,       NP),
    "attendance.status":                          ALL,
    "attendance.record_overtime:own":             (A,       A,       A,       A,       A,       A,       NP),
    "attendance.record_overtime:someone_else":    (NP,      NP,      A,       A,       NP,      NP,      NP),
    "attendance.announce_away:own":               (A,       A,       A,       A,       A,       A,       NP),
    "attendance.announce_away:someone_else":      (NP,      NP,      A,       A,       NP,      NP,      NP),
    "attendance.come_back:own":                   (A,       A,       A,       A,       A,       A,       NP),
    "attendance.come_back:someone_else":          (NP,      NP,      A,       A,       NP,      NP,      NP),
    "attendance.list_records":                    (MINE,    MINE,    A,       A,       MINE,    MINE,    A),
    "attendance.list_records:login=liuna":        (NP,      NP,      A,       A,       NP,      NP,      A),
    # the accountability register (issue 15 item 3): oversight reads (and so enters facts); a leader decides
    "accountability.list_entries":                (NP,      NP,      A,       A,       NP,      NP,      A),
    "accountability.scan":                        (NP,      NP,      A,       A,       NP,      NP,      A),
    "accountability.bulletin":                    (NP,      NP,      A,       A,       NP,      NP,      A),
    "accountability.decide":                      (NP,      NP,      A,       NP,      NP,      NP,      NP),
    # seed 000's roster rule (issue 15 item 5): read by all, set by admins, who import rosters
    "roster_rule.roster_rule":                    ALL,
    "roster_rule.set_roster_rule":                (NP,      NP,      NP,      A,       NP,      NP,      NP),
}

# Public functions of the services that take no acting user, so no role to refuse: why each is fine.
NOT_ROLE_GATED = {
    "setup.initialize": "the first run, before any staff exists; a no-op once an admin exists",
    "setup.needs_first_run": "whether the first-run screen shows",
    "setup.office": "the office's name and phones, printed on every slip",
    "office_settings.parse": "checks one typed value (the 设置 screen, `office set`): no data read or written",
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
    "calendar.reminds_of_schedules": "pure: whether a role's status line carries that reminder",
    "staff.hash_parameters": "the cost of password hashes made from now on (tests pass lighter ones); no data",
    "staff.refuse_if_locked": "pure: a lock-out check of a row its caller read",
    "staff.record_failure": "inside a proof's transaction: counts a failed login (anyone's failure is recorded)",
    "staff.actor_of": "inside a proof's transaction: the Actor of a row",
    "identity.prove": "proves who runs a command; no actor yet (the proofs below)",
    "identity.os_actor": "the staff member an admin mapped an OS account to (the proof of a local command)",
    "identity.prove_token": "the proof by token itself: its use is audited",
    "identity.prove_ssh_key": "the proof by an SSH key's forced command itself: the session is audited",
    "identity.map_first_admin": "`init` of a new office: the OS account that ran it is the first admin's",
    "identity.current_os_account": "reads which OS account the kernel runs this process as; no data",
    "identity.adopt_unmapped_office": "`db upgrade`/`init` of an office from before OS mappings, by the file's owner",
    "identity.issue_key_secret": "inside authorized_keys' transaction, which checks the actor",
    "catalog.read_file": "pure parsing, nothing stored",
    "catalog.new_rows": "pure: the rows an import may insert, built before its write transaction",
    "catalog.apply_catalog": "inside import_catalog's or set-up's transaction; they check the actor",
    "catalog.list_matters": "the public 办事指南",
    "catalog.get_matter": "the public 办事指南",
    "catalog.search": "the public 办事指南",
    "notices.missing_materials": "pure",
    "notices.office_code": "inside a transaction",
    "notices.issue_in_session": "inside registration's or issue_notice's transaction; they check the actor",
    "notices.latest_for_visitor": "the returning visitor's own notice, found by their ID number or phone",
    "notices.breach_count": "a statistic",
    "notices.checklist_start": "pure: what a visit's checklist starts from",
    "notices.needs_approval": "pure: the one-time rule for one material",
    "notices.same_visitor": "pure",
    "notices.is_notice_number": "pure",
    "notices.find_earlier": "the returning visitor's own notice, found by their ID number or phone (latest_for_visitor)",
    "lifecycle.load_case": "inside act's transaction (its village rule is tested through act)",
    "reminders.slip": "a document of a reminder the caller already holds (from due_soon)",
    "reminders.owner_slips": "documents of reminders the caller already holds (from due_soon)",
    "reminders.owner_number": "pure",
    "extension_notice.notice_number": "pure",
    "forms.parse_form": "pure",
    "forms.file_stem": "pure",
    "forms.render": "renders a form the caller already holds (from form_for)",
    "forms.write": "writes a form the caller already holds (from form_for)",
    "forms.registration_slip": "the slip of a case the caller already holds (registered or read by cases.get_case); "
                               "a notice's through notice_form, which checks the actor",
    "audit.append": "inside the transaction it records",
    "audit.verify": "reads hashes only",
    "audit.head": "inside the caller's transaction",
    "audit.check_anchor": "reads hashes only (the anchor is the caller's)",
    "db_files.require_existing": "whether --db names a file, before anyone is known",
    "db_files.loose_modes": "file modes only (`db check`)",
    "demo.generate": "fills a throwaway demo database",
    "demo.fake_id": "pure",
    "demo.fake_name": "pure",
    "demo.through_services": "fills a throwaway demo database",
    "demo_bulk.generate": "fills a throwaway demo database (demo.generate's bulk path)",
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
    "tabular.people": "pure: the headers and code labels of a file for people",
    "ratings.rate_by_visitor": "the visitor's own rating, proven by the last 4 digits of the applicant's ID or phone",
    "complaints.public_list": "handled complaints as the office publishes them, masked (003 第32条)",
    "complaints.overdue_count": "a count for the board's red light: no names",
    "complaints.export_rows": "inside exports.export's read (its row)",
    "followups.schedule_in": "inside a rating's or a complaint's transaction; they check the actor",
    "followups.parse_id": "pure",
    "calendar_years.imported_years": "the public holiday schedule (read without SQLAlchemy for `deadline`)",
    "database.open_database": "the operator's tool, before anyone logs in (whoever runs it can read the file)",
    "database.upgrade": "the operator's tool (`db upgrade`): the schema only, after a backup of the file",
    "database.check": "the operator's tool (`db check`): integrity and schema version, no data",
    "hall.lookup": "the hall terminal has no staff actor: the visitor proves the case is theirs by its number and "
                   "the last 4 digits of the ID or phone; wrong tries are rate-limited and audited",
    "hall.wait_left": "how long the hall terminal must wait after wrong tries: no case data",
    "board.public_page": "the 公示屏 (003 第33条): open cases and today's struck ones, applicant masked, no login",
    "board.overdue_complaints": "a count for the public board's red light: no names",
    "board.prepare": "builds today's calendar before anyone logs in (the TUI's start-up): returns nothing",
    "assessment.weights_in": "read inside the assessment's own transactions, which check the actor",
    "reports.figures_in": "inside a caller's transaction (the quarterly assessment), which checks the actor",
    "attendance.days_present": "a figure read inside a report's transaction (reports check the actor)",
    "attendance.overtime_minutes": "a figure read inside a report's transaction (reports check the actor)",
    "attendance.active_away": "the public board's 去向告知 (004 AB岗 第四条(五)): name, post, where, back when",
    "roster_rule.rule_in": "the roster rule, read inside roster import's transaction",
}
MODULES = ("setup", "staff", "calendar", "catalog", "notices", "cases", "lifecycle", "board", "reminders",
           "appointments", "audit", "backup", "db_files", "demo", "extension_notice", "forms", "roster", "saved_views", "exports",
           "tabular", "calendar_years", "database")
MODULES += ("ratings", "complaints", "followups")  # the public's voice (issue 14)
MODULES += ("hall",)  # the hall terminal's lookup (issue 14 item 1)
MODULES += ("identity",)  # proof of identity (issue 18 item 1)
MODULES += ("reports",)  # the office's figures (issue 15 item 1)
MODULES += ("assessment",)  # the quarterly assessment (issue 15 item 2)
MODULES += ("attendance", "accountability", "roster_rule")  # attendance, accountability, roster rule (issue 15)
MODULES += ("office_settings",)  # the 设置 screen and `office show|set` (issue 16 item 4)
MODULES += ("demo_bulk",)  # the demo at scale (issue 17 item 5)
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
    "voice_common": "settings and helpers read inside the ratings', complaints' and follow-ups' transactions",
    "report_views": "frozen records",
    "report_sql": "SQL pieces read inside reports.figures' transaction",
    "report_files": "renders a Report its caller was allowed to read (rows, XLSX, PDF); no database",
    "assessment_files": "renders an Assessment its caller was allowed to read (rows, PDF); no database",
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


@use_case("office_settings.update_office_settings", audit="settings.update")
def _(o, a, expected):
    from quancheng_tui.services import office_settings

    office_settings.update_office_settings(o.db, a, o.clock, {"rectify_days": 12})
    assert office_settings.office_settings(o.db, a).rectify_days == 12


@use_case("office_settings.office_settings")
def _(o, a, expected):
    from quancheng_tui.services import office_settings

    assert office_settings.office_settings(o.db, a).code == "QS"


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
    lines = staff.authorized_keys(o.db, o.actor("admin"), o.clock, SSH_COMMAND)
    assert [line.split('--login ')[1].split('"')[0] for line in lines] == ["sunli", "zhoujun"]


@use_case("staff.authorized_keys", audit="ssh.authorized_keys")
def _(o, a, expected):
    # Each printing issues the keys' secrets anew (only hashes stored), so it is a write.
    lines = staff.authorized_keys(o.db, a, o.clock, SSH_COMMAND)
    assert len(lines) == 1 and f' exec {SSH_COMMAND} --login sunli"' in lines[0]
    secret = lines[0].split("QUANCHENG_SSH_KEY=")[1].split(" ")[0]
    assert identity.prove_ssh_key(o.db, o.clock, "sunli", secret).login == "sunli"


@use_case("identity.map_os", audit="staff.map_os")
def _(o, a, expected):
    identity.map_os(o.db, a, o.clock, "zhangwei", "counter1")
    assert identity.os_actor(o.db, o.clock, "counter1").login == "zhangwei"


@use_case("identity.create_token", audit="token.create")
def _(o, a, expected):
    _, token = identity.create_token(o.db, a, o.clock, "zhangwei")
    assert identity.prove_token(o.db, o.clock, token).login == "zhangwei"


def _token_made_before(o: Office, a: Actor) -> None:
    identity.create_token(o.db, o.actor("admin"), o.clock, "zhangwei", note="cron")


@use_case("identity.list_tokens", prepare=_token_made_before)
def _(o, a, expected):
    assert [(v.login, v.note, v.revoked) for v in identity.list_tokens(o.db, a)] == [("zhangwei", "cron", False)]


@use_case("identity.revoke_token", audit="token.revoke", prepare=_token_made_before)
def _(o, a, expected):
    (made,) = identity.list_tokens(o.db, o.actor("admin"))
    identity.revoke_token(o.db, a, o.clock, made.id)
    assert identity.list_tokens(o.db, o.actor("admin"))[0].revoked


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
    shown = staff.list_staff(o.db, a)
    if a.role is Role.AGENT:  # their village's staff only: an agent's pickers list no one else (issue 16)
        assert shown and {s.village for s in shown} == {a.village} and {s.login for s in shown} < STAFF
    else:
        assert {s.login for s in shown} == STAFF


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


@use_case("board.counted_page")
def _(o, a, expected):
    page = board.counted_page(o.db, a, o.clock, limit=2, offset=10_000)  # past the end: the last page
    want = expected_cases(o, a, expected, open_only=True)
    assert page.total == len(want) and page.offset == (len(want) - 1) // 2 * 2 and not page.has_more
    assert {r.number for r in page.rows} <= want and page.rows


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


@use_case("forms.notice_form")
def _(o, a, expected):
    data = forms.notice_form(o.db, a, o.clock, o.notice)
    assert data.number == o.notice and data.missing


@use_case("forms.form_for:notice_number")
def _(o, a, expected):
    data = forms.form_for(o.db, a, o.clock, o.notice, "notice")
    assert data.number == o.notice


@use_case("forms.form_for:reminder")
def _(o, a, expected):
    data = forms.form_for(o.db, a, o.clock, o.case, "reminder")
    assert (data.case_number, data.issued_by) == (o.case, a.name)


@use_case("appointments.for_day")
def _(o, a, expected):
    villages = sorted(x.village or "" for x in appointments.for_day(o.db, a, APPOINTMENT_DAY))
    assert villages == ([a.village] if expected == VILLAGE else ["", "V01", "V02"])


@use_case("appointments.for_day_unmasked", audit="appointment.unmasked")
def _(o, a, expected):
    day = appointments.for_day_unmasked(o.db, a, o.clock, APPOINTMENT_DAY)
    assert [(x.name, x.phone) for x in day] == [("预约人", "13812345678")] * 3
    entry = snapshot(o.db)["audit"][-1]
    assert (entry["entity_key"], json.loads(entry["after"])["rows"]) == (APPOINTMENT_DAY.isoformat(), 3)


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


# copies and the anchor ------------------------------------------------------------------------------------


def _sqlite_only(o: Office, expected: object) -> None:
    if expected == A and o.db.dialect != "sqlite":
        pytest.skip("backup and restore are SQLite's (PostgreSQL: pg_dump, pg_restore)")


@use_case("backup.backup_sqlite", audit="db.backup")
def _(o, a, expected):
    _sqlite_only(o, expected)
    dest = o.files / "copy.db"
    backup.backup_sqlite(o.db, a, o.clock, dest)
    assert dest.stat().st_mode & 0o777 == 0o600  # the whole office, unmasked: its owner's only


def _copy_before(o: Office, a: Actor) -> None:
    if o.db.dialect == "sqlite":
        from quancheng_tui.store import migrate

        migrate.sqlite_backup(o.db.target.path, o.files / "before.db")


@use_case("backup.restore_sqlite", audit="db.restore", prepare=_copy_before)
def _(o, a, expected):
    _sqlite_only(o, expected)
    done = backup.restore_sqlite(o.db, a, o.clock, o.files / "before.db")
    assert done.saved is not None and done.saved.exists()


@use_case("audit.anchor")
def _(o, a, expected):
    mark = audit.anchor(o.db, a)
    assert mark.count == len(snapshot(o.db)["audit"])


# the public's voice (issue 14) ------------------------------------------------------------------------


def _rated_bad(o: Office, a: Actor) -> None:
    """The applicant rates zhangwei's completed case 不满意 at the hall terminal: a rectification and a visit."""
    ratings.rate_by_visitor(o.db, o.clock, o.staged[("zhangwei", Action.RATE)], ID[-4:], "不满意", {},
                            comment="等太久", real_name=True)


def _rated_bad_and_visited(o: Office, a: Actor) -> None:
    _rated_bad(o, a)
    view = ratings.get_rating(o.db, o.actor("admin"), o.clock, o.staged[("zhangwei", Action.RATE)])
    followups.record(o.db, o.actor("lixiang"), o.clock, view.followup_id, "满意", "满意", "基本满意", "已解释")


def _complaint_about_the_case(o: Office, a: Actor) -> None:
    complaints.add(o.db, o.actor("admin"), o.clock, "王小明", "窗口人员态度生硬", "phone", case_number=o.case)


def _sample_everything(o: Office, a: Actor) -> None:
    ratings.configure(o.db, o.actor("admin"), o.clock, sample_percent=100)


def _v01_rated(o: Office) -> str:
    return next(n for n in o.rated if o.villages[n] == "V01")


@use_case("exports.export:complaints", prepare=_complaint_about_the_case)
def _(o, a, expected):
    rows, text = _export(o, a, "complaints")
    assert [(r["case"], r["complainant"]) for r in rows] == [(o.case, "王*明")]
    assert "王小明" not in text


@use_case("ratings.record_rating", audit="case.rate")
def _(o, a, expected):
    number = o.staged[("zhangwei", Action.RATE)]
    view = ratings.record_rating(o.db, a, o.clock, number, "phone", "满意", {"服务态度": "非常满意"})
    assert (view.case_number, view.recorded_by, view.channel, view.indicators["attitude"]) == (
        number, a.login, "phone", "非常满意")


@use_case("ratings.get_rating")
def _(o, a, expected):
    view = ratings.get_rating(o.db, a, o.clock, _v01_rated(o))
    assert (view.level, view.channel, view.recorded_by) == ("满意", "hall", None)


@use_case("ratings.list_ratings")
def _(o, a, expected):
    got = {r.case_number for r in ratings.list_ratings(o.db, a, o.clock)}
    assert got == {n for n in o.rated if expected != VILLAGE or o.villages[n] == a.village} != set()


@use_case("ratings.figures")
def _(o, a, expected):
    fig = ratings.figures(o.db, a, o.clock)
    assert (fig.rated, fig.satisfied) == ((1, 1) if expected == VILLAGE else (3, 3))


@use_case("ratings.review", audit="rating.review", prepare=_rated_bad)
def _(o, a, expected):
    view = ratings.review(o.db, a, o.clock, o.staged[("zhangwei", Action.RATE)], "malicious", "与事实不符")
    assert (view.ruling, view.reviewed_by) == ("malicious", a.login)


@use_case("ratings.close_rectification", audit="rectification.close", prepare=_rated_bad_and_visited)
def _(o, a, expected):
    view = ratings.close_rectification(o.db, a, o.clock, o.staged[("zhangwei", Action.RATE)], "已约谈整改")
    assert (view.rectification.status, view.rectification.result) == ("closed", "已约谈整改")


@use_case("ratings.configure", audit="settings.update")
def _(o, a, expected):
    assert ratings.configure(o.db, a, o.clock, rectify_days=10)["rectify_days"] == 10


@use_case("complaints.add", audit="complaint.add")
def _(o, a, expected):
    view = complaints.add(o.db, a, o.clock, "王小明", "窗口人员态度生硬", "phone", case_number=o.case)
    assert (view.case_number, view.complainant, view.received_by) == (o.case, "王*明", a.login)


@use_case("complaints.reply", audit="complaint.reply", prepare=_complaint_about_the_case)
def _(o, a, expected):
    view = complaints.reply(o.db, a, o.clock, 1, "已核实并批评教育", "substantiated")
    assert (view.answered, view.finding, view.answered_by) == (True, "substantiated", a.login)


@use_case("complaints.list_complaints", prepare=_complaint_about_the_case)
def _(o, a, expected):
    assert [c.case_number for c in complaints.list_complaints(o.db, a, o.clock)] == [o.case]


@use_case("followups.schedule_sample", audit="followup.schedule", prepare=_sample_everything)
def _(o, a, expected):
    made = followups.schedule_sample(o.db, a, o.clock)
    assert o.rated <= {f.case_number for f in made}


@use_case("followups.list_followups", prepare=_rated_bad)
def _(o, a, expected):
    got = followups.list_followups(o.db, a, o.clock)
    assert [(f.reason, f.case_number) for f in got] == [("rating", o.staged[("zhangwei", Action.RATE)])]


@use_case("followups.record", audit="followup.record", prepare=_rated_bad)
def _(o, a, expected):
    (visit,) = followups.list_followups(o.db, o.actor("admin"), o.clock)
    view = followups.record(o.db, a, o.clock, visit.id, "满意", "基本满意", "满意", "群众表示理解")
    assert (view.done, view.done_by, view.quality) == (True, a.login, "基本满意")
@use_case("assessment.quarterly")
def _(o, a, expected):
    result = assessment.quarterly(o.db, a, o.clock, 2026, 1)
    assert "zhangwei" in {p.login for p in result.people}


@use_case("assessment.current_weights")
def _(o, a, expected):
    assert assessment.current_weights(o.db, a).on_time == 30


@use_case("assessment.configure", audit="settings.update")
def _(o, a, expected):
    assert assessment.configure(o.db, a, o.clock, on_time=40).on_time == 40


@use_case("reports.figures")
def _(o, a, expected):
    fig = reports.figures(o.db, a, o.clock, date(2026, 3, 1), date(2026, 3, 31))
    assert fig.received == len(o.cases_in(a.village if expected == VILLAGE else ANY)) > 0


@use_case("reports.figures:village=V02")
def _(o, a, expected):
    fig = reports.figures(o.db, a, o.clock, date(2026, 3, 1), date(2026, 3, 31), village="V02")
    assert (fig.village, fig.received) == ("V02", len(o.cases_in("V02")))


# attendance, accountability, the roster rule (issue 15 items 3-5) --------------------------------------


def _at(o: Office, hour: int, minute: int = 0):
    from quancheng_tui.services.context import fixed_clock

    return fixed_clock(o.clock.now().replace(hour=hour, minute=minute))


def _signed_in(o: Office, a: Actor) -> None:
    if a.role is not Role.SUPERVISOR:  # who has no attendance is refused by the call itself
        attendance.sign_in(o.db, a, _at(o, 8))


def _away_own(o: Office, a: Actor) -> None:
    if a.role is not Role.SUPERVISOR:
        attendance.announce_away(o.db, a, o.clock, "下村入户", time(11, 0))


def _liuna_away(o: Office, a: Actor) -> None:
    attendance.announce_away(o.db, o.actor("admin"), o.clock, "县政务中心", time(11, 0), login="liuna")


def _liuna_signed_in(o: Office, a: Actor) -> None:
    attendance.sign_in(o.db, staff.actor_for(o.db, "liuna"), _at(o, 8))


@use_case("attendance.sign_in", audit="attendance.sign_in")
def _(o, a, expected):
    assert attendance.sign_in(o.db, a, o.clock).signed_in
    with o.db.read() as session:
        assert attendance.days_present(session, o.today, o.today) == {a.login: 1}


@use_case("attendance.sign_out", audit="attendance.sign_out", prepare=_signed_in)
def _(o, a, expected):
    assert attendance.sign_out(o.db, a, o.clock).signed_out_at is not None


@use_case("attendance.status")
def _(o, a, expected):
    st = attendance.status(o.db, a, o.clock)
    assert (st.login, st.signed_in, st.away) == (a.login, False, None)


@use_case("attendance.record_overtime:own", audit="attendance.overtime")
def _(o, a, expected):
    rec = attendance.record_overtime(o.db, a, o.clock, 30, "延时办理")
    assert (rec.login, rec.minutes) == (a.login, 30)


@use_case("attendance.record_overtime:someone_else", audit="attendance.overtime")
def _(o, a, expected):
    attendance.record_overtime(o.db, a, o.clock, 30, "延时办理", login="liuna")
    with o.db.read() as session:
        assert attendance.overtime_minutes(session, o.today, o.today) == {"liuna": 30}


@use_case("attendance.announce_away:own", audit="attendance.away")
def _(o, a, expected):
    assert attendance.announce_away(o.db, a, o.clock, "下村入户", time(11, 0)).login == a.login
    assert [x.login for x in board.public_page(o.db, o.clock).away] == [a.login]


@use_case("attendance.announce_away:someone_else", audit="attendance.away")
def _(o, a, expected):
    attendance.announce_away(o.db, a, o.clock, "县政务中心", time(11, 0), login="liuna")
    assert [x.login for x in board.public_page(o.db, o.clock).away] == ["liuna"]


@use_case("attendance.come_back:own", audit="attendance.back", prepare=_away_own)
def _(o, a, expected):
    attendance.come_back(o.db, a, _at(o, 10))
    assert board.public_page(o.db, _at(o, 10)).away == ()


@use_case("attendance.come_back:someone_else", audit="attendance.back", prepare=_liuna_away)
def _(o, a, expected):
    assert attendance.come_back(o.db, a, _at(o, 10), login="liuna").login == "liuna"


@use_case("attendance.list_records", prepare=_liuna_signed_in)
def _(o, a, expected):
    got = {r.login for r in attendance.list_records(o.db, a, o.clock, o.today, o.today)}
    assert got == (set() if expected == MINE else {"liuna"})


@use_case("attendance.list_records:login=liuna", prepare=_liuna_signed_in)
def _(o, a, expected):
    assert [r.kind for r in attendance.list_records(o.db, a, o.clock, o.today, o.today, login="liuna")] == ["day"]


def _substantiated(o: Office, a: Actor) -> None:
    """A complaint about liuna (no role's actor) found substantiated: a fact the register enters."""
    c = complaints.add(o.db, o.actor("admin"), o.clock, "王小明", "窗口无人", "phone", about_staff="liuna")
    complaints.reply(o.db, o.actor("admin"), o.clock, c.id, "经查属实", "substantiated")


def _entered(o: Office, a: Actor) -> None:
    _substantiated(o, a)
    accountability.scan(o.db, o.actor("admin"), o.clock)


@use_case("accountability.list_entries", audit="accountability.sync", prepare=_substantiated)
def _(o, a, expected):
    got = [(e.source, e.login) for e in accountability.list_entries(o.db, a, o.clock) if e.source == "complaint"]
    assert got == [("complaint", "liuna")]


@use_case("accountability.scan", audit="accountability.sync", prepare=_substantiated)
def _(o, a, expected):
    assert accountability.scan(o.db, a, o.clock).complaint == 1


@use_case("accountability.bulletin", audit="accountability.sync", prepare=_substantiated)
def _(o, a, expected):
    data = accountability.bulletin(o.db, a, o.clock, o.today, o.today)
    assert [e.name for e in data.entries if e.source == "投诉属实"] == ["刘娜"]


@use_case("accountability.decide", audit="accountability.decide", prepare=_entered)
def _(o, a, expected):
    (entry,) = [e for e in accountability.list_entries(o.db, o.actor("admin"), o.clock) if e.source == "complaint"]
    view = accountability.decide(o.db, a, o.clock, entry.id, "提醒", "首次，提醒注意")
    assert (view.decision.measure, view.decision.leader) == ("remind", a.login)


@use_case("roster_rule.roster_rule")
def _(o, a, expected):
    assert roster_rule.roster_rule(o.db, a).clerks_max == 2


@use_case("roster_rule.set_roster_rule", audit="settings.update")
def _(o, a, expected):
    assert roster_rule.set_roster_rule(o.db, a, o.clock, clerks_max=3).clerks_max == 3


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
