"""F6 on the registration screen: change the proposed category or kind, with a reason.

Any change needs a reason; a 退回件 also its legal basis (003 第28条); a 移办件
names the unit the applicant goes to when the matter names none. The modal
checks that much itself, so the clerk fixes it here; everything else is the
service's to refuse. It closes with the `Override` (an empty one: back to the
proposal), or with None when cancelled: then nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioSet, Static

from ..domain import registration
from ..domain.cases import CATEGORY_LABELS, KIND_LABELS, Category, Kind
from ..domain.registration import Refusal
from ..errors import N_
from ..widgets.form import FormInput
from ..widgets.register_fields import ChoiceSet
from .base import BaseScreen
from .register_preview import Override, kind_label

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.catalog_views import MatterView
    from .register_preview import Preview

CATEGORIES = (Category.OWN, Category.JOINT, Category.TRANSFER)
KINDS = (Kind.INSTANT, Kind.PROMISED, Kind.REPORT_UP, Kind.NOTICE, Kind.REJECTED)
LABELS = (("reason", registration.REASON_FIELD), ("basis", registration.BASIS_FIELD), ("unit", N_("移办单位")),
          ("contact", N_("对接人")))


class OverrideScreen(BaseScreen, ModalScreen["Override | None"]):
    DEFAULT_CSS = """
    OverrideScreen {
        align: center middle;
    }
    OverrideScreen #dialog {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $warning;
        background: $surface;
    }
    OverrideScreen #override-title {
        text-style: bold;
    }
    OverrideScreen #override-proposal {
        color: $text-muted;
        margin-bottom: 1;
    }
    OverrideScreen .row {
        height: auto;
    }
    OverrideScreen .label {
        width: 10;
    }
    OverrideScreen Input {
        width: 1fr;
        background: $boost;
    }
    OverrideScreen ChoiceSet {
        width: 1fr;
        height: auto;
        layout: grid;
        grid-size: 5;
        grid-gutter: 0 2;
        grid-rows: 1;
        grid-columns: auto;
    }
    OverrideScreen #override-error {
        height: auto;
        color: $text-error;
        margin-top: 1;
    }
    OverrideScreen #override-hint {
        color: $text-muted;
    }
    """
    BINDINGS = [Binding("escape", "cancel", N_("取消，不作更改"))]

    def __init__(self, t: Translator, matter: MatterView, current: Preview, override: Override | None) -> None:
        super().__init__(t)
        self.matter = matter
        self.current = current
        self.override = override or Override()

    def compose(self) -> ComposeResult:
        t = self.t
        p = self.current.proposal
        proposed = kind_label(t, p.category, p.kind)
        kind = self.current.kind or (p.kind or Kind.PROMISED)
        o = self.override
        with Vertical(id="dialog"):
            yield Static(t("改变办件分类或类型"), id="override-title", markup=False)
            yield Static(t("系统建议：{proposal}。改变须写明理由；退回件还须写明法律依据。", proposal=proposed),
                         id="override-proposal", markup=False)
            with Horizontal(classes="row"):
                yield Label(t("办件分类"), classes="label")
                yield ChoiceSet(*(t(CATEGORY_LABELS[c]) for c in CATEGORIES),
                                codes=tuple(c.value for c in CATEGORIES), value=self.current.category.value,
                                id="override-category")
            with Horizontal(classes="row", id="kind-row"):
                yield Label(t("办件类型"), classes="label")
                yield ChoiceSet(*(t(KIND_LABELS[k]) for k in KINDS), codes=tuple(k.value for k in KINDS),
                                value=kind.value, id="override-kind")
            values = {"reason": o.reason, "basis": o.basis, "unit": o.transfer_unit, "contact": o.transfer_contact}
            for field_id, label in LABELS:
                with Horizontal(classes="row", id=f"{field_id}-row"):
                    yield Label(t(label), classes="label")
                    yield FormInput(values[field_id], id=f"override-{field_id}", compact=True,
                                    max_length=200 if field_id in ("unit", "contact") else 1000)
            yield Static("", id="override-error", markup=False)
            yield Static(t("方向键选择；回车到下一项，最后一项回车确定并登记；Esc 取消"), id="override-hint",
                         markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.sync()
        self.set_focus(self.query_one("#override-kind" if self.category() != Category.TRANSFER.value
                                      else "#override-category"))

    def category(self) -> str:
        return self.query_one("#override-category", ChoiceSet).value

    def kind(self) -> str | None:
        if self.category() == Category.TRANSFER.value:
            return None
        return self.query_one("#override-kind", ChoiceSet).value

    def sync(self) -> None:
        """Show the kind only when there is one; the unit fields only for a 移办件."""
        transfer = self.category() == Category.TRANSFER.value
        self.query_one("#kind-row").display = not transfer
        self.query_one("#unit-row").display = transfer
        self.query_one("#contact-row").display = transfer
        self.query_one("#basis-row").display = not transfer

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.call_after_refresh(self.sync)

    def value(self, field_id: str) -> str:
        return self.query_one(f"#override-{field_id}", Input).value.strip()

    def field_entered(self, field) -> None:
        """Enter: the next field; on the last one shown, check and close."""
        chain = [w for w in self.focus_chain if isinstance(w, (Input, ChoiceSet))]
        if field is chain[-1]:
            if isinstance(field, FormInput):
                field.after_queued_keys(self.submit)
            else:
                self.submit()
        else:
            self.focus_next()

    def submit(self) -> None:
        t = self.t
        p = self.current.proposal
        category, kind = self.category(), self.kind()
        override = Override(
            category=None if category == p.category.value else category,
            kind=None if kind == (p.kind.value if p.kind else None) else kind,
            reason=self.value("reason"),
            basis=self.value("basis") if category != Category.TRANSFER.value else "",
            transfer_unit=self.value("unit") if category == Category.TRANSFER.value else "",
            transfer_contact=self.value("contact") if category == Category.TRANSFER.value else "",
        )
        if override.category is None and override.kind is None:
            self.dismiss(Override())  # back to what the system proposes
            return
        # The service's rules (domain.registration), said here in the modal's words.
        refusal = registration.override_refusal(True, Kind(kind) if kind else None, self.current.complete,
                                                override.reason, override.basis)
        if refusal is Refusal.REASON:
            self.show_error(t("请填写改变的理由"), "reason")
            return
        if refusal is Refusal.BASIS:
            self.show_error(t("退回件须写明法律依据"), "basis")
            return
        if refusal is Refusal.NOTICE_COMPLETE:
            self.show_error(t("材料已齐全，无需出具一次性告知书"))
            return
        if category == Category.TRANSFER.value and not registration.transfer_to(self.matter, override.transfer_unit)[0]:
            self.show_error(t("请填写申请人应去的移办单位"), "unit")
            return
        self.dismiss(override)

    def show_error(self, text: str, field_id: str | None = None) -> None:
        self.query_one("#override-error", Static).update(text)
        if field_id is not None:
            self.set_focus(self.query_one(f"#override-{field_id}", Input))

    def action_cancel(self) -> None:
        self.dismiss(None)
