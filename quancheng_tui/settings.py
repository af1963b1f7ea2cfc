"""Where the app keeps its data and who it acts for.

Resolved once at start-up from options, environment and the TOML config
file (in that order of precedence) and then passed down; nothing reads the
environment later and nothing is created at import time.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import N_, InputError

APP_NAME = "quancheng"
ENV_DB = "QUANCHENG_DB"
ENV_USER = "QUANCHENG_USER"
ENV_LANG = "QUANCHENG_LANG"
ENV_CONFIG = "QUANCHENG_CONFIG"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    if os.environ.get(ENV_CONFIG):
        return Path(os.environ[ENV_CONFIG])
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def os_login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class Settings:
    db: str
    user: str
    lang: str = "zh"
    # A login pinned by sshd's forced command: the TUI may not switch user.
    forced_login: str | None = None
    # Outside the office, an output folder for printed forms.
    print_dir: Path | None = None
    printer: str | None = None
    # Slow links (--lite): no cursor blink, no animation, 256 colours. None: decided by lite_mode() at start.
    lite: bool | None = None

    @property
    def db_is_default(self) -> bool:
        return self.db == str(data_dir() / "quancheng.db")

    @property
    def first_run_likely(self) -> bool:
        """No file at the SQLite path yet: the TUI shows the first run's set-up, not a login, first
        (a URL or an existing file: the login, corrected if the office turns out not to be set up)."""
        return "://" not in self.db and not Path(self.db).exists()

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _read_config(path: Path) -> dict:
    if not path.is_file():
        return {}
    if sys.version_info >= (3, 11):  # imported here: a command started without a config file skips it
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(N_("配置文件 {path} 无法读取：{reason}"), path=str(path), reason=str(exc)) from None
    except RecursionError:
        raise InputError(N_("配置文件 {path} 嵌套层数过多，不是有效的 TOML 文件"), path=str(path)) from None


def resolve(
    db: str | None = None,
    user: str | None = None,
    lang: str | None = None,
    forced_login: str | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    env = os.environ if environ is None else environ
    cfg = _read_config(config_file())
    lang = lang or env.get(ENV_LANG) or cfg.get("lang") or "zh"
    if lang not in ("zh", "en"):
        raise InputError(N_("语言“{lang}”不支持，只能是 zh 或 en"), lang=lang)
    db = db or env.get(ENV_DB) or cfg.get("db") or str(data_dir() / "quancheng.db")
    user = forced_login or user or env.get(ENV_USER) or os_login()
    print_dir = cfg.get("print_dir")
    return Settings(
        db=db,
        user=user,
        lang=lang,
        forced_login=forced_login,
        print_dir=Path(print_dir) if print_dir else None,
        printer=cfg.get("printer"),
        lite=_lite_setting(cfg.get("lite")),
    )


ENV_SSH = "SSH_CONNECTION"


def lite_mode(flag: bool | None, configured: bool | None, environ: Mapping[str, str] | None = None) -> bool:
    """Lite mode for a slow link: `--lite`/`--no-lite` first, then `lite = …` in the config file, else on
    when the session comes over SSH (sshd sets SSH_CONNECTION), where every byte of a frame crosses the link."""
    if flag is not None:
        return flag
    if configured is not None:
        return configured
    env = os.environ if environ is None else environ
    return bool(env.get(ENV_SSH, "").strip())


# What the settings screen may change in the config file: this machine's, not the office's.
MACHINE_KEYS = ("printer", "print_dir", "lite")


def configured_machine(path: Path | None = None) -> dict[str, object]:
    """This machine's settings as the config file has them (None: not set there, the default holds)."""
    cfg = _read_config(path or config_file())
    print_dir = cfg.get("print_dir")
    return {"printer": cfg.get("printer") or None, "print_dir": str(print_dir) if print_dir else None,
            "lite": _lite_setting(cfg.get("lite"))}


def check_printer(name: str) -> str:
    """A CUPS queue name as lp takes it ("" for none); a bad one is refused naming the field."""
    from .documents.output import printer_name_ok

    name = (name or "").strip()
    if name and not printer_name_ok(name):
        raise InputError(N_("{field}“{value}”不是有效的 CUPS 队列名（不能含空格、/、# 或控制字符）"),
                         field=N_("打印机"), value=name)
    return name


def check_print_dir(raw: str) -> Path | None:
    """The print folder as typed ("" for the default, Documents/quancheng): absolute, and a folder if it exists."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in raw):
        raise InputError(N_("{field}含有控制字符或换行"), field=N_("打印文件夹"))
    folder = Path(raw).expanduser()
    if not folder.is_absolute():
        raise InputError(N_("{field}须是绝对路径（如 /home/counter/回执）"), field=N_("打印文件夹"))
    if folder.exists() and not folder.is_dir():
        raise InputError(N_("{field}“{value}”不是文件夹"), field=N_("打印文件夹"), value=str(folder))
    return folder


def save_machine(values: Mapping[str, object], path: Path | None = None) -> Path:
    """Write this machine's settings (MACHINE_KEYS; None removes a key) into the config file, keeping its
    other lines and comments. The new text is parsed back before it is written: nothing half-saved."""
    import json

    path = path or config_file()
    unknown = set(values) - set(MACHINE_KEYS)
    if unknown:
        raise ValueError(sorted(unknown))
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    top = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    for key, value in values.items():
        at = next((i for i in range(top) if _assigns(lines[i], key)), None)
        if value is None:
            if at is not None:
                del lines[at]
                top -= 1
            continue
        rendered = json.dumps(value) if isinstance(value, bool) else json.dumps(str(value), ensure_ascii=False)
        line = f"{key} = {rendered}"
        if at is None:
            lines.insert(top, line)
            top += 1
        else:
            lines[at] = line
    content = "\n".join(lines) + "\n"
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        parsed = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(N_("配置文件 {path} 无法读取：{reason}"), path=str(path), reason=str(exc)) from None
    for key, value in values.items():
        expected = None if value is None else (value if isinstance(value, bool) else str(value))
        if parsed.get(key) != expected:  # a multi-line value we could not edit in place: refuse, write nothing
            raise InputError(N_("配置文件 {path} 无法读取：{reason}"), path=str(path), reason=key)
    from .files import write_bytes

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, content.encode("utf-8"))
    except OSError as err:
        raise InputError(N_("无法保存到 {path}：{reason}"), path=str(path), reason=err.strerror or str(err)) from err
    return path


def _assigns(line: str, key: str) -> bool:
    head = line.split("=", 1)[0].strip().strip('"').strip("'")
    return "=" in line and not line.lstrip().startswith("#") and head == key


def _lite_setting(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InputError(N_("配置项 lite 只能是 true 或 false"))
