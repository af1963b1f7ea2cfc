"""Printable forms: PDF (embedded subset CJK font) and plain text, and their delivery.

PDFs are read back with pypdf (a test dependency; no system package needed).
"""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pypdf = pytest.importorskip("pypdf")

from quancheng_tui.documents import (  # noqa: E402
    Delivery,
    FontMissing,
    Material,
    NoticeData,
    ReceiptData,
    RefusalData,
    ReminderData,
    TransferData,
    build,
    deliver,
    font_path,
    render_pdf,
    render_text,
    safe_filename,
)
from quancheng_tui.documents import output as output_mod  # noqa: E402
from quancheng_tui.documents.forms import ExtensionNoticeData, ReminderItem, ReminderListData  # noqa: E402
from quancheng_tui.documents.layout import TEXT_WIDTH, WIDE_TEXT_WIDTH, clean, text_width, wrap  # noqa: E402
from quancheng_tui.errors import InputError, QuanchengError  # noqa: E402

OFFICE = "青山镇便民服务中心"
LONG_NAME = ("家庭成员收入证明（由所在单位或村（居）民委员会出具，注明近六个月月均收入、工资性收入、"
             "经营性收入及财产性收入，并附申请人及共同生活家庭成员近六个月的银行流水）")
HOSTILE = "张三\x1b[31m红色\x1b[0m\x07\x00\u202e反转\u202c\x9b2J\x1b]0;pwned\x07"

# Characters that must never reach the text output raw: C0/C1 controls except the line feed,
# and the bidi overrides that reorder what a reader sees.
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _materials(n: int) -> list[Material]:
    kinds = ["original", "copy", "either"]
    names = ["申请人居民身份证", "户口簿首页及本人页", LONG_NAME, "不动产权证书", "结婚证或离婚证（离婚的另附离婚协议或判决书）",
             "残疾人证", "村（居）民委员会出具的家庭情况证明", "银行卡（社会保障卡）复印件"]
    out = []
    for i in range(n):
        base = names[i % len(names)]
        out.append(Material(f"{base}（第{i + 1}项）", kinds[i % 3], i % 3, "需本人签字" if i % 4 == 0 else ""))
    return out


def _notice(missing: list[Material], **over) -> NoticeData:
    values = dict(
        office=OFFICE, number="QS-TZ-2026-000123", issued_on=date(2026, 3, 16), applicant="张*三",
        matter_name="城乡最低生活保障申请", matter_code="MZ-001", missing=missing, received_on=date(2026, 3, 16),
        conditions="申请人具有本镇户籍，家庭人均月收入低于当地最低生活保障标准，且家庭财产状况符合规定。",
        window="2 号窗口", department="民政办", phone="0571-88888888", basis="《社会救助暂行办法》第九条至第十一条",
        complaint_phone="0571-12345",
    )
    values.update(over)
    return NoticeData(**values)


def _receipt(**over) -> ReceiptData:
    values = dict(
        office=OFFICE, case_number="QS-2026-000456", matter_name="农村宅基地和建房（规划许可）审批", matter_code="ZJ-014",
        applicant="李*华", materials=_materials(3), received_on=date(2026, 3, 16), due_on=date(2026, 4, 3),
        owner="王芳", owner_phone="0571-88880002", complaint_phone="0571-12345", limit="13 个工作日",
        joint_units=("县自然资源和规划局青山所", "县农业农村局"),
    )
    values.update(over)
    return ReceiptData(**values)


def _refusal() -> RefusalData:
    return RefusalData(
        office=OFFICE, number="QS-TH-2026-0007", issued_on=date(2026, 3, 16), applicant="赵*",
        matter_name="临时救助申请", matter_code="MZ-009",
        reasons=["申请人家庭人均收入高于本地临时救助标准。", "申请事由不属于临时救助范围。"],
        basis="《社会救助暂行办法》第四十七条", case_number="QS-2026-000401", clerk="陈明", phone="0571-88880003",
    )


def _transfer() -> TransferData:
    return TransferData(
        office=OFFICE, number="QS-YB-2026-0031", issued_on=date(2026, 3, 16), applicant="孙*",
        matter_name="机动车驾驶证换证", unit="县公安局交通警察大队车辆管理所",
        address="县城东大街 88 号政务服务中心一楼 12 号窗口", phone="0571-88990000", contact="周警官",
    )


