"""A registered case: its slip (printed or saved, in a worker) and what the screen says about it.

The slip follows the case: 受理回执 for an accepted 即办件, 承诺件, 上报件 or 联办件,
一次性告知书 for a 提示件, 退回反馈单 for a 退回件, 移办告知单 for a 移办件. What each
says is decided by services.forms; the forms are official papers and always Chinese, and so are
their file names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ..domain import masking
from ..domain.cases import STATUS_LABELS, Category, Kind
from ..domain.text import safe_for_terminal
from ..services.forms.content import FORM_LABELS, FORM_STEMS
from .delivery_words import DELIVERY_REASONS
from .register_preview import date_text, days_text, kind_label

if TYPE_CHECKING:
    from ..documents.output import Delivery
    from ..i18n import Translator
    from ..services.case_views import CaseView
    from ..services.catalog_views import MatterView
    from ..services.context import Actor, Clock
    from ..services.database import Database
    from ..services.views import OfficeView
    from ..settings import Settings

# key -> (label msgid, file stem): the forms service's names (services.forms decides every form).
DOCUMENTS = {key: (FORM_LABELS[key], FORM_STEMS[key]) for key in ("receipt", "notice", "refusal", "transfer", "extension")}


def deliver_slip(db: Database, clock: Clock, actor: Actor, case: CaseView, matter: MatterView,
                 office: OfficeView | None, settings: Settings) -> tuple[str | None, Delivery | None]:
    """Print or save the case's slip (slow: fpdf2). (DOCUMENTS key, delivery); (None, None): no slip.

    Which slip and what it says is the forms service's (``forms.registration_slip``).
    """
    from ..services import forms

    found = forms.registration_slip(db, actor, clock, case, matter)
    if found is None:
        return None, None
    key, data = found
    return key, forms.deliver_form(key, data, settings)


def deliver_extension_notice(db: Database, clock: Clock, actor: Actor, settings: Settings, number: str,
                             event_id: int) -> Delivery:
    """The applicant's 延长办理期限告知书 for the extension just recorded (slow: fpdf2)."""
    from ..services import forms

    data = forms.form_for(db, actor, clock, number, "extension", event_id=event_id)
    return forms.deliver_form("extension", data, settings)


def result_text(t: Translator, c: CaseView, *, pending: bool, document: str | None = None,
                delivery: Delivery | None = None, failure: str | None = None) -> Text:
    """Under the big number: kind, status, applicant, due date, what is missing, where the slip went."""
    clean = safe_for_terminal
    text = Text(f" {kind_label(t, Category(c.category), Kind(c.kind) if c.kind else None)} ", style="bold reverse")
    status = STATUS_LABELS.get(c.status)
    text.append(f"  {t(status) if status else c.status}", style="bold")
    ident = masking.id_number(c.id_number) if c.id_number else c.credit_code
    text.append("\n" + t("申请人：{name}", name=clean(c.applicant_display(mask=True))) + (f"（{ident}）" if ident else ""))
    text.append("\n" + t("事项：{code} {name}", code=c.matter_code, name=clean(c.matter_name)))
    if c.kind == Kind.INSTANT.value:
        text.append("\n" + t("当场办结（{date}）", date=date_text(t, c.due_on or c.received_on)), style="bold")
    elif c.due_on is not None:
        text.append("\n" + t("办结期限：{days}，{date} 前", days=days_text(t, c.limit_days, c.day_kind),
                             date=date_text(t, c.due_on)), style="bold")
        if c.due_provisional:
            text.append(t("（预计，以 {year} 年节假日安排为准）", year=c.due_on.year), style="bold yellow")
    if c.missing_materials:
        names = {m.code: m.name for m in c.materials}
        text.append("\n" + t("所缺材料（共 {n} 项）：", n=len(c.missing_materials)), style="bold yellow")
        text.append("、".join(clean(names.get(code, code)) for code in c.missing_materials))
    if c.notice_number:
        text.append("\n" + t("一次性告知书：{number}", number=c.notice_number), style="bold")
    if c.category == Category.TRANSFER.value and c.units:
        text.append("\n" + t("请申请人到 {unit} 办理", unit=clean(c.units[0])))
        extra = " ".join(clean(x) for x in (c.unit_address, c.unit_phone) if x)
        if extra:
            text.append(f"（{extra}）")
    for warning in c.warnings:
        text.append("\n" + t("注意：{warning}", warning=t(warning)), style="yellow")
    text.append("\n\n")
    text.append_text(delivery_text(t, pending, document, delivery, failure))
    text.append("\n\n" + t("F8 开始新的登记；Esc 返回主界面。"), style="dim")
    return text


def delivery_text(t: Translator, pending: bool, document: str | None, d: Delivery | None,
                  failure: str | None) -> Text:
    if pending:
        return Text(t("正在生成单据…"), style="italic")
    if failure is not None:
        return Text(t("已登记，但未能打印或保存单据：{reason}", reason=failure), style="red")
    if document is None or d is None:
        return Text(t("本件无需出具单据。"), style="dim")
    name = t(DOCUMENTS[document][0])
    if d.printed:
        job = f"（{t('作业 {job}', job=d.job)}）" if d.job else ""
        return Text(t("{document}已送打印机 {printer}", document=name, printer=d.printer) + job, style="bold")
    text = Text(t("{document}已保存：", document=name) + "\n", style="bold")
    text.append("\n".join(str(path) for path in d.paths), style="")
    reason = DELIVERY_REASONS.get(d.reason or "")
    if reason and d.reason != "no_printer":
        text.append("\n" + t(reason, printer=d.printer or "", detail=d.detail), style="yellow")
    return text
