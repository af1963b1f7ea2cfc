"""一次性告知: find the matter, read its guide, tick what the visitor brought, issue the notice.

Left: the matter search (code, name or pinyin initials, results per keystroke)
and the visitor (name; ID number or phone, so the notice is found when they
come back). Right: the matter's guide, the checklist and the result, one at a
time below 110 columns (F3 / F4 / F6), the guide beside the other two above it.

When the visitor returns (Enter in the ID or phone field finds their last
notice for this matter), the checklist starts from that notice: only what it
listed can still be missing. Asking for anything else breaks the one-time
rule: the screen says so and only a duty leader's approval, with a reason,
records the demand (leader_approval.py).

Every rule is the services': what the checklist starts from and what needs a
leader (``services.notices``), what the notice lists and says and where its
paper goes (``services.forms``: the registration screen and ``case print``
use the same). This screen only shows it and asks. Its pieces: the worker
messages and the draft (notice_state.py), the words it shows (notice_text.py),
the layout (notice_layout.py), the checklist and the Chinese-folding text (widgets/).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from ..domain.text import safe_for_terminal
from ..errors import N_, QuanchengError
from ..widgets.form import FormInput
from ..widgets.material_checklist import FORM_LABELS, MaterialChecklist
from ..widgets.matter_search import MatterChosen, MatterSearch
from ..widgets.prose import Prose, break_offsets, clean_block, fold
from .base import unexpected
from .delivery_words import DELIVERY_REASONS
from .notice_layout import FIELD_OF_LABEL, VISITOR_FIELDS, NoticeLayout, print_folder
from .notice_state import (
    MatterLoaded,
    NoticeDelivered,
    NoticeDraft,
    NoticeIssued,
    StepFailed,
    VisitorLookedUp,
    drafts,
)
from .notice_text import CATEGORY_LABELS, DAY_LABELS, KIND_LABELS, guide_text, issued_text

if TYPE_CHECKING:
    from ..documents.output import Delivery
    from ..i18n import Translator
    from ..services.catalog_views import MatterView
    from ..services.context import Actor, Clock
    from ..services.database import Database
    from ..services.notices import Applicant, BreachView, NoticeView
    from ..settings import Settings

# What other screens and the tests import from here (moved to the modules named above).
__all__ = [
    "CATEGORY_LABELS", "DAY_LABELS", "DELIVERY_REASONS", "FORM_LABELS", "KIND_LABELS", "MaterialChecklist",
    "NoticeDraft", "NoticeScreen", "Prose", "break_offsets", "clean_block", "drafts", "fold", "print_folder",
]


class NoticeScreen(NoticeLayout):
    CSS_PATH = "notice.tcss"
    # Priority: they act at once, so keys typed ahead after them land where they lead (widgets/form.py).
    BINDINGS = [
        Binding("escape", "back", N_("返回"), priority=True),
        Binding("f5", "issue", N_("出具告知书"), priority=True),
        Binding("f2", "focus_search", N_("搜索"), priority=True),
        Binding("f3", "show('guide')", N_("指南"), priority=True),
        Binding("f4", "show('checklist')", N_("材料"), priority=True),
        Binding("f6", "show('result')", N_("告知结果"), show=False, priority=True),
        Binding("f7", "require", N_("补充要求（所选材料）"), show=False, priority=True),
        Binding("f8", "focus_visitor", N_("申请人"), show=False, priority=True),
        Binding("ctrl+n", "new_visit", N_("新接待（清空）"), show=False, priority=True),
    ]

    def __init__(self, t: Translator) -> None:
        super().__init__(t)
        self.matter: MatterView | None = None
        self.earlier: NoticeView | None = None
        self.issued: NoticeView | None = None
        self.delivery: Delivery | None = None
        self.busy = False
        self.restoring: NoticeDraft | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(MaterialChecklist).load(())
        self.set_pane("guide")
        draft = self.draft
        if draft is not None and draft.matter_code:
            self.restoring = draft
            self.load_matter(self.app.db, draft.matter_code)
        self.set_focus(self.query_one(MatterSearch).input)

    # Choosing the matter.

    def on_matter_chosen(self, message: MatterChosen) -> None:
        message.stop()
        if self.matter is not None and self.matter.code == message.code:
            self.focus_pane("checklist" if self.has_class("-wide") else "guide")
            return
        self.query_one("#matter-title", Static).update(self.t("正在读取 {code}…", code=message.code))
        self.load_matter(self.app.db, message.code)

    @work(thread=True, exclusive=True, group="matter")
    def load_matter(self, db: Database, code: str) -> None:
        from ..services import catalog

        try:
            result: Message = MatterLoaded(catalog.get_matter(db, code))
        except QuanchengError as err:
            result = StepFailed("matter", err)
        except Exception as exc:
            result = StepFailed("matter", unexpected(exc))
        if not get_current_worker().is_cancelled:  # another matter was chosen meanwhile
            self.post_message(result)

    def on_matter_loaded(self, message: MatterLoaded) -> None:
        message.stop()
        m = message.matter
        restoring, self.restoring = self.restoring, None
        self.matter = m
        self.issued = self.delivery = None
        self.query_one("#matter-title", Static).update(
            Text.assemble((safe_for_terminal(m.code), "bold"), " ", (safe_for_terminal(m.name), "bold")))
        self.query_one("#guide", Prose).update(guide_text(self.t, m))
        self.query_one("#guide-pane").scroll_home(animate=False)
        self.query_one("#result", Prose).update(self.result_idle())
        checklist = self.query_one(MaterialChecklist)
        if restoring is not None and restoring.matter_code == m.code:
            self.earlier = restoring.earlier
            known = {x.code for x in m.materials}
            checklist.load(m.materials, restoring.brought & known,
                           [i.code for i in self.earlier.items] if self.earlier else (), restoring.approved)
            self.update_basis()
            self.say(self.t("已恢复上次未完成的填写。"))
            self.set_pane(restoring.pane if restoring.pane != "result" else "checklist")
            self.remember()
            return
        self.earlier = None
        checklist.load(m.materials)
        self.update_basis()
        self.say("")
        self.remember()
        self.focus_pane("checklist" if self.has_class("-wide") else "guide")
        if self.visitor_key() != ("", ""):
            self.lookup()

    # The visitor and their earlier notice.

    def field_entered(self, field: FormInput) -> None:
        """Enter: name → ID number → phone → checklist; from the ID or phone, look up the last notice."""
        if field.id == "visitor-name":
            self.set_focus(self.query_one("#visitor-id", Input))
            return
        if field.id == "visitor-id":
            self.set_focus(self.query_one("#visitor-phone", Input))
        else:
            self.focus_pane("checklist")
        # The digits typed just before Enter may still be queued on the field.
        field.after_queued_keys(self.lookup_if_known)

    def lookup_if_known(self) -> None:
        if self.visitor_key() != ("", ""):
            self.lookup()

    def after_typing(self, callback) -> None:
        """Run `callback` once the focused field has handled the keys typed before this one."""
        (self.focused or self).call_later(callback)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("visitor-id", "visitor-phone") and self.earlier is not None \
                and not self.same_visitor(self.earlier):
            # Another person now: the earlier notice no longer applies (Enter looks it up again).
            self.drop_earlier()
        self.remember()

    def drop_earlier(self) -> None:
        """No earlier notice applies (any more): nothing is marked as listed or approved."""
        self.earlier = None
        checklist = self.query_one(MaterialChecklist)
        checklist.listed.clear()
        checklist.approved.clear()
        checklist.redraw()
        self.update_basis()

    def same_visitor(self, notice: NoticeView) -> bool:
        """Whether the ID number or phone on screen is still the one `notice` was found by."""
        from ..services.notices import same_visitor

        return same_visitor(notice, *self.visitor_key())

    def lookup(self) -> None:
        if self.matter is None:
            self.say(self.t("请先选择事项，再查找此人以前的告知书。"))
            return
        id_number, phone = self.visitor_key()
        self.say(self.t("正在查找以前的告知书…"))
        self.find_earlier(self.app.db, self.app.clock, self.matter.code, id_number, phone)

    @work(thread=True, exclusive=True, group="lookup")
    def find_earlier(self, db: Database, clock: Clock, matter_code: str, id_number: str, phone: str) -> None:
        from ..services import notices

        try:
            found = notices.find_earlier(db, clock, matter_code, id_number, phone)
        except QuanchengError as err:
            result: Message = StepFailed("lookup", err)
        except Exception as exc:
            result = StepFailed("lookup", unexpected(exc))
        else:
            result = VisitorLookedUp(matter_code, found)
        if not get_current_worker().is_cancelled:  # a later Enter asked again
            self.post_message(result)

    def on_visitor_looked_up(self, message: VisitorLookedUp) -> None:
        message.stop()
        if self.matter is None or message.matter_code != self.matter.code:
            return
        notice = message.notice
        checklist = self.query_one(MaterialChecklist)
        if notice is None:
            if self.earlier is not None:
                self.drop_earlier()
            self.say(self.t("此人此事项没有告知书记录：按首次告知办理。"))
            self.remember()
            return
        self.earlier = notice
        name = self.query_one("#visitor-name", Input)
        if not name.value.strip():
            name.value = notice.applicant_name
        from ..services.notices import checklist_start

        start = checklist_start(self.matter, notice)
        checklist.load(self.matter.materials, start.brought, start.listed, start.approved)
        self.update_basis()
        self.say(self.t("已按告知书 {number} 设置材料清单。", number=notice.number), "ok")
        self.set_pane("checklist")
        self.remember()

    def local_date(self, moment) -> str:
        """A stored time as the office's date (the clock's time zone), e.g. 2026-03-16."""
        return moment.astimezone(self.app.clock.now().tzinfo).date().isoformat()

    def update_basis(self) -> None:
        basis = self.query_one("#basis", Prose)
        n = self.earlier
        if n is None:
            basis.update("")
            basis.display = False
            return
        text = Text(self.t("依据告知书 {number}（{date}）", number=n.number, date=self.local_date(n.issued_at)),
                    style="bold")
        text.append("\n" + self.t("只有其中所列 {n} 项可能仍缺；其他须领导审批。", n=len(n.items)))
        approved = self.query_one(MaterialChecklist).approved
        if approved:
            text.append("\n" + self.t("已审批补充要求 {n} 项。", n=len(approved)), style="magenta")
        basis.update(text)
        basis.display = True

    # Ticking and demanding materials.

    def toggle_material(self, code: str) -> None:
        checklist = self.query_one(MaterialChecklist)
        if code in checklist.brought and self.needs_approval(code):
            self.ask_leader(code)
            return
        checklist.set_brought(code, code not in checklist.brought)
        self.remember()

    def require_material(self, code: str) -> None:
        """R: the visitor must bring this one (again): free on a first notice, else only if it was listed."""
        checklist = self.query_one(MaterialChecklist)
        name = checklist.material(code).name
        if self.needs_approval(code):
            self.ask_leader(code)
            return
        checklist.set_brought(code, False)
        if self.earlier is None:
            self.say(self.t("“{material}”记为未带来，将列入告知书。", material=name))
        else:
            self.say(self.t("“{material}”已在告知书 {number} 中列明，无需审批。", material=name,
                            number=self.earlier.number))
        self.remember()

    def needs_approval(self, code: str) -> bool:
        from ..services.notices import needs_approval

        return needs_approval(self.earlier, code, self.query_one(MaterialChecklist).approved)

    def ask_leader(self, code: str) -> None:
        from .leader_approval import LeaderApprovalScreen

        assert self.earlier is not None
        name = self.query_one(MaterialChecklist).material(code).name
        number, date = self.earlier.number, self.local_date(self.earlier.issued_at)
        self.say(self.t("“{material}”不在第一次的告知书 {number} 中：再要求它违反一次性告知，须值班领导审批。",
                        material=name, number=number), "error")
        self.app.push_screen(
            LeaderApprovalScreen(self.t, notice_number=number, notice_date=date, material_code=code,
                                 material_name=name),
            lambda breach: self.approval_done(code, breach),
        )

    def approval_done(self, code: str, breach: BreachView | None) -> None:
        checklist = self.query_one(MaterialChecklist)
        name = checklist.material(code).name
        if breach is None:
            self.say(self.t("未经审批：“{material}”不要求补交，材料清单没有改变。", material=name))
            return
        checklist.approved.add(code)
        checklist.set_brought(code, False)
        self.update_basis()
        self.say(self.t("已记录：补充要求“{material}”经值班领导 {leader} 审批（计入违反一次性告知）。",
                        material=name, leader=breach.approved_by), "ok")
        self.remember()

    def action_require(self) -> None:
        m = self.query_one(MaterialChecklist).current
        if m is None:
            self.say(self.t("请先选择事项。"))
            return
        self.require_material(m.code)

    # Issuing the notice.

    def action_issue(self) -> None:
        self.after_typing(self.issue_now)

    def issue_now(self) -> None:
        if self.busy:
            return
        if self.matter is None:
            self.say(self.t("请先选择事项。"), "error")
            self.set_focus(self.query_one(MatterSearch).input)
            return
        if self.issued is not None:
            self.say(self.t("本次接待已出具告知书 {number}；按 Ctrl+N 开始新的接待。", number=self.issued.number))
            self.set_pane("result")
            return
        name = self.visitor_value("visitor-name")
        if not name.strip():
            self.say(self.t("请填写申请人姓名。"), "error")
            self.set_focus(self.query_one("#visitor-name", Input))
            return
        from ..services.notices import Applicant

        checklist = self.query_one(MaterialChecklist)
        brought = [m.code for m in checklist.materials if m.code in checklist.brought]
        applicant = Applicant(name, self.visitor_value("visitor-id"), self.visitor_value("visitor-phone"))
        self.busy = True
        self.say(self.t("正在出具告知书…"))
        app = self.app
        self.issue(app.db, app.actor, app.clock, self.matter, brought, applicant, app.settings)

    @work(thread=True, group="issue")
    def issue(self, db: Database, actor: Actor, clock: Clock, matter: MatterView, brought: list[str],
              applicant: Applicant, settings: Settings) -> None:
        from ..services import forms, notices

        step = "issue"
        try:
            view = notices.issue_notice(db, actor, clock, matter.code, brought, applicant)
            self.post_message(NoticeIssued(view))
            step = "deliver"
            # The same notice form as the registration screen and `case print --form notice`.
            delivery = forms.deliver_form("notice", forms.notice_form(db, actor, clock, view.number), settings)
        except QuanchengError as err:
            self.post_message(StepFailed(step, err))
        except Exception as exc:
            self.post_message(StepFailed(step, unexpected(exc)))
        else:
            self.post_message(NoticeDelivered(view.number, delivery))

    def on_notice_issued(self, message: NoticeIssued) -> None:
        message.stop()
        self.busy = False
        self.issued = message.notice
        self.forget()
        self.show_result()
        self.say(self.t("已出具告知书 {number}，正在生成 PDF…", number=message.notice.number), "ok")
        self.focus_pane("result")

    def on_notice_delivered(self, message: NoticeDelivered) -> None:
        message.stop()
        if self.issued is None or self.issued.number != message.number:
            return
        self.delivery = message.delivery
        self.show_result()
        d = message.delivery
        if d.printed:
            self.say(self.t("已出具告知书 {number}，已送打印机。", number=message.number), "ok")
        else:
            self.say(self.t("已出具告知书 {number}，已保存为 PDF。", number=message.number), "ok")

    def show_result(self) -> None:
        n = self.issued
        result = self.query_one("#result", Prose)
        result.update(self.result_idle() if n is None else issued_text(self.t, n, self.delivery))

    def on_step_failed(self, message: StepFailed) -> None:
        message.stop()
        err = message.error
        if message.step == "matter":
            self.restoring = None
            self.query_one("#matter-title", Static).update(
                (self.matter and Text(f"{self.matter.code} {self.matter.name}", style="bold")) or self.t("尚未选择事项"))
            self.fail(err)
            return
        if message.step == "deliver":
            # The notice is stored; only the paper (or file) failed.
            self.fail(err)
            self.delivery = None
            self.query_one("#result", Prose).update(
                Text(self.t("告知书已出具，但未能打印或保存：{reason}", reason=self.t.error(err)), style="red"))
            return
        self.busy = False
        self.fail(err)
        label = err.params.get("field")
        field_id = FIELD_OF_LABEL.get(label) if isinstance(label, str) else None
        if field_id is not None:
            self.set_focus(self.query_one(f"#{field_id}", Input))

    # Actions.

    def action_back(self) -> None:
        self.app.go_main()

    def action_new_visit(self) -> None:
        """Ctrl+N: the next visitor. The matter stays chosen; ticks, visitor and result are cleared."""
        if self.busy:
            return
        self.forget()
        for field_id, _label in VISITOR_FIELDS:
            self.query_one(f"#{field_id}", Input).value = ""
        self.earlier = self.issued = self.delivery = None
        self.query_one(MaterialChecklist).load(self.matter.materials if self.matter else ())
        self.update_basis()
        self.show_result()
        self.say(self.t("已清空，开始新的接待。"))
        self.set_pane("guide" if self.matter is None else "checklist")
        self.set_focus(self.query_one(MatterSearch).input)
        self.forget()

    # The draft.

    def remember(self) -> None:
        """Keep what is on screen for this user until the notice is issued."""
        actor = self.app.actor
        if actor is None or self.issued is not None or self.restoring is not None or not self.is_mounted:
            return
        checklist = self.query_one(MaterialChecklist)
        visitor = {field_id: self.visitor_value(field_id) for field_id, _label in VISITOR_FIELDS}
        drafts(self.app)[actor.login] = NoticeDraft(
            query=self.query_one(MatterSearch).input.value,
            matter_code=self.matter.code if self.matter else None,
            brought=frozenset(checklist.brought), approved=frozenset(checklist.approved),
            earlier=self.earlier, visitor=visitor, pane=self.pane,
        )

    def forget(self) -> None:
        actor = self.app.actor
        if actor is not None:
            drafts(self.app).pop(actor.login, None)
