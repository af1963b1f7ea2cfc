"""A printable document: built once as a list of blocks, rendered twice.

``Document`` holds a header (office, title, number, date), a list of blocks
(headings, paragraphs, key–value fields, tables, signature lines, spacers)
and a closing note. ``to_pdf()`` lays it out on A4 (portrait, or landscape for
a ``landscape`` document such as a wide list) with the embedded
Chinese font (page numbers "第 n 页 / 共 N 页" in the footer, the table header
repeated on every page a table spills onto); ``to_text()`` gives the same
content as plain text for a screen, a log or a printer without PDF support.

Every string passes through ``clean()`` first: ANSI escape sequences, other
control characters, bidi overrides and lone surrogates from user data are
removed, so neither output carries them raw. Line breaking is shared by both
renderers and follows the usual Chinese rules (a line may break between any
two hanzi, never before ，。、；：？！）》” nor after （《“; runs of Latin
letters and digits such as case numbers and phone numbers stay whole unless
longer than a line).

Importing this module is cheap; fpdf2 (≈0.5 s to import) is loaded only by
``to_pdf()``.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from .fonts import FONT_FAMILY, subset_font

__all__ = [
    "TEXT_WIDTH",
    "WIDE_TEXT_WIDTH",
    "Block",
    "Column",
    "Document",
    "Fields",
    "Heading",
    "Paragraph",
    "Signatures",
    "Spacer",
    "Table",
    "clean",
    "column_widths",
    "text_width",
    "wrap",
]

TEXT_WIDTH = 72  # columns of the plain-text rendering (a hanzi counts two)
WIDE_TEXT_WIDTH = 120  # the same for a landscape document: its table would not fit in 72
FIT_SHARE = 0.6  # the most of a table's width its fit columns take before they are narrowed

# --- cleaning ---------------------------------------------------------------

_ANSI = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"          # CSI … final byte (colours, cursor moves)
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"  # OSC … BEL/ST (titles, hyperlinks)
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c\n]*(?:\x1b\\|\x9c)"  # DCS, SOS, PM, APC strings
    # (an unterminated string loses only its introducer: the text after it stays printed)
    r"|\x1b[ -/]*[0-~]"                          # other two-byte escapes
)
_LINEBREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_DROP = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x9f"   # C0/C1 controls (tab and line breaks handled apart)
    r"\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb"  # zero-width, bidi
    r"\ud800-\udfff]"                 # lone surrogates (cannot be encoded)
)


def clean(value: object, *, multiline: bool = True) -> str:
    """User data made printable: no escapes or controls; line breaks kept only if ``multiline``."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", text)
    text = _ANSI.sub("", text)
    text = _LINEBREAK.sub("\n", text)
    text = _DROP.sub("", text.replace("\t", " ").replace("\x1b", ""))
    if not multiline:
        text = " ".join(part.strip() for part in text.split("\n") if part.strip())
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")).strip()


# --- line breaking ------------------------------------------------------------

# 避头尾: may not start a line / may not end a line.
NO_START = frozenset("，。、；：？！）》〉」』】〕〗’”…—·%％,.;:?!)]}")
NO_END = frozenset("（《〈「『【〔〖‘“([{")
_TOKEN = re.compile(r"[A-Za-z0-9_\-./@#+&=~'%]+|[^\S\n\u3000]+|.", re.S)