def _reminder(days_left: int = -2) -> ReminderData:
    return ReminderData(
        office=OFFICE, number="QS-CB-2026-0012", issued_on=date(2026, 3, 16), case_number="QS-2026-000301",
        matter_name="残疾人两项补贴申请", owner="王芳", due_on=date(2026, 3, 12), days_left=days_left,
        handler="刘洋（民政办）", issued_by="吴强",
    )


def _extension(**over) -> ExtensionNoticeData:
    values = dict(
        office=OFFICE, number="YQ-QS-20260316-0001-1", issued_on=date(2026, 3, 20), applicant="张三丰",
        matter_name="临时救助申请", matter_code="MZ-003", case_number="QS-20260316-0001",
        received_on=date(2026, 3, 16), original_due_on=date(2026, 3, 30), new_due_on=date(2026, 4, 2), days=3,
        reason="需入户核查家庭财产状况", basis="《社会救助暂行办法》第十一条", approved_by="李响", clerk="张伟",
        phone="0571-88880000", complaint_phone="0571-12345",
    )
    values.update(over)
    return ExtensionNoticeData(**values)


def _reminder_list(n: int) -> ReminderListData:
    lights = [("red", -7), ("due_today", 0), ("yellow", 1), ("red", -1)]
    matters = ["耕地地力保护补贴信息变更", "农村宅基地和建房（规划许可）审批", "80 周岁以上老年人高龄津贴申领"]
    items = [ReminderItem(f"QS-202603{1 + i % 28:02d}-{i:04d}", matters[i % 3], "欧**明" if i % 2 else "张*",
                          date(2026, 3, 2), date(2026, 3, 5 + i % 10), *lights[i % 4][::-1])
             for i in range(1, n + 1)]
    return ReminderListData(office=OFFICE, number="CB-zhangwei-20260316", issued_on=date(2026, 3, 16),
                            owner="张伟", owner_login="zhangwei", items=items, issued_by="李响")


def _pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _squash(text: str) -> str:
    """Extracted text without the line breaks and spaces that wrapping put in."""
    return re.sub(r"\s+", "", text)


def _fonts(pdf: bytes) -> list[dict]:
    """Every font the pages use: base name, subtype and which FontFile stream embeds it."""
    found = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            files = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor]
            stream = descriptor[files[0]].get_object() if files else None
            found.append({
                "name": str(font["/BaseFont"]), "subtype": str(descendant["/Subtype"]), "files": files,
                "size": len(stream.get_data()) if stream is not None else 0,
            })
    return found


@pytest.fixture(scope="module")
def one_page() -> bytes:
    return render_pdf(_notice(_materials(4)))


@pytest.fixture(scope="module")
def long_notice() -> NoticeData:
    return _notice(_materials(24))


@pytest.fixture(scope="module")
def two_pages(long_notice) -> bytes:
    return render_pdf(long_notice)


# --- the font ---------------------------------------------------------------------


def test_font_comes_from_the_installed_package():
    path = font_path()
    assert path.is_file() and path.suffix == ".otf" and path.stat().st_size > 1_000_000


def test_missing_font_package_is_one_clear_error():
    with pytest.raises(FontMissing) as exc:
        font_path("no_such_font_package_for_tests")
    assert isinstance(exc.value, QuanchengError)
    assert "no_such_font_package_for_tests" in str(exc.value) and "\n" not in str(exc.value)


def test_importing_documents_does_not_import_fpdf():
    code = "import sys, quancheng_tui.documents; print('fpdf' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- the one-time notice -------------------------------------------------------------


def test_one_page_notice_embeds_a_subset_font_and_is_small(one_page):
    assert one_page.startswith(b"%PDF-")
    assert len(pypdf.PdfReader(io.BytesIO(one_page)).pages) == 1
    fonts = _fonts(one_page)
    assert fonts, "no font at all"
    for font in fonts:
        assert re.fullmatch(r"/[A-Z]{6}\+NotoSansSC\S*", font["name"]), font  # ABCDEF+ = a subset
        assert font["files"] and font["files"][0] in ("/FontFile2", "/FontFile3"), font  # embedded
        assert font["size"] < 150_000, font  # a few hundred glyphs, not the 8 MB font
    # A one-page form is tens of KB (≈150 bytes a distinct hanzi), not hundreds.
    assert 10_000 < len(one_page) < 80_000, len(one_page)


