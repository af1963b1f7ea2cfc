"""The one sentence an agent's key may send over `ssh -T` (commands/ssh_docs.py): docs get NUMBER [FORM]."""

from __future__ import annotations

import pytest

from quancheng_tui.commands.ssh_docs import parse
from quancheng_tui.errors import InputError


def test_docs_get_with_or_without_a_form():
    assert parse("docs get QS-20260316-0001") == ("QS-20260316-0001", "receipt")
    assert parse("docs get QS-20260316-0001 notice") == ("QS-20260316-0001", "notice")


@pytest.mark.parametrize("line", ["", "cat /etc/passwd", "docs", "docs get", "docs list",
                                  "docs get N receipt extra", "docs get 'N; rm -rf /'x y z", "docs get \"unclosed",
                                  "bash -c 'docs get N'"])
def test_anything_else_is_one_refusal(line):
    with pytest.raises(InputError) as err:
        parse(line)
    assert "docs get" in err.value.msgid


def test_an_unknown_form_is_refused():
    with pytest.raises(InputError):
        parse("docs get QS-20260316-0001 passwords")
