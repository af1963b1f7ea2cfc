"""Gettext catalogs shipped in the package.

Message ids are the Chinese texts (the default language); the English
catalog translates them. Nothing here is global state: callers hold the
`Translator` they were given.
"""

from __future__ import annotations

import gettext as _gettext
from dataclasses import dataclass, field
from pathlib import Path

from .errors import N_, QuanchengError

DOMAIN = "quancheng"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("zh", "en")

__all__ = ["LANGUAGES", "N_", "Translator", "translator"]


@dataclass(frozen=True)
class Translator:
    lang: str
    _catalog: _gettext.NullTranslations = field(repr=False, compare=False)

    def __call__(self, msgid: str, **params: object) -> str:
        text = self._catalog.gettext(msgid)
        return text.format(**params) if params else text

    def error(self, err: QuanchengError) -> str:
        return err.render(self._catalog.gettext)

    def label(self, msgid: str, value: str = "") -> str:
        """"事项：…" in Chinese, "Matter: …" in English: the colon belongs to the language, not the label."""
        return f"{self(msgid)}{'：' if self.lang == 'zh' else ': '}{value}"


_cache: dict[str, Translator] = {}


def translator(lang: str) -> Translator:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    if lang not in _cache:
        if lang == "zh":
            catalog: _gettext.NullTranslations = _gettext.NullTranslations()
        else:
            catalog = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
        _cache[lang] = Translator(lang, catalog)
    return _cache[lang]
