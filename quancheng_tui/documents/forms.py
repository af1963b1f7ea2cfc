"""The printed forms of 全程协办, as PDF and plain text.

Each form takes one frozen dataclass and gives ``render_pdf(data) -> bytes`` and
``render_text(data) -> str`` (both dispatch on the dataclass), or
``build(data) -> Document`` for a caller that wants both from one build.

- ``NoticeData``    一次性告知书（协办提示卡）: everything missing, at once (domain §4)
- ``ReceiptData``   受理回执（协办回执）: materials received and the promised date (§3 登记)
- ``RefusalData``   否认报备反馈单（退回件）: reasons and legal basis (§2 退回件)
- ``TransferData``  移办告知单: the competent unit, its address and phone (§2 移办件)
- ``ReminderData``  催办单: due date and days left or overdue (§5)
- ``ReminderListData`` 催办单 of one 全程办事人: all their overdue and nearly due cases in one table
- ``ExtensionNoticeData`` 延长办理期限告知书: the new due date, its reason and basis, told to the applicant (§5)
- ``AcceptanceData`` 受理单: a case accepted after the correction of a one-time notice (003 第25条(一))
- ``DateChangeData`` 时限变更告知: the due date moved (e.g. the official holiday schedule was imported, §5)
- ``CaseLogData``   协办日志: the case's events for the applicant's signature (000 三(三))

What each form says (which case fields, which phones) is decided by ``services.forms``;
this module only lays it out. Every form carries ``contacts`` (the office's 咨询 and 投诉/监督
phones and the matter's, as ``Contacts``); a form built without them prints its older phone fields.

The forms are official documents and always Chinese, whatever the UI language.
Strings are printed as given (the caller decides whether a name or an ID
number is masked); control characters and escape sequences are removed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import N_, InputError
from .layout import Column, Document, clean

__all__ = [
    "LICENSING_NOTE",
    "LIGHT_TEXT",
    "PROMISE_TEXT",
    "SUSPENSION_NOTE",
    "AcceptanceData",
    "CaseLogData",
    "Contacts",
    "DateChangeData",
    "ExtensionNoticeData",
    "FormData",
    "LogEntry",
    "Material",
    "NoticeData",
    "ReceiptData",
    "RefusalData",
    "ReminderData",
    "ReminderItem",
    "ReminderListData",
    "TransferData",
    "build",
    "form_label",
    "format_date",
    "render_pdf",
    "render_text",
]

_FORM_LABELS = {"original": "原件", "copy": "复印件", "either": "原件或复印件"}
_FORM_CODES = {
    "original": "original", "copy": "copy", "either": "either",
    "原件": "original", "复印件": "copy", "复印": "copy", "原件或复印件": "either", "原件或复印": "either",
}

PROMISE_TEXT = (
    "本告知书一次性告知您所需补正的全部材料。您按本告知书补齐材料后，本中心不再要求您补交本告知书未列明的"
    "其他材料；如工作人员要求补交未列明的材料，您可以拒绝并拨打监督电话投诉。"
)
LICENSING_NOTE = (
    "依据《中华人民共和国行政许可法》第三十二条，申请材料不齐全或者不符合法定形式的，行政机关应当当场或者在"
    "五日内一次告知申请人需要补正的全部内容；逾期不告知的，自收到申请材料之日起即为受理。上述期限以工作日计算"
    "（该法第八十二条）。"
)
SUSPENSION_NOTE = (
    "依法需要听证、招标、拍卖、检验、检测、勘测、检疫、鉴定、专家评审的，所需时间不计算在承诺时限内，"
    "届时另行书面告知。"
)


def format_date(value: date | str | None) -> str:
    """2026-03-16 → 2026年3月16日 (a string is printed as given)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return clean(value, multiline=False)