def test_one_page_notice_text_is_complete(one_page):
    (page,) = _pages_text(one_page)
    flat = _squash(page)
    for needle in ("一次性告知书", "协办提示卡", OFFICE, "QS-TZ-2026-000123", "2026年3月16日", "张*三",
                   "城乡最低生活保障申请", "MZ-001", "民政办", "2号窗口", "0571-88888888", "0571-12345",
                   "《社会救助暂行办法》第九条至第十一条", "本告知书一次性告知您所需补正的全部材料",
                   "第三十二条", "逾期不告知的，自收到申请材料之日起即为受理", "协办员（签字）", "申请人（签收）",
                   "原件或复印件", "复印件", "仅查验", "第1页/共1页"):
        assert _squash(needle) in flat, needle
    for material in _materials(4):
        assert _squash(material.name) in flat, material.name


def test_long_notice_spills_onto_a_second_page_with_header_repeated(two_pages, long_notice):
    pages = _pages_text(two_pages)
    assert len(pages) == 2
    flat = _squash("".join(pages))
    for material in long_notice.missing:
        assert _squash(material.name) in flat, material.name
    second = _squash(pages[1])
    assert "一次性告知书（续）" in second and "QS-TZ-2026-000123" in second  # running header
    assert "材料名称" in second and "序号" in second  # the table header again
    assert "第2页/共2页" in second and "第1页/共2页" in _squash(pages[0])
    assert len(two_pages) < 120_000, len(two_pages)


def test_long_names_wrap_inside_the_page(one_page):
    # A name longer than its column is drawn on several lines, all inside the right margin.
    reader = pypdf.PdfReader(io.BytesIO(one_page))
    xs: list[float] = []

    def visitor(text, cm, tm, font_dict, font_size):
        if text.strip():
            xs.append(tm[4] * cm[0] + cm[4])

    reader.pages[0].extract_text(visitor_text=visitor)
    width_pt = float(reader.pages[0].mediabox.width)
    assert xs and min(xs) >= 20 / 25.4 * 72 - 1 and max(xs) < width_pt - 20 / 25.4 * 72
    text = render_text(_notice(_materials(4)))
    assert all(text_width(line) <= TEXT_WIDTH for line in text.splitlines())
    assert LONG_NAME[:8] in text and LONG_NAME not in text  # wrapped, not one overlong line


def test_notice_without_licensing_note_and_with_empty_list():
    text = render_text(_notice([], licensing=False, conditions="", basis=""))
    assert "第三十二条" not in text and "（无）" in text and "办理条件" not in text
    assert "本告知书一次性告知您所需补正的全部材料" in text


# --- hostile input ----------------------------------------------------------------------


def test_control_characters_and_escapes_never_appear_raw():
    data = _notice([Material(HOSTILE, "copy", 1, HOSTILE), Material("身份证\r\n复印件\t正反面", "copy", 1)],
                   applicant=HOSTILE, matter_name=HOSTILE, number="QS\x1b[2J-1", basis=HOSTILE)
    text = render_text(data)
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.search(text))
    assert "\x1b" not in text and "pwned" not in text  # the OSC title payload goes with its escape
    assert "张三红色反转" in text
    pdf = render_pdf(data)
    extracted = "".join(_pages_text(pdf))
    assert not RAW_CONTROL.search(extracted.replace("\n", "")), repr(extracted)
    assert "张三红色反转" in _squash(extracted)
    assert b"\x1b" not in pdf.split(b"stream")[0]  # the info dictionary (title, author) is clean too


def test_an_unterminated_escape_does_not_swallow_the_rest():
    assert clean("张三\x1b]0;李四") == "张三0;李四"
    assert clean("a\x1b[31mb\x1b[0m") == "ab"


