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

Every database call and the PDF run in thread workers that only post
messages; the handlers below apply them on the UI thread. The draft (matter,
ticks, visitor) survives leaving the screen, for the same user, until the
notice is issued or Ctrl+N starts a new visit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..domain import masking
from ..domain.text import safe_for_terminal
from ..errors import N_, QuanchengError
from ..widgets.form import FormInput
from ..widgets.header import StatusLine
from ..widgets.matter_search import MatterChosen, MatterSearch
from .base import BaseScreen, unexpected

if TYPE_CHECKING:
    from ..documents.output import Delivery
    from ..i18n import Translator
    from ..services.catalog_views import MaterialView, MatterView
    from ..services.context import Actor, Clock
    from ..services.notices import BreachView, NoticeView
    from ..settings import Settings
    from ..store.database import Database

# (input id, label msgid)
VISITOR_FIELDS = (
    ("visitor-name", N_("姓名")),
    ("visitor-id", N_("身份证")),
    ("visitor-phone", N_("电话号码")),
)
# The field label a service error names (its {field} parameter) -> the input it belongs to.
FIELD_OF_LABEL = {
    N_("申请人姓名"): "visitor-name", N_("身份证号"): "visitor-id",
    N_("联系电话"): "visitor-phone", N_("手机号码"): "visitor-phone",
}
PANES = (("f3", "guide", N_("指南")), ("f4", "checklist", N_("材料")), ("f6", "result", N_("结果")))
FORM_LABELS = {"original": N_("原件"), "copy": N_("复印件"), "either": N_("原件或复印件")}
CATEGORY_LABELS = {"own": N_("受理件"), "joint": N_("联办件"), "transfer": N_("移办件")}
KIND_LABELS = {"instant": N_("即办件"), "promised": N_("承诺件"), "report_up": N_("上报件")}
DAY_LABELS = {"working": N_("个工作日"), "natural": N_("个自然日")}
DELIVERY_REASONS = {
    "no_printer": N_("未设置打印机，请打开 PDF 打印。"),
    "no_lp": N_("本机没有 lp 打印命令，未能打印，请打开 PDF 打印。"),
    "bad_printer": N_("打印机名称“{printer}”无效，未能打印，请打开 PDF 打印。"),
    "lp_failed": N_("打印失败（{detail}），请打开 PDF 打印。"),
    "lp_timeout": N_("打印机无响应，请打开 PDF 打印。"),
}
WIDE = 110  # columns from which the guide stays beside the checklist


def print_folder(settings: Settings) -> Path:
    """Where forms are saved when they are not printed: the configured folder, else Documents/quancheng."""
    if settings.print_dir is not None:
        return Path(settings.print_dir).expanduser()
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "quancheng"


def clean_block(value: str) -> str:
    return safe_for_terminal("\n".join(line.rstrip() for line in value.strip().splitlines()))


# Chinese text wraps between any two characters, but Textual (like Rich) breaks lines only at
# spaces, so "1. 申请人向户籍所在地…" leaves "1." alone on a line and a name followed by a login
# leaves half a line empty. Prose folds its text itself, at the width it is given.

_NO_LINE_START = frozenset("，。、；：？！）》」』”’〕】…%,.;:?!)]}")
_NO_LINE_END = frozenset("（《「『“‘〔【([{")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def break_offsets(line: str, width: int) -> list[int]:
    """Where to break `line` (no newlines) so that no piece is wider than `width` cells.

    A break may come at a space or next to a wide (CJK) character; a piece does not
    start with closing punctuation nor end with opening punctuation when that can be
    helped; a word longer than the width is cut.
    """
    offsets: list[int] = []
    start = col = 0
    allowed: int | None = None
    i = 0
    while i < len(line):
        ch = line[i]
        if i > start and ch != " " and (line[i - 1] == " " or _wide(ch) or _wide(line[i - 1])):
            allowed = i
        w = cell_len(ch)
        if col + w > width and i > start and ch != " ":
            cut = allowed if allowed is not None and allowed > start else i
            if line[cut] in _NO_LINE_START and cut - 1 > start:
                cut -= 1
            if line[cut - 1] in _NO_LINE_END and cut - 1 > start:
                cut -= 1
            offsets.append(cut)
            start, allowed = cut, None
            col = cell_len(line[start:i])
            continue
        col += w
        i += 1
    return offsets


