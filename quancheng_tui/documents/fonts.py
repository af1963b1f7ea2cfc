"""The Chinese font embedded in every PDF.

Clerks print on old PCs that may have no Chinese font at all: a PDF that only
names a font prints as empty boxes there. So each PDF embeds a subset (the
glyphs it uses) of Noto Sans SC, which the project gets from PyPI in the
package ``pylopdf-fonts-zh-cn`` (SIL Open Font License 1.1; the licence text
ships in that package's dist-info). Nothing is fetched at run time.

Noto Sans SC is an OpenType font with CFF (PostScript) outlines. fpdf2 2.8
can embed that directly, but only as a CFF CIDFont with a custom embedded
encoding CMap: PDF 1.6, two uncompressed CMaps (+7 KB), and readers that do
not parse embedded CMaps (pypdf among them) extract garbage from it. So
``subset_font()`` first cuts the font down to the characters of one document
(hints dropped: they do nothing at printer resolution) and converts those few
hundred glyphs to TrueType outlines (cu2qu, within 1/1000 em). fpdf2 then
embeds the standard way: ``CIDFontType2`` + ``Identity-H`` + ``/FontFile2``,
PDF 1.4, which every reader and printer driver handles. A one-page form is
≈30–45 KB, ≈110 bytes a distinct hanzi.

The font covers all 7,445 characters of GB 2312 (6,763 hanzi and the
full-width punctuation) and about 30,000 code points in all; a character it
lacks is printed as 〓 by the renderer.

Loading the 7.9 MiB OTF and converting CFF outlines costs 0.2–0.35 s CPU per
document (more on old PCs), on the clerk's path from F5 to the receipt. So the
glyphs a form can need (``cache_chars()``: GB 2312, ASCII, Latin-1 and common
punctuation) are converted to TrueType once, kept in the user cache folder
(keyed by the font file's size and mtime and our version; 0600 in a 0700
folder, written atomically) and in memory per process; each document is then
assembled from that TrueType font (a few ms: glyphs are copied as compiled bytes). A document with a
character outside the cache that the OTF has (a rare name character) takes
the slow path. Building the cache costs a few seconds, once per machine.
"""

from __future__ import annotations

import functools
import io
import os
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from ..errors import N_, QuanchengError

__all__ = [
    "FONT_DISTRIBUTION",
    "FONT_FAMILY",
    "FONT_FILE",
    "FONT_PACKAGE",
    "FontMissing",
    "cache_chars",
    "font_cache_file",
    "font_path",
    "prepare_font_cache",
    "subset_font",
]

FONT_PACKAGE = "pylopdf_fonts_zh_cn"  # the import name
FONT_DISTRIBUTION = "pylopdf-fonts-zh-cn"  # what pip installs
FONT_FILE = "NotoSansSC-Regular.otf"
FONT_FAMILY = "NotoSansSC"


class FontMissing(QuanchengError):
    """The font package is not installed (a broken installation, not bad input)."""


@functools.lru_cache(maxsize=4)
def font_path(package: str = FONT_PACKAGE, filename: str = FONT_FILE) -> Path:
    """The font file inside the installed package, or one `FontMissing` naming the package."""
    import importlib.resources  # ≈30 ms: only when a PDF is made

    try:
        candidate = importlib.resources.files(package) / filename
    except (ModuleNotFoundError, TypeError):
        candidate = None
    path = Path(str(candidate)) if candidate is not None else None
    if path is None or not path.is_file():
        raise FontMissing(
            N_("找不到打印用的中文字体（Python 软件包 {package}），请重新安装本软件"),
            package=FONT_DISTRIBUTION if package == FONT_PACKAGE else package,
        )
    return path


