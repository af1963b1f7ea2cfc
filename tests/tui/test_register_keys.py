"""登记受理 walked with keys only at 80×24 (issue 16): where focus goes after a matter is chosen and that it
shows, the Tab order, the one rule for dropdowns, the search box after a pick, the matter in view with 7
materials, and the kept screen that starts empty for the next visitor (issue 17)."""

from __future__ import annotations

from test_register_screen import (  # noqa: F401  (fixtures)
    ID,
    PHONE,
    choose_matter,
    fill,
    make_reg_app,
    open_register,
    out_dir,
    reg_db,
    screen_of,
    type_text,
    value,
    wait_registered,
)
from textual.widgets import Input, Label, Static
from tui_helpers import drive, wait_for, wait_for_screen

from quancheng_tui.screens.main import MainScreen
from quancheng_tui.screens.register import RegisterScreen
from quancheng_tui.widgets.register_fields import FormSelect, MaterialList


def label_of(app, field_id: str) -> Label:
    row = app.screen.query_one(f"#{field_id}").parent
    return row.query_one(Label)


def test_after_the_matter_focus_is_on_the_name_and_shows_and_a_tab_there_stays(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await type_text(pilot, "sb001")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.matter is not None)
        assert app.focused.id == "p-name"
        # The cue: the focused row's label stands out from the others.
        name_label, id_label = label_of(app, "p-name"), label_of(app, "p-id")
        assert name_label.styles.background != id_label.styles.background
        assert name_label.styles.text_style.bold and not id_label.styles.text_style.bold
        # A clerk who did not see the jump presses Tab to reach 姓名: the name still goes into 姓名.
        await pilot.press("tab")
        assert app.focused.id == "p-name"
        await type_text(pilot, "张三")
        await pilot.press("tab")
        assert app.focused.id == "p-id"
        await type_text(pilot, ID)
        assert (value(app, "p-name"), value(app, "p-id")) == ("张三", ID)
        assert label_of(app, "p-id").styles.text_style.bold and not label_of(app, "p-name").styles.text_style.bold

    drive(app, steps)


