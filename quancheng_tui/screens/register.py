"""登记受理: register a case at the counter, keyboard only, while the visitor waits.

Top to bottom, in Tab and Enter order: the matter (catalog search: code, name
or pinyin initials), the applicant (a person or, F3, an organisation:
widgets/applicant_form.py), how they came, the materials checklist. Enter
moves to the next field; on the checklist it registers (so does F5). The
proposal (category, kind, due date or what the one-time notice will list)
follows every tick (register_preview.py: the calendar is loaded once, the
deadline engine is pure). F6 overrides it with a reason (register_override.py).
F7 registers a 即办件 and completes it at the counter, asking for the result first
(register_complete.py): one call of the service, one transaction.

A registered case shows its number big; its slip is printed or saved in a
worker (register_result.py); F8 starts the next registration.

Every database call and the PDF run in thread workers that only post messages.
What is typed survives Esc in `app.drafts["register"]` (in memory, for the same
login) until the case is registered or F8 clears the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Digits, Input, Label, RadioSet, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from ..domain.cases import MODE_LABELS, Category, Mode
from ..domain.text import safe_for_terminal
from ..errors import N_, QuanchengError
from ..widgets.applicant_form import LABELS as APPLICANT_LABELS
from ..widgets.applicant_form import ApplicantForm
from ..widgets.header import StatusLine
from ..widgets.matter_search import MatterChosen, MatterSearch, SearchInput
from ..widgets.register_fields import ChoiceSet, MaterialList
from ..widgets.steady_footer import SteadyFooter
from .base import BaseScreen, unexpected
from .notice import FORM_LABELS, Prose
from .register_preview import Override, Preview, preview, proposal_text
from .register_result import deliver_slip, result_text

if TYPE_CHECKING:
    from datetime import date

    from textual.widget import Widget

    from ..documents.output import Delivery
    from ..domain.calendar import Calendar
    from ..i18n import Translator
    from ..services.case_views import CaseView, RegistrationInput
    from ..services.catalog_views import MaterialView, MatterView
    from ..services.context import Actor, Clock
    from ..services.database import Database
    from ..services.views import OfficeView, VillageView
    from ..settings import Settings

MODES = tuple(Mode)
# Service errors about these fields are shown under them too.
FIELD_OF_LABEL = {N_("办理方式"): "mode", N_("材料编码"): "materials"}
OVERRIDE_LABELS = (N_("理由"), N_("法律依据"), N_("办件类型"), N_("办件分类"), N_("承办单位"), N_("承办单位对接人"))
FORM_ACTIONS = frozenset({"focus_search", "toggle_applicant", "focus_materials", "register", "override",
                          "register_complete"})
WIDE = 110  # columns from which the proposal stands beside the form rather than under it
MATTER_WAIT = 5.0  # seconds keys typed ahead wait for the matter chosen with Enter
BUSY_NOTE = 0.3  # seconds of registering after which the message line says so


# Worker results.


class RegisterSetup(Message):
    """The calendar (for due dates) and the villages, loaded once when the screen opens."""

    def __init__(self, cal: Calendar | None, villages: list[VillageView], error: QuanchengError | None) -> None:
        super().__init__()
        self.cal, self.villages, self.error = cal, villages, error


class RegisterMatterLoaded(Message):
    def __init__(self, matter: MatterView) -> None:
        super().__init__()
        self.matter = matter


class CaseRegistered(Message):
    def __init__(self, case: CaseView) -> None:
        super().__init__()
        self.case = case


class CaseDelivered(Message):
    def __init__(self, number: str, document: str | None, delivery: Delivery | None) -> None:
        super().__init__()
        self.number, self.document, self.delivery = number, document, delivery


class RegisterFailed(Message):
    """A worker's service call was refused; `step` says which: matter, register or deliver."""

    def __init__(self, step: str, error: QuanchengError) -> None:
        super().__init__()
        self.step, self.error = step, error