def text_width(text: str) -> int:
    """Columns the text takes in a Chinese terminal or Notepad: hanzi and full-width forms count 2."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WFA" else 1
    return width


def wrap(text: str, width: float, measure: Callable[[str], float] = text_width, *,
         first_indent: float = 0.0) -> list[str]:
    """Break ``text`` (its own line breaks kept) into lines no wider than ``width``."""
    lines: list[str] = []
    first = True
    for para in text.split("\n"):
        lines.extend(_wrap_para(para, width, measure, first_indent if first else 0.0))
        first = False
    return lines or [""]


def _wrap_para(para: str, width: float, measure: Callable[[str], float], indent: float) -> list[str]:
    tokens: list[str] = []
    for tok in _TOKEN.findall(para):
        if len(tok) > 1 and not tok.isspace() and measure(tok) > width - indent:
            tokens.extend(tok)  # a "word" longer than a line breaks anywhere
        else:
            tokens.append(tok)
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    limit = width - indent

    def trim(words: list[str]) -> None:
        while words and words[-1].isspace():
            words.pop()

    for tok in tokens:
        if tok.isspace():
            if line:
                line.append(tok)
                used += measure(tok)
            continue
        size = measure(tok)
        if used + size <= limit + 1e-6 or not line:
            line.append(tok)
            used += size
            continue
        trim(line)
        carry: list[str] = []
        if tok[0] in NO_START and len(line) > 1:
            carry.insert(0, line.pop())
            trim(line)
        while len(line) > 1 and line[-1][-1] in NO_END:
            carry.insert(0, line.pop())
            trim(line)
        if carry and measure("".join(carry) + tok) > width:
            line.extend(carry)  # carrying would overflow the next line: give up the nicety
            carry = []
        lines.append("".join(line))
        line = carry + [tok]
        used = measure("".join(line))
        limit = width
    trim(line)
    lines.append("".join(line))
    return lines


# --- blocks -------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    indent: bool = False  # first-line indent of two characters
    small: bool = False


@dataclass(frozen=True)
class Fields:
    """Key–value lines: the value wraps under itself, beside the label column."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Column:
    """A table column. A ``fit`` column is as wide as its widest cell (at most a third of the
    table, so only longer cells wrap); the others share the rest of the width by ``weight``."""

    title: str
    weight: float = 1.0  # share of the width left after the fit columns
    align: str = "L"  # L, C or R
    fit: bool = False


def column_widths(columns: Sequence[Column], rows: Sequence[Sequence[str]], total: float,
                  measure: Callable[[str], float], pad: float, fit_share: float = FIT_SHARE) -> list[float]:
    """Widths (cell padding ``pad`` included) that add up to ``total``.

    The fit columns together take at most ``fit_share`` of ``total``; beyond that they are narrowed
    (and wrap) so that the weighted columns keep room to wrap in."""
    widths: list[float | None] = []
    for i, col in enumerate(columns):
        if col.fit:
            cells = [col.title] + [row[i] for row in rows if i < len(row)]
            natural = max(measure(line) for cell in cells for line in cell.split("\n")) + pad
            widths.append(min(natural, total / 3))
        else:
            widths.append(None)
    fitted = sum(w for w in widths if w is not None)
    if None in widths and fitted > total * fit_share:  # leave the wrapping columns room to wrap
        widths = [w * total * fit_share / fitted if w is not None else None for w in widths]
    rest = total - sum(w for w in widths if w is not None)
    weights = sum(max(c.weight, 0.01) for c, w in zip(columns, widths) if w is None)
    if not weights:  # every column fits: give the slack to the last one
        out = [w or 0.0 for w in widths]
        out[-1] += rest
        return out
    return [w if w is not None else rest * max(c.weight, 0.01) / weights for c, w in zip(columns, widths)]


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "（无）"
    # A list of many short must-stay-whole columns (case numbers, dates) beside one long one
    # raises this, so numbers and dates stay on one line while the long column still wraps.
    fit_share: float = FIT_SHARE


@dataclass(frozen=True)
class Signatures:
    """Lines to sign on: "label：________  日期：    年  月  日"."""

    labels: tuple[str, ...]
    dated: bool = True


@dataclass(frozen=True)
class Spacer:
    lines: float = 1.0


Block = Union[Heading, Paragraph, Fields, Table, Signatures, Spacer]  # noqa: UP007 (a runtime alias: 3.10 cannot | classes)


