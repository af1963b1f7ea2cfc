"""责任追究台账 (issue 15 item 3): the register, read, and a leader's decision on the highlighted entry.

Reached from the command palette (ctrl+p). A thread worker reads `accountability.list_entries`, which
first copies in the facts not there yet (overdue cases, notice breaches, substantiated complaints); u shows
only the entries without a decision, r reads again, d opens the decision dialog (a leader: one of 提醒,
告诫, 通报批评, 诫勉, 其他 by its number, and the reason). Who may not read it sees one line saying so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..domain.accountability import MEASURES, SOURCES
from ..errors import N_, QuanchengError
from ..widgets.form import FormInput
from ..widgets.header import StatusLine
from .base import BaseScreen, ServiceFailed, unexpected

if TYPE_CHECKING:
    from ..i18n import Translator
    from ..services.accountability import EntryView

COLUMNS = (("on", N_("日期"), 10), ("source", N_("类别"), 16), ("name", N_("责任人"), 8),
           ("summary", N_("情况"), 30), ("measure", N_("处理措施"), 10))


class EntriesLoaded(Message):
    def __init__(self, entries: list[EntryView]) -> None:
        super().__init__()
        self.entries = entries


class Decided(Message):
    def __init__(self, entry: EntryView) -> None:
        super().__init__()
        self.entry = entry


class DecisionScreen(BaseScreen, ModalScreen["EntryView | None"]):
    """A leader's decision on one entry: the measure (1–5 or ↑/↓) and the reason; Enter records it."""

    DEFAULT_CSS = """
    DecisionScreen { align: center middle; }
    DecisionScreen #dialog { width: 64; max-width: 100%; height: auto; max-height: 100%; padding: 0 1;
                             border: thick $accent; background: $surface; }
    DecisionScreen #decision-title { text-style: bold; }
    DecisionScreen #measures { height: auto; max-height: 7; }
    DecisionScreen .row { height: 1; margin-top: 1; }
    DecisionScreen .label { width: 10; }
    DecisionScreen Input { width: 1fr; }
    DecisionScreen #decision-error { height: auto; color: $text-error; }
    DecisionScreen #decision-hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("取消，不作更改"))]

    def __init__(self, t: Translator, entry: EntryView) -> None:
        super().__init__(t)
        self.entry = entry
        self.busy = False

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="dialog"):
            yield Static(t("处理决定：台账第 {id} 条（{name}）", id=self.entry.id, name=self.entry.name),
                         id="decision-title", markup=False)
            yield Static(self.entry.summary, markup=False)
            yield OptionList(*(Option(f"{n}  {t(label)}", id=code)
                               for n, (code, label) in enumerate(MEASURES.items(), 1)), id="measures")
            with Horizontal(classes="row"):
                yield Label(t("理由"), classes="label")
                yield FormInput(id="reason", compact=True, max_length=1000)
            yield Static("", id="decision-error", markup=False)
            yield Static(t("1–5 或 ↑/↓ 选择处理，回车填理由，再回车记录；Esc 取消"), id="decision-hint", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        options = self.query_one("#measures", OptionList)
        options.highlighted = 0
        self.set_focus(options)

    def on_key(self, event) -> None:
        # Digits pick a measure while the list has the focus; in the reason they are typed (the Input takes them).
        if event.character is not None and len(event.character) == 1 and event.character in "12345":
            event.stop()
            self.query_one("#measures", OptionList).highlighted = int(event.character) - 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.set_focus(self.query_one("#reason", Input))

    def field_entered(self, field: FormInput) -> None:
        field.after_queued_keys(self.submit)

    def submit(self) -> None:
        if self.busy:
            return
        options = self.query_one("#measures", OptionList)
        index = options.highlighted or 0
        measure = options.get_option_at_index(index).id or "remind"
        self.busy = True
        self.decide(measure, self.query_one("#reason", Input).value)

    @work(thread=True, exclusive=True, group="decide")
    def decide(self, measure: str, reason: str) -> None:
        from ..services import accountability

        app = self.app
        try:
            view = accountability.decide(app.db, app.me, app.clock, self.entry.id, measure, reason)
        except QuanchengError as err:
            self.post_message(ServiceFailed(err))
        except Exception as exc:
            self.post_message(ServiceFailed(unexpected(exc)))
        else:
            self.post_message(Decided(view))

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.busy = False
        self.query_one("#decision-error", Static).update(self.t.error(message.error))

    def on_decided(self, message: Decided) -> None:
        message.stop()
        self.dismiss(message.entry)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AccountabilityScreen(BaseScreen):
    DEFAULT_CSS = """
    AccountabilityScreen #summary { height: 1; padding: 0 1; }
    AccountabilityScreen #entries { height: 1fr; }
    AccountabilityScreen #message { height: auto; padding: 0 1; color: $text-error; }
    """
    BINDINGS = [
        Binding("escape", "back", N_("返回"), priority=True),
        Binding("d", "decide", N_("处理决定")),
        Binding("u", "toggle_undecided", N_("只看待处理")),
        Binding("r", "reload", N_("刷新")),
    ]

    def __init__(self, t: Translator) -> None:
        super().__init__(t)
        self.undecided = False
        self.entries: list[EntryView] = []

    def compose(self) -> ComposeResult:
        yield StatusLine(self.t)
        yield Static("", id="summary", markup=False)
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Static("", id="message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#entries", DataTable)
        width = self.app.size.width
        fixed = sum(w for key, _label, w in COLUMNS if key != "summary") + 2 * len(COLUMNS) + 2
        for key, label, w in COLUMNS:
            table.add_column(self.t(label), key=key, width=max(12, width - fixed) if key == "summary" else w)
        self.action_reload()

    def action_reload(self) -> None:
        self.load(self.undecided)

    def action_toggle_undecided(self) -> None:
        self.undecided = not self.undecided
        self.action_reload()

    def action_back(self) -> None:
        self.app.go_main()

    @work(thread=True, exclusive=True, group="accountability")
    def load(self, undecided: bool) -> None:
        from ..services import accountability

        app = self.app
        try:
            entries = accountability.list_entries(app.db, app.me, app.clock, undecided=undecided)
        except QuanchengError as err:
            self.post_message(ServiceFailed(err))
        except Exception as exc:
            self.post_message(ServiceFailed(unexpected(exc)))
        else:
            self.post_message(EntriesLoaded(entries))

    def on_entries_loaded(self, message: EntriesLoaded) -> None:
        message.stop()
        t = self.t
        self.entries = message.entries
        table = self.query_one("#entries", DataTable)
        table.clear()
        for e in self.entries:
            measure = t(MEASURES[e.decision.measure]) if e.decision else t("待处理")
            table.add_row(e.occurred_on.isoformat(), t(SOURCES[e.source]), e.name, e.summary, measure,
                          key=str(e.id))
        waiting = sum(1 for e in self.entries if e.decision is None)
        shown = t("只看待处理") if self.undecided else t("全部")
        self.query_one("#summary", Static).update(
            t("责任追究台账（{shown}）：{n} 条，待处理 {waiting} 条", shown=shown, n=len(self.entries), waiting=waiting))
        self.query_one("#message", Static).update("")
        table.focus()

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.query_one("#message", Static).update(self.t.error(message.error))

    def action_decide(self) -> None:
        table = self.query_one("#entries", DataTable)
        if not self.entries or table.cursor_row is None or not 0 <= table.cursor_row < len(self.entries):
            return
        entry = self.entries[table.cursor_row]

        def done(result: EntryView | None) -> None:
            if result is not None:
                self.notify(self.t("已记录处理决定：台账第 {id} 条，{measure}", id=result.id,
                                   measure=self.t(MEASURES[result.decision.measure]) if result.decision else ""))
                self.action_reload()

        self.app.push_screen(DecisionScreen(self.t, entry), done)