def subset_font(chars: Iterable[str], dest: Path, *, prepared: bool = True) -> Path:
    """Write to ``dest`` a TrueType font with just ``chars`` (those the font has) and return ``dest``.

    Keeps the name table's copyright and licence entries (name IDs 0 and 13–14). Cut from the prepared
    TrueType font when it holds every wanted character the OTF has (building it the first time), else
    (or with ``prepared=False``) from the OTF itself: the same outlines either way.
    """
    from fontTools.ttLib import TTFont  # fpdf2 depends on fontTools; imported only when a PDF is made

    unicodes = {ord(ch) for text in chars for ch in text}
    cache = _prepared() if prepared else None
    outside = unicodes - cache.covered if cache is not None else unicodes
    if cache is not None and not (outside and outside & _otf_unicodes()):
        cache.cut(unicodes).save(str(dest))
        return dest
    font = TTFont(str(font_path()), lazy=True, recalcTimestamp=False)  # a character outside the cache
    try:
        _subset(font, unicodes)
        font.save(str(dest))
    finally:
        font.close()
    return dest


def _subset(font, unicodes: set[int]) -> None:
    from fontTools import subset

    options = subset.Options(
        # recommended_glyphs (gids 1–3) would only act on TrueType input: off, so both paths embed alike
        notdef_outline=True, recommended_glyphs=False, hinting=False, desubroutinize=True,
        layout_features=[], name_IDs=[0, 1, 2, 3, 4, 5, 6, 13, 14], name_languages=["*"],
    )
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "DSIG", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_truetype(font)


# --- the prepared TrueType font ---------------------------------------------------------------

CACHE_FORMAT = 4  # bump when the way the cache is built changes


@functools.lru_cache(maxsize=1)
def cache_chars() -> frozenset[str]:
    """The characters the prepared font is built for: GB 2312's 7,445, and the Latin and punctuation forms print."""
    gb2312 = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                gb2312.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    latin = {chr(cp) for cp in range(0x20, 0x7F)} | {chr(cp) for cp in range(0xA0, 0x100)}
    punctuation = {chr(cp) for cp in range(0x2010, 0x2028)} | {chr(cp) for cp in range(0x2030, 0x203C)}
    return frozenset(gb2312 | latin | punctuation | set("〓·—–…‘’“”"))


class _Prepared:
    """The cached TrueType font, parsed once per process, and the characters it was built for."""

    def __init__(self, data: bytes, covered: frozenset[int]) -> None:
        from fontTools.ttLib import TTFont

        self.data = data
        self.covered = covered  # cache_chars() as code points: those the font lacks are lacking either way
        self.font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
        self.cmap = self.font.getBestCmap()
        if "glyf" not in self.font or not self.cmap:
            raise ValueError("not a prepared TrueType font")
        for tag in ("head", "hhea", "maxp", "OS/2", "name", "post", "hmtx", "glyf"):
            self.font[tag]  # parse every table now, under the lock: later cuts only read them
        self.font.getGlyphID(".notdef")  # and build the name → id index

    def cut(self, unicodes: set[int]):
        """A new TrueType font of just these characters, assembled from the parsed tables.

        Glyphs are copied as their compiled bytes (no outline is decoded, nothing converted), so a cut
        costs a few milliseconds where fontTools' subsetter would parse the 7,000-glyph font again.
        """
        import copy

        from fontTools.ttLib import TTFont, newTable
        from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

        src = self.font
        mapping = {cp: self.cmap[cp] for cp in unicodes if cp in self.cmap}
        order = [".notdef", *sorted(set(mapping.values()) - {".notdef"}, key=src.getGlyphID)]
        font = TTFont(recalcBBoxes=False, recalcTimestamp=False)
        font.setGlyphOrder(order)
        for tag in ("head", "hhea", "maxp", "OS/2", "name"):
            font[tag] = copy.deepcopy(src[tag])
        post = font["post"] = newTable("post")
        for field in ("italicAngle", "underlinePosition", "underlineThickness", "isFixedPitch",
                      "minMemType42", "maxMemType42", "minMemType1", "maxMemType1"):
            setattr(post, field, getattr(src["post"], field))
        post.formatType = 3.0  # no glyph names: the PDF maps glyphs through cmap and ToUnicode
        cmap = font["cmap"] = newTable("cmap")
        cmap.tableVersion = 0
        subtable = CmapSubtable.newSubtable(4)
        subtable.platformID, subtable.platEncID, subtable.language = 3, 1, 0
        subtable.cmap = mapping
        cmap.tables = [subtable]
        hmtx = font["hmtx"] = newTable("hmtx")
        hmtx.metrics = {name: src["hmtx"][name] for name in order}
        glyf = font["glyf"] = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = {name: src["glyf"].glyphs[name] for name in order}  # .glyphs: [] would decode them
        font["loca"] = newTable("loca")
        return font