@dataclass
class Document:
    """A form: header, blocks, closing note. Build with the chaining methods, then render."""

    title: str
    office: str = ""
    subtitle: str = ""
    number: str = ""  # 编号, printed under the title and on every continuation page
    date: str = ""  # as printed, e.g. "2026年3月16日"
    footer: str = ""  # a closing note, e.g. "本告知书一式两份……"
    landscape: bool = False  # A4 landscape, and WIDE_TEXT_WIDTH columns of text
    blocks: list[Block] = field(default_factory=list)

    # builder ------------------------------------------------------------------
    def add(self, block: Block) -> Document:
        self.blocks.append(block)
        return self

    def heading(self, text: str) -> Document:
        return self.add(Heading(text))

    def paragraph(self, text: str, *, indent: bool = False, small: bool = False) -> Document:
        return self.add(Paragraph(text, indent=indent, small=small))

    def fields(self, items: Iterable[tuple[str, object]], *, skip_empty: bool = True) -> Document:
        pairs = tuple((label, clean(value)) for label, value in items)
        if skip_empty:
            pairs = tuple((label, value) for label, value in pairs if value)
        return self.add(Fields(pairs)) if pairs else self

    def table(self, columns: Sequence[Column], rows: Iterable[Sequence[object]], *, empty: str = "（无）",
              fit_share: float = FIT_SHARE) -> Document:
        cols = tuple(columns)
        body = tuple(tuple(clean(cell) for cell in row) + ("",) * (len(cols) - len(row)) for row in rows)
        return self.add(Table(cols, tuple(row[: len(cols)] for row in body), empty, fit_share))

    def signatures(self, *labels: str, dated: bool = True) -> Document:
        return self.add(Signatures(tuple(labels), dated))

    def spacer(self, lines: float = 1.0) -> Document:
        return self.add(Spacer(lines))

    # renderers ----------------------------------------------------------------
    def to_text(self, width: int | None = None) -> str:
        if width is None:
            width = WIDE_TEXT_WIDTH if self.landscape else TEXT_WIDTH
        return _TextRenderer(width).render(self)

    def to_pdf(self) -> bytes:
        return _PdfRenderer.make(self)


# --- plain text -------------------------------------------------------------