def form_label(form: str) -> str:
    """original / copy / either (or their Chinese names) → 原件 / 复印件 / 原件或复印件."""
    code = _FORM_CODES.get(clean(form, multiline=False).lower())
    if code is None:
        raise InputError(N_("材料形式“{value}”无效，应为 original、copy 或 either"), value=clean(form, multiline=False))
    return _FORM_LABELS[code]


# A due date counted through a year whose official holiday schedule is not out yet (domain.md §5).
PROVISIONAL_NOTE = "（预计：该年度法定节假日安排尚未公布，公布后如有变化另行告知）"

@dataclass(frozen=True)
class Contacts:
    """The phones every form prints: the office's and, where the catalog has them, the matter's."""

    office_phone: str = ""  # 本中心咨询电话
    complaint_phone: str = ""  # 投诉/监督电话 of the office
    matter_phone: str = ""  # 本事项咨询电话 (the catalog's phone)
    matter_supervision_phone: str = ""  # 本事项监督电话, when the catalog has one
    clerk: str = ""  # 经办人


@dataclass(frozen=True)
class Material:
    """One material: missing (notice) or received (receipt)."""

    name: str
    form: str = "original"  # original | copy | either (原件 | 复印件 | 原件或复印件)
    copies: int = 1
    note: str = ""

    def __post_init__(self) -> None:
        form_label(self.form)
        if isinstance(self.copies, bool) or not isinstance(self.copies, int) or self.copies < 0:
            raise InputError(N_("份数应为不小于 0 的整数，实为“{value}”"), value=clean(self.copies, multiline=False))


@dataclass(frozen=True)
class NoticeData:
    """一次性告知书（协办提示卡）."""

    office: str
    number: str
    issued_on: date
    applicant: str
    matter_name: str
    matter_code: str
    missing: Sequence[Material]
    received_on: date | None = None  # when the (incomplete) application was handed in
    conditions: str = ""
    window: str = ""  # where to hand in the corrections, e.g. "2 号窗口"
    department: str = ""
    phone: str = ""
    basis: str = ""
    complaint_phone: str = ""
    licensing: bool = True  # a 行政许可: print the 行政许可法 第三十二条 note
    contacts: Contacts | None = None  # set by services.forms: the standard 联系电话 section


@dataclass(frozen=True)
class ReceiptData:
    """受理回执（协办回执）."""

    office: str
    case_number: str
    matter_name: str
    matter_code: str
    applicant: str
    materials: Sequence[Material]
    received_on: date
    due_on: date | None  # None: 即办件, done on the spot
    owner: str  # 全程办事人 (the clerk answerable for the case)
    owner_phone: str = ""
    complaint_phone: str = ""
    applicant_phone: str = ""
    limit: str = ""  # the promised limit as words, e.g. "15 个工作日"
    window: str = ""
    joint_units: Sequence[str] = field(default_factory=tuple)  # 联办件: the other units
    contacts: Contacts | None = None  # set by services.forms: the standard 联系电话 section
    provisional: bool = False  # the due date lies in a year without the official holiday schedule


@dataclass(frozen=True)
class RefusalData:
    """否认报备反馈单 (退回件)."""

    office: str
    number: str
    issued_on: date
    applicant: str
    matter_name: str
    matter_code: str
    reasons: Sequence[str]
    basis: str
    received_on: date | None = None
    case_number: str = ""
    clerk: str = ""
    phone: str = ""
    complaint_phone: str = ""
    remedy: str = "如对本决定不服，可以依法申请行政复议或者提起行政诉讼。"
    contacts: Contacts | None = None  # set by services.forms: the standard 联系电话 section


@dataclass(frozen=True)
class TransferData:
    """移办告知单."""

    office: str
    number: str
    issued_on: date
    applicant: str
    matter_name: str
    unit: str  # the competent unit
    address: str = ""
    phone: str = ""
    matter_code: str = ""
    contact: str = ""  # the person at the unit the case was handed to
    note: str = ""
    clerk: str = ""
    clerk_phone: str = ""
    contacts: Contacts | None = None  # set by services.forms: the standard 联系电话 section


