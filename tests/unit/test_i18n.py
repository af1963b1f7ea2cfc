"""Every message has both languages, and the shipped .mo matches the .po."""

import subprocess
import sys
from pathlib import Path

from quancheng_tui.errors import N_, InputError
from quancheng_tui.i18n import translator

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_has_english_and_mo_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_english_catalog_translates_and_formats():
    en = translator("en")
    assert en("已备份到 {path}", path="/x") == "Backed up to /x"
    assert translator("zh")("已备份到 {path}", path="/x") == "已备份到 /x"


def test_error_parameters_that_are_labels_follow_the_language():
    err = InputError(N_("{field}不能为空"), field=N_("姓名"))
    assert translator("en").error(err) == "Name must not be empty"
    assert translator("zh").error(err) == "姓名不能为空"


def test_translations_keep_their_placeholders():
    import re

    from babel.messages.pofile import read_po

    po = ROOT / "quancheng_tui" / "locale" / "en" / "LC_MESSAGES" / "quancheng.po"
    with po.open("rb") as fh:
        for m in read_po(fh, locale="en"):
            if m.id and m.string:
                assert set(re.findall(r"{\w+}", m.id)) == set(re.findall(r"{\w+}", m.string)), m.id
