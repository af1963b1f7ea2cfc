"""`--help` speaks one language: in English our help texts too (tools/po_parts/cli_help.po), in Chinese
Click's furniture too (tools/click_zh/click.po)."""

from __future__ import annotations

import re

import click
from typer.main import get_command

from quancheng_tui import cli as cli_module
from quancheng_tui.domain.voice import LEVELS
from quancheng_tui.services.lifecycle import SUSPEND_REASONS

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Values a user must type in Chinese (the English help names them, each with its English).
TYPED_IN_CHINESE = sorted((*LEVELS, *SUSPEND_REASONS), key=len, reverse=True)
# Its help is built from the lifecycle's actions at registration, not a literal: cli_i18n cannot look it up.
BUILT_HELP = ("case", "act")


def _paths(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [path]
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            paths += _paths(sub, (*path, name))
    return paths


def _all_paths() -> list[tuple[str, ...]]:
    cli_module._register_case_act()  # what any run naming `case` does: the tree is the whole tree
    return _paths(get_command(cli_module.app))


def _chinese_left(text: str, path: tuple[str, ...] = ()) -> list[str]:
    for value in TYPED_IN_CHINESE:
        text = text.replace(value, "")
    lines = [line for line in text.splitlines() if CJK.search(line)]
    if path == BUILT_HELP[:-1]:  # the group lists `act` with the first sentence of that help
        lines = [line for line in lines if not line.lstrip().startswith(f"{BUILT_HELP[-1]} ")]
    return lines


def test_every_help_is_english_with_lang_en(cli):
    paths = _all_paths()
    assert len(paths) > 40 and ("staff", "add") in paths  # the walk reached the commands
    chinese = {}
    for path in paths:
        if path == BUILT_HELP:
            continue
        r = cli("--lang", "en", *path, "--help")
        assert r.code == 0, (path, r.err)
        assert "Show this message and exit." in r.out, path
        if left := _chinese_left(r.out, path):
            chinese[" ".join(path) or "(root)"] = left
    assert chinese == {}


def test_case_act_help_is_english_with_lang_en(cli):
    r = cli("--lang", "en", *BUILT_HELP, "--help")
    group = cli("--lang", "en", *BUILT_HELP[:-1], "--help")
    assert r.code == 0 and group.code == 0, (r.err, group.err)
    assert _chinese_left(r.out) == [] and not CJK.search(group.out)


def test_english_help_keeps_option_names_and_typed_values(cli):
    out = cli("--lang", "en", "rating", "add", "--help").out
    assert "--level" in out and "very satisfied" in out and "非常满意" in out
    assert "Record a rating a visitor gave" in out


def test_chinese_root_help_has_no_english_furniture(cli):
    r = cli("--help")
    assert r.code == 0, r.err
    assert "Show this message" not in r.out
    assert "Usage:" not in r.out
    assert "乡镇便民服务中心全程协办系统" in r.out