@dataclass(frozen=True)
class ReminderData:
    """催办单."""

    office: str
    number: str
    issued_on: date
    case_number: str
    matter_name: str
    owner: str
    due_on: date
    days_left: int  # negative: overdue by that many days
    working_days: bool = True  # the limit counts working days (工作日), else natural days
    overdue: bool = False  # past the due date even when no working day has passed since (a Friday due date, seen on Saturday)
    applicant: str = ""
    handler: str = ""  # 具体办理人 of the current step
    received_on: date | None = None
    issued_by: str = ""  # 催办人
    note: str = ""
    contacts: Contacts | None = None  # set by services.forms: the standard 联系电话 section


@dataclass(frozen=True)
class ReminderItem:
    """One row of a per-owner 催办单."""

    case_number: str
    matter_name: str
    applicant: str  # masked by the caller: the sheet goes round the office
    received_on: date | None
    due_on: date
    days_left: int  # working days; negative: overdue by that many
    light: str  # red | due_today | yellow | green


@dataclass(frozen=True)
class ReminderListData:
    """催办单 of one 全程办事人, for them to sign and the duty leader to see."""

    office: str
    number: str
    issued_on: date
    owner: str  # the name as printed
    items: Sequence[ReminderItem]
    owner_login: str = ""
    issued_by: str = ""  # 催办人
    note: str = ""
    contacts: Contacts | None = None  # set by services.forms: the standard 联系电话 section


@dataclass(frozen=True)
class ExtensionNoticeData:
    """延长办理期限告知书: handed to the applicant, so the name is printed in full."""

    office: str
    number: str
    issued_on: date
    applicant: str
    matter_name: str
    case_number: str
    received_on: date
    original_due_on: date
    new_due_on: date
    days: int
    reason: str
    basis: str
    matter_code: str = ""
    working_days: bool = True  # the limit counts working days (工作日), else natural days
    approved_by: str = ""  # the duty leader who approved, when one did
    clerk: str = ""  # who recorded the extension
    phone: str = ""
    complaint_phone: str = ""
    contacts: Contacts | None = None  # set by services.forms: the standard 联系电话 section


@dataclass(frozen=True)
class AcceptanceData:
    """受理单: the materials are complete after the correction; the promised limit runs from then."""

    office: str
    case_number: str
    issued_on: date  # the day of the correction (补正齐全)
    applicant: str
    matter_name: str
    matter_code: str
    received_on: date  # the first, incomplete application
    materials: Sequence[Material]
    due_on: date | None
    owner: str  # 全程办事人
    limit: str = ""  # the promised limit as words
    notice_number: str = ""  # the one-time notice that listed the corrections
    window: str = ""
    provisional: bool = False  # the due date lies in a year without the official holiday schedule
    contacts: Contacts | None = None


@dataclass(frozen=True)
class DateChangeData:
    """时限变更告知: the promised date moved without an extension (e.g. a holiday schedule imported)."""

    office: str
    number: str
    issued_on: date
    case_number: str
    applicant: str
    matter_name: str
    old_due_on: date
    new_due_on: date
    reason: str
    matter_code: str = ""
    received_on: date | None = None
    old_provisional: bool = False  # the old date was 预计 (provisional calendar)
    contacts: Contacts | None = None


@dataclass(frozen=True)
class LogEntry:
    """One line of the 协办日志."""

    on: date
    actor: str
    action: str
    detail: str = ""


@dataclass(frozen=True)
class CaseLogData:
    """协办日志: what was done, by whom and when; signed by the applicant (000 三(三))."""

    office: str
    case_number: str
    issued_on: date
    applicant: str
    matter_name: str
    matter_code: str
    received_on: date
    owner: str
    entries: Sequence[LogEntry]
    category: str = ""  # 受理件 / 联办件 / 移办件 as words
    kind: str = ""  # 即办件 / 承诺件 … as words
    status: str = ""  # 已办结 … as words
    due_on: date | None = None
    result: str = ""  # 办理结果 (the completion's or the refusal's words)
    contacts: Contacts | None = None


