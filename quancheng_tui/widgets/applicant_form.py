"""The applicant on the registration screen: a person, or (toggled) an organisation.

A person: name, ID number, phone, address, village (a Select; fixed for a
village agent). An organisation: name, unified social credit code, contact,
phone. Both sets keep what was typed when the clerk switches between them.

ID number, phone and credit code are checked when the clerk leaves the field
(and again by `check_all` before registering); an error stands on the line
under its field, a credit code failing its check is a warning that still
allows saving. Editing a field clears its error until it is left again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from ..domain.text import safe_for_terminal
from ..errors import N_, InputError, QuanchengError
from .form import FormInput
from .register_fields import FormSelect

if TYPE_CHECKING:
    from datetime import date

    from ..app import QuanchengApp
    from ..i18n import Translator
    from ..services.views import VillageView

# (input id, label msgid, max length)
PERSON_FIELDS = (("p-name", N_("姓名"), 100), ("p-id", N_("身份证号"), 40), ("p-phone", N_("联系电话"), 30),
                 ("p-address", N_("住址"), 300))
ORG_FIELDS = (("o-name", N_("单位名称"), 200), ("o-credit", N_("信用代码"), 40), ("o-contact", N_("联系人"), 100),
              ("o-phone", N_("联系电话"), 30))
TEXT_FIELDS = tuple(f for f, _l, _n in PERSON_FIELDS + ORG_FIELDS)
LABELS = tuple(label for _f, label, _n in PERSON_FIELDS + ORG_FIELDS) + (N_("申请人"), N_("村（社区）"))
CHECKED = ("p-id", "p-phone", "o-credit", "o-phone")
# The field a service error names (its {field} parameter) -> the widget it belongs to; phones by type.
FIELD_OF_LABEL = {
    N_("申请人姓名"): "p-name", N_("身份证号"): "p-id", N_("住址"): "p-address", N_("所属村（社区）"): "p-village",
    N_("单位名称"): "o-name", N_("统一社会信用代码"): "o-credit", N_("联系人"): "o-contact",
}
PHONE_LABELS = (N_("联系电话"), N_("手机号码"))


class ApplicantFields(TypedDict, total=False):
    """The RegistrationInput keywords for the applicant: a person's or an organisation's."""

    name: str
    id_number: str
    phone: str
    address: str
    village: str | None
    org_name: str
    credit_code: str
    contact: str


def field_check(field_id: str, value: str, today: date) -> tuple[str | None, QuanchengError | None]:
    """(warning msgid, error) for what is typed in a checked field; both None when fine or empty."""
    from ..domain import validators

    if not value.strip():
        return None, None
    try:
        if field_id == "p-id":
            validators.id_number(value, today=today)
        elif field_id in ("p-phone", "o-phone"):
            validators.phone(value)
        elif field_id == "o-credit":
            return validators.credit_code(value).warning, None
    except InputError as err:
        return None, err
    return None, None


class ApplicantForm(Vertical):
    DEFAULT_CSS = """
    ApplicantForm {
        height: auto;
    }
    ApplicantForm .group, ApplicantForm .row {
        height: auto;
    }
    ApplicantForm #applicant-type {
        height: 1;
    }
    ApplicantForm .field-error {
        display: none;
        height: auto;
        color: $text-error;
    }
    ApplicantForm .field-error.shown {
        display: block;
    }
    ApplicantForm .field-error.-warning {
        color: $text-warning;
    }
    """

    if TYPE_CHECKING:  # the type checker's view of Textual's property
        app: QuanchengApp


    def __init__(self, t: Translator, *, label_width: int, values: dict[str, str] | None = None,
                 applicant_type: str = "person", agent_village: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.t = t
        self.label_width = label_width
        self.initial = values or {}
        self.kind = applicant_type
        self.agent_village = agent_village

    def compose(self) -> ComposeResult:
        t, width = self.t, self.label_width

        def row_label(msgid: str) -> Label:
            return Label(t(msgid), classes="label").set_styles(f"width: {width};")

        def slot(field_id: str) -> Static:
            return Static("", id=f"{field_id}-error", classes="field-error", markup=False).set_styles(
                f"margin-left: {width};")

        with Horizontal(classes="row"):
            yield row_label(N_("申请人"))
            yield Static(self.type_text(), id="applicant-type")
        for group, fields in (("person", PERSON_FIELDS), ("org", ORG_FIELDS)):
            with Vertical(id=group, classes="group"):
                for field_id, msgid, max_length in fields:
                    with Horizontal(classes="row"):
                        yield row_label(msgid)
                        yield FormInput(self.initial.get(field_id, ""), id=field_id, compact=True,
                                        max_length=max_length)
                    yield slot(field_id)
                if group == "person":
                    with Horizontal(classes="row"):
                        yield row_label(N_("村（社区）"))
                        yield FormSelect([], prompt=t("（不填）"), id="p-village", compact=True,
                                         disabled=self.agent_village is not None)
                    yield slot("p-village")

    def on_mount(self) -> None:
        self.show_kind()

    # Person or organisation.

    def type_text(self) -> Text:
        t = self.t
        text = Text()
        for kind, label in (("person", t("个人")), ("org", t("单位"))):
            on = self.kind == kind
            text.append(("● " if on else "○ ") + label + "   ", style="bold" if on else "dim")
        text.append(t("F3 切换"), style="dim")
        return text

    def show_kind(self) -> None:
        self.query_one("#person").display = self.kind == "person"
        self.query_one("#org").display = self.kind == "org"
        self.query_one("#applicant-type", Static).update(self.type_text())

    def toggle(self) -> None:
        """Person <-> organisation; focus follows when it was in the set now hidden."""
        hidden = self.query_one("#person" if self.kind == "person" else "#org")
        self.kind = "org" if self.kind == "person" else "person"
        self.show_kind()
        focused = self.screen.focused
        if focused is None or hidden in focused.ancestors:
            self.screen.set_focus(self.query_one(f"#{'p' if self.kind == 'person' else 'o'}-name", Input))

    @property
    def first_field(self) -> Input:
        return self.query_one("#p-name" if self.kind == "person" else "#o-name", Input)

    # Values.

    def value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def values(self) -> dict[str, str]:
        return {f: self.value(f) for f in TEXT_FIELDS}

    def village(self) -> str | None:
        if self.agent_village is not None:
            return self.agent_village
        select = self.query_one("#p-village", FormSelect)
        return None if select.is_blank() else str(select.value)

    def set_villages(self, villages: Iterable[VillageView], wanted: str | None) -> list[str]:
        select = self.query_one("#p-village", FormSelect)
        villages = list(villages)
        select.set_options((safe_for_terminal(v.name), v.code) for v in villages)
        codes = [v.code for v in villages]
        wanted = self.agent_village or wanted
        if wanted in codes:
            select.value = wanted
        return codes

    def registration_fields(self) -> ApplicantFields:
        """The RegistrationInput keywords for the applicant on screen."""
        if self.kind == "person":
            return {"name": self.value("p-name"), "id_number": self.value("p-id"), "phone": self.value("p-phone"),
                    "address": self.value("p-address"), "village": self.village()}
        return {"org_name": self.value("o-name"), "credit_code": self.value("o-credit"),
                "contact": self.value("o-contact"), "phone": self.value("o-phone"), "village": self.agent_village}

    def clear(self) -> None:
        """Empty, a person again; only what is not empty already is touched (no restyling for nothing)."""
        self.fill({}, "person")
        if self.agent_village is None:
            select = self.query_one("#p-village", FormSelect)
            if not select.is_blank():
                select.clear()
        self.clear_errors()

    def fill(self, values: dict[str, str], applicant_type: str) -> None:
        for field_id in TEXT_FIELDS:
            field = self.query_one(f"#{field_id}", Input)
            wanted = values.get(field_id, "")
            if field.value != wanted:
                field.value = wanted
        if self.kind != applicant_type:
            self.kind = applicant_type
            self.show_kind()

    def choose_village(self, code: str | None) -> None:
        select = self.query_one("#p-village", FormSelect)
        if self.agent_village is not None:
            return
        if code is None:
            if not select.is_blank():
                select.clear()
        elif select.value != code:
            select.value = code

    # Errors under the fields.

    def show_error(self, field_id: str, text: str, warning: bool = False) -> None:
        slot = self.query_one(f"#{field_id}-error", Static)
        slot.update(text)
        slot.set_class(True, "shown")
        slot.set_class(warning, "-warning")

    def clear_error(self, field_id: str) -> None:
        slot = self.query_one(f"#{field_id}-error", Static)
        if not slot.has_class("shown") and not slot.has_class("-warning"):
            return  # already clear: no new layout (F5 checks every field; issue 17)
        slot.update("")
        slot.set_class(False, "shown")
        slot.set_class(False, "-warning")

    def clear_errors(self) -> None:
        for field_id in TEXT_FIELDS + ("p-village",):
            if self.query_one(f"#{field_id}-error", Static).has_class("shown"):
                self.clear_error(field_id)

    def has_error(self, field_id: str) -> bool:
        slot = self.query_one(f"#{field_id}-error", Static)
        return slot.has_class("shown") and not slot.has_class("-warning")

    def check_field(self, field_id: str) -> bool:
        """Check one field now; show its error or warning under it. True unless an error."""
        warning, err = field_check(field_id, self.value(field_id), self.app.clock.today())
        if err is not None:
            self.show_error(field_id, self.t.error(err))
            return False
        if warning is not None:
            self.show_error(field_id, self.t(warning), warning=True)
        else:
            self.clear_error(field_id)
        return True

    def check_all(self, need_id: bool) -> Input | None:
        """Check every field of the set shown, all errors at once; the first field in error, or None."""
        person = self.kind == "person"
        fields = [f for f, _l, _n in (PERSON_FIELDS if person else ORG_FIELDS)]
        self.clear_errors()
        required = [("p-name", N_("申请人姓名"))] if person else [("o-name", N_("单位名称"))]
        if need_id:
            required.append(("p-id", N_("身份证号")) if person else ("o-credit", N_("统一社会信用代码")))
        for field_id, label in required:
            if not self.value(field_id).strip():
                self.show_error(field_id, self.t.error(InputError(N_("{field}不能为空"), field=label)))
        for field_id in (("p-id", "p-phone") if person else ("o-credit", "o-phone")):
            if not self.has_error(field_id):
                self.check_field(field_id)
        first = next((f for f in fields if self.has_error(f)), None)
        return self.query_one(f"#{first}", Input) if first else None

    def field_of(self, err: QuanchengError) -> str | None:
        """The field (of the set shown) a service error names, or None."""
        label = str(err.params.get("field", ""))
        person = self.kind == "person"
        field_id = ("p-phone" if person else "o-phone") if label in PHONE_LABELS else FIELD_OF_LABEL.get(label)
        if field_id is None or field_id.startswith("p-") != person:
            return None
        return field_id

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if event.input.id in CHECKED and self.is_mounted:
            self.check_field(event.input.id)

    def on_input_changed(self, event: Input.Changed) -> None:
        # Not stopped: the screen keeps the draft. A stale error goes; leaving the field checks again.
        if event.input.id in TEXT_FIELDS and self.has_error(event.input.id):
            self.clear_error(event.input.id)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.clear_error("p-village")
