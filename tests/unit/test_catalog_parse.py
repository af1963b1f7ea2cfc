"""Catalog files: TOML, CSV and XLSX parsers and writers, and the rules they enforce."""

from __future__ import annotations

import io

import pytest

from quancheng_tui.domain import catalog as cat
from quancheng_tui.domain import pinyin
from quancheng_tui.domain.catalog import MaterialSpec, MatterSpec
from quancheng_tui.errors import InputError
from quancheng_tui.i18n import translator

GOOD_TOML = '''
[[matter]]
code = "MZ-001"
name = "城乡低保申请"
department = "民政办"
category = "own"
kind = "promised"
statutory_days = 30
promised_days = 15
village = true
basis = """
《社会救助暂行办法》
第二条 "引号" \\\\ 反斜杠"""

  [[matter.materials]]
  code = "SFZ"
  name = "申请人身份证"
  form = "copy"
  copies = 2
  note = "查验原件"

  [[matter.materials]]
  code = "JBZM"
  name = "诊断证明：二级以上医院；盖章"
  form = "either"
  copies = 1
  required = false

[[matter]]
code = "LB-001"
name = "出生一件事联办"
department = "卫健办"
category = "joint"
kind = "promised"
statutory_days = 0
promised_days = 10
units = ["县妇幼保健院", "镇派出所"]

[[matter]]
code = "HJ-001"
name = "户口迁移"
category = "transfer"
units = ["青山镇派出所"]
unit_phone = "0797-6281110"
'''

HEADER = "code,name,department,category,kind,statutory_days,promised_days,materials"


def parse_toml(text: str = GOOD_TOML) -> list[MatterSpec]:
    return cat.parse_toml(text, "c.toml")


def refusal(fn, *args) -> str:
    with pytest.raises(InputError) as info:
        fn(*args)
    return str(info.value)


# --- TOML -------------------------------------------------------------------------


def test_toml_fields_and_defaults():
    mz, lb, hj = parse_toml()
    assert (mz.code, mz.category, mz.kind, mz.statutory_days, mz.promised_days) == ("MZ-001", "own", "promised", 30, 15)
    assert mz.village is True and mz.day_kind == "working" and mz.active is True
    assert mz.basis == '《社会救助暂行办法》\n第二条 "引号" \\ 反斜杠'
    assert mz.materials[0] == MaterialSpec("SFZ", "申请人身份证", "copy", 2, True, "查验原件", "")
    assert mz.materials[1].required is False
    assert lb.units == ("县妇幼保健院", "镇派出所") and lb.kind == "promised"
    assert hj.kind is None and hj.units == ("青山镇派出所",) and hj.department == "" and hj.materials == ()


def test_toml_round_trip():
    specs = parse_toml()
    assert cat.parse_toml(cat.to_toml(specs), "again.toml") == specs


def test_toml_writer_escapes_hostile_text():
    m = MatterSpec(code="X-1", name='名称"引号"\\', category="own", kind="instant", department="d",
                   basis='a\\\nb\\n"""c\td', conditions="第一行\n第二行")
    again = cat.parse_toml(cat.to_toml([m]), "x.toml")
    assert again == [m]