FormData = (NoticeData | ReceiptData | RefusalData | TransferData | ReminderData | ReminderListData
            | ExtensionNoticeData | AcceptanceData | DateChangeData | CaseLogData)

# The light of a case in words (the board's words): a printed sheet has no colour to rely on.
LIGHT_TEXT = {"red": "超期", "due_today": "今日到期", "yellow": "临近", "green": "正常"}


def _matter(name: str, code: str) -> str:
    name, code = clean(name, multiline=False), clean(code, multiline=False)
    return f"{name}（事项编码：{code}）" if code else name


def _section(doc: Document, title: str, items: list[tuple[str, object]]) -> None:
    """A heading and its fields, or nothing when every value is empty."""
    if any(clean(value) for _, value in items):
        doc.heading(title).fields(items)


def _contacts(doc: Document, c: Contacts | None) -> None:
    """The standard 联系电话 section (nothing when no phone or clerk is set)."""
    if c is None:
        return
    _section(doc, "联系电话", [
        ("经办人", c.clerk), ("本中心咨询电话", c.office_phone), ("投诉/监督电话", c.complaint_phone),
        ("本事项咨询电话", c.matter_phone), ("本事项监督电话", c.matter_supervision_phone),
    ])


def _copies(n: int) -> str:
    return f"{n} 份" if n else "仅查验"


def _notice(d: NoticeData) -> Document:
    doc = Document(title="一次性告知书", subtitle="（协办提示卡）", office=d.office, number=d.number,
                   date=format_date(d.issued_on),
                   footer="本告知书一式两份，申请人与受理窗口各执一份。")
    applicant = clean(d.applicant, multiline=False) or "申请人"
    when = f"于{format_date(d.received_on)}" if d.received_on else ""
    doc.paragraph(f"{applicant}：")
    doc.paragraph(f"您{when}申请办理的“{_matter(d.matter_name, d.matter_code)}”，经审查，申请材料不齐全或者不符合"
                  f"法定形式。现将需要补正的全部材料一次性告知如下（共 {len(d.missing)} 项）：", indent=True)
    doc.table(
        [Column("序号", align="C", fit=True), Column("材料名称", 3.0), Column("形式", align="C", fit=True),
         Column("份数", align="C", fit=True), Column("备注", 1.6)],
        [(str(i), m.name, form_label(m.form), _copies(m.copies), m.note) for i, m in enumerate(d.missing, 1)],
    )
    if clean(d.conditions):
        doc.heading("办理条件").paragraph(d.conditions)
    place = "　".join(p for p in (clean(d.department, multiline=False), clean(d.window, multiline=False)) if p)
    if d.contacts is None:
        _section(doc, "补正材料提交地点及咨询",
                 [("提交地点", place), ("咨询电话", d.phone), ("监督电话", d.complaint_phone), ("办理依据", d.basis)])
    else:
        _section(doc, "补正材料提交地点", [("提交地点", place), ("办理依据", d.basis)])
    doc.heading("承诺")
    doc.paragraph(PROMISE_TEXT, indent=True)
    if d.licensing:
        doc.paragraph(LICENSING_NOTE, indent=True)
    _contacts(doc, d.contacts)
    doc.signatures("协办员（签字）", "申请人（签收）")
    return doc


