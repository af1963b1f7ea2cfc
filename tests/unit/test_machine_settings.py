"""This machine's settings in the config file (printer, print folder, slow-link mode): written by the 设置
screen without losing the file's other lines, checked before anything is written; the CUPS queue list."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from quancheng_tui import settings
from quancheng_tui.documents.output import printers
from quancheng_tui.errors import InputError


def test_save_keeps_other_lines_and_tables_and_reads_back(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('# window 3\ndb = "/srv/q.db"\nprinter = "Old"\n\n[extra]\nprinter = "not mine"\n',
                    encoding="utf-8")
    settings.save_machine({"printer": "Counter-1", "lite": False, "print_dir": "/srv/回执"}, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# window 3\ndb = "/srv/q.db"\nprinter = "Counter-1"\n')
    assert text.endswith('[extra]\nprinter = "not mine"\n')  # a table's key of the same name is not ours
    assert settings.configured_machine(path) == {"printer": "Counter-1", "print_dir": "/srv/回执", "lite": False}
    settings.save_machine({"printer": None, "lite": None}, path)
    assert settings.configured_machine(path) == {"printer": None, "print_dir": "/srv/回执", "lite": None}
    assert "Counter-1" not in path.read_text(encoding="utf-8")


def test_resolve_reads_what_was_saved(tmp_path, monkeypatch):
    path = tmp_path / "new" / "config.toml"  # the folder is made on first save
    settings.save_machine({"printer": "Counter-1", "print_dir": "/srv/forms"}, path)
    monkeypatch.setenv("QUANCHENG_CONFIG", str(path))
    resolved = settings.resolve(db="/tmp/q.db", user="zhangwei")
    assert (resolved.printer, resolved.print_dir) == ("Counter-1", Path("/srv/forms"))
    assert path.stat().st_mode & 0o077 == 0  # written as every file of ours: its owner's only


def test_a_file_that_would_not_read_back_is_left_alone(tmp_path):
    path = tmp_path / "config.toml"
    original = 'printer = """Old\n"""\n'  # a multi-line value: not edited line by line
    path.write_text(original, encoding="utf-8")
    with pytest.raises(InputError):
        settings.save_machine({"printer": "New"}, path)
    assert path.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("name", ["bad/name", "two words", "#hash", "-d", "x\x1b[2J"])
def test_a_queue_name_lp_cannot_take_is_refused_naming_the_field(name):
    with pytest.raises(InputError, match="打印机"):
        settings.check_printer(name)


def test_queue_names_and_print_folders_that_are_fine(tmp_path):
    assert settings.check_printer("  Counter_1-HP@window3 ") == "Counter_1-HP@window3"
    assert settings.check_printer("") == ""
    assert settings.check_print_dir("") is None
    assert settings.check_print_dir(str(tmp_path)) == tmp_path


def test_a_print_folder_must_be_an_absolute_folder(tmp_path):
    a_file = tmp_path / "f.txt"
    a_file.write_text("x")
    for bad, words in (("forms", "绝对路径"), (str(a_file), "不是文件夹"), ("/srv/a\nb", "控制字符")):
        with pytest.raises(InputError, match=words):
            settings.check_print_dir(bad)


def _on_path(tmp_path: Path, monkeypatch, name: str, body: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    tool = bin_dir / name
    tool.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(bin_dir))


def test_printers_are_lpstats_queues(tmp_path, monkeypatch):
    _on_path(tmp_path, monkeypatch, "lpstat", 'test "$1" = "-e" || exit 9\nprintf "Office\\nCounter-1\\nbad name\\n"\n')
    assert printers() == ["Counter-1", "Office"]  # sorted; a name lp could not take is left out


def test_no_cups_means_no_list(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no lpstat at all
    assert printers() is None
    _on_path(tmp_path, monkeypatch, "lpstat", 'echo "lpstat: No destinations added." >&2\nexit 1\n')
    assert printers() is None
    assert os.environ["PATH"] == str(tmp_path / "bin")
