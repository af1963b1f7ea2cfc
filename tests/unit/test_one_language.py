"""One language at a time (issue 16): a label's colon is the language's, never a Chinese one in English."""

from __future__ import annotations

import re
from pathlib import Path

import quancheng_tui
from quancheng_tui.i18n import translator

PACKAGE = Path(quancheng_tui.__file__).parent


def test_a_label_takes_the_colon_of_its_language():
    assert translator("zh").label("事项", "CL-001 残疾人证新办") == "事项：CL-001 残疾人证新办"
    assert translator("en").label("事项", "CL-001") == "Matter: CL-001"
    assert translator("en").label("承诺办结").endswith(": ") and "：" not in translator("en").label("承诺办结")


def test_no_screen_glues_a_chinese_colon_to_a_translated_label():
    """`f"{t('事项')}："` printed "Matter：" in the English UI; t.label() is the one way to write a label."""
    glued = re.compile(r"\{t\([^{}]*\)\}[：（，；]")
    offenders = [f"{path.relative_to(PACKAGE)}:{n}" for path in sorted(PACKAGE.rglob("*.py"))
                 if path.parts[-2] in ("screens", "widgets")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if glued.search(line)]
    assert offenders == []


def test_prose_never_cuts_a_latin_word_to_keep_punctuation_off_a_line_start():
    """The notice hint at 80 columns read "dbs|q）" (issue 16): the break moves back before the word."""
    from rich.cells import cell_len

    from quancheng_tui.widgets.prose import break_offsets

    line = "请在左侧输入事项编码、名称或拼音首字母（如 dbsq），上下键选择，回车确定。"
    for width in range(8, 60):
        cuts = break_offsets(line, width)
        pieces = [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)])]
        assert all(cell_len(p.rstrip()) <= width for p in pieces), width  # fold() drops the trailing space
        assert not any(p.endswith(("d", "db", "dbs")) and nxt.startswith(("bsq", "sq", "q"))
                       for p, nxt in zip(pieces, pieces[1:])), (width, pieces)
        assert not any(p.startswith(("，", "）", "。")) for p in pieces[1:]), (width, pieces)


def test_the_boards_light_column_holds_every_open_status_whole_in_english():
    """Issue 16: "Clock su" (中止计时 → "Clock suspended") was cut at 80 columns."""
    from rich.cells import cell_len

    from quancheng_tui.domain.cases import OPEN_STATUSES, STATUS_LABELS
    from quancheng_tui.i18n import translator
    from quancheng_tui.screens.board import light_width

    en = translator("en")
    longest = max(cell_len("· " + en(STATUS_LABELS[s])) for s in OPEN_STATUSES)
    assert longest > 10 and light_width(en, statuses=True) >= longest