def _receipt(d: ReceiptData) -> Document:
    doc = Document(title="受理回执", subtitle="（协办回执）", office=d.office, number=d.case_number,
                   date=format_date(d.received_on),
                   footer="请妥善保管本回执，凭此查询办理进度、领取办理结果。本回执一式两份，申请人与受理窗口各执一份。")
    units = "、".join(clean(u, multiline=False) for u in d.joint_units if clean(u, multiline=False))
    doc.fields([
        ("办件编号", d.case_number),
        ("申请事项", _matter(d.matter_name, d.matter_code)),
        ("联办单位", units),
        ("申请人", d.applicant),
        ("联系电话", d.applicant_phone),
        ("受理日期", format_date(d.received_on)),
        ("承诺时限", d.limit),
        ("承诺办结日期", (format_date(d.due_on) + (PROVISIONAL_NOTE if d.provisional else "")) if d.due_on
         else "当场办结"),
        ("受理窗口", d.window),
        ("全程办事人", d.owner),
        ("办事人电话", d.owner_phone),
        ("监督投诉电话", d.complaint_phone if d.contacts is None else ""),
    ])
    doc.heading(f"已收材料（共 {len(d.materials)} 项）")
    doc.table(
        [Column("序号", align="C", fit=True), Column("材料名称", 3.0), Column("形式", align="C", fit=True),
         Column("份数", align="C", fit=True), Column("备注", 1.4)],
        [(str(i), m.name, form_label(m.form), _copies(m.copies), m.note) for i, m in enumerate(d.materials, 1)],
    )
    doc.paragraph("您的申请材料齐全、符合法定形式，本中心已予受理，将在承诺时限内办结并答复您。" + SUSPENSION_NOTE,
                  indent=True)
    _contacts(doc, d.contacts)
    doc.signatures("受理人（签字）", "申请人（签收）")
    return doc


def _refusal(d: RefusalData) -> Document:
    doc = Document(title="否认报备反馈单", subtitle="（退回件）", office=d.office, number=d.number,
                   date=format_date(d.issued_on), footer="本反馈单一式两份，申请人与受理窗口各执一份。")
    doc.fields([
        ("申请人", d.applicant),
        ("申请事项", _matter(d.matter_name, d.matter_code)),
        ("办件编号", d.case_number),
        ("申请日期", format_date(d.received_on)),
    ])
    applicant = clean(d.applicant, multiline=False) or "申请人"
    doc.spacer(0.5).paragraph(f"{applicant}：")
    doc.paragraph("经审查，您提出的申请不予受理（办理），现将理由和依据告知如下。", indent=True)
    doc.heading("理由")
    reasons = [clean(r) for r in d.reasons if clean(r)]
    if reasons:
        for i, reason in enumerate(reasons, 1):
            doc.paragraph(f"{i}. {reason}")
    else:
        doc.paragraph("（未填写）")
    doc.heading("依据")
    doc.paragraph(clean(d.basis) or "（未填写）")
    doc.heading("救济途径")
    doc.paragraph(d.remedy, indent=True)
    if d.contacts is None:
        _section(doc, "联系方式", [("经办人", d.clerk), ("咨询电话", d.phone), ("监督投诉电话", d.complaint_phone)])
    _contacts(doc, d.contacts)
    doc.signatures("经办人（签字）", "申请人（签收）")
    return doc


def _transfer(d: TransferData) -> Document:
    doc = Document(title="移办告知单", office=d.office, number=d.number, date=format_date(d.issued_on),
                   footer="本告知单一式两份，申请人与受理窗口各执一份。")
    applicant = clean(d.applicant, multiline=False) or "申请人"
    office = clean(d.office, multiline=False) or "本中心"
    doc.paragraph(f"{applicant}：")
    doc.paragraph(f"您申请办理的“{_matter(d.matter_name, d.matter_code)}”不属于{office}的受理范围。"
                  "根据首问负责制，现告知您到以下单位办理：", indent=True)
    doc.heading("承办单位")
    doc.fields([("单位名称", d.unit), ("地址", d.address), ("电话", d.phone), ("对接人", d.contact), ("备注", d.note)])
    if d.contacts is None:
        _section(doc, "本中心经办", [("经办人", d.clerk), ("联系电话", d.clerk_phone)])
    _contacts(doc, d.contacts)
    doc.signatures("经办人（签字）", "申请人（签收）")
    return doc