class _TextRenderer:
    def __init__(self, width: int) -> None:
        self.width = max(width, 30)
        self.out: list[str] = []

    def emit(self, line: str = "") -> None:
        self.out.append(line.rstrip())

    def center(self, text: str) -> None:
        for line in wrap(text, self.width):
            self.emit(" " * max(0, (self.width - text_width(line)) // 2) + line)

    def render(self, doc: Document) -> str:
        if doc.office:
            self.center(clean(doc.office, multiline=False))
        self.center(clean(doc.title, multiline=False))
        if doc.subtitle:
            self.center(clean(doc.subtitle, multiline=False))
        left = f"编号：{clean(doc.number, multiline=False)}" if doc.number else ""
        right = f"日期：{clean(doc.date, multiline=False)}" if doc.date else ""
        if left or right:
            gap = self.width - text_width(left) - text_width(right)
            if gap >= 2:
                self.emit(left + " " * gap + right)
            else:
                self.emit(left)
                self.emit(right)
        self.emit("=" * self.width)
        for block in doc.blocks:
            getattr(self, "block_" + type(block).__name__.lower())(block)
        if doc.footer:
            self.emit()
            self.emit("-" * self.width)
            for line in wrap(clean(doc.footer), self.width):
                self.emit(line)
        return "\n".join(self.out) + "\n"

    def block_heading(self, block: Heading) -> None:
        self.emit()
        for line in wrap(f"【{clean(block.text, multiline=False)}】", self.width):
            self.emit(line)

    def block_paragraph(self, block: Paragraph) -> None:
        indent = 4 if block.indent else 0
        for para in clean(block.text).split("\n"):
            for i, line in enumerate(wrap(para, self.width, first_indent=indent)):
                self.emit((" " * indent if i == 0 else "") + line)

    def block_fields(self, block: Fields) -> None:
        labels = [clean(label, multiline=False) + "：" for label, _ in block.items]
        label_w = min(max(text_width(label) for label in labels), self.width // 3)
        for label, (_, value) in zip(labels, block.items):
            value_lines = wrap(clean(value), self.width - label_w)
            label_lines = wrap(label, label_w)
            for i in range(max(len(value_lines), len(label_lines))):
                head = label_lines[i] if i < len(label_lines) else ""
                tail = value_lines[i] if i < len(value_lines) else ""
                self.emit(head + " " * (label_w - text_width(head)) + tail)

    def block_table(self, block: Table) -> None:
        n = len(block.columns)
        inner = self.width - (n + 1) - 2 * n
        rows = [[clean(cell) for cell in row] for row in block.rows]
        exact = column_widths(block.columns, rows, inner, text_width, 0, block.fit_share)
        widths = [max(4, int(w)) for w in exact]
        widths[-1] = max(4, widths[-1] + inner - sum(widths))
        rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        self.emit(rule)
        self.row([clean(c.title, multiline=False) for c in block.columns], widths, block.columns)
        self.emit(rule.replace("-", "="))
        if not rows:  # one cell across the table
            span = sum(widths) + 3 * (n - 1)
            self.row([clean(block.empty)], [span], (Column("", align="C"),))
            self.emit("+" + "-" * (span + 2) + "+")
        for row in rows:
            self.row(row, widths, block.columns)
            self.emit(rule)

    def row(self, cells: list[str], widths: list[int], columns: tuple[Column, ...]) -> None:
        wrapped = [wrap(cell, w) for cell, w in zip(cells, widths)]
        for i in range(max(len(lines) for lines in wrapped)):
            parts = []
            for lines, w, col in zip(wrapped, widths, columns):
                text = lines[i] if i < len(lines) else ""
                pad = w - text_width(text)
                if col.align == "R":
                    text = " " * pad + text
                elif col.align == "C":
                    text = " " * (pad // 2) + text + " " * (pad - pad // 2)
                else:
                    text = text + " " * pad
                parts.append(" " + text + " ")
            self.emit("|" + "|".join(parts) + "|")

    def block_signatures(self, block: Signatures) -> None:
        for label in block.labels:
            self.emit()
            line = clean(label, multiline=False) + "：" + "_" * 16
            if block.dated:
                line += "    日期：______年____月____日"
            for part in wrap(line, self.width):
                self.emit(part)

    def block_spacer(self, block: Spacer) -> None:
        for _ in range(max(1, round(block.lines))):
            self.emit()


# --- PDF ----------------------------------------------------------------------

PAGE_W, PAGE_H = 210.0, 297.0  # A4 portrait, mm (turned for a landscape document)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20.0, 15.0, 20.0
PT = 25.4 / 72  # mm per point
OFFICE_PT, TITLE_PT, SUBTITLE_PT, META_PT = 12.0, 18.0, 11.0, 10.0
HEADING_PT, BODY_PT, TABLE_PT, SMALL_PT = 11.5, 10.5, 10.0, 9.0  # 10.5 pt = 五号, the usual body size
LEADING = 1.6
PAD_X, PAD_Y = 1.5, 1.0  # inside table cells
RUNNING_HEADER_H = 9.0  # continuation pages: "office title（续） … 编号" and a rule
REPLACEMENT = "〓"  # GB 2312's mark for a character the font lacks (a rare name character, an emoji)
# What the PDF draws besides the document's own text (footer, running header, signature dates).
_FURNITURE = "第页共续编号日期年月日：（）/　 0123456789?" + REPLACEMENT


def _lh(pt: float) -> float:
    return pt * PT * LEADING


class _PdfRenderer:
    """Lays a Document out by hand: fpdf2 only measures, draws text at a point, and draws lines."""

    def __init__(self, doc: Document, font_file: Path) -> None:
        from fpdf import FPDF  # ≈0.5 s: only when a PDF is wanted
        from fpdf.fonts import TTFFont

        renderer = self

        class _Pdf(FPDF):
            def header(self) -> None:
                renderer.running_header()

            def footer(self) -> None:
                renderer.page_footer()

        pdf = _Pdf(orientation="L" if doc.landscape else "P", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
        pdf.c_margin = 0
        pdf.add_font(FONT_FAMILY, "", str(font_file))
        pdf.set_font(FONT_FAMILY, size=BODY_PT)
        pdf.alias_nb_pages()
        font = pdf.current_font
        assert isinstance(font, TTFFont)  # add_font above loaded the CJK TrueType font
        self.cmap = font.cmap
        self.missing = REPLACEMENT if ord(REPLACEMENT) in self.cmap else "?"
        self.doc = doc
        self.pdf = pdf
        self.x = MARGIN_X
        self.page_h = PAGE_W if doc.landscape else PAGE_H
        self.width = (PAGE_H if doc.landscape else PAGE_W) - 2 * MARGIN_X
        self.bottom = self.page_h - MARGIN_BOTTOM
        self.y = MARGIN_TOP
        self.title = clean(doc.title, multiline=False)
        self.office = clean(doc.office, multiline=False)
        self.number = clean(doc.number, multiline=False)
        self.reprint_header: Callable[[], None] | None = None
        pdf.set_title(self.title)
        if self.office:
            pdf.set_author(self.office)
        pdf.set_creator("quancheng_tui")
        pdf.set_lang("zh-CN")

    @classmethod
    def make(cls, doc: Document, chars: set[str] | None = None) -> bytes:
        """Render with a font cut down to the characters this document can print (`chars`: those of its text
        form when not given; a subclass that draws more, such as charts, names its own)."""
        chars = (set(doc.to_text()) if chars is None else chars) | set(_FURNITURE)
        with tempfile.TemporaryDirectory(prefix="quancheng-pdf-", ignore_cleanup_errors=True) as tmp:
            font_file = subset_font(chars, Path(tmp) / f"{FONT_FAMILY}-subset.ttf")
            renderer = cls(doc, font_file)
            try:
                return renderer.render()
            finally:
                from fpdf.fonts import TTFFont  # fpdf is loaded by now

                for font in renderer.pdf.fonts.values():
                    if isinstance(font, TTFFont) and font.ttfont is not None:
                        font.ttfont.close()  # release the file before the folder goes (Windows)

    # primitives ----------------------------------------------------------------
    def glyphs(self, text: str) -> str:
        """Cleaned text whose every character the font can draw."""
        return "".join(ch if ch == "\n" or ord(ch) in self.cmap else self.missing for ch in clean(text))

    def size(self, pt: float) -> float:
        self.pdf.set_font_size(pt)
        return _lh(pt)

    def measure(self, text: str) -> float:
        return self.pdf.get_string_width(text)

    def put(self, x: float, y: float, w: float, h: float, text: str, align: str = "L") -> None:
        if text:
            self.pdf.set_xy(x, y)
            self.pdf.cell(w, h, text, align=align)

    def rule(self, y: float, width: float = 0.2) -> None:
        self.pdf.set_line_width(width)
        self.pdf.line(self.x, y, self.x + self.width, y)

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom + 1e-6:
            self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()  # runs running_header(), which sets self.y
        if self.reprint_header is not None:
            self.reprint_header()

    # page furniture --------------------------------------------------------------
    def running_header(self) -> None:
        self.y = MARGIN_TOP
        if self.pdf.page_no() <= 1:
            return
        lh = self.size(SMALL_PT)
        left = self.glyphs("　".join(part for part in (self.office, self.title + "（续）") if part))
        right = self.glyphs(f"编号：{self.number}") if self.number else ""
        self.put(self.x, self.y, self.width, lh, left)
        self.put(self.x, self.y, self.width, lh, right, "R")
        self.rule(self.y + lh + 0.5, 0.2)
        self.y += RUNNING_HEADER_H

    def page_footer(self) -> None:
        lh = self.size(SMALL_PT)
        nb = self.pdf.str_alias_nb_pages
        self.put(self.x, self.page_h - 13.0, self.width, lh, f"第 {self.pdf.page_no()} 页 / 共 {nb} 页", "C")

    # document --------------------------------------------------------------------
    def render(self) -> bytes:
        doc = self.doc
        self.pdf.add_page()
        for text, pt in ((self.office, OFFICE_PT), (self.title, TITLE_PT), (clean(doc.subtitle, multiline=False), SUBTITLE_PT)):
            if text:
                lh = self.size(pt)
                for line in wrap(self.glyphs(text), self.width, self.measure):
                    self.put(self.x, self.y, self.width, lh, line, "C")
                    self.y += lh
        self.y += 1.5
        lh = self.size(META_PT)
        if doc.number:
            self.put(self.x, self.y, self.width, lh, self.glyphs(f"编号：{self.number}"))
        if doc.date:
            self.put(self.x, self.y, self.width, lh, self.glyphs(f"日期：{clean(doc.date, multiline=False)}"), "R")
        if doc.number or doc.date:
            self.y += lh
        self.rule(self.y + 0.5, 0.5)
        self.y += 3.5
        for block in doc.blocks:
            getattr(self, "block_" + type(block).__name__.lower())(block)
        if doc.footer:
            lh = self.size(SMALL_PT)
            self.ensure(2 * lh + 4)
            self.y += 3
            self.rule(self.y, 0.2)
            self.y += 1.5
            self.lines(wrap(self.glyphs(doc.footer), self.width, self.measure), lh)
        return bytes(self.pdf.output())

    def lines(self, lines: list[str], lh: float, *, x: float | None = None, first_x: float | None = None) -> None:
        for i, line in enumerate(lines):
            self.ensure(lh)
            left = first_x if (i == 0 and first_x is not None) else (x if x is not None else self.x)
            self.put(left, self.y, self.width - (left - self.x), lh, line)
            self.y += lh

    def block_heading(self, block: Heading) -> None:
        lh = self.size(HEADING_PT)
        self.ensure(lh + 2.5 + 2 * _lh(BODY_PT))  # never a heading alone at the foot of a page
        self.y += 2.0
        self.pdf.set_fill_color(60, 60, 60)
        self.pdf.rect(self.x, self.y + lh * 0.22, 1.2, lh * 0.56, style="F")
        self.put(self.x + 3.0, self.y, self.width - 3.0, lh, self.glyphs(clean(block.text, multiline=False)))
        self.y += lh + 0.5

    def block_paragraph(self, block: Paragraph) -> None:
        lh = self.size(SMALL_PT if block.small else BODY_PT)
        indent = 2 * self.measure("汉") if block.indent else 0.0
        for para in self.glyphs(block.text).split("\n"):
            lines = wrap(para, self.width, self.measure, first_indent=indent)
            self.lines(lines, lh, first_x=self.x + indent)

    def block_fields(self, block: Fields) -> None:
        lh = self.size(BODY_PT)
        labels = [self.glyphs(clean(label, multiline=False)) + "：" for label, _ in block.items]
        label_w = min(max(self.measure(label) for label in labels) + 1.0, self.width * 0.4)
        for label, (_, value) in zip(labels, block.items):
            head = wrap(label, label_w, self.measure)
            tail = wrap(self.glyphs(value), self.width - label_w, self.measure)
            for i in range(max(len(head), len(tail))):
                self.ensure(lh)
                if i < len(head):
                    self.put(self.x, self.y, label_w, lh, head[i])
                if i < len(tail):
                    self.put(self.x + label_w, self.y, self.width - label_w, lh, tail[i])
                self.y += lh

    def block_table(self, block: Table) -> None:
        lh = self.size(TABLE_PT) * 0.92
        glyph_rows = [[self.glyphs(cell) for cell in row] for row in block.rows]
        widths = column_widths(block.columns, glyph_rows, self.width, self.measure, 2 * PAD_X + 0.5,
                               block.fit_share)
        titles = [wrap(self.glyphs(clean(c.title, multiline=False)), w - 2 * PAD_X, self.measure)
                  for c, w in zip(block.columns, widths)]
        header_h = max(len(t) for t in titles) * lh + 2 * PAD_Y

        def draw_header() -> None:
            self.size(TABLE_PT)
            self.pdf.set_line_width(0.2)
            self.pdf.set_fill_color(232, 232, 232)
            x = self.x
            for lines, w in zip(titles, widths):
                self.pdf.rect(x, self.y, w, header_h, style="DF")
                top = self.y + (header_h - len(lines) * lh) / 2
                for k, line in enumerate(lines):
                    self.put(x + PAD_X, top + k * lh, w - 2 * PAD_X, lh, line, "C")
                x += w
            self.y += header_h

        self.y += 1.0
        self.ensure(header_h + lh + 2 * PAD_Y)
        draw_header()
        self.reprint_header = draw_header
        fresh = self.bottom - (MARGIN_TOP + RUNNING_HEADER_H) - header_h  # room on a new page
        try:
            if not block.rows:
                h = lh + 2 * PAD_Y
                self.pdf.rect(self.x, self.y, self.width, h)
                self.put(self.x, self.y + PAD_Y, self.width, lh, self.glyphs(block.empty), "C")
                self.y += h
            for row in glyph_rows:
                cells = [wrap(cell, w - 2 * PAD_X, self.measure) for cell, w in zip(row, widths)]
                total_lines = max(len(c) for c in cells)
                start = 0
                just_broke = False
                while start < total_lines:
                    remaining = total_lines - start
                    fit = int((self.bottom - self.y - 2 * PAD_Y + 1e-6) // lh)
                    if (fit < remaining and not just_broke
                            and (fit < 1 or (start == 0 and remaining * lh + 2 * PAD_Y <= fresh))):
                        self.new_page()  # keep the row whole on the next page (the header follows it)
                        just_broke = True
                        continue
                    just_broke = False
                    n = max(1, min(fit, remaining))
                    h = n * lh + 2 * PAD_Y
                    self.size(TABLE_PT)
                    self.pdf.set_line_width(0.2)
                    x = self.x
                    for lines, w, col in zip(cells, widths, block.columns):
                        self.pdf.rect(x, self.y, w, h)
                        for k, line in enumerate(lines[start:start + n]):
                            self.put(x + PAD_X, self.y + PAD_Y + k * lh, w - 2 * PAD_X, lh, line, col.align)
                        x += w
                    self.y += h
                    start += n
        finally:
            self.reprint_header = None
        self.y += 1.5

    def block_signatures(self, block: Signatures) -> None:
        lh = self.size(BODY_PT)
        labels = [self.glyphs(clean(label, multiline=False)) + "：" for label in block.labels]
        if not labels:
            return
        label_w = max(self.measure(label) for label in labels) + 1.0
        line_w = 45.0
        self.pdf.set_line_width(0.25)
        for label in labels:
            self.ensure(lh * 2.2)
            self.y += lh * 1.0
            self.put(self.x, self.y, label_w, lh, label)
            self.pdf.line(self.x + label_w, self.y + lh - 0.8, self.x + label_w + line_w, self.y + lh - 0.8)
            if block.dated:
                self.put(self.x + label_w + line_w + 6.0, self.y, 70.0, lh, "日期：　　　　年　　月　　日")
            self.y += lh
        self.y += lh * 0.5

    def block_spacer(self, block: Spacer) -> None:
        self.y += block.lines * _lh(BODY_PT)
