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


def _lite_setting(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InputError(N_("配置项 lite 只能是 true 或 false"))