def _reminder(d: ReminderData) -> Document:
    unit = "个工作日" if d.working_days else "天"
    overdue = d.overdue or d.days_left < 0
    if overdue:
        state = f"已超期 {-d.days_left} {unit}" if d.days_left < 0 else "已超期（承诺办结日期已过）"
    elif d.days_left == 0:
        state = "今日到期"
    else:
        state = f"距承诺办结日期还有 {d.days_left} {unit}"
    doc = Document(title="催办单", office=d.office, number=d.number, date=format_date(d.issued_on),
                   footer="本催办单由承办人签收后交回，一份存档。")
    doc.fields([
        ("办件编号", d.case_number),
        ("申请事项", d.matter_name),
        ("申请人", d.applicant),
        ("受理日期", format_date(d.received_on)),
        ("承诺办结日期", format_date(d.due_on)),
        ("办理状态", state),
        ("全程办事人", d.owner),
        ("具体办理人", d.handler),
        ("催办人", d.issued_by),
        ("备注", d.note),
    ])
    doc.heading("催办事项")
    if overdue:
        doc.paragraph("该办件已超过承诺办结日期，请立即办理，于当日向催办人说明超期原因，并将办理进度告知申请人。",
                      indent=True)
    else:
        doc.paragraph("该办件即将到期，请在承诺办结日期前办结并答复申请人。", indent=True)
    doc.paragraph("确需延期的，应当在到期前说明理由、依据和新的办结日期，报值班领导同意后告知申请人，并登记在案。",
                  indent=True)
    _contacts(doc, d.contacts)
    doc.signatures("催办人（签字）", "承办人（签收）")
    return doc


def _reminder_list(d: ReminderListData) -> Document:
    # Landscape: eight columns of which six (numbers, dates) must not wrap.
    doc = Document(title="催办单", subtitle="（全程办事人汇总）", office=d.office, number=d.number,
                   date=format_date(d.issued_on), landscape=True,
                   footer="本催办单由全程办事人签收，值班领导阅示后交回，一份存档。")
    owner = clean(d.owner, multiline=False)
    login = clean(d.owner_login, multiline=False)
    if login and login != owner:
        owner = f"{owner}（{login}）" if owner else login
    counts = {light: sum(1 for i in d.items if i.light == light) for light in LIGHT_TEXT}
    doc.fields([
        ("全程办事人", owner),
        ("催办人", d.issued_by),
        ("合计", f"{len(d.items)} 件：超期 {counts['red']} 件，今日到期 {counts['due_today']} 件，"
               f"临近到期 {counts['yellow']} 件"),
        ("备注", d.note),
    ])
    doc.heading("催办案件")
    doc.paragraph("按承诺办结日期排序；剩余工作日为负数的，其绝对值为已超期的工作日数。", small=True)
    doc.table(
        [Column("序号", align="C", fit=True), Column("办件编号", fit=True), Column("申请事项"),
         Column("申请人", align="C", fit=True), Column("受理日期", align="C", fit=True),
         Column("承诺办结日期", align="C", fit=True), Column("剩余工作日", align="C", fit=True),
         Column("状态", align="C", fit=True)],
        [(str(n), i.case_number, i.matter_name, i.applicant,
          i.received_on.isoformat() if i.received_on else "", i.due_on.isoformat(), str(i.days_left),
          LIGHT_TEXT.get(i.light, i.light))
         for n, i in enumerate(sorted(d.items, key=lambda i: (i.due_on, i.case_number)), 1)],
        fit_share=0.75,
    )
    doc.heading("催办事项")
    doc.paragraph("已超期的办件，请立即办理，于当日向催办人说明超期原因，并将办理进度告知申请人；"
                  "即将到期的办件，请在承诺办结日期前办结并答复申请人。", indent=True)
    doc.paragraph("确需延期的，应当在到期前说明理由、依据和新的办结日期，报值班领导同意后告知申请人，并登记在案。",
                  indent=True)
    _contacts(doc, d.contacts)
    doc.signatures("催办人（签字）", "全程办事人（签收）", "值班领导（阅示）")
    return doc


