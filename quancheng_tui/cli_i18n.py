"""The command line in one language: Click's own texts in Chinese, our help texts in English.

Our help texts (Typer `help=` and command docstrings) are Chinese msgids like every other message; Click
prints its own furniture ("Usage:", "Show this message and exit.", usage errors) in English. So in Chinese
Click gets a small catalog of its own texts (tools/click_zh/click.po), and in English every help text of
the command tree is looked up in our catalog before Click formats it.
"""

from __future__ import annotations

import gettext
import inspect
import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click

    from .i18n import Translator

CLICK_CATALOG = Path(__file__).parent / "locale" / "zh" / "LC_MESSAGES" / "click.mo"
# Click's modules call their module-level `_`/`ngettext` when they format; these are the ones that print.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def early_lang(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> str:
    """The language before Click parses anything: `--lang X` or `--lang=X` ahead of the command, else the
    environment and the config file (settings.resolve); an unknown value leaves the choice to the parser."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in ("zh", "en") else "zh"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in ("zh", "en") else "zh"
        if not arg.startswith("-"):
            break  # the subcommand: options after it are not the root's
    from .settings import resolve

    try:
        return resolve(environ=dict(environ)).lang
    except Exception:  # a bad config file is reported by the command itself, in Chinese
        return "zh"


@cache
def _click_catalog() -> gettext.NullTranslations:
    try:
        with CLICK_CATALOG.open("rb") as f:
            return gettext.GNUTranslations(f)
    except OSError:
        return gettext.NullTranslations()


def speak(command: click.Command, lang: str, t: Translator) -> None:
    """Make `command` (the whole tree) print in `lang`."""
    import click as click_pkg
    import typer.core

    catalog = _click_catalog() if lang == "zh" else gettext.NullTranslations()
    for module in [getattr(click_pkg, name, None) for name in _CLICK_MODULES] + [typer.core]:
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = catalog.gettext
        if hasattr(module, "ngettext"):
            module.ngettext = catalog.ngettext
    if lang != "zh":
        _translate_tree(command, t, set())


def _translate_tree(command: click.Command, t: Translator, seen: set[int]) -> None:
    if id(command) in seen:
        return
    seen.add(id(command))
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, attr, None)
        if text:
            setattr(command, attr, t(help_key(text)))
    for param in command.params:
        help_text = getattr(param, "help", None)
        if help_text:
            param.help = t(help_key(help_text))
    for sub in getattr(command, "commands", {}).values():
        _translate_tree(sub, t, seen)


def help_key(text: str) -> str:
    """The msgid of a help text: as Click shows it (Typer and Click `inspect.cleandoc` docstrings and
    `help=`), which is also what tools/i18n.py extracts from the source."""
    return inspect.cleandoc(text).strip()
