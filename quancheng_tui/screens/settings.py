"""设置: the office's settings (name, phones, address, periods) and this counter's (printer, print folder,
slow-link mode), one line each, at 80×24.

↑/↓ move, Enter edits the line in the field below the list (Enter saves, Esc steps back without saving);
the slow-link line cycles 自动 → 开启 → 关闭 with Enter. The office's values change through
services.office_settings (admins; checked, audited), this machine's through settings.save_machine (the
config file; not over SSH, where the file is the server's). A bad value is one line naming the field and
nothing is saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..domain.roles import Role
from ..domain.text import safe_for_terminal
from ..errors import N_, QuanchengError
from ..widgets.header import StatusLine
from .base import BaseScreen, ServiceFailed, call_service

if TYPE_CHECKING:
    from textual import events

    from ..i18n import Translator
    from ..services.office_settings import OfficeSettings

# This machine's lines, after the office's (services.office_settings.FIELDS).
MACHINE_FIELDS = (("printer", N_("打印机")), ("print_dir", N_("打印文件夹")), ("lite", N_("慢速链路模式")))
LITE_WORDS = {None: N_("自动（经 SSH 登录时开启）"), True: N_("开启"), False: N_("关闭")}
LITE_NEXT = {None: True, True: False, False: None}


class Loaded(Message):
    def __init__(self, values: OfficeSettings) -> None:
        super().__init__()
        self.values = values


class Saved(Message):
    def __init__(self, values: OfficeSettings, key: str) -> None:
        super().__init__()
        self.values = values
        self.key = key


class PrintersFound(Message):
    def __init__(self, queues: list[str] | None) -> None:
        super().__init__()
        self.queues = queues


class SettingsScreen(BaseScreen):
    CSS_PATH = "settings.tcss"
    BINDINGS = [Binding("escape", "back", N_("返回"))]

    def __init__(self, t: Translator) -> None:
        super().__init__(t)
        self.values: OfficeSettings | None = None
        self.editing: str | None = None  # the key whose editor is open
        self.busy = False
        self.queues: list[str] | None = None  # lpstat's queues; None: no CUPS here
        self.queues_read = False

    def compose(self) -> ComposeResult:
        t = self.t
        yield StatusLine(t)
        with Vertical(id="body"):
            yield Static(t("设置"), id="title", markup=False)
            yield OptionList(id="rows")
            with Vertical(id="editor"):
                yield Static("", id="edit-label", markup=False)
                yield Input(id="edit-value")
                yield Static("", id="edit-hint", markup=False)
            yield Static("", id="message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#editor").display = False
        self.query_one("#rows", OptionList).focus()
        self.show_message(self.t("正在读取…"))
        self.load()
        self.find_printers()

    # Reading.

    @work(thread=True, exclusive=True, group="settings")
    def load(self) -> None:
        from ..services.office_settings import office_settings

        app = self.app
        call_service(self, lambda: office_settings(app.db, app.me), Loaded)

    @work(thread=True, group="printers")
    def find_printers(self) -> None:
        from ..services.forms.printing import printer_queues

        try:
            queues = printer_queues()
        except Exception:  # a broken CUPS client must not stop the settings screen: a name can be typed
            queues = None
        self.post_message(PrintersFound(queues))

    def on_loaded(self, message: Loaded) -> None:
        message.stop()
        self.values = message.values
        self.show_message(self.hint())
        self.render_rows()

    def on_printers_found(self, message: PrintersFound) -> None:
        message.stop()
        self.queues, self.queues_read = message.queues, True
        if self.editing == "printer":
            self.query_one("#edit-hint", Static).update(self.printer_hint())

    def on_service_failed(self, message: ServiceFailed) -> None:
        message.stop()
        self.busy = False
        self.show_message(self.t.error(message.error), error=True)
        if self.editing:
            self.query_one("#edit-value", Input).focus()

    # What is shown.

    @property
    def may_edit_office(self) -> bool:
        return self.app.me.role is Role.ADMIN

    @property
    def may_edit_machine(self) -> bool:
        return not self.app.settings.forced_login  # over SSH the config file is the server's

    def hint(self) -> str:
        if not self.may_edit_office:
            return self.t("中心设置仅管理员可修改；回车修改本机设置，Esc 返回。")
        return self.t("↑/↓ 选择，回车修改，Esc 返回。")

    def machine(self) -> dict[str, object]:
        from ..settings import configured_machine

        try:
            return configured_machine()
        except QuanchengError:
            return {"printer": self.app.settings.printer, "print_dir": None, "lite": None}

    def render_rows(self) -> None:
        from ..services.forms.printing import print_folder
        from ..services.office_settings import FIELDS

        t, v = self.t, self.values
        if v is None:
            return
        machine = self.machine()
        rows: list[tuple[str | None, str, str]] = [(None, t("本中心（{code}）", code=v.code), "")]
        for field in FIELDS:
            value = getattr(v, field.key)
            rows.append((field.key, t(field.label), str(value) if value != "" else t("（未填）")))
        rows.append((None, t("本机"), ""))
        printer = self.app.settings.printer
        rows.append(("printer", t("打印机"), printer or t("未设置：保存为 PDF")))
        folder = str(print_folder(self.app.settings))
        rows.append(("print_dir", t("打印文件夹"), folder if machine["print_dir"] else t("{folder}（默认）", folder=folder)))
        lite = machine["lite"]
        rows.append(("lite", t("慢速链路模式"), t(LITE_WORDS[lite if isinstance(lite, bool) else None])))
        width = max(cell_len(label) for key, label, _ in rows if key) + 2
        options = []
        for key, label, value in rows:
            if key is None:
                options.append(Option(Text(label, style="bold"), id=f"h:{label}", disabled=True))
            else:
                line = Text.assemble("  ", label, " " * (width - cell_len(label)), safe_for_terminal(value))
                options.append(Option(line, id=key))
        rows_list = self.query_one("#rows", OptionList)
        keep = rows_list.highlighted
        rows_list.clear_options()
        rows_list.add_options(options)
        rows_list.highlighted = keep if keep is not None else 1

    def show_message(self, text: str, *, error: bool = False) -> None:
        msg = self.query_one("#message", Static)
        msg.set_class(error, "-error")
        msg.update(text)

    # Editing.

    def current_key(self) -> str | None:
        rows = self.query_one("#rows", OptionList)
        if rows.highlighted is None:
            return None
        return rows.get_option_at_index(rows.highlighted).id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        key = self.current_key()
        if self.editing or self.busy or self.values is None or key is None or key.startswith("h:"):
            return
        t = self.t
        machine = key in dict(MACHINE_FIELDS)
        if machine and not self.may_edit_machine:
            self.show_message(t("经 SSH 登录时不能修改本机设置（打印机、文件夹在服务器上）"), error=True)
            return
        if not machine and not self.may_edit_office:
            self.show_message(t("中心设置仅管理员可修改"), error=True)
            return
        if key == "lite":
            self.save_machine_value("lite", LITE_NEXT[self.lite_now()])
            return
        if key == "printer":
            current, hint = self.app.settings.printer or "", self.printer_hint()
        elif key == "print_dir":
            configured = self.machine()["print_dir"]
            current, hint = str(configured or ""), t("留空：默认文件夹。打印机未设置或打印失败时单据保存在这里。")
        else:
            from ..services.office_settings import BY_KEY

            field = BY_KEY[key]
            current = str(getattr(self.values, key))
            hint = (t("{low} 到 {high} 之间的整数", low=field.low, high=field.high) if field.numeric
                    else t("最多 {max} 个字符", max=field.max_len))
        self.editing = key
        label = dict(MACHINE_FIELDS).get(key) or self._label(key)
        self.query_one("#edit-label", Static).update(t("修改{field}（回车保存，Esc 放弃）：", field=t(label)))
        self.query_one("#edit-hint", Static).update(hint)
        editor = self.query_one("#edit-value", Input)
        editor.value = current
        editor.cursor_position = len(current)
        self.query_one("#editor").display = True
        editor.focus()
        self.show_message("")

    def _label(self, key: str) -> str:
        from ..services.office_settings import BY_KEY

        return BY_KEY[key].label

    def printer_hint(self) -> str:
        t = self.t
        if not self.queues_read:
            return t("正在读取本机打印机…")
        if self.queues is None:
            return t("本机没有 CUPS（lpstat），可直接输入打印队列名；留空则保存为 PDF。")
        if not self.queues:
            return t("CUPS 中没有打印队列；可直接输入队列名，留空则保存为 PDF。")
        return t("本机打印机（↑/↓ 选择）：{names}；留空则保存为 PDF。", names="、".join(self.queues))

    def on_key(self, event: events.Key) -> None:
        """In the printer's field ↑/↓ step through lpstat's queues (and back to none)."""
        if self.editing != "printer" or event.key not in ("up", "down") or not self.queues:
            return
        event.stop()
        event.prevent_default()
        editor = self.query_one("#edit-value", Input)
        names = ["", *self.queues]
        at = names.index(editor.value) if editor.value in names else 0
        editor.value = names[(at + (1 if event.key == "down" else -1)) % len(names)]
        editor.cursor_position = len(editor.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        key = self.editing
        if key is None or self.busy:
            return
        if key in dict(MACHINE_FIELDS):
            self.save_machine_value(key, event.value)
        else:
            self.busy = True
            self.save_office(key, event.value)

    @work(thread=True, exclusive=True, group="settings")
    def save_office(self, key: str, raw: str) -> None:
        from ..services.office_settings import update_office_settings

        app = self.app
        call_service(self, lambda: update_office_settings(app.db, app.me, app.clock, {key: raw}),
                     lambda values: Saved(values, key))

    def on_saved(self, message: Saved) -> None:
        from ..services.views import OfficeView

        message.stop()
        self.busy = False
        v = self.values = message.values
        self.app.office = OfficeView(v.code, v.name, v.phone, v.complaint_phone, v.address)
        if message.key == "name":
            self.query_one(StatusLine).refresh_status()
        self.close_editor()
        self.render_rows()
        self.show_message(self.t("已保存：{field}", field=self.t(self._label(message.key))))

    def lite_now(self) -> bool | None:
        lite = self.machine()["lite"]
        return lite if isinstance(lite, bool) else None

    def save_machine_value(self, key: str, raw: object) -> None:
        from .. import settings as machine

        t = self.t
        try:
            if key == "printer":
                value: object = machine.check_printer(str(raw)) or None
                machine.save_machine({"printer": value})
                self.app.settings = self.app.settings.with_(printer=value)
                done = t("已保存：打印机 {printer}", printer=value) if value else t("已保存：不用打印机，单据保存为 PDF")
            elif key == "print_dir":
                folder = machine.check_print_dir(str(raw))
                machine.save_machine({"print_dir": str(folder) if folder else None})
                self.app.settings = self.app.settings.with_(print_dir=folder)
                done = t("已保存：{field}", field=t("打印文件夹"))
            else:
                machine.save_machine({"lite": raw})
                done = t("已保存：慢速链路模式 {value}（下次启动时生效）", value=t(LITE_WORDS[raw]))  # type: ignore[index]
        except QuanchengError as err:
            self.show_message(t.error(err), error=True)
            return
        self.close_editor()
        self.render_rows()
        self.show_message(done)

    def close_editor(self) -> None:
        self.editing = None
        self.query_one("#editor").display = False
        self.query_one("#rows", OptionList).focus()

    def action_back(self) -> None:
        """Esc steps back one level: out of the field without saving, then out of the screen."""
        if self.editing is not None:
            self.close_editor()
            self.show_message(self.hint())
            return
        self.app.pop_screen()