def _extension_notice(d: ExtensionNoticeData) -> Document:
    unit = "个工作日" if d.working_days else "天"
    doc = Document(title="延长办理期限告知书", office=d.office, number=d.number, date=format_date(d.issued_on),
                   footer="本告知书一式两份，申请人与受理窗口各执一份。")
    applicant = clean(d.applicant, multiline=False) or "申请人"
    reason = clean(d.reason, multiline=False).rstrip("。；;，, ")
    basis = clean(d.basis, multiline=False).rstrip("。；;，, ")
    approved = f"经值班领导{clean(d.approved_by, multiline=False)}批准，" if clean(d.approved_by) else ""
    doc.paragraph(f"{applicant}：")
    doc.paragraph(
        f"您于{format_date(d.received_on)}申请办理的“{_matter(d.matter_name, d.matter_code)}”"
        f"（办件编号：{clean(d.case_number, multiline=False)}），原承诺于{format_date(d.original_due_on)}前办结。"
        f"因{reason}，不能在原承诺期限内办结。根据{basis}，{approved}办理期限延长 {d.days} {unit}，"
        f"延长后的办结日期为{format_date(d.new_due_on)}。特此告知。", indent=True)
    doc.heading("延期情况")
    doc.fields([
        ("办件编号", d.case_number),
        ("申请事项", _matter(d.matter_name, d.matter_code)),
        ("申请人", d.applicant),
        ("受理日期", format_date(d.received_on)),
        ("原承诺办结日期", format_date(d.original_due_on)),
        ("延长期限", f"{d.days} {unit}"),
        ("延长后办结日期", format_date(d.new_due_on)),
        ("延期理由", d.reason),
        ("延期依据", d.basis),
        ("批准人", d.approved_by),
    ])
    doc.spacer(0.5).paragraph("本中心将加快办理，并及时告知您最新进展。如有疑问，请拨打咨询电话；对延期有异议的，"
                  "可以拨打监督投诉电话反映。", indent=True)
    if d.contacts is None:
        _section(doc, "联系方式", [("经办人", d.clerk), ("咨询电话", d.phone), ("监督投诉电话", d.complaint_phone)])
    _contacts(doc, d.contacts)
    doc.signatures("经办人（签字）", "申请人（签收）")
    return doc


def _acceptance(d: AcceptanceData) -> Document:
    doc = Document(title="受理单", office=d.office, number=d.case_number, date=format_date(d.issued_on),
                   footer="请妥善保管本受理单，凭此查询办理进度、领取办理结果。本受理单一式两份，申请人与受理窗口各执一份。")
    due = format_date(d.due_on) if d.due_on else "当场办结"
    if d.due_on and d.provisional:
        due += PROVISIONAL_NOTE
    doc.fields([
        ("办件编号", d.case_number),
        ("申请事项", _matter(d.matter_name, d.matter_code)),
        ("申请人", d.applicant),
        ("申请日期", format_date(d.received_on)),
        ("一次性告知书", d.notice_number),
        ("补正齐全日期", format_date(d.issued_on)),
        ("承诺时限", d.limit),
        ("承诺办结日期", due),
        ("受理窗口", d.window),
        ("全程办事人", d.owner),
    ])
    doc.heading(f"已收材料（共 {len(d.materials)} 项）")
    doc.table(
        [Column("序号", align="C", fit=True), Column("材料名称", 3.0), Column("形式", align="C", fit=True),
         Column("份数", align="C", fit=True)],
        [(str(i), m.name, form_label(m.form), _copies(m.copies)) for i, m in enumerate(d.materials, 1)],
    )
    doc.paragraph("您已按一次性告知书补齐申请材料，本中心予以受理。承诺时限自补正齐全之日的次日起计算，"
                  "将在承诺时限内办结并答复您。" + SUSPENSION_NOTE, indent=True)
    _contacts(doc, d.contacts)
    doc.signatures("受理人（签字）", "申请人（签收）")
    return doc