@pytest.mark.parametrize("mutate, expect", [
    (lambda t: t.replace("promised_days = 15", "promised_days = 30"), "c.toml 第 2 行：承诺时限 30 天必须少于法定时限 30 天"),
    (lambda t: t.replace('code = "HJ-001"', 'code = "mz-001"'), "c.toml 第 39 行：事项编码“mz-001”重复（第 2 行已有）"),
    (lambda t: t.replace('kind = "promised"\nstatutory_days = 30', 'kind = "fast"\nstatutory_days = 30'),
     "c.toml 第 2 行：字段“kind”的值“fast”无效，应为 instant（即办件）、promised（承诺件）、report_up（上报件）"),
    (lambda t: t.replace('form = "copy"', 'form = "scan"'), "c.toml 第 15 行：字段“materials[1].form”的值“scan”无效"),
    (lambda t: t.replace("copies = 2", "copies = -1"), "c.toml 第 15 行：字段“materials[1].copies”应为不小于 0 的整数"),
    (lambda t: t.replace('code = "JBZM"', 'code = "sfz"'), "c.toml 第 2 行：事项 MZ-001 的材料编码“sfz”重复"),
    (lambda t: t.replace('units = ["县妇幼保健院", "镇派出所"]', ""), "联办件须在 units 中列出其他协办单位"),
    (lambda t: t.replace('units = ["青山镇派出所"]', 'units = ["派出所", "司法所"]'), "移办件须在 units 中写明有权办理的单位"),
    (lambda t: t.replace('name = "户口迁移"\ncategory = "transfer"', 'name = "户口迁移"\ncategory = "transfer"\nkind = "instant"'),
     "移办件不设办理方式"),
    (lambda t: t.replace('department = "民政办"\ncategory = "own"\nkind = "promised"', 'department = "民政办"\ncategory = "own"'),
     "c.toml 第 2 行：受理件必须填写办理方式"),
    (lambda t: t.replace('name = "城乡低保申请"', 'name = "低保\\u001b[2J申请"'), "c.toml 第 2 行：字段“name”含有控制字符或换行"),
    (lambda t: t.replace("village = true", "village = \"maybe\""), "字段“village”应为 true 或 false"),
    (lambda t: t.replace("village = true", "colour = 1"), "c.toml 第 2 行：未知字段“colour”"),
    (lambda t: t.replace('code = "MZ-001"\n', ""), "c.toml 第 2 行：缺少字段“code”"),
    (lambda t: t.replace('code = "MZ-001"', 'code = "MZ 001"'), "字段“code”只能由字母、数字、下划线和连字符组成"),
    (lambda t: t.replace("promised_days = 10", "promised_days = 0"), "承诺件和上报件的承诺时限至少 1 天"),
    (lambda t: t.replace("[[matter]]\ncode = \"MZ-001\"", "[[matter]\ncode = \"MZ-001\""), "c.toml 第 2 行：TOML 格式错误"),
])
def test_toml_refusals_name_file_line_and_field(mutate, expect):
    text = mutate(GOOD_TOML)
    assert text != GOOD_TOML
    assert expect in refusal(parse_toml, text)


def test_instant_needs_zero_promised_days():
    text = GOOD_TOML.replace('kind = "promised"\nstatutory_days = 30', 'kind = "instant"\nstatutory_days = 30')
    assert "即办件当场办结，承诺时限应为 0 天，实为 15 天" in refusal(parse_toml, text)


@pytest.mark.parametrize("text", ["", "  \n", "# only a comment\n"])
def test_empty_toml_refused(text):
    msg = refusal(parse_toml, text)
    assert msg.startswith("c.toml：") and ("文件为空" in msg or "没有任何事项" in msg)


def test_chinese_enumeration_names_accepted():
    text = GOOD_TOML.replace('category = "own"\nkind = "promised"', 'category = "受理件"\nkind = "承诺件"')
    assert parse_toml(text)[0].category == "own" and parse_toml(text)[0].kind == "promised"


# --- CSV --------------------------------------------------------------------------


def test_csv_round_trip_and_bom():
    specs = parse_toml()
    data = cat.to_csv(specs)
    assert data.startswith(b"\xef\xbb\xbf")
    assert cat.parse(data, "c.csv") == specs


def test_csv_materials_cell_layout():
    specs = parse_toml()
    import csv

    rows = list(csv.DictReader(io.StringIO(cat.to_csv(specs).decode("utf-8-sig"))))
    row = rows[0]["materials"]
    assert rows[1]["units"] == "县妇幼保健院；镇派出所"
    # required is the default and is left out; an optional item says so; ':' and '；' in names are escaped.
    assert row == "SFZ:申请人身份证:copy:2:required:查验原件；JBZM:诊断证明：二级以上医院\\；盖章:either:1:optional"


def test_csv_saved_as_gbk_by_excel_is_read():
    specs = parse_toml()
    gbk = cat.to_csv(specs).decode("utf-8-sig").encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert cat.parse(gbk, "wps.csv") == specs