def test_tab_order_is_the_order_on_screen(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        await open_register(pilot)
        order = []
        for _ in range(8):
            await pilot.press("tab")
            order.append(app.focused.id)
        assert order == ["p-name", "p-id", "p-phone", "p-address", "p-village", "mode", "materials", "matter-query"]

    drive(app, steps)


def test_dropdowns_open_with_space_and_enter_moves_on(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        village = screen.query_one("#p-village", FormSelect)
        screen.set_focus(village)
        await pilot.pause()
        await pilot.press("enter")  # closed: Enter is "next field", as on every field
        assert not village.expanded and app.focused.id == "mode"
        await pilot.press("shift+tab")
        await pilot.press("space")  # Space opens the list
        await wait_for(pilot, lambda: village.expanded)
        await pilot.press("down", "enter")  # in the open list Enter takes the choice
        await wait_for(pilot, lambda: not village.expanded)
        assert not village.is_blank()
        await pilot.press("enter")
        assert app.focused.id == "mode"

    drive(app, steps)


def test_the_search_box_is_emptied_and_the_matter_shown_after_a_pick(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await choose_matter(pilot, "sb001", "SB-001")
        await wait_for(pilot, lambda: screen.query_one("#matter-query", Input).value == "")
        title = screen.query_one("#matter-title", Static)
        assert title.display and "SB-001" in str(title.render())
        await pilot.press("f2")  # back in the search: it starts empty, the matters listed again
        assert app.focused.id == "matter-query" and app.focused.value == ""

    drive(app, steps)


def test_with_seven_materials_the_matter_stays_in_view(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await choose_matter(pilot, "mz001", "MZ-001")
        materials = screen.query_one(MaterialList)
        assert materials.option_count == 7
        await pilot.press("f4", *["down"] * 6)
        await pilot.pause()
        assert materials.highlighted == 6
        title = screen.query_one("#matter-title")
        region = title.region
        assert region.height == 1 and 0 < region.y < screen.size.height
        assert "MZ-001" in str(title.render())
        # the highlighted material is in view too
        assert materials.region.y + materials.region.height <= screen.size.height - 1

    drive(app, steps)


def test_registration_reopens_the_same_screen_empty_for_the_next_visitor(reg_db, make_reg_app, out_dir):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await choose_matter(pilot, "sb001", "SB-001")
        await fill(pilot, "王五", ID, PHONE, "东湖村一组")
        await pilot.press("f4", "a", "f5")
        case = await wait_registered(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, MainScreen)
        await pilot.press("1")
        await wait_for_screen(pilot, RegisterScreen)
        again = screen_of(app)
        assert again is screen  # kept, not built anew
        assert again.case is None and again.matter is None
        for field_id in ("p-name", "p-id", "p-phone", "p-address", "matter-query"):
            assert value(app, field_id) == "", field_id
        assert not again.query_one("#result").display and again.query_one("#columns").display
        shown = " ".join(str(w.render()) for w in again.query(Static) if w.display)
        for trace in ("王五", ID, PHONE, case.number, "SB-001"):
            assert trace not in shown, trace
        assert again.query_one(MaterialList).option_count == 0
        assert app.focused.id == "matter-query"
        # And the kept screen registers the next visitor as well.
        await choose_matter(pilot, "sb001", "SB-001")
        await fill(pilot, "赵六", ID)
        await pilot.press("f5")
        second = await wait_registered(pilot)
        assert second.number != case.number and second.applicant_name == "赵六"

    drive(app, steps)


FORM_IDS = ("matter-query", "matter-results", "p-name", "p-id", "p-phone", "p-village", "mode", "materials", "proposal",
            "message")


def test_the_emptied_form_is_laid_out_while_the_clerk_is_on_the_menu(reg_db, make_reg_app, out_dir):
    """Issue 17: after Esc from a registered case the kept form is emptied and laid out while the menu shows, so
    pressing 1 costs a repaint and no layout; it stands exactly where a fresh form stands."""
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await pilot.pause()
        fresh = {i: screen.query_one(f"#{i}").region for i in FORM_IDS}
        await choose_matter(pilot, "sb001", "SB-001")
        await fill(pilot, "王五", ID, PHONE, "东湖村一组")
        await pilot.press("f4", "a", "f5")
        await wait_registered(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, MainScreen)
        await wait_for(pilot, lambda: screen.laid_out_unseen)
        layouts = []
        refresh_layout = screen._refresh_layout

        def counted(*args, **kwargs):
            layouts.append(args)
            return refresh_layout(*args, **kwargs)

        screen._refresh_layout = counted  # Textual's own layout of the screen, counted
        await pilot.press("1")
        await wait_for_screen(pilot, RegisterScreen)
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "matter-query")
        await pilot.pause()
        assert layouts == []
        assert {i: screen.query_one(f"#{i}").region for i in FORM_IDS} == fresh
        assert screen.query_one("#columns").display and not screen.query_one("#result").display

    drive(app, steps)


def test_the_footer_hides_and_shows_its_keys_rather_than_building_them_again(reg_db, make_reg_app, out_dir):
    """Issue 17: registering hides F5 and F6 in the footer, F8 shows them again: the same key widgets."""
    from textual.widgets._footer import FooterKey

    from quancheng_tui.widgets.steady_footer import SteadyFooter

    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        footer = screen.query_one(SteadyFooter)

        def shown() -> list[str]:
            return [k.key for k in footer.query(FooterKey) if k.display]

        await pilot.pause()
        built, form_keys = list(footer.query(FooterKey)), shown()
        assert {"escape", "f5", "f6", "f8"} <= set(form_keys)
        await choose_matter(pilot, "sb001", "SB-001")
        await fill(pilot, "王五", ID, PHONE, "东湖村一组")
        await pilot.press("f4", "a", "f5")
        await wait_registered(pilot)
        await pilot.pause()
        assert shown() == [k for k in form_keys if k not in ("f5", "f6")]
        assert list(footer.query(FooterKey)) == built
        await pilot.press("f8")
        await wait_for(pilot, lambda: screen.case is None)
        await pilot.pause()
        assert shown() == form_keys
        assert list(footer.query(FooterKey)) == built
        assert screen.busy_note is None  # registering took no longer than the note waits, or it was said

    drive(app, steps)


def test_another_login_never_gets_the_kept_screen(reg_db, make_reg_app):
    app = make_reg_app()

    async def steps(pilot):
        screen = await open_register(pilot)
        await type_text(pilot, "sb001")
        await pilot.press("escape")
        await wait_for_screen(pilot, MainScreen)
        await app.action_switch_user()
        assert not app.is_screen_installed("kept-register")
        assert screen not in app.screen_stack

    drive(app, steps)