def fold(text: Text, width: int) -> Text:
    """`text` with a newline wherever a line would be wider than `width`."""
    width = max(width, 2)
    pieces: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        offsets = break_offsets(line.plain, width)
        parts = line.divide(offsets) if offsets else [line]
        for part in parts:
            part.rstrip()
            pieces.append(part)
    return Text("\n").join(pieces)


class Prose(Widget):
    """Read-only text (a str or a rich Text) folded as Chinese is: between any two characters."""

    DEFAULT_CSS = """
    Prose {
        height: auto;
    }
    """

    def __init__(self, content: str | Text = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = Text(content) if isinstance(content, str) else content
        self._folded: tuple[int, Text, Text] | None = None

    @property
    def plain(self) -> str:
        return self.text.plain

    def update(self, content: str | Text) -> None:
        self.text = Text(content) if isinstance(content, str) else content
        self.refresh(layout=True)

    def folded(self, width: int) -> Text:
        """The text folded at `width` (kept until the text or the width changes: layout asks often)."""
        if self._folded is None or self._folded[0] != width or self._folded[1] is not self.text:
            self._folded = (width, self.text, fold(self.text, width))
        return self._folded[2]

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.folded(width).plain.split("\n")) if self.text.plain else 0

    def render(self) -> Text:
        return self.folded(self.content_size.width)


# Worker results.


class MatterLoaded(Message):
    def __init__(self, matter: MatterView) -> None:
        super().__init__()
        self.matter = matter


class VisitorLookedUp(Message):
    def __init__(self, matter_code: str, notice: NoticeView | None) -> None:
        super().__init__()
        self.matter_code = matter_code
        self.notice = notice


class NoticeIssued(Message):
    def __init__(self, notice: NoticeView) -> None:
        super().__init__()
        self.notice = notice


class NoticeDelivered(Message):
    def __init__(self, number: str, delivery: Delivery) -> None:
        super().__init__()
        self.number = number
        self.delivery = delivery


class StepFailed(Message):
    """A worker's service call was refused; `step` says which: matter, lookup, issue or deliver."""

    def __init__(self, step: str, error: QuanchengError) -> None:
        super().__init__()
        self.step = step
        self.error = error


# The draft kept when the clerk leaves the screen (per app and login, in memory only).


@dataclass
class NoticeDraft:
    query: str = ""
    matter_code: str | None = None
    brought: frozenset[str] = frozenset()
    approved: frozenset[str] = frozenset()
    earlier: NoticeView | None = None
    visitor: dict[str, str] = field(default_factory=dict)
    pane: str = "guide"


_DRAFTS: WeakKeyDictionary[App, dict[str, NoticeDraft]] = WeakKeyDictionary()


def drafts(app: App) -> dict[str, NoticeDraft]:
    return _DRAFTS.setdefault(app, {})


# The checklist.