def test_csv_utf16_with_bom_is_read():
    specs = parse_toml()
    data = cat.to_csv(specs).decode("utf-8-sig").encode("utf-16")
    assert cat.parse(data, "u16.csv") == specs


def test_csv_chinese_headers_and_aliases():
    text = ("事项编码,事项名称,承办部门,办件分类,办理方式,法定时限,承诺时限,申请材料,村级代办\n"
            "MZ-004,高龄津贴申领,民政办,受理件,承诺件,0,5,SFZ：身份证：原件：1；HKB:户口簿:复印件:1:可选,是\n")
    (m,) = cat.parse_csv(text, "zh.csv")
    assert (m.category, m.kind, m.village) == ("own", "promised", True)
    assert m.materials == (MaterialSpec("SFZ", "身份证", "original", 1), MaterialSpec("HKB", "户口簿", "copy", 1, False))


@pytest.mark.parametrize("text, expect", [
    ("code,name,department,category,kind,statutory_days,materials\nA,n,d,own,instant,0,\n", "x.csv：缺少列“promised_days”"),
    (HEADER + ",colour\nA,n,d,own,instant,0,0,,red\n", "x.csv 第 1 行：未知列“colour”"),
    (HEADER + ",code\n", "x.csv 第 1 行：列“code”重复"),
    (HEADER + "\nA,n,d,own,instant,0,0,\na,m,d,own,instant,0,0,\n", "x.csv 第 3 行：事项编码“a”重复（第 2 行已有）"),
    (HEADER + "\nA,n,d,own,promised,10,10,\n", "x.csv 第 2 行：承诺时限 10 天必须少于法定时限 10 天"),
    (HEADER + "\nA,n,d,own,promised,ten,5,\n", "x.csv 第 2 行：字段“statutory_days”应为不小于 0 的整数，实为“ten”"),
    (HEADER + "\nA,n,d,shared,instant,0,0,\n", "x.csv 第 2 行：字段“category”的值“shared”无效"),
    (HEADER + "\nA,n,d,own,instant,0,0,SFZ:身份证\n", "x.csv 第 2 行：字段“materials”第 1 项“SFZ:身份证”格式不对"),
    (HEADER + "\nA,n,d,own,instant,0,0,SFZ:身份证:original:two\n", "x.csv 第 2 行：字段“materials[1].copies”应为不小于 0 的整数"),
    (HEADER + "\nA,n,d,own,instant,0,0,,extra\n", "x.csv 第 2 行：有 1 个单元格不在任何列名之下"),
    (HEADER + '\nA,n,d,own,instant,0,0,\nB,"多行\n名称",d,own,instant,0,0,\n', "x.csv 第 3 行：字段“name”含有控制字符或换行"),
    (HEADER + '\nA,n,d,own,instant,0,0,\n"B\nB",n,d,own,promised,1,1,\n', "x.csv 第 3 行"),
    (HEADER + "\n", "x.csv：没有任何事项"),
    ("", "x.csv：文件为空"),
    ("\ufeff\r\n", "x.csv：文件为空"),
])
def test_csv_refusals(text, expect):
    assert expect in refusal(cat.parse_csv, text, "x.csv")


def test_csv_row_line_counts_multiline_cells():
    text = (HEADER + ",conditions\n"
            'A,n,d,own,instant,0,0,,"第一行\r\n第二行"\n'
            "B,n,d,own,promised,5,5,,\n")
    assert "x.csv 第 4 行：承诺时限 5 天" in refusal(cat.parse_csv, text, "x.csv")


def test_binary_and_misnamed_files_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert refusal(cat.parse, png, "photo.csv") == "photo.csv：不是文本文件（含有二进制内容）"
    assert "请把扩展名改为 .xlsx" in refusal(cat.parse, cat.to_xlsx(parse_toml()), "book.csv")
    assert refusal(cat.parse, b"hello", "c.xlsx") == "c.xlsx：不是有效的 XLSX 文件"
    assert refusal(cat.parse, b"", "c.xlsx") == "c.xlsx：文件为空"
    assert refusal(cat.parse, b"x", "c.json") == "c.json：只支持 .toml、.csv 或 .xlsx 文件"
    # Bytes that are neither UTF-8 nor GB18030.
    assert "编码" in refusal(cat.parse, b"code,name\n\x81\x30\xff\xff", "bad.csv")


