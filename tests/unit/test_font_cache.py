"""The prepared TrueType font: built once into the user cache folder, then every PDF is cut from it.

The prepared path must give the same PDFs as cutting from the OTF (the slow path): the same text
read back with pypdf and the same outline for every character.
"""

from __future__ import annotations

import io
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")
from fontTools.ttLib import TTFont  # noqa: E402

from quancheng_tui import __version__  # noqa: E402
from quancheng_tui.documents import Material, NoticeData, ReceiptData, build, fonts  # noqa: E402
from quancheng_tui.documents.layout import _FURNITURE, _PdfRenderer  # noqa: E402

RECEIPT = ReceiptData(
    office="青山镇便民服务中心", case_number="QS-20260316-0001", matter_name="农村宅基地和建房（规划许可）审批",
    matter_code="ZJ-014", applicant="李*华", materials=[Material("申请人居民身份证", "original", 1)],
    received_on=date(2026, 3, 16), due_on=date(2026, 4, 3), owner="王芳", owner_phone="0571-88880002",
    complaint_phone="0571-12345", limit="13 个工作日", joint_units=("县自然资源和规划局青山所",),
)


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory):
    """A user cache folder of this module's own, with the font prepared in it (a few seconds, once)."""
    home = tmp_path_factory.mktemp("cache-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(home))
        fonts.prepare_font_cache()
        yield home


@pytest.fixture
def in_cache_home(cache_home, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    return cache_home


def _pdf(doc, font_file: Path) -> bytes:
    renderer = _PdfRenderer(doc, font_file)
    try:
        return renderer.render()
    finally:
        for font in renderer.pdf.fonts.values():
            font.ttfont.close()


def _both(doc, tmp_path: Path) -> tuple[Path, Path]:
    chars = set(doc.to_text()) | set(_FURNITURE)
    fast = fonts.subset_font(chars, tmp_path / "prepared.ttf")
    slow = fonts.subset_font(chars, tmp_path / "otf.ttf", prepared=False)
    return fast, slow


def _outlines(path: Path) -> dict[int, tuple]:
    with TTFont(str(path)) as font:
        glyf, hmtx = font["glyf"], font["hmtx"]
        out = {}
        for cp, name in font.getBestCmap().items():
            coords, ends, flags = glyf[name].getCoordinates(glyf)
            out[cp] = (list(coords), list(ends), list(flags), hmtx[name])
        return out


def _embedded(pdf: bytes) -> dict[int, tuple]:
    """The outlines of the font the PDF embeds, by character (read through the PDF's own font program)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    font = reader.pages[0]["/Resources"]["/Font"]
    descendant = next(iter(font.values())).get_object()["/DescendantFonts"][0].get_object()
    data = descendant["/FontDescriptor"]["/FontFile2"].get_data()
    with TTFont(io.BytesIO(data)) as tt:
        glyf = tt["glyf"]
        return {gid: tuple(map(list, glyf[name].getCoordinates(glyf)[:2]))
                for gid, name in enumerate(tt.getGlyphOrder()) if glyf[name].numberOfContours}


def test_the_prepared_font_gives_the_same_outlines_as_the_otf(in_cache_home, tmp_path):
    fast, slow = _both(build(RECEIPT), tmp_path)
    fast_outlines, slow_outlines = _outlines(fast), _outlines(slow)
    assert set(fast_outlines) == set(slow_outlines)
    assert ord("受") in fast_outlines and ord("7") in fast_outlines
    assert fast_outlines == slow_outlines


def test_a_receipt_reads_back_the_same_and_draws_every_glyph(in_cache_home, tmp_path):
    doc = build(RECEIPT)
    fast, slow = _both(doc, tmp_path)
    fast_pdf, slow_pdf = _pdf(doc, fast), _pdf(doc, slow)
    text = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(fast_pdf)).pages]
    assert text == [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(slow_pdf)).pages]
    assert "QS-20260316-0001" in "".join(text) and "农村宅基地" in "".join(text)
    drawn = _embedded(fast_pdf)
    assert len(drawn) > 50  # one outline per distinct character printed, none empty
    assert drawn == _embedded(slow_pdf)


def test_the_cache_file_is_private_and_keyed_by_font_and_version(in_cache_home):
    path = fonts.font_cache_file()
    size = fonts.font_path().stat().st_size
    assert path.is_file() and path.is_relative_to(in_cache_home)
    assert __version__ in path.name and str(size) in path.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700  # the app's cache folder, made here
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind
    with TTFont(str(path)) as font:
        cmap = font.getBestCmap()
    assert ord("囍") not in cmap  # not in GB 2312
    assert all(ord(ch) in cmap for ch in "啊齄〓ＡＺ·—")  # first and last hanzi, full-width forms, punctuation


def test_a_copied_cache_is_read_not_rebuilt_and_stale_versions_go(cache_home, tmp_path, monkeypatch):
    other = tmp_path / "home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(other))
    target = fonts.font_cache_file()
    target.parent.mkdir(parents=True, mode=0o700)
    shutil.copy(Path(str(target).replace(str(other), str(cache_home))), target)
    stale = target.parent / f"{fonts.FONT_FAMILY}-tt1-0.0.1-1-1.ttf"
    stale.write_bytes(b"old")
    before = target.stat().st_mtime_ns
    fonts.subset_font("受理回执", tmp_path / "a.ttf")
    assert target.stat().st_mtime_ns == before  # read, not written again
    assert stale.exists()  # only a build clears old versions; reading leaves the folder alone


def test_a_character_outside_the_cache_takes_the_otf_path(in_cache_home, tmp_path):
    # 喆 (a name character) is in the OTF but not in GB 2312: the document still gets its glyph.
    chars = set("张喆受理") | set(_FURNITURE)
    out = fonts.subset_font(chars, tmp_path / "rare.ttf")
    with TTFont(str(out)) as font:
        cmap = font.getBestCmap()
        assert ord("喆") in cmap and font["glyf"][cmap[ord("喆")]].numberOfContours > 0
    assert "喆" not in fonts.cache_chars() and "受" in fonts.cache_chars()


def test_a_character_the_font_lacks_does_not_leave_the_fast_path_broken(in_cache_home, tmp_path):
    doc = build(NoticeData(
        office="青山镇便民服务中心", number="QS-TZ-2026-000123", issued_on=date(2026, 3, 16), applicant="𠮷*明",
        matter_name="临时救助申请", matter_code="MZ-003", missing=[Material("户口簿", "copy", 1)],
        received_on=date(2026, 3, 16)))
    fast, _slow = _both(doc, tmp_path)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(_pdf(doc, fast))).pages)
    assert "〓*明" in text.replace(" ", "")


@pytest.mark.slow
def test_a_torn_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    target = fonts.font_cache_file()
    target.parent.mkdir(parents=True, mode=0o700)
    target.write_bytes(b"\x00\x01\x00\x00 torn")
    fonts.subset_font("受理", tmp_path / "a.ttf")
    with TTFont(str(target)) as font:
        assert ord("受") in font.getBestCmap()