class MaterialChecklist(OptionList):
    """The matter's materials; ticked = the visitor brought it. Space or Enter ticks, R asks for it."""

    BINDINGS = [
        Binding("space,enter", "toggle", N_("勾选"), show=False),
        Binding("r", "require", N_("补充要求"), show=False),
    ]

    def __init__(self, t: Translator, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        self.t = t
        self.materials: tuple[MaterialView, ...] = ()
        self.brought: set[str] = set()
        self.listed: set[str] = set()  # what the earlier notice listed
        self.approved: set[str] = set()  # demands a leader approved beyond it

    def load(self, materials: Iterable[MaterialView], brought: Iterable[str] = (), listed: Iterable[str] = (),
             approved: Iterable[str] = ()) -> None:
        self.materials = tuple(materials)
        self.brought, self.listed, self.approved = set(brought), set(listed), set(approved)
        if self.materials:
            self.set_options(Option(self.prompt(i, m), id=m.code) for i, m in enumerate(self.materials, 1))
            self.highlighted = 0
        else:
            self.set_options([Option(Text(self.t("该事项没有申请材料"), style="dim"), disabled=True)])

    def material(self, code: str) -> MaterialView:
        return next(m for m in self.materials if m.code == code)

    @property
    def current(self) -> MaterialView | None:
        if self.highlighted is None or not self.materials:
            return None
        return self.materials[self.highlighted]

    def parts(self, number: int, m: MaterialView) -> tuple[Text, str, Text]:
        """The tick, the number, and name · form and copies · tags."""
        t = self.t
        have = m.code in self.brought
        mark = Text("[✓]" if have else "[ ]", style="bold green" if have else "bold")
        text = Text(safe_for_terminal(m.name))
        copies = t("{n} 份", n=m.copies) if m.copies else t("仅查验")
        text.append(f"  {t(FORM_LABELS.get(m.form, m.form))} {copies}", style="dim")
        if not m.required:
            text.append(f" · {t('可选')}", style="dim")
        if m.code in self.approved:
            text.append(f" · {t('补充要求（已审批）')}", style="bold magenta")
        elif m.code in self.listed:
            text.append(f" · {t('告知书所列')}", style="bold yellow")
        return mark, f"{number}. ", text

    def prompt(self, number: int, m: MaterialView) -> Table:
        """One option: wrapped lines stay indented under the name."""
        mark, num, text = self.parts(number, m)
        grid = Table.grid(expand=True)
        grid.add_column(width=4, no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        grid.add_row(mark, num, text)
        return grid

    def label(self, code: str) -> str:
        """The line shown for a material, as plain text."""
        i = [m.code for m in self.materials].index(code)
        mark, num, text = self.parts(i + 1, self.materials[i])
        return f"{mark.plain} {num}{text.plain}"

    def set_brought(self, code: str, have: bool) -> None:
        (self.brought.add if have else self.brought.discard)(code)
        self.redraw(code)

    def redraw(self, code: str | None = None) -> None:
        for i, m in enumerate(self.materials):
            if code is None or m.code == code:
                self.replace_option_prompt_at_index(i, self.prompt(i + 1, m))

    def action_toggle(self) -> None:
        m = self.current
        if m is not None:
            self.screen.toggle_material(m.code)

    def action_require(self) -> None:
        m = self.current
        if m is not None:
            self.screen.require_material(m.code)


class NoticeScreen(BaseScreen):
    CSS_PATH = "notice.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
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
        self.pane = "guide"  # shown below WIDE columns
        self.side = "checklist"  # shown beside the guide from WIDE columns
        self.draft: NoticeDraft | None = None
        self.restoring: NoticeDraft | None = None

    # Layout.

    def compose(self) -> ComposeResult:
        t = self.t
        app = self.app
        actor = app.actor
        self.draft = drafts(app).get(actor.login) if actor is not None else None
        draft = self.draft or NoticeDraft()
        label_width = max(cell_len(t(label)) for _id, label in VISITOR_FIELDS) + 1
        yield StatusLine(t)
        with Horizontal(id="columns"):
            with Vertical(id="left"):
                yield Static(t("事项（F2）"), classes="heading", markup=False)
                yield MatterSearch(t, village_only=self.village_only, value=draft.query, id="search")
                yield Static(t("申请人（F8）"), classes="heading", id="visitor-heading", markup=False)
                for field_id, label in VISITOR_FIELDS:
                    with Horizontal(classes="row"):
                        yield Label(t(label), classes="label").set_styles(f"width: {label_width};")
                        yield FormInput(draft.visitor.get(field_id, ""), id=field_id, compact=True,
                                        max_length=100 if field_id == "visitor-name" else 30)
                yield Static(t("证号/电话处回车查旧告知书"), id="visitor-hint", markup=False)
            with Vertical(id="right"):
                yield Static(t("尚未选择事项"), id="matter-title", markup=False)
                yield Static("", id="tabs")
                with Horizontal(id="panes"):
                    with VerticalScroll(id="guide-pane", classes="pane"):
                        yield Prose(self.guide_hint(), id="guide")
                    with Vertical(id="checklist-pane", classes="pane"):
                        yield Prose("", id="basis")
                        yield MaterialChecklist(t, id="checklist")
                        yield Prose(self.checklist_hint(), id="checklist-hint")
                    with VerticalScroll(id="result-pane", classes="pane"):
                        yield Prose(self.result_idle(), id="result")
                yield Prose("", id="message")
        yield Footer()

    @property
    def village_only(self) -> bool:
        from ..domain.roles import Role

        actor = self.app.actor
        return actor is not None and actor.role is Role.AGENT

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(MaterialChecklist).load(())
        self.set_pane("guide")
        draft = self.draft
        if draft is not None and draft.matter_code:
            self.restoring = draft
            self.load_matter(self.app.db, draft.matter_code)
        self.set_focus(self.query_one(MatterSearch).input)

    def guide_hint(self) -> str:
        return self.t("请在左侧输入事项编码、名称或拼音首字母（如 dbsq），上下键选择，回车确定。")

    def checklist_hint(self) -> str:
        return self.t("空格勾选已带来的材料；R 补充要求；F5 出具告知书")

    def result_idle(self) -> str:
        settings = self.app.settings
        if settings.printer:
            where = self.t("出具后送打印机 {printer}（打印不成时保存到 {folder}）", printer=settings.printer,
                           folder=str(print_folder(settings)))
        else:
            where = self.t("出具后保存到 {folder}", folder=str(print_folder(settings)))
        return self.t("尚未出具告知书。") + "\n" + where

    def set_pane(self, pane: str) -> None:
        """Show `pane` (narrow), or put it beside the guide (wide)."""
        self.pane = pane
        if pane != "guide":
            self.side = pane
        for _key, name, _label in PANES:
            widget = self.query_one(f"#{name}-pane")
            widget.set_class(name == self.pane, "-active")
            widget.set_class(name == self.side, "-side")
        self.update_tabs()

    def update_tabs(self) -> None:
        wide = self.has_class("-wide")
        text = Text()
        for i, (key, name, label) in enumerate(PANES):
            shown = name == self.pane or (wide and name in ("guide", self.side))
            if i:
                text.append(" │ ", style="dim")
            text.append(f" {key.upper()} {self.t(label)} ", style="reverse bold" if shown else "dim")
        self.query_one("#tabs", Static).update(text)

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_tabs)

    def focus_pane(self, pane: str) -> None:
        self.set_pane(pane)
        target = {"guide": "#guide-pane", "checklist": "#checklist", "result": "#result-pane"}[pane]
        self.set_focus(self.query_one(target))  # now, so keys typed ahead go there

    # Messages on the message line.

    def say(self, text: str, kind: str = "info") -> None:
        line = self.query_one("#message", Prose)
        line.update(text)
        line.set_class(kind == "error", "-error")
        line.set_class(kind == "ok", "-ok")

    def fail(self, err: QuanchengError) -> None:
        self.say(self.t.error(err), "error")

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
        self.query_one("#guide", Prose).update(self.guide_text(m))
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

    def guide_text(self, m: MatterView) -> Text:
        """The whole 办事指南, label: value lines then the long sections, at any width."""
        t = self.t
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
            copies = t("{n} 份", n=x.copies) if x.copies else t("仅查验")
            text.append(f"{i}. {safe_for_terminal(x.name)}\n")
            details = [f"{t(FORM_LABELS.get(x.form, x.form))} {copies}"]
            if not x.required:
                details.append(t("可选"))
            details += [safe_for_terminal(note) for note in (x.note, x.sample) if note]
            text.append("   " + " · ".join(details) + "\n", style="dim")
        text.rstrip()
        return text

    # The visitor and their earlier notice.

    def visitor_value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def visitor_key(self) -> tuple[str, str]:
        return self.visitor_value("visitor-id").strip(), self.visitor_value("visitor-phone").strip()

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
        id_number, phone = self.visitor_key()
        digits = "".join(c for c in phone if c.isalnum() or c == "-")
        return bool((id_number and id_number.upper() == notice.id_number)
                    or (digits and notice.phone and digits == notice.phone))

    def lookup(self) -> None:
        if self.matter is None:
            self.say(self.t("请先选择事项，再查找此人以前的告知书。"))
            return
        id_number, phone = self.visitor_key()
        self.say(self.t("正在查找以前的告知书…"))
        self.find_earlier(self.app.db, self.app.clock, self.matter.code, id_number, phone)

    @work(thread=True, exclusive=True, group="lookup")
    def find_earlier(self, db: Database, clock: Clock, matter_code: str, id_number: str, phone: str) -> None:
        from ..domain import validators
        from ..services import notices

        try:
            found = None
            if id_number:
                id_number = validators.id_number(id_number, today=clock.today())
                found = notices.latest_for_visitor(db, matter_code, id_number=id_number)
            if found is None and phone:
                found = notices.latest_for_visitor(db, matter_code, phone=validators.phone(phone))
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
        listed = [i.code for i in notice.items]
        approved = [b.material_code for b in notice.breaches]
        known = {m.code for m in self.matter.materials}
        checklist.load(self.matter.materials, known - set(listed) - set(approved), listed, approved)
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
        checklist = self.query_one(MaterialChecklist)
        return self.earlier is not None and code not in checklist.listed and code not in checklist.approved

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
        self.issue(app.db, app.actor, app.clock, self.matter, brought, applicant, app.office, app.settings)

    @work(thread=True, group="issue")
    def issue(self, db: Database, actor: Actor, clock: Clock, matter: MatterView, brought: list[str],
              applicant, office, settings: Settings) -> None:
        from ..services import notices

        step = "issue"
        try:
            view = notices.issue_notice(db, actor, clock, matter.code, brought, applicant)
            self.post_message(NoticeIssued(view))
            step = "deliver"
            from ..documents.forms import render_pdf, render_text
            from ..documents.output import deliver
            from ..services import forms

            data = forms.notice(view, office, matter, issued_on=clock.today())
            delivery = deliver(render_pdf(data), render_text(data), f"告知书-{view.number}",
                               printer=settings.printer, folder=print_folder(settings))
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
        t = self.t
        n = self.issued
        if n is None:
            self.query_one("#result", Prose).update(self.result_idle())
            return
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
            copies = t("{n} 份", n=item.copies) if item.copies else t("仅查验")
            text.append(f"{i}. {safe_for_terminal(item.name)}")
            text.append(f"  {t(FORM_LABELS.get(item.form, item.form))} {copies}\n", style="dim")
        text.append("\n")
        d = self.delivery
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
        self.query_one("#result", Prose).update(text)

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
        field_id = FIELD_OF_LABEL.get(err.params.get("field"))
        if field_id is not None:
            self.set_focus(self.query_one(f"#{field_id}", Input))

    # Actions.

    def action_show(self, pane: str) -> None:
        self.focus_pane(pane)

    def action_focus_search(self) -> None:
        self.set_focus(self.query_one(MatterSearch).input)

    def action_focus_visitor(self) -> None:
        self.set_focus(self.query_one("#visitor-name", Input))

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