# --- XLSX -------------------------------------------------------------------------


def test_xlsx_round_trip_keeps_text_as_text():
    from openpyxl import load_workbook

    specs = parse_toml() + [MatterSpec(code="007", name="编码以零开头", category="own", kind="instant",
                                        department="d", phone="05716789012")]
    data = cat.to_xlsx(specs)
    assert cat.parse(data, "c.xlsx") == specs
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in ws[1]]
    assert header == list(cat.COLUMNS)
    last = [c for c in ws[ws.max_row]]
    assert last[0].value == "007" and last[0].number_format == "@"
    assert last[header.index("phone")].value == "05716789012"
    assert last[header.index("statutory_days")].value == 0  # numbers stay numbers


def test_xlsx_typed_by_hand_numbers_and_booleans():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(",") + ["village"])
    ws.append([1001, "高龄津贴", "民政办", "own", "promised", 0.0, 5.0, "SFZ:身份证:original:1", True])
    ws.append([None] * 9)
    ws.append([1002, "生育登记", "卫健办", "own", "promised", 30, 30, None, False])
    buf = io.BytesIO()
    wb.save(buf)
    assert "k.xlsx 第 4 行：承诺时限 30 天必须少于法定时限 30 天" in refusal(cat.parse, buf.getvalue(), "k.xlsx")
    ws.delete_rows(4)
    buf = io.BytesIO()
    wb.save(buf)
    (m,) = cat.parse(buf.getvalue(), "k.xlsx")
    assert (m.code, m.promised_days, m.village) == ("1001", 5, True)


# --- validate and pinyin ----------------------------------------------------------


def test_validate_cleans_and_checks_specs_built_in_code():
    specs = [MatterSpec(code=" A-1 ", name=" 名称 ", category="受理件", kind="即办件", department="d")]
    assert cat.validate(specs, "demo")[0] == MatterSpec(code="A-1", name="名称", category="own", kind="instant",
                                                        department="d")
    bad = [MatterSpec(code="A", name="n", kind="instant", department="d"), MatterSpec(code="a", name="m", kind="instant", department="d")]
    assert refusal(cat.validate, bad, "demo") == "demo 第 2 行：事项编码“a”重复（第 1 行已有）"
    with pytest.raises(InputError):
        cat.validate([MatterSpec(code="A", name="n", kind="promised", department="d", statutory_days=5, promised_days=5)])


def test_errors_translate_to_english():
    with pytest.raises(InputError) as info:
        cat.parse_csv(HEADER + "\nA,n,d,own,promised,10,10,\n", "x.csv")
    en = translator("en").error(info.value)
    assert "x.csv" in en and "2" in en and "10" in en and "承诺" not in en


def test_pinyin_keys():
    assert pinyin.keys("低保申请") == ("dbsq", "dibaoshenqing")
    assert pinyin.initials("80 周岁以上高龄津贴") == "80zsysgljt"
    assert pinyin.search_key("ＭＺ-001") == "mz001"
    assert pinyin.next_prefix("dbsq") == "dbsr" and pinyin.next_prefix("dz") == "e" and pinyin.next_prefix("zz") is None


def test_shipped_sample_catalog_parses():
    from quancheng_tui.services.catalog import SAMPLE_CATALOG

    specs = cat.parse(SAMPLE_CATALOG.read_bytes(), SAMPLE_CATALOG.name)
    assert len(specs) >= 30
    assert {m.category for m in specs} == {"own", "joint", "transfer"}
    assert {m.kind for m in specs} == {"instant", "promised", "report_up", None}
    assert any(m.statutory_days == 0 for m in specs) and any(m.statutory_days > 0 for m in specs)
    assert all(m.materials for m in specs if m.category != "transfer")