_lock = threading.Lock()
_memory: dict[Path, _Prepared] = {}


def font_cache_file() -> Path:
    """Where the prepared font lives: its name carries the key (our version, the font file's size and mtime)."""
    from platformdirs import user_cache_dir

    from .. import __version__
    from ..settings import APP_NAME

    stat = font_path().stat()
    name = f"{FONT_FAMILY}-tt{CACHE_FORMAT}-{__version__}-{stat.st_size}-{stat.st_mtime_ns}.ttf"
    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "fonts" / name


def prepare_font_cache() -> Path:
    """Build the cached TrueType font now if it is missing (a few seconds, once); return its path."""
    _prepared()
    return font_cache_file()


def _prepared() -> _Prepared:
    path = font_cache_file()
    with _lock:
        if path in _memory:
            return _memory[path]
        covered = frozenset(ord(ch) for ch in cache_chars())
        prepared = _read_cache(path, covered)
        if prepared is None:
            data = _build(covered)
            _write_cache(path, data)
            prepared = _Prepared(data, covered)
        _memory[path] = prepared
        return prepared


def _read_cache(path: Path, covered: frozenset[int]) -> _Prepared | None:
    """The cached font, or None when it is missing or does not parse (a torn or foreign file is rebuilt)."""
    try:
        return _Prepared(path.read_bytes(), covered)
    except Exception:  # any failure to read or parse means: build it again
        return None


def _build(covered: frozenset[int]) -> bytes:
    """Convert the cache's glyphs to TrueType: draw only those, then subset the now-TrueType font.

    Subsetting the CFF first would run every charstring twice more (closure, desubroutinizing).
    """
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path()), lazy=True, recalcTimestamp=False)
    try:
        cmap = font.getBestCmap()
        keep = {".notdef"} | {cmap[cp] for cp in covered if cp in cmap}
        _cff_to_truetype(font, keep)
        _subset(font, set(covered))
        cmap_table = font["cmap"]  # the Windows subtable only: the Unicode one repeats it, and each costs a parse
        cmap_table.tables = [t for t in cmap_table.tables if t.platformID == 3] or cmap_table.tables
        post = font["post"]  # glyph names kept: loading them is cheaper than deriving 7,000 from the cmap
        post.formatType, post.extraNames, post.mapping = 2.0, [], {}
        out = io.BytesIO()
        font.save(out)
    finally:
        font.close()
    return out.getvalue()


def _write_cache(path: Path, data: bytes) -> None:
    """Write atomically, readable by the user only; stale versions go. A read-only home keeps it in memory."""
    try:
        path.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # ~/.cache/quancheng, when new
        path.parent.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path.parent, 0o700)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".ttf", dir=path.parent)  # mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for stale in path.parent.glob(f"{FONT_FAMILY}-tt*.ttf"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        return


@functools.lru_cache(maxsize=1)
def _otf_unicodes() -> frozenset[int]:
    """Every code point the OTF has (read once per process, ≈40 ms, only for characters outside the cache)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(font_path()), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _cff_to_truetype(font, keep: set[str] | None = None) -> None:
    """Replace the CFF outlines by quadratic TrueType ones (after fontTools' otf2ttf snippet).

    With ``keep``, only those glyphs are drawn; the others stay empty until a subset drops them.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    empty = TTGlyphPen(None).glyph()
    for name in order:
        if keep is not None and name not in keep:
            glyf.glyphs[name] = empty
            continue
        pen = TTGlyphPen(None)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = maxp.maxStorage = maxp.maxFunctionDefs = maxp.maxInstructionDefs = 0
    maxp.maxStackElements = maxp.maxSizeOfInstructions = maxp.maxComponentElements = 0
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names: the PDF maps glyphs through cmap and ToUnicode
    font.sfntVersion = "\x00\x01\x00\x00"