def _date_change(d: DateChangeData) -> Document:
    doc = Document(title="办理时限变更告知书", office=d.office, number=d.number, date=format_date(d.issued_on),
                   footer="本告知书一式两份，申请人与受理窗口各执一份。")
    applicant = clean(d.applicant, multiline=False) or "申请人"
    reason = clean(d.reason, multiline=False).rstrip("。；;，, ")
    old = format_date(d.old_due_on) + ("（预计）" if d.old_provisional else "")
    when = f"于{format_date(d.received_on)}" if d.received_on else ""
    doc.paragraph(f"{applicant}：")
    doc.paragraph(
        f"您{when}申请办理的“{_matter(d.matter_name, d.matter_code)}”（办件编号：{clean(d.case_number, multiline=False)}），"
        f"原告知的承诺办结日期为{old}。" + (f"因{reason}，" if reason else "")
        + f"承诺办结日期变更为{format_date(d.new_due_on)}。承诺时限本身不变。特此告知。", indent=True)
    doc.heading("变更情况")
    doc.fields([
        ("办件编号", d.case_number),
        ("申请事项", _matter(d.matter_name, d.matter_code)),
        ("申请人", d.applicant),
        ("受理日期", format_date(d.received_on)),
        ("原承诺办结日期", old),
        ("变更后办结日期", format_date(d.new_due_on)),
        ("变更原因", d.reason),
    ])
    _contacts(doc, d.contacts)
    doc.signatures("经办人（签字）", "申请人（签收）")
    return doc


def _case_log(d: CaseLogData) -> Document:
    doc = Document(title="协办日志", office=d.office, number=d.case_number, date=format_date(d.issued_on),
                   footer="协办事项办结后，由协办员填写本日志，经服务对象核对签字后存档。")
    doc.fields([
        ("办件编号", d.case_number),
        ("申请人", d.applicant),
        ("申请事项", _matter(d.matter_name, d.matter_code)),
        ("办件分类", "　".join(p for p in (clean(d.category, multiline=False), clean(d.kind, multiline=False)) if p)),
        ("受理日期", format_date(d.received_on)),
        ("承诺办结日期", format_date(d.due_on)),
        ("全程办事人", d.owner),
        ("办理状态", d.status),
    ])
    doc.heading(f"办理经过（共 {len(d.entries)} 条）")
    doc.table(
        [Column("序号", align="C", fit=True), Column("日期", align="C", fit=True), Column("经办人", align="C", fit=True),
         Column("事项", align="C", fit=True), Column("内容", 2.0)],
        [(str(i), e.on.isoformat(), e.actor, e.action, e.detail) for i, e in enumerate(d.entries, 1)],
        fit_share=0.7,
    )
    doc.heading("办理结果")
    doc.paragraph(clean(d.result) or "（尚未办结）")
    _contacts(doc, d.contacts)
    doc.signatures("协办员（签字）", "服务对象（签字）")
    return doc


from .bulletin import AccountabilityBulletinData, accountability_bulletin  # noqa: E402 (it uses _contacts above)

_BUILDERS: dict[type, Callable[[Any], Document]] = {
    NoticeData: _notice,
    ReceiptData: _receipt,
    RefusalData: _refusal,
    TransferData: _transfer,
    ReminderData: _reminder,
    ReminderListData: _reminder_list,
    ExtensionNoticeData: _extension_notice,
    AcceptanceData: _acceptance,
    DateChangeData: _date_change,
    CaseLogData: _case_log,
    AccountabilityBulletinData: accountability_bulletin,  # issue 15: documents/bulletin.py
}


def build(data: FormData) -> Document:
    """The form as a Document (render it with ``to_pdf()`` and ``to_text()``)."""
    try:
        builder = _BUILDERS[type(data)]
    except KeyError:
        raise TypeError(f"not a form: {type(data).__name__}") from None
    return builder(data)


def render_pdf(data: FormData) -> bytes:
    return build(data).to_pdf()


def render_text(data: FormData) -> str:
    return build(data).to_text()
