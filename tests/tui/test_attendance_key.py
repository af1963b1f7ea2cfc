"""签到/签退 from the main menu with one key (issue 15 item 4): k signs in, k again signs out, a third k is
refused with one line; the database holds the day, on the fixed clock."""

from __future__ import annotations

from tui_helpers import drive, log_in, wait_for

from quancheng_tui.screens.main import ATTENDANCE_KEY
from quancheng_tui.services import attendance, staff


def _notes(app) -> list[str]:
    return [n.message for n in app._notifications]


def test_k_signs_in_then_out(staffed_db, make_app, clock):
    app = make_app(staffed_db)

    async def steps(pilot):
        await log_in(pilot)
        await pilot.press(ATTENDANCE_KEY)
        await wait_for(pilot, lambda: any("已签到" in m for m in _notes(pilot.app)))
        me = staff.actor_for(staffed_db, "zhangwei")
        assert attendance.status(staffed_db, me, clock).signed_in
        await pilot.press(ATTENDANCE_KEY)
        await wait_for(pilot, lambda: any("已签退" in m for m in _notes(pilot.app)))
        st = attendance.status(staffed_db, me, clock)
        assert not st.signed_in and st.signed_out_at is not None
        await pilot.press(ATTENDANCE_KEY)  # signed out already: refused, nothing changed
        await wait_for(pilot, lambda: any("已签退" in m and "今天" in m for m in _notes(pilot.app)))

    drive(app, steps)
    with staffed_db.read() as session:
        assert attendance.days_present(session, clock.today(), clock.today()) == {"zhangwei": 1}


def test_k_in_english(staffed_db, make_app, clock):
    app = make_app(staffed_db, lang="en")

    async def steps(pilot):
        await log_in(pilot)
        await pilot.press(ATTENDANCE_KEY)
        await wait_for(pilot, lambda: any(m.startswith("Signed in") for m in _notes(pilot.app)))

    drive(app, steps)
