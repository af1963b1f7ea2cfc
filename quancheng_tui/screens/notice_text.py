"""What the notice screen shows: the matter's 办事指南 and the notice just issued, at any width.

The content comes from the services (the matter from the catalog, the notice as stored, with the
materials it lists); this module only puts it into words for the terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from ..domain import masking
from ..domain.cases import CATEGORY_LABELS as _CATEGORY_LABELS
from ..domain.cases import KIND_LABELS as _KIND_LABELS
from ..domain.text import safe_for_terminal
from ..errors import N_
from ..widgets.material_checklist import copies_text
from ..widgets.prose import clean_block
from .delivery_words import DELIVERY_REASONS

if TYPE_CHECKING:
    from ..documents.output import Delivery
    from ..i18n import Translator
    from ..services.catalog_views import MatterView
    from ..services.notices import NoticeView

__all__ = ["CATEGORY_LABELS", "DAY_LABELS", "KIND_LABELS", "guide_text", "issued_text"]

# A matter's category and kind as the catalog stores them -> the domain's one label table.
CATEGORY_LABELS = {category.value: label for category, label in _CATEGORY_LABELS.items()}
KIND_LABELS = {kind.value: label for kind, label in _KIND_LABELS.items()}
DAY_LABELS = {"working": N_("个工作日"), "natural": N_("个自然日")}


def guide_text(t: Translator, m: MatterView) -> Text:
    """The whole 办事指南, label: value lines then the long sections, at any width."""
    days = t(DAY_LABELS.get(m.day_kind, m.day_kind))
    kind = t(CATEGORY_LABELS.get(m.category, m.category))
    if m.kind:
        kind += " · " + t(KIND_LABELS.get(m.kind, m.kind))
    promised = (f"{m.promised_days} {days}" if m.promised_days else t("当场办结"))
    rows = [
        (t("承办部门"), m.department),
        (t("窗口"), m.window),
        (t("咨询电话"), m.phone),
        (t("办件类别"), kind),
        (t("法定时限"), f"{m.statutory_days} {days}" if m.statutory_days else t("法律未规定")),
        (t("承诺时限"), promised),
        (t("收费"), m.fees),
        (t("村级代办"), t("可以") if m.village else t("不可以")),
        (t("相关单位"), "、".join(m.units)),
        (t("单位地址"), m.unit_address),
        (t("单位电话"), m.unit_phone),
    ]
    rows = [(label, value) for label, value in rows if value]
    width = max(cell_len(label) for label, _ in rows) + 2
    text = Text()
    if not m.active:
        text.append(t("本事项已停用。") + "\n", style="bold red")
    for label, value in rows:
        text.append(label, style="bold")
        text.append(" " * (width - cell_len(label)))
        text.append(safe_for_terminal(value) + "\n")
    for title, value in ((t("办理依据"), m.basis), (t("办理条件"), m.conditions), (t("办理流程"), m.procedure)):
        if value.strip():
            text.append("\n" + title + "\n", style="bold underline")
            text.append(clean_block(value) + "\n")
    required = sum(1 for x in m.materials if x.required)
    text.append("\n" + t("申请材料（共 {n} 项，必交 {required} 项）", n=len(m.materials), required=required)
                + "\n", style="bold underline")
    for i, x in enumerate(m.materials, 1):
        text.append(f"{i}. {safe_for_terminal(x.name)}\n")
        details = [copies_text(t, x.form, x.copies)]
        if not x.required:
            details.append(t("可选"))
        details += [safe_for_terminal(note) for note in (x.note, x.sample) if note]
        text.append("   " + " · ".join(details) + "\n", style="dim")
    text.rstrip()
    return text


def issued_text(t: Translator, n: NoticeView, d: Delivery | None) -> Text:
    """The notice just issued (applicant masked: the counter screen is seen by others), its materials,
    and where its paper went (``d`` None: still being made)."""
    text = Text(t("已出具一次性告知书"), style="bold")
    text.append(f"\n{n.number}\n", style="bold green")
    who = masking.name(n.applicant_name)
    ident = masking.id_number(n.id_number) if n.id_number else masking.phone(n.phone)
    text.append(t("申请人：{name}", name=who) + (f"（{ident}）" if ident else "") + "\n")
    text.append(t("事项：{code} {name}", code=n.matter_code, name=n.matter_name) + "\n")
    if not n.id_number and not n.phone:
        text.append(t("未留身份证号或电话：回来时查不到这份告知书，请提醒申请人带上它。") + "\n", style="yellow")
    text.append("\n")
    text.append(t("所缺材料（共 {n} 项）：", n=len(n.items)) + "\n", style="bold")
    for i, item in enumerate(n.items, 1):
        text.append(f"{i}. {safe_for_terminal(item.name)}")
        text.append(f"  {copies_text(t, item.form, item.copies)}\n", style="dim")
    text.append("\n")
    if d is None:
        text.append(t("正在生成 PDF…"), style="italic")
    elif d.printed:
        job = f"（{t('作业 {job}', job=d.job)}）" if d.job else ""
        text.append(t("已送打印机 {printer}", printer=d.printer) + job, style="bold")
    else:
        folders = {path.parent for path in d.paths}
        if len(folders) == 1:  # the folder once, then the file names: fewer wrapped lines
            text.append(t("已保存到 {folder}：", folder=str(folders.pop())) + "\n", style="bold")
            for path in d.paths:
                text.append(f"{path.name}\n")
        else:
            text.append(t("已保存：") + "\n", style="bold")
            for path in d.paths:
                text.append(f"{path}\n")
        reason = DELIVERY_REASONS.get(d.reason or "")
        if reason:
            text.append(t(reason, printer=d.printer or "", detail=d.detail), style="yellow")
    text.append("\n\n" + t("Ctrl+N 开始新的接待。"), style="dim")
    return text
