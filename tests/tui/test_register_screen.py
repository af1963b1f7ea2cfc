"""登记受理 through Textual's Pilot on a real SQLite file: typed as a clerk types it.

The demo office (villages, staff, password demo1234) with the sample catalog; the
clock is fixed at Monday 2026-03-16 09:30 (+08:00); forms are saved to tmp_path/out.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static
from tui_helpers import drive, log_in, make_translator, type_text, wait_for, wait_for_screen

from quancheng_tui.app import QuanchengApp
from quancheng_tui.screens.main import MainScreen
from quancheng_tui.screens.notice import Prose
from quancheng_tui.screens.register import RegisterScreen
from quancheng_tui.screens.register_override import OverrideScreen
from quancheng_tui.screens.register_preview import Override, preview
from quancheng_tui.services import cases, notices, setup, staff
from quancheng_tui.services import catalog as catalog_svc
from quancheng_tui.services.calendar import calendar
from quancheng_tui.services.context import SYSTEM
from quancheng_tui.settings import Settings
from quancheng_tui.widgets.register_fields import ChoiceSet, FormSelect, MaterialList

ID = "11010519491231002X"
BAD_ID = "110105194912310021"  # check digit wrong
PHONE = "13812345678"
TODAY = date(2026, 3, 16)


@pytest.fixture
def reg_db(office_db, clock):
    catalog_svc.import_catalog(office_db, staff.actor_for(office_db, "admin"), clock, catalog_svc.SAMPLE_CATALOG)
    return office_db


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def make_reg_app(reg_db, clock, db_path, out_dir):
    def make(*, lang: str = "zh", user: str = "zhangwei") -> QuanchengApp:
        settings = Settings(db=str(db_path), user=user, lang=lang, print_dir=out_dir)
        return QuanchengApp(settings, reg_db, clock, translator=make_translator(lang), stable=True)

    return make


def screen_of(app) -> RegisterScreen:
    assert isinstance(app.screen, RegisterScreen), app.screen
    return app.screen


def proposal(app) -> str:
    return app.screen.query_one("#proposal", Prose).plain


def field_error(app, field_id: str) -> str:
    slot = app.screen.query_one(f"#{field_id}-error", Static)
    return str(slot.render()) if slot.display else ""


def value(app, field_id: str) -> str:
    return app.screen.query_one(f"#{field_id}", Input).value


async def open_register(pilot) -> RegisterScreen:
    await log_in(pilot, setup.DEMO_PASSWORD)
    await pilot.press("1")
    await wait_for_screen(pilot, RegisterScreen)
    screen = screen_of(pilot.app)
    await wait_for(pilot, lambda: screen.cal is not None and screen.village_codes)
    return screen


async def choose_matter(pilot, query: str, code: str) -> None:
    screen = screen_of(pilot.app)
    await type_text(pilot, query)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.matter is not None and screen.matter.code == code)


async def fill(pilot, *values: str) -> None:
    """Type each value and press Enter, as the clerk does (an empty value just moves on)."""
    for text in values:
        await type_text(pilot, text)
        await pilot.press("enter")


async def wait_registered(pilot) -> cases.CaseView:
    screen = screen_of(pilot.app)
    await wait_for(pilot, lambda: screen.case is not None)
    await wait_for(pilot, lambda: bool(screen.slip), timeout=60)
    return screen.case


def burst(pilot, keys: list[str]) -> None:
    """Keys arriving all at once, as over a slow SSH link: none handled before the next arrives."""
    from textual.keys import _character_to_key

    for key in keys:
        char = key if len(key) == 1 else {"enter": "\r", "tab": "\t", "space": " "}.get(key)
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        event = events.Key(name, char)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)


def chars(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


# A whole registration.


def test_instant_registration_typed_as_a_clerk_would(reg_db, make_reg_app, out_dir):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await choose_matter(pilot, "sb001", "SB-001")
        assert app.focused.id == "p-name"  # Enter on the search went on to the applicant
        await fill(pilot, "张三丰", ID, PHONE, "青山镇东湖村3组12号")
        assert isinstance(app.focused, FormSelect)
        await pilot.press("space", "down", "enter")  # open the villages, first one (东湖村), choose it
        assert app.focused.value == "V01"
        await pilot.press("enter")  # -> how they came (default: at the counter)
        assert isinstance(app.focused, ChoiceSet) and app.focused.value == "counter"
        await pilot.press("enter")  # -> the checklist
        assert isinstance(app.focused, MaterialList)
        assert "提示件" in proposal(app)  # nothing ticked yet
        await pilot.press("a")  # all handed in
        assert "即办件" in proposal(app) and "当场办结（2026-03-16" in proposal(app)
        await pilot.press("enter")  # Enter on the last field registers
        case = await wait_registered(pilot)
        assert case.number == "QS-20260316-0001"
        body = screen.query_one("#result-body", Prose).plain
        assert "受理件 · 即办件" in body and "已受理" in body
        assert "受理回执已保存" in body and str(out_dir) in body
        assert "register" not in app.drafts  # registered: no draft left

    drive(app, steps)
    [row] = cases.list_cases(reg_db, staff.actor_for(reg_db, "zhangwei"), today=TODAY)
    assert (row.number, row.matter_code, row.kind, row.status) == ("QS-20260316-0001", "SB-001", "instant", "accepted")
    assert (row.applicant_name, row.village, row.mode) == ("张三丰", "V01", "counter")
    view = cases.get_case(reg_db, staff.actor_for(reg_db, "zhangwei"), row.number)
    assert view.id_number == ID and view.phone == PHONE and view.address == "青山镇东湖村3组12号"
    assert all(m.received for m in view.materials)
    pdf = out_dir / "受理回执-QS-20260316-0001.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (out_dir / "受理回执-QS-20260316-0001.txt").exists()


def test_a_burst_of_keys_lands_in_the_right_fields(reg_db, make_reg_app):
    """Over a slow link the whole registration may arrive in one read: nothing goes astray."""
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        keys = [*chars("sb001"), "enter", *chars("张三丰"), "enter", *chars(ID), "enter", *chars(PHONE),
                "enter", "enter", "enter", "enter", "a", "enter"]
        burst(pilot, keys)
        case = await wait_registered(pilot)
        assert case.kind == "instant" and case.applicant_name == "张三丰" and case.id_number == ID
        assert case.phone == PHONE and case.matter_code == "SB-001"
        assert screen.query_one("#p-name", Input).value == "张三丰"

    drive(app, steps)


def test_promised_case_shows_its_due_date_before_it_is_confirmed(reg_db, make_reg_app, out_dir):
    app = make_reg_app()

    async def steps(pilot):
        await open_register(pilot)
        await choose_matter(pilot, "sb002", "SB-002")  # 承诺件, 10 working days
        await fill(pilot, "李四", "440524188001010014", "", "")
        await pilot.press("f4", "a")
        text = proposal(app)
        assert "承诺件" in text
        # Received Monday 16 March: the day of receipt does not count; 10 working days -> Monday 30 March.
        assert "10 个工作日，2026-03-30 周一 前办结" in text
        await pilot.press("space")  # untick the first one: incomplete
        assert "提示件" in proposal(app) and "2026-03-30" not in proposal(app)
        await pilot.press("space")  # tick it again
        assert "2026-03-30" in proposal(app)
        await pilot.press("f5")
        case = await wait_registered(pilot)
        assert case.kind == "promised" and case.due_on == date(2026, 3, 30) and case.limit_days == 10

    drive(app, steps)
    assert (out_dir / "受理回执-QS-20260316-0001.pdf").exists()


def test_incomplete_materials_make_a_notice_case_with_its_one_time_notice(reg_db, make_reg_app, out_dir):
    app = make_reg_app()

    async def steps(pilot):
        await open_register(pilot)
        await choose_matter(pilot, "sb001", "SB-001")
        await fill(pilot, "王五", ID, "", "", "", "")  # name, ID, phone, address, village, mode
        assert isinstance(app.focused, MaterialList)
        await pilot.press("space")  # only the ID card
        text = proposal(app)
        assert "提示件" in text
        assert "将出具一次性告知书，列明所缺 2 项：户口簿、城乡居民基本养老保险参保登记表" in text
        await pilot.press("enter")
        case = await wait_registered(pilot)
        assert (case.kind, case.status) == ("notice", "pending_materials")
        assert case.missing_materials == ("HKB", "DJB") and case.notice_number
        body = app.screen.query_one("#result-body", Prose).plain
        assert f"一次性告知书：{case.notice_number}" in body and "户口簿" in body
        assert "一次性告知书已保存" in body

    drive(app, steps)
    [row] = cases.list_cases(reg_db, staff.actor_for(reg_db, "zhangwei"), today=TODAY)
    view = cases.get_case(reg_db, staff.actor_for(reg_db, "zhangwei"), row.number)
    notice = notices.get_notice(reg_db, view.notice_number, actor=SYSTEM)
    assert [i.code for i in notice.items] == ["HKB", "DJB"]
    assert (out_dir / f"告知书-{notice.number}.pdf").read_bytes().startswith(b"%PDF")


def test_a_bad_id_number_is_shown_beside_its_field_and_nothing_typed_is_lost(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await choose_matter(pilot, "sb001", "SB-001")
        await fill(pilot, "张三丰", BAD_ID)  # leaving the field checks it
        assert app.focused.id == "p-phone"
        assert field_error(app, "p-id") == "身份证号校验位不对，可能有数字输错，请逐位核对"
        assert field_error(app, "p-name") == ""
        await fill(pilot, "1381234567")  # one digit short
        assert "联系电话应为 11 位手机号码" in field_error(app, "p-phone")
        await pilot.press("f4", "a", "f5")
        await pilot.pause(0.2)
        # Refused on the screen: every error at once, the first one focused, the values kept.
        assert screen.case is None and not screen.busy
        assert app.focused.id == "p-id"
        assert "校验位不对" in field_error(app, "p-id") and "11 位" in field_error(app, "p-phone")
        assert (value(app, "p-name"), value(app, "p-id"), value(app, "p-phone")) == ("张三丰", BAD_ID, "1381234567")
        assert screen.query_one(MaterialList).selected == ["SFZ", "HKB", "DJB"]
        # Correct the last digit: typing clears the error, leaving the field checks again.
        await pilot.press("end", "backspace")
        assert field_error(app, "p-id") == ""
        await type_text(pilot, "X")
        await pilot.press("tab")
        assert field_error(app, "p-id") == ""
        await pilot.press("end")
        await type_text(pilot, "8")
        await pilot.press("f5")
        case = await wait_registered(pilot)
        assert case.id_number == ID and case.phone == "13812345678"

    drive(app, steps)


def test_esc_keeps_the_draft_and_opening_register_again_shows_it(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await choose_matter(pilot, "sb002", "SB-002")
        await fill(pilot, "赵六", ID)
        await pilot.press("f3")  # an organisation after all…
        await type_text(pilot, "青山镇东湖村股份经济合作社")
        await pilot.press("f3")  # …no: back to the person, the organisation's name kept too
        await pilot.press("f4", "space", "down", "space")
        assert screen.query_one(MaterialList).selected == ["SFZ", "HKB"]
        await pilot.press("escape")
        await wait_for_screen(pilot, MainScreen)
        assert app.drafts["register"].matter_code == "SB-002"
        await pilot.press("1")
        await wait_for_screen(pilot, RegisterScreen)
        again = screen_of(app)
        assert again is screen  # kept by the app, shown as the clerk left it
        await wait_for(pilot, lambda: again.matter is not None and again.cal is not None)
        assert (value(app, "p-name"), value(app, "p-id")) == ("赵六", ID)
        assert value(app, "o-name") == "青山镇东湖村股份经济合作社"
        assert again.query_one(MaterialList).selected == ["SFZ", "HKB"]
        assert again.query_one("#matter-query", Input).value == ""  # emptied once the matter was chosen
        assert "提示件" in proposal(app)
        assert "已恢复上次未完成的登记" in app.screen.query_one("#message", Prose).plain
        # F8 clears it all, the draft too.
        await pilot.press("f8")
        assert value(app, "p-name") == "" and again.query_one(MaterialList).selected == []
        assert "register" not in app.drafts

    drive(app, steps)


def test_override_to_rejected_needs_a_reason_and_a_legal_basis(reg_db, make_reg_app, out_dir):
    app = make_reg_app()

    async def steps(pilot):
        await open_register(pilot)
        await choose_matter(pilot, "sb001", "SB-001")
        await fill(pilot, "钱七", ID, "", "", "", "")
        await pilot.press("a")
        assert "建议" in proposal(app) and "即办件" in proposal(app)
        await pilot.press("f6")
        await wait_for_screen(pilot, OverrideScreen)
        modal = app.screen
        assert app.focused.id == "override-kind" and app.focused.value == "instant"
        await pilot.press("right", "right", "right", "right")  # 即办件 -> … -> 退回件
        assert app.focused.value == "rejected"
        await pilot.press("enter", "enter", "enter")  # reason (empty), basis (empty), confirm
        assert isinstance(app.screen, OverrideScreen)
        assert str(modal.query_one("#override-error", Static).render()) == "请填写改变的理由"
        assert app.focused.id == "override-reason"
        await type_text(pilot, "申请人已在外地参保")
        await pilot.press("enter", "enter")
        assert str(modal.query_one("#override-error", Static).render()) == "退回件须写明法律依据"
        assert app.focused.id == "override-basis"
        await type_text(pilot, "国发2014年8号文第六条")
        await pilot.press("enter")  # confirmed: back on the screen, registered at once
        await wait_for_screen(pilot, RegisterScreen)
        case = await wait_registered(pilot)
        assert (case.category, case.kind, case.status) == ("own", "rejected", "rejected")
        assert case.reason == "申请人已在外地参保" and case.basis == "国发2014年8号文第六条"
        assert "退回反馈单已保存" in app.screen.query_one("#result-body", Prose).plain

    drive(app, steps)
    view = cases.get_case(reg_db, staff.actor_for(reg_db, "zhangwei"), "QS-20260316-0001")
    assert view.events[0].data["overrides"] == {"kind": "rejected"}
    assert (out_dir / "退回反馈单-QS-20260316-0001.pdf").exists()


def test_override_cancelled_with_esc_changes_nothing(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await choose_matter(pilot, "sb001", "SB-001")
        await pilot.press("f6")
        await wait_for_screen(pilot, OverrideScreen)
        await pilot.press("right", "escape")
        await wait_for_screen(pilot, RegisterScreen)
        assert screen.override is None and screen.case is None

    drive(app, steps)
    assert cases.list_cases(reg_db, staff.actor_for(reg_db, "zhangwei"), today=TODAY) == []


def test_organisation_with_a_credit_code_warning_is_still_saved(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        await open_register(pilot)
        await choose_matter(pilot, "sb001", "SB-001")
        await pilot.press("f3")
        assert app.focused.id == "o-name"
        await fill(pilot, "青山镇东湖村股份经济合作社", "91350100M000100Y4Z")  # check character off
        warning = field_error(app, "o-credit")
        assert "校验位不符" in warning
        assert app.screen.query_one("#o-credit-error").has_class("-warning")
        await fill(pilot, "孙八", "0797-6281234")
        await pilot.press("f4", "a", "f5")
        case = await wait_registered(pilot)
        assert case.applicant_type == "org" and case.credit_code == "91350100M000100Y4Z"
        assert case.contact == "孙八" and case.phone == "0797-6281234" and case.warnings
        assert "校验位不符" in app.screen.query_one("#result-body", Prose).plain

    drive(app, steps)


def test_transfer_matter_proposes_where_to_go_and_needs_no_id(reg_db, make_reg_app, out_dir):
    app = make_reg_app()

    async def steps(pilot):
        await open_register(pilot)
        await choose_matter(pilot, "MZ-007".lower().replace("-", ""), "MZ-007")  # 结婚登记: 移办件
        assert "移办件" in proposal(app) and "县民政局婚姻登记处" in proposal(app)
        await fill(pilot, "周九")
        await pilot.press("f5")
        case = await wait_registered(pilot)
        assert (case.category, case.kind, case.status) == ("transfer", None, "transferred")

    drive(app, steps)
    assert (out_dir / "移办告知单-QS-20260316-0001.pdf").exists()


def test_village_agent_is_fixed_to_their_village_and_comes_as_proxy(reg_db, make_reg_app):
    app = make_reg_app(user="sunli")  # agent of V01

    async def steps(pilot):
        screen = await open_register(pilot)
        village = screen.query_one("#p-village", FormSelect)
        assert village.disabled and village.value == "V01"
        assert screen.query_one(ChoiceSet).value == "proxy"
        await choose_matter(pilot, "sb001", "SB-001")
        await fill(pilot, "吴十", ID, "", "")
        assert isinstance(app.focused, ChoiceSet)  # the fixed village is skipped
        await pilot.press("enter", "a", "enter")
        case = await wait_registered(pilot)
        assert (case.village, case.mode) == ("V01", "proxy")

    drive(app, steps)


def test_the_next_registration_starts_clean_with_f8(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await choose_matter(pilot, "sb001", "SB-001")
        await fill(pilot, "张三丰", ID, "", "", "", "")
        await pilot.press("a", "enter")
        first = await wait_registered(pilot)
        await pilot.press("f5")  # nothing more to register
        await pilot.press("f8")
        assert screen.case is None and screen.matter is None
        assert value(app, "p-name") == "" and app.focused.id == "matter-query"
        await choose_matter(pilot, "sb001", "SB-001")
        await fill(pilot, "李四", "440524188001010014", "", "", "", "")
        await pilot.press("a", "enter")
        second = await wait_registered(pilot)
        assert (first.number, second.number) == ("QS-20260316-0001", "QS-20260316-0002")

    drive(app, steps)


# The proposal rule itself (pure).


def test_due_dates_count_make_up_working_weekends(reg_db):
    cal = calendar(reg_db)
    matter = catalog_svc.get_matter(reg_db, "SB-002")  # 10 working days
    everything = [m.code for m in matter.materials]
    # Received Friday 13 February 2026: Saturday 14 is a make-up working day, 15–23 the Spring Festival.
    p = preview(matter, everything, cal, date(2026, 2, 13))
    assert p.kind.value == "promised" and p.due == date(2026, 3, 5)
    assert preview(matter, everything[:1], cal, date(2026, 2, 13)).kind.value == "notice"
    instant = catalog_svc.get_matter(reg_db, "SB-001")
    assert preview(instant, [m.code for m in instant.materials], cal, TODAY).due == TODAY
    over = preview(instant, [m.code for m in instant.materials], cal, TODAY, Override(kind="rejected", reason="x"))
    assert over.overridden and over.kind.value == "rejected" and over.due is None


def test_joint_matter_proposes_a_joint_case_with_its_units(reg_db):
    from tui_helpers import make_translator

    from quancheng_tui.screens.register_preview import proposal_text

    matter = catalog_svc.get_matter(reg_db, "SB-005")  # 社会保障卡申领: 联办件, 30 natural days
    p = preview(matter, [m.code for m in matter.materials], calendar(reg_db), TODAY)
    assert (p.category.value, p.kind.value, p.due) == ("joint", "promised", date(2026, 4, 15))
    text = proposal_text(make_translator("zh"), matter, p, None, len(matter.materials), wide=False).plain
    assert "联办件 · 承诺件" in text and "30 个自然日，2026-04-15 周三 前办结" in text
    assert "联办单位：县人力资源和社会保障局、社会保障卡合作银行" in text


def test_ctrl_q_asks_before_a_half_done_registration_is_lost(reg_db, make_reg_app):
    """Issue 16: ctrl+q in the middle of a registration used to quit at once, losing what was typed."""
    from quancheng_tui.screens.confirm_quit import ConfirmQuitScreen

    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await choose_matter(pilot, "sb001", "SB-001")
        await type_text(pilot, "张三丰")
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmQuitScreen)
        assert "本次登记尚未完成" in " ".join(str(s.render()) for s in app.screen.query("Static"))
        await pilot.press("n")  # back to the form, nothing lost
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.return_code is None and value(app, "p-name") == "张三丰"
        await pilot.press("ctrl+q")
        await wait_for_screen(pilot, ConfirmQuitScreen)
        await pilot.press("y")
        await wait_for(pilot, lambda: app.return_code is not None)

    drive(app, steps)
