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
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from ..errors import N_, QuanchengError

__all__ = [
    "FONT_DISTRIBUTION",
    "FONT_FAMILY",
    "FONT_FILE",
    "FONT_PACKAGE",
    "FontMissing",
    "font_path",
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


def subset_font(chars: Iterable[str], dest: Path) -> Path:
    """Write to ``dest`` a TrueType font with just ``chars`` (those the font has) and return ``dest``.

    Keeps the name table's copyright and licence entries (name IDs 0 and 13–14).
    """
    from fontTools import subset  # fpdf2 depends on fontTools; imported only when a PDF is made
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path()), lazy=True, recalcTimestamp=False)
    try:
        options = subset.Options(
            notdef_outline=True, recommended_glyphs=True, hinting=False, desubroutinize=True,
            layout_features=[], name_IDs=[0, 1, 2, 3, 4, 5, 6, 13, 14], name_languages=["*"],
        )
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "DSIG", "vhea", "vmtx"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes={ord(ch) for text in chars for ch in text})
        subsetter.subset(font)
        if "CFF " in font:
            _cff_to_truetype(font)
        font.save(str(dest))
    finally:
        font.close()
    return dest


def _cff_to_truetype(font) -> None:
    """Replace the CFF outlines by quadratic TrueType ones (after fontTools' otf2ttf snippet)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
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