@dataclass
class RegisterDraft:
    """What was on screen when the clerk left it."""

    login: str
    query: str = ""
    matter_code: str | None = None
    applicant_type: str = "person"
    values: dict[str, str] = field(default_factory=dict)
    village: str | None = None
    mode: str | None = None
    ticked: frozenset[str] = frozenset()
    override: Override | None = None


def app_drafts(app) -> dict:
    """The app's drafts by place ("register", …): in memory, for this session only."""
    drafts = getattr(app, "drafts", None)
    if drafts is None:
        drafts = app.drafts = {}
    return drafts


class RegisterScreen(BaseScreen):
    CSS_PATH = "register.tcss"
    KEEP = True  # the app builds it once per login and calls `reopen` each time it opens again
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    # Priority: they act at once, so keys typed ahead after them land where they lead (widgets/form.py).
    BINDINGS = [
        Binding("escape", "back", N_("返回"), priority=True),
        Binding("f2", "focus_search", N_("事项"), show=False, priority=True),
        Binding("f3", "toggle_applicant", N_("个人/单位"), show=False, priority=True),
        Binding("f4", "focus_materials", N_("材料"), show=False, priority=True),
        Binding("f5", "register", N_("登记"), priority=True),
        Binding("f6", "override", N_("改类型"), priority=True),
        Binding("f7", "register_complete", N_("登记并办结"), show=False, priority=True),
        Binding("f8", "new", N_("新登记"), priority=True),
        Binding("enter", "search_entered", show=False, priority=True),
        Binding("tab", "tab_next", show=False, priority=True),
    ]

    def __init__(self, t: Translator) -> None:
        super().__init__(t)
        self.matter: MatterView | None = None
        self.cal: Calendar | None = None
        self.village_codes: list[str] = []
        self.override: Override | None = None
        self.busy = False
        self.case: CaseView | None = None
        self.slip: dict = {}  # document, delivery, failure: filled when the slip is done
        self.restoring: RegisterDraft | None = None  # a draft whose matter (and ticks) is loading
        self.draft_village: str | None = None  # the draft's village, set once the villages are loaded
        # Type-ahead: Enter in the matter query was pressed and its matter is not loaded yet;
        # A (tick all), F5 and Enter on the checklist wait for it (at most MATTER_WAIT seconds).
        self.awaiting_matter = False
        self.await_timer: Timer | None = None
        self.pending_submit = self.pending_tick_all = False
        self.complete_with = ""  # F7 登记并办结: the result the 即办件 is completed with at registration
        self.setup_day: date | None = None  # the day the calendar and the villages were read
        self.left_draft: RegisterDraft | None = None  # the draft on screen when the clerk left with Esc
        # Enter on a matter moved focus to the first applicant field: a Tab pressed there before anything
        # is typed is the clerk's own way to reach it, and stays (a Tab must not put the name in 身份证号).
        self.advanced_to: Widget | None = None
        self.current_label: Label | None = None  # the focused field's label, marked -current
        self.reopened = False  # opened again by the app (`reopen`): its styles need no refresh
        self.title_shown: str | Text = N_("尚未选择事项")  # what #matter-title shows (set in compose)
        self.selects: list[Select] = []
        self.busy_note: Timer | None = None  # says "正在登记…" if registering takes longer than BUSY_NOTE
        self.laid_out_unseen = False  # emptied after Esc, laid out and rendered while the menu is shown

    # Layout.

    @property
    def agent_village(self) -> str | None:
        from ..domain.roles import Role

        actor = self.app.actor
        return actor.village if actor is not None and actor.role is Role.AGENT else None

    def own_draft(self) -> RegisterDraft | None:
        """The unfinished registration of whoever is signed in, if any (never another login's)."""
        actor = self.app.actor
        draft = app_drafts(self.app).get("register")
        return draft if draft is not None and actor is not None and draft.login == actor.login else None

    def compose(self) -> ComposeResult:
        t = self.t
        width = max(cell_len(t(label)) for label in APPLICANT_LABELS + (N_("事项"), N_("办理方式"), N_("材料"))) + 1
        agent = self.agent_village is not None

        def row_label(msgid: str) -> Label:
            return Label(t(msgid), classes="label").set_styles(f"width: {width};")

        yield StatusLine(t)
        with Horizontal(id="columns"):
            with Vertical(id="form-column"):
                # The matter stays in view above the part that scrolls (7 materials at 80×24: issue 16).
                with Vertical(id="matter-bar"):
                    with Horizontal(classes="row"):
                        yield row_label(N_("事项"))
                        yield MatterSearch(t, village_only=agent, id="search", limit=12)
                    self.title_shown = t("尚未选择事项")
                    yield Static(self.title_shown, id="matter-title", markup=False).set_styles(
                        f"margin-left: {width};")
                with VerticalScroll(id="form"):
                    yield ApplicantForm(t, label_width=width, agent_village=self.agent_village, id="applicant")
                    with Horizontal(classes="row"):
                        yield row_label(N_("办理方式"))
                        yield ChoiceSet(*(t(MODE_LABELS[m]) for m in MODES), codes=tuple(m.value for m in MODES),
                                        value=self.default_mode, id="mode")
                    with Horizontal(classes="row"):
                        yield row_label(N_("材料"))
                        yield Static(t("F4：空格勾选已收材料，A 全部勾选"), id="materials-hint", markup=False)
                    yield MaterialList(id="materials", compact=True)
                    yield Static("", id="materials-error", classes="field-error", markup=False)
            with Vertical(id="side"):
                yield Prose("", id="proposal")
                yield Prose("", id="message")
        with VerticalScroll(id="result"):
            yield Static(t("已登记"), id="result-title", markup=False)
            with Horizontal(id="number-row"):
                yield Static("", id="number-prefix", markup=False)
                yield Digits("", id="number")
            yield Prose("", id="result-body")
        yield SteadyFooter()

    @property
    def default_mode(self) -> str:
        return (Mode.PROXY if self.agent_village else Mode.COUNTER).value

    def on_mount(self) -> None:
        super().on_mount()
        search = self.query_one(MatterSearch)
        search.results.can_focus = False  # Up/Down from the query move in it; Tab goes on to the applicant
        self.query_one("#form").can_focus = False  # Tab goes from field to field, never to the scroll box
        self.query_one("#result").display = False
        self.selects = list(self.query(Select))  # asked on every refresh of the bindings (check_action)
        self.start(self.own_draft())

    def start(self, draft: RegisterDraft | None) -> None:
        """The form as this visit begins: empty, or this login's unfinished draft."""
        if self.setup_day != self.app.clock.today():  # the calendar and villages: once a day
            self.setup_day = self.app.clock.today()
            self.load_setup(self.app.db)
        self.restoring = draft
        self.draft_village = draft.village if draft is not None else None
        if draft is not None:
            self.override = draft.override
            self.applicant.fill(draft.values, draft.applicant_type)
            self.query_one(ChoiceSet).set_value(draft.mode or self.default_mode)
            self.query_one(MatterSearch).input.value = draft.query
            if self.village_codes:  # the villages are loaded: the draft's is chosen now
                village = self.draft_village
                self.applicant.choose_village(village if village in self.village_codes else None)
            if draft.matter_code:  # its ticks come back once it is loaded
                self.show_title(self.t("正在读取 {code}…", code=draft.matter_code))
                self.load_matter(self.app.db, draft.matter_code)
            else:
                self.restoring = None
            self.say(self.t("已恢复上次未完成的登记。"))
        self.update_proposal()
        self.show_results()
        self.set_focus(self.query_one(MatterSearch).input)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler: Textual restyles every widget of a screen each time it is
        # pushed, but a kept screen's styles are current (the app refreshes CSS on a push when it changed
        # since); that restyle was half the CPU of opening the form again (issue 17).
        if self.reopened:
            event.refresh_styles = False
            self.reopened = False

    def reopen(self) -> None:
        """Opened again (the app keeps this screen: building its widgets anew costs a second on an old PC).
        Nothing of the previous visitor may show: the form is emptied unless it holds exactly this login's
        draft, as left."""
        self.reopened = True
        draft = self.own_draft()
        if draft is not None and draft is self.left_draft and self.case is None:
            self.say(self.t("已恢复上次未完成的登记。"))
            self.set_focus(self.query_one(MatterSearch).input)
            return
        self.reset_form()
        self.start(draft)

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_proposal)

    @property
    def applicant(self) -> ApplicantForm:
        return self.query_one(ApplicantForm)

    def show_title(self, title: str | Text) -> None:
        """The chosen matter (or what is happening to it) under the search; left alone when unchanged."""
        if title != self.title_shown:
            self.title_shown = title
            self.query_one("#matter-title", Static).update(title)

    def say(self, text: str, kind: str = "info") -> None:
        line = self.query_one("#message", Prose)
        line.update(text)
        line.set_class(kind == "error", "-error")
        line.set_class(kind == "ok", "-ok")

    # Loading: calendar and villages once, then the matter.

    @work(thread=True, exclusive=True, group="register-setup")
    def load_setup(self, db: Database) -> None:
        from ..services import setup
        from ..services.calendar import calendar

        villages: list = []
        try:
            villages = setup.villages(db)
            self.post_message(RegisterSetup(calendar(db), villages, None))
        except QuanchengError as err:
            self.post_message(RegisterSetup(None, villages, err))
        except Exception as exc:
            self.post_message(RegisterSetup(None, villages, unexpected(exc)))

    def on_register_setup(self, message: RegisterSetup) -> None:
        message.stop()
        self.cal = message.cal
        self.village_codes = self.applicant.set_villages(message.villages, self.draft_village)
        if message.error is not None:
            self.say(self.t.error(message.error), "error")
        self.update_proposal()

    def on_matter_chosen(self, message: MatterChosen) -> None:
        message.stop()
        if self.case is not None:
            return
        if self.matter is not None and self.matter.code == message.code:
            self.show_results()
            self.matter_settled()
            return
        self.expect_matter()
        self.show_title(self.t("正在读取 {code}…", code=message.code))
        self.load_matter(self.app.db, message.code)

    @work(thread=True, exclusive=True, group="register-matter")
    def load_matter(self, db: Database, code: str) -> None:
        from ..services import catalog

        try:
            self.post_message(RegisterMatterLoaded(catalog.get_matter(db, code)))
        except QuanchengError as err:
            self.post_message(RegisterFailed("matter", err))
        except Exception as exc:
            self.post_message(RegisterFailed("matter", unexpected(exc)))

    def on_register_matter_loaded(self, message: RegisterMatterLoaded) -> None:
        message.stop()
        m = message.matter
        restoring, self.restoring = self.restoring, None
        if self.matter is not None and self.matter.code != m.code:
            self.override = None  # an override was about the other matter
        self.matter = m
        ticked = restoring.ticked if restoring is not None and restoring.matter_code == m.code else frozenset()
        materials = self.query_one(MaterialList)
        with materials.prevent(SelectionList.SelectedChanged):
            materials.set_options([Selection(self.material_prompt(x), x.code, x.code in ticked) for x in m.materials])
        if m.materials:
            materials.highlighted = 0
        title = Text.assemble((safe_for_terminal(m.code), "bold"), " ", (safe_for_terminal(m.name), "bold"))
        if not m.active:
            title.append(f"  {self.t('本事项已停用。')}", style="red")
        self.show_title(title)
        query = self.query_one(MatterSearch).input
        if query.value and not query.has_focus:  # the chosen matter stands under it; the next search starts empty
            query.value = ""
        self.show_materials_error(None)
        self.show_results()
        self.update_proposal()
        self.remember()
        self.matter_settled()

    def material_prompt(self, x: MaterialView) -> Text:
        t = self.t
        text = Text(safe_for_terminal(x.name))
        copies = t("{n} 份", n=x.copies) if x.copies else t("仅查验")
        text.append(f"  {t(FORM_LABELS.get(x.form, x.form))} {copies}", style="dim")
        if not x.required:
            text.append(f" · {t('可选')}", style="dim")
        return text

    def show_results(self) -> None:
        """The search results while searching (or while no matter is chosen), else the chosen matter."""
        search = self.query_one(MatterSearch)
        searching = self.matter is None or self.focused is search.input
        search.results.display = searching
        self.query_one("#matter-title").display = not searching

    def on_descendant_focus(self, event) -> None:
        self.show_results()
        self.mark_label(event.widget)

    def mark_label(self, focused: Widget | None) -> None:
        """The label of the focused field's row stands out (one label restyled, not the screen)."""
        row = focused.parent if focused is not None else None
        label = None
        if row is not None and row.has_class("row"):
            label = next((w for w in row.children if isinstance(w, Label)), None)
        if label is not self.current_label:
            if self.current_label is not None:
                self.current_label.remove_class("-current")
            if label is not None:
                label.add_class("-current")
            self.current_label = label

    def on_descendant_blur(self, event) -> None:
        self.call_after_refresh(self.show_results)

    # Type-ahead while the matter loads.

    def expect_matter(self) -> None:
        self.awaiting_matter = True
        if self.await_timer is not None:
            self.await_timer.stop()
        self.await_timer = self.set_timer(MATTER_WAIT, self.matter_settled)

    def matter_settled(self) -> None:
        """The matter came (or never will): do what was typed ahead while it loaded."""
        if self.await_timer is not None:
            self.await_timer.stop()
            self.await_timer = None
        self.awaiting_matter = False
        tick_all, self.pending_tick_all = self.pending_tick_all, False
        if tick_all and self.matter is not None:
            self.query_one(MaterialList).select_all()
        if self.pending_submit:
            self.pending_submit = False
            self.submit()

    def materials_tick_all(self, materials: MaterialList) -> None:
        if self.awaiting_matter:
            self.pending_tick_all = True
        else:
            materials.toggle_all()

    # Moving through the form.

    def field_entered(self, widget) -> None:
        """Enter: the next field; on the checklist (the last one), register."""
        if isinstance(widget, MaterialList):
            self.action_register()
        else:
            self.focus_next()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search_entered":
            return isinstance(self.focused, SearchInput)
        if action in FORM_ACTIONS and self.case is not None:
            return False  # the case is registered: only F8 and Esc remain
        if action == "back":  # Esc closes an open list first
            return not any(s.expanded for s in self.selects)
        return True

    def action_search_entered(self) -> None:
        """Enter in the matter query: on to the applicant now; the highlighted result is chosen once current."""
        search = self.query_one(MatterSearch)
        self.focus_next()
        self.advanced_to = self.focused
        self.expect_matter()
        search.input.call_later(search.choose_highlighted)  # after the keys typed before Enter

    def action_tab_next(self) -> None:
        target, self.advanced_to = self.advanced_to, None
        if target is not None and self.focused is target and isinstance(target, Input) and not target.value:
            return  # Enter on the matter already brought the clerk here
        self.app.action_focus_next()

    def after_typing(self, callback) -> None:
        """Run `callback` once the focused field has handled the keys typed before this one."""
        (self.focused or self).call_later(callback)

    def action_focus_search(self) -> None:
        self.set_focus(self.query_one(MatterSearch).input)

    def action_toggle_applicant(self) -> None:
        self.applicant.toggle()
        self.update_proposal()
        self.remember()

    def action_focus_materials(self) -> None:
        self.set_focus(self.query_one(MaterialList))

    def action_back(self) -> None:
        self.remember()
        self.left_draft = self.own_draft()
        self.app.go_main()
        if self.left_draft is None:  # nothing kept: the next visitor finds no trace of this one
            self.reset_form()
            # The form as `reopen` will show it, laid out now while the clerk is on the menu: pressing 1
            # then costs a repaint, not a layout of the emptied form (issue 17: ≤ 100 ms CPU).
            self.update_proposal()
            self.show_results()
            self.laid_out_unseen = False
            self.call_after_refresh(self.lay_out_unseen)

    def lay_out_unseen(self, passes: int = 3) -> None:
        """Lay out this screen while another one is shown (Textual does it only for the current screen), then
        render its lines (each widget keeps them): the repaint on 1 only puts them together. A layout that
        changes a widget's size asks for another: at most `passes` of them."""
        if self.is_current or not self.is_attached:
            return
        if self.app._batch_count:  # the app is in the middle of an update: later
            self.call_after_refresh(self.lay_out_unseen, passes)
            return
        if passes == 3 or self._layout_required:
            self._layout_required = False
            self._refresh_layout(self.app.size)
            if passes > 1:
                self.call_after_refresh(self.lay_out_unseen, passes - 1)
                return
        self._compositor.render_update(full=True)
        self.laid_out_unseen = True

    # Changes: the proposal follows, the draft is kept.

    def on_input_changed(self, event: Input.Changed) -> None:
        self.remember()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.remember()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.remember()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self.show_materials_error(None)
        self.update_proposal()
        self.remember()

    def current_preview(self) -> Preview | None:
        if self.matter is None:
            return None
        return preview(self.matter, self.query_one(MaterialList).selected, self.cal, self.app.clock.today(),
                       self.override)

    def update_proposal(self) -> None:
        if not self.is_mounted:
            return
        p = self.current_preview()
        if p is None or self.matter is None:  # no preview without a matter
            text = Text(self.t("输入事项编码、名称或拼音首字母，上下键选择，回车确定。"), style="dim")
        else:
            text = proposal_text(self.t, self.matter, p, self.override, len(self.query_one(MaterialList).selected),
                                 wide=self.size.width >= WIDE)
        self.query_one("#proposal", Prose).update(text)

    # Overriding the proposal (F6).

    def action_override(self) -> None:
        p = self.current_preview()
        if self.busy:
            return
        if p is None or self.matter is None:  # no preview without a matter
            self.say(self.t("请先选择事项。"), "error")
            self.set_focus(self.query_one(MatterSearch).input)
            return
        from .register_override import OverrideScreen

        self.app.push_screen(OverrideScreen(self.t, self.matter, p, self.override), self.override_done)

    def override_done(self, override: Override | None) -> None:
        if override is None:
            return  # cancelled: nothing changes
        empty = override.category is None and override.kind is None
        self.override = None if empty else override
        self.update_proposal()
        self.remember()
        if empty:
            self.say(self.t("已恢复系统建议的分类和类型。"))
        else:
            self.submit()

    # Registering.

    def action_register(self) -> None:
        self.after_typing(self.submit)

    # Registering and completing a 即办件 at the counter (F7): the service decides whether it may.

    def action_register_complete(self) -> None:
        if self.busy or self.case is not None:
            return
        if self.matter is None:
            self.say(self.t("请先选择事项。"), "error")
            self.set_focus(self.query_one(MatterSearch).input)
            return
        from .register_complete import CompleteAtCounterScreen

        self.app.push_screen(CompleteAtCounterScreen(self.t, f"{self.matter.code} {self.matter.name}"),
                             self.complete_entered)

    def complete_entered(self, result: str | None) -> None:
        if result:
            self.complete_with = result
            self.submit()

    def submit(self) -> None:
        t = self.t
        if self.busy:
            return
        if self.case is not None:
            self.say(t("本件已登记为 {number}；按 F8 开始新的登记。", number=self.case.number))
            return
        if self.awaiting_matter:
            self.pending_submit = True  # typed ahead: register once the matter is in
            return
        if self.matter is None:
            self.say(t("请先选择事项。"), "error")
            self.set_focus(self.query_one(MatterSearch).input)
            return
        data = self.registration(self.matter)
        result, self.complete_with = self.complete_with, ""
        if data is None:
            return
        if result:
            from dataclasses import replace

            data = replace(data, result=result)
        self.busy = True
        if self.query_one("#message", Prose).plain:
            self.say(t("正在登记…"))  # in place of what the line said
        else:  # registering takes a few hundredths of a second: said only if it takes longer (issue 17)
            self.busy_note = self.set_timer(BUSY_NOTE, self.say_registering)
        app = self.app
        self.register(app.db, app.me, app.clock, data, self.matter, app.office, app.settings)

    def say_registering(self) -> None:
        self.busy_note = None
        if self.busy:
            self.say(self.t("正在登记…"))

    def not_busy(self) -> None:
        self.busy = False
        if self.busy_note is not None:
            self.busy_note.stop()
            self.busy_note = None

    def registration(self, matter: MatterView) -> RegistrationInput | None:
        """What is on screen, every field checked (all errors shown at once); None if any is wrong."""
        from ..services.case_views import RegistrationInput

        p = self.current_preview()
        wrong = self.applicant.check_all(need_id=p is not None and p.category in (Category.OWN, Category.JOINT))
        if wrong is not None:
            self.say(self.t("请改正标出的项目。"), "error")
            self.set_focus(wrong)
            return None
        o = self.override or Override()
        return RegistrationInput(
            matter_code=matter.code, applicant_type=self.applicant.kind, mode=self.query_one(ChoiceSet).value,
            materials=list(self.query_one(MaterialList).selected), kind=o.kind, category=o.category,
            reason=o.reason, basis=o.basis, transfer_unit=o.transfer_unit, transfer_contact=o.transfer_contact,
            **self.applicant.registration_fields(),
        )

    @work(thread=True, group="register")
    def register(self, db: Database, actor: Actor, clock: Clock, data: RegistrationInput,
                 matter: MatterView, office: OfficeView | None, settings: Settings) -> None:
        from ..services import cases

        step = "register"
        try:
            case = cases.register_case(db, actor, clock, data)
            self.post_message(CaseRegistered(case))
            step = "deliver"
            document, delivery = deliver_slip(db, clock, actor, case, matter, office, settings)
        except QuanchengError as err:
            self.post_message(RegisterFailed(step, err))
        except Exception as exc:
            self.post_message(RegisterFailed(step, unexpected(exc)))
        else:
            self.post_message(CaseDelivered(case.number, document, delivery))

    def on_case_registered(self, message: CaseRegistered) -> None:
        message.stop()
        self.not_busy()
        self.case = message.case
        self.slip = {}
        self.forget()
        self.query_one("#columns").display = False
        result = self.query_one("#result")
        result.display = True
        prefix, _, rest = message.case.number.partition("-")
        self.query_one("#number-prefix", Static).update(f"{prefix}-" if rest else "")
        self.query_one("#number", Digits).update(rest or message.case.number)
        self.show_result()
        self.say("")
        self.set_focus(result)
        self.refresh_bindings()

    def on_case_delivered(self, message: CaseDelivered) -> None:
        message.stop()
        if self.case is not None and self.case.number == message.number:
            self.slip = {"document": message.document, "delivery": message.delivery}
            self.show_result()

    def show_result(self) -> None:
        if self.case is None:  # F8 came between the registration and a slip that failed
            return
        self.query_one("#result-body", Prose).update(result_text(self.t, self.case, pending=not self.slip, **self.slip))

    def on_register_failed(self, message: RegisterFailed) -> None:
        message.stop()
        err = message.error
        if message.step == "matter":
            self.show_title(self.matter.name if self.matter else self.t("尚未选择事项"))
            self.restoring = None
            self.pending_submit = self.pending_tick_all = False
            self.matter_settled()
            self.say(self.t.error(err), "error")
        elif message.step == "deliver":  # the case is stored; only the paper (or the file) failed
            self.slip = {"failure": self.t.error(err)}
            self.show_result()
        else:
            self.not_busy()
            self.show_service_error(err)

    def show_service_error(self, err: QuanchengError) -> None:
        """Under the field the error names (and focus it), else on the message line."""
        text = self.t.error(err)
        label = err.params.get("field")
        field_id = self.applicant.field_of(err)
        if field_id is not None:
            self.applicant.show_error(field_id, text)
            self.say(self.t("请改正标出的项目。"), "error")
            self.set_focus(self.query_one(f"#{field_id}"))
        elif isinstance(label, str) and FIELD_OF_LABEL.get(label) == "materials":
            self.show_materials_error(text)
            self.set_focus(self.query_one(MaterialList))
        else:
            if label in OVERRIDE_LABELS:
                text += " " + self.t("（按 F6 修改）")
            self.say(text, "error")

    def show_materials_error(self, text: str | None) -> None:
        slot = self.query_one("#materials-error", Static)
        if text is None and not slot.has_class("shown"):
            return
        slot.update(text or "")
        slot.set_class(text is not None, "shown")

    # The next registration (F8).

    def action_new(self) -> None:
        if self.busy:
            return
        self.forget()
        self.reset_form()
        self.update_proposal()
        self.say(self.t("已清空，开始新的登记。"))
        self.set_focus(self.query_one(MatterSearch).input)
        self.show_results()

    def reset_form(self) -> None:
        """Every field, the matter, the result and the messages emptied; only what changes is touched."""
        self.case, self.slip, self.override, self.matter = None, {}, None, None
        self.restoring, self.left_draft, self.advanced_to = None, None, None
        self.pending_submit = self.pending_tick_all = False
        self.complete_with = ""
        self.applicant.clear()
        self.query_one(ChoiceSet).set_value(self.default_mode)
        materials = self.query_one(MaterialList)
        if materials.option_count:
            materials.clear_options()
        self.show_materials_error(None)
        self.show_title(self.t("尚未选择事项"))
        self.query_one(MatterSearch).input.value = ""
        result = self.query_one("#result")
        if result.display:
            result.display = False
            self.query_one("#columns").display = True
            self.query_one("#number", Digits).update("")
            self.query_one("#number-prefix", Static).update("")
            self.query_one("#result-body", Prose).update("")
            self.refresh_bindings()
        self.say("")

    # The draft.

    def remember(self) -> None:
        """Keep what is on screen for this user until the case is registered."""
        actor = self.app.actor
        if actor is None or self.case is not None or self.restoring is not None or not self.is_mounted:
            return
        query = self.query_one(MatterSearch).input.value
        values = self.applicant.values()
        if self.matter is None and not query.strip() and not any(v.strip() for v in values.values()):
            self.forget()  # nothing typed: nothing to keep
            return
        app_drafts(self.app)["register"] = RegisterDraft(
            login=actor.login, query=query, matter_code=self.matter.code if self.matter else None,
            applicant_type=self.applicant.kind, values=values, village=self.applicant.village(),
            mode=self.query_one(ChoiceSet).value, ticked=frozenset(self.query_one(MaterialList).selected),
            override=self.override,
        )

    def forget(self) -> None:
        app_drafts(self.app).pop("register", None)

    def unsaved_work(self) -> str | None:
        """What ctrl+q would lose (the app asks first), or None."""
        self.remember()
        return N_("本次登记") if "register" in app_drafts(self.app) else None

    def on_screen_suspend(self) -> None:
        self.remember()
