"""Issue 18 item 5: one terminal sanitiser, one formula guard, XLSX read as it is, files whole or not at all."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from rich.text import Text

from quancheng_tui import files
from quancheng_tui.domain import catalog as cat
from quancheng_tui.domain.text import formula_safe, formula_unguarded, json_for_terminal, safe_for_terminal
from quancheng_tui.errors import InputError

# Every character the finding named, and the classes around them.
UNSAFE = ["\x1b", "\x07", "\x00", "\x08", "\r", "\x7f", "\x9b", "\x9d", "\u202a", "\u202b", "\u202c", "\u202d",
          "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
          "\u2028", "\u2029", "\ufeff"]


@pytest.mark.parametrize("ch", UNSAFE, ids=[f"U+{ord(c):04X}" for c in UNSAFE])
def test_the_sanitiser_leaves_no_unsafe_character(ch):
    out = safe_for_terminal(f"张{ch}三")
    assert ch not in out and out.startswith("张") and out.endswith("三")
    assert f"{ord(ch):02x}" in out  # shown as an escape, so a clerk sees that something was there
    same_length = safe_for_terminal(f"张{ch}三", keep_length=True)
    assert same_length == "张\ufffd三"


def test_osc_title_and_clear_screen_never_reach_the_terminal():
    attack = "春节\x1b]0;pwned\x07\x1b[2J\x1b[H"
    assert "\x1b" not in safe_for_terminal(attack) and "\x07" not in safe_for_terminal(attack)


def test_tab_newline_and_chinese_stay():
    assert safe_for_terminal("第一行\n\t第二行 ①") == "第一行\n\t第二行 ①"


@given(st.text())
def test_sanitised_text_has_no_unsafe_character(s):
    out = safe_for_terminal(s)
    assert not any(c in out for c in UNSAFE)


@given(st.dictionaries(st.text(max_size=5), st.text()))
def test_json_for_the_terminal_is_the_same_data(d):
    text = json_for_terminal(json.dumps(d, ensure_ascii=False))
    assert json.loads(text) == d
    assert not any(c in text for c in UNSAFE)


def test_formula_guard_and_its_reverse():
    for attack in ("=HYPERLINK(\"http://x\",\"点我\")", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        guarded = formula_safe(attack)
        assert guarded.startswith("'") and formula_unguarded(guarded) == attack
    assert formula_safe("城乡低保") == "城乡低保" and formula_safe(None) == "" and formula_safe(-5) == "-5"
    assert formula_unguarded("'普通") == "'普通"  # a quote before ordinary text is the user's own


def test_prose_and_board_cells_go_through_the_sanitiser():
    from quancheng_tui.screens.board import truncate
    from quancheng_tui.widgets.prose import _safe

    assert "\u202e" not in truncate("王\u202e五\x1b]0;x\x07", 40)
    styled = Text.assemble(("王\u202e五", "bold"), " \x1b[2J")
    clean = _safe(styled)
    assert clean.plain == "王\ufffd五 \ufffd[2J" and clean.spans == styled.spans
    assert "\x1b" not in _safe("备注\x1b[31m").plain


# --- the catalog's files ------------------------------------------------------------------------------


def _spec(name: str):
    return cat.MatterSpec(code="ZZ-001", name=name, category="own", kind="promised", department="民政办",
                          statutory_days=20, promised_days=10,
                          materials=(cat.MaterialSpec("M1", "=cmd|' /C calc'!A0", "original"),))


def test_catalog_export_never_writes_a_live_formula():
    spec = _spec('=HYPERLINK("http://evil.example","点我")')
    import csv

    header, row = list(csv.reader(io.StringIO(cat.to_csv([spec]).decode("utf-8-sig"))))
    assert row[header.index("name")] == "'" + spec.name  # shown as text by Excel and WPS, never run
    assert cat.parse(cat.to_csv([spec]), "c.csv")[0].name == spec.name  # imports back equal
    ws = load_workbook(io.BytesIO(cat.to_xlsx([spec]))).active
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)  # text cells, never formulas


def _xlsx(rows: list[list], declared: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    raw = buf.getvalue()
    if declared is None:
        return raw
    src, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                start = data.index(b"<dimension ref=\"")
                end = data.index(b"\"", start + 16)
                data = data[:start + 16] + declared.encode() + data[end:]
            dst.writestr(item, data)
    return out.getvalue()


HEADER = ["code", "name", "department", "category", "kind", "statutory_days", "promised_days", "materials"]


def test_xlsx_rows_beyond_the_declared_size_are_read():
    rows = [HEADER, ["ZZ-001", "甲事项", "民政办", "own", "promised", 20, 10, "ID:身份证:original:1"],
            ["ZZ-002", "乙事项", "民政办", "own", "promised", 20, 10, "ID:身份证:original:1"]]
    raw = _xlsx(rows, declared="A1:H2")  # says one row of data; holds two
    assert [m.code for m in cat.parse(raw, "c.xlsx")] == ["ZZ-001", "ZZ-002"]


def test_xlsx_formula_without_a_cached_value_is_refused_naming_its_cell():
    rows = [HEADER, ["ZZ-001", "甲事项", "民政办", "own", "promised", "=10+10", 10, "ID:身份证:original:1"]]
    with pytest.raises(InputError) as err:
        cat.parse(_xlsx(rows), "c.xlsx")
    assert "F2" in str(err.value)


def test_roster_xlsx_uses_the_same_reader():
    from quancheng_tui.domain import roster_file

    with pytest.raises(InputError) as err:
        roster_file.parse(_xlsx([["month", "=A9"]]), "r.xlsx")
    assert "B1" in str(err.value)


# --- files whole or not at all -------------------------------------------------------------------------


def test_a_failing_writer_leaves_nothing(tmp_path):
    target = tmp_path / "回执.pdf"
    with pytest.raises(RuntimeError), files.new_file(target) as fh:
        fh.write(b"%PDF-1.4 half")
        raise RuntimeError("the writer failed")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_replacement_keeps_the_old_file(tmp_path):
    target = tmp_path / "cases.csv"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), files.new_file(target) as fh:
        fh.write(b"new, half")
        raise RuntimeError
    assert target.read_bytes() == b"old" and list(tmp_path.iterdir()) == [target]


def test_written_files_are_private_and_exclusive_when_asked(tmp_path):
    target = files.write_bytes(tmp_path / "a.txt", b"x")
    assert os.stat(target).st_mode & 0o777 == 0o600
    with pytest.raises(FileExistsError):
        files.write_bytes(target, b"y", overwrite=False)
    assert target.read_bytes() == b"x" and list(tmp_path.iterdir()) == [target]


def test_kill_9_while_writing_leaves_nothing(tmp_path):
    code = ("import sys, time; from pathlib import Path; from quancheng_tui import files\n"
            "f = files.NewFile(Path(sys.argv[1]))\n"
            "f.stream.write(b'x' * 1_000_000); f.stream.flush()\n"
            "print('ready', flush=True); time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "unmasked.csv")], stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == b"ready"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert list(tmp_path.iterdir()) == []


def test_an_import_refuses_a_device_instead_of_reading_forever(tmp_path):
    link = tmp_path / "catalog.toml"
    link.symlink_to("/dev/zero")
    from quancheng_tui.services.catalog import read_file

    with pytest.raises(InputError) as err:
        read_file(link)
    assert "not a regular file" in str(err.value)


def test_deeply_nested_toml_is_one_clear_refusal():
    with pytest.raises(InputError) as err:
        cat.parse(("a = " + "[" * 50_000 + "]" * 50_000).encode(), "deep.toml")
    assert "deep.toml" in str(err.value)
    from quancheng_tui.domain.calendar import parse_year_toml

    with pytest.raises(InputError):
        parse_year_toml("year = 2027\nx = " + "{a=" * 5000 + "1" + "}" * 5000, "2027.toml")


def test_read_input_is_bounded(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(OSError):
        files.read_input(big, limit=1024)
    assert files.read_input(big, limit=4096) == b"x" * 2048


def test_wider_modes_are_found(tmp_path: Path):
    f = tmp_path / "q.db"
    f.write_bytes(b"")
    f.chmod(0o644)
    assert files.wider_than_private(f) == 0o644
    f.chmod(0o600)
    assert files.wider_than_private(f) is None