def test_a_row_taller_than_a_page_is_split_not_lost():
    huge = "".join(f"第{i}段材料说明文字，" for i in range(1, 400)) + "结尾标记"
    pdf = render_pdf(_notice([Material(huge, "copy", 1), Material("短名称", "copy", 1)]))
    pages = _pages_text(pdf)
    assert len(pages) >= 3
    flat = _squash("".join(pages))
    assert "第1段材料说明文字" in flat and "结尾标记" in flat and "短名称" in flat


def test_a_character_the_font_lacks_prints_as_geta_mark():
    # U+20BB7 (𠮷, a name character outside the BMP) is not in Noto Sans SC's subset of Unicode.
    data = _notice(_materials(1), applicant="𠮷*明")
    assert "𠮷*明" in render_text(data)  # plain text keeps the real character
    assert "〓*明" in _squash("".join(_pages_text(render_pdf(data))))


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_clean_removes_every_control(value):
    assert not RAW_CONTROL.search(clean(value))
    assert "\n" not in clean(value, multiline=False)


@given(st.text(alphabet=st.sampled_from(list("申请人居民身份证，。（）《》“”、：；ABC123 -")), max_size=200),
       st.integers(min_value=8, max_value=60))
@settings(max_examples=200, deadline=None)
def test_wrap_keeps_every_character_and_the_width(value, width):
    lines = wrap(value, width)
    assert all(text_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == value.replace(" ", "")


def test_wrap_follows_chinese_line_breaking_rules():
    lines = wrap("申请材料齐全，符合法定形式。（附件）材料", 12)
    assert all(line[0] not in "，。）》”" for line in lines)
    assert all(line[-1] not in "（《“" for line in lines)
    assert wrap("电话：0571-88888888", 14) == ["电话：", "0571-88888888"]  # a number stays whole


# --- the other forms ------------------------------------------------------------------


@pytest.mark.parametrize("data, needles", [
    (_receipt(), ["受理回执", "协办回执", "QS-2026-000456", "2026年4月3日", "王芳", "0571-88880002", "0571-12345",
                  "13 个工作日", "县农业农村局", "申请人居民身份证", "受理人（签字）", "不计算在承诺时限内"]),
    (_refusal(), ["否认报备反馈单", "退回件", "申请人家庭人均收入高于本地临时救助标准", "不属于临时救助范围",
                  "《社会救助暂行办法》第四十七条", "行政复议", "陈明"]),
    (_transfer(), ["移办告知单", "不属于青山镇便民服务中心的受理范围", "县公安局交通警察大队车辆管理所",
                   "县城东大街 88 号", "0571-88990000", "周警官"]),
    (_reminder(-2), ["催办单", "QS-2026-000301", "残疾人两项补贴申请", "王芳", "2026年3月12日", "已超期 2 个工作日",
                     "刘洋（民政办）"]),
    (_extension(), ["延长办理期限告知书", "YQ-QS-20260316-0001-1", "张三丰", "临时救助申请（事项编码：MZ-003）",
                    "QS-20260316-0001", "2026年3月16日", "原承诺办结日期：2026年3月30日", "延长期限：      3 个工作日",
                    "延长后办结日期：2026年4月2日", "需入户核查家庭财产状况", "《社会救助暂行办法》第十一条",
                    "批准人", "李响", "0571-88880000", "0571-12345", "经办人（签字）", "申请人（签收）"]),
], ids=["receipt", "refusal", "transfer", "reminder", "extension"])
def test_every_form_renders_in_both_formats(data, needles):
    text = render_text(data)
    pdf = render_pdf(data)
    assert 8_000 < len(pdf) < 80_000, len(pdf)
    assert all(f["files"] for f in _fonts(pdf))
    flat = _squash("".join(_pages_text(pdf)))
    for needle in needles:
        assert needle in text, needle
        assert _squash(needle) in flat, needle
    assert all(text_width(line) <= TEXT_WIDTH for line in text.splitlines())


def test_reminder_states_days_left_or_due_today():
    assert "距承诺办结日期还有 3 个工作日" in render_text(_reminder(3))
    assert "今日到期" in render_text(_reminder(0))
    natural = ReminderData(**{**_reminder(-1).__dict__, "working_days": False})
    assert "已超期 1 天" in render_text(natural)
    weekend = render_text(ReminderData(**{**_reminder(0).__dict__, "overdue": True}))  # Friday's case, on Saturday
    assert "已超期（承诺办结日期已过）" in weekend and "今日到期" not in weekend and "立即办理" in weekend


def test_extension_without_a_leader_or_in_natural_days():
    text = render_text(_extension(approved_by="", working_days=False, phone="", clerk=""))
    assert "批准" not in text and "3 天" in text and "咨询电话：" not in text
    assert "经值班领导李响批准" in _squash(render_text(_extension()))
    assert "监督投诉电话：0571-12345" in text


def test_reminder_list_renders_with_totals_on_a_landscape_page():
    data = _reminder_list(4)
    text = render_text(data)
    for needle in ("催办单", "全程办事人汇总", "张伟（zhangwei）", "4 件：超期 2 件，今日到期 1 件，临近到期 1 件",
                   "QS-20260302-0001", "2026-03-06", "今日到期", "临近", "-7", "催办人（签字）", "全程办事人（签收）",
                   "值班领导（阅示）"):
        assert needle in text, needle
    lines = text.splitlines()
    assert all(text_width(line) <= WIDE_TEXT_WIDTH for line in lines)
    # Case numbers and dates stay whole in the text table too.
    assert any("QS-20260305-0004" in line and "2026-03-02" in line and "2026-03-09" in line for line in lines)
    pdf = render_pdf(data)
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # A4 landscape
    flat = _squash("".join(_pages_text(pdf)))
    for needle in ("催办单", "张伟（zhangwei）", "超期2件", "QS-20260303-0002", "2026-03-07", "欧**明", "今日到期"):
        assert needle in flat, needle


def test_long_reminder_list_pages_with_its_header_on_every_page():
    data = _reminder_list(70)
    pages = _pages_text(render_pdf(data))
    assert len(pages) >= 3
    flat = _squash("".join(pages))
    for item in data.items:
        assert item.case_number in flat, item.case_number  # every row, none cut at a page break
    for n, page in enumerate(pages[1:], 2):
        body = _squash(page)
        assert "催办单（续）" in body and "CB-zhangwei-20260316" in body
        assert f"第{n}页/共{len(pages)}页" in body
        if "QS-2026" in body:  # the table goes on here: its header comes first again
            assert body.index("办件编号") < body.index("QS-2026") and "剩余工作日" in body
    assert sum("QS-2026" in page for page in pages) >= 3
    assert "70件：超期34件，今日到期18件，临近到期18件" in flat and "值班领导（阅示）" in flat


def test_receipt_for_an_instant_case_says_done_on_the_spot():
    assert "当场办结" in render_text(_receipt(due_on=None, limit=""))


def test_one_build_gives_both_renderings():
    doc = build(_transfer())
    assert doc.to_text() == render_text(_transfer())
    assert doc.to_pdf().startswith(b"%PDF-")


def test_material_form_and_copies_are_checked():
    assert Material("身份证", "原件或复印件").form == "原件或复印件"
    with pytest.raises(InputError, match="材料形式"):
        Material("身份证", "scan")
    with pytest.raises(InputError, match="份数"):
        Material("身份证", "copy", -1)
    with pytest.raises(TypeError):
        build("not a form")  # type: ignore[arg-type]


# --- delivery ----------------------------------------------------------------------------


def _fake_lp(bin_dir: Path, body: str) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    lp = bin_dir / "lp"
    lp.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return lp


@pytest.fixture
def no_lp_path(tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_without_a_printer_both_files_are_saved_and_never_overwritten(tmp_path):
    folder = tmp_path / "out" / "nested"
    first = deliver(b"%PDF-1 one", "第一份\n第二行", "告知书-QS-1", printer=None, folder=folder)
    second = deliver(b"%PDF-1 two", "另一份", "告知书-QS-1", printer=None, folder=folder)
    assert isinstance(first, Delivery) and not first.printed and first.reason == "no_printer"
    assert first.pdf_path == folder / "告知书-QS-1.pdf" and first.text_path == folder / "告知书-QS-1.txt"
    assert second.pdf_path == folder / "告知书-QS-1-2.pdf" and second.text_path == folder / "告知书-QS-1-2.txt"
    assert first.pdf_path.read_bytes() == b"%PDF-1 one" and second.pdf_path.read_bytes() == b"%PDF-1 two"
    # The text file opens in Notepad on old Windows too: UTF-8 with BOM, CRLF.
    assert first.text_path.read_bytes() == "\ufeff第一份\r\n第二行".encode("utf-8")
    # A stray .txt alone also blocks its stem.
    (folder / "回执.txt").write_text("keep me", encoding="utf-8")
    third = deliver(b"%PDF", "x", "回执", printer=None, folder=folder)
    assert third.pdf_path.name == "回执-2.pdf" and (folder / "回执.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "etc_passwd"),
    ("告知书/张三\\李四", "告知书_张三_李四"),
    ("回执\x1b[31m红\x00.pdf", "回执红.pdf"),
    ("CON", "_CON"),
    ("...", "document"),
    ("", "document"),
    ("a:b*c?d\"e<f>g|h", "a_b_c_d_e_f_g_h"),
    ("张" * 100, "张" * 60),
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_hostile_names_stay_inside_the_folder(tmp_path):
    folder = tmp_path / "docs"
    result = deliver(b"%PDF", "x", "../../../tmp/evil\x1b]0;t\x07\n", printer=None, folder=folder)
    for path in result.paths:
        assert path.parent == folder
        assert not RAW_CONTROL.search(path.name) and "/" not in path.name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_printer_configured_sends_the_pdf_with_lp(tmp_path, monkeypatch):
    record = tmp_path / "lp-args"
    received = tmp_path / "lp-stdin"
    _fake_lp(tmp_path / "bin", f'printf "%s\\n" "$@" > "{record}"\ncat > "{received}"\n'
                               'echo "request id is Office_HP-17 (1 file(s))"\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    pdf = render_pdf(_transfer())
    result = deliver(pdf, render_text(_transfer()), "移办/告知单", printer="Office_HP", folder=tmp_path / "out")
    assert result.printed and result.printer == "Office_HP" and result.job == "Office_HP-17"
    assert result.paths == () and not (tmp_path / "out").exists()
    args = record.read_text(encoding="utf-8").splitlines()
    assert args[:2] == ["-d", "Office_HP"] and "-t" in args and args[args.index("-t") + 1] == "移办_告知单"
    assert received.read_bytes() == pdf


def test_lp_failure_falls_back_to_files(tmp_path, monkeypatch):
    _fake_lp(tmp_path / "bin", 'cat > /dev/null\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = deliver(b"%PDF", "text", "回执", printer="Nope", folder=tmp_path / "out")
    assert not result.printed and result.reason == "lp_failed" and "does not exist" in result.detail
    assert result.pdf_path.read_bytes() == b"%PDF" and result.text_path.exists()


def test_lp_timeout_falls_back_to_files(tmp_path, monkeypatch):
    _fake_lp(tmp_path / "bin", "exec sleep 5\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(output_mod, "LP_TIMEOUT", 0.3)
    result = deliver(b"%PDF", "text", "回执", printer="Slow", folder=tmp_path / "out")
    assert not result.printed and result.reason == "lp_timeout" and result.pdf_path.exists()


def test_no_lp_command_falls_back_to_files(tmp_path, no_lp_path):
    result = deliver(b"%PDF", "text", "回执", printer="Office", folder=tmp_path / "out")
    assert not result.printed and result.reason == "no_lp" and result.printer == "Office"
    assert result.pdf_path.exists() and result.text_path.exists()


@pytest.mark.parametrize("printer", ["-o evil", "a b", "x/y", "p#1", "bad\x1b[0m"])
def test_an_invalid_printer_name_is_never_passed_to_lp(tmp_path, monkeypatch, printer):
    record = tmp_path / "called"
    _fake_lp(tmp_path / "bin", f'touch "{record}"\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = deliver(b"%PDF", "text", "回执", printer=printer, folder=tmp_path / "out")
    assert result.reason == "bad_printer" and not record.exists() and result.pdf_path.exists()


def test_unwritable_folder_is_one_input_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="无法保存到"):
        deliver(b"%PDF", "text", "回执", printer=None, folder=blocker / "sub")


def test_unicode_is_normalised_in_file_names():
    assert safe_filename("ｆｕｌｌ／ｗｉｄｔｈ") == unicodedata.normalize("NFKC", "ｆｕｌｌ_ｗｉｄｔｈ")
