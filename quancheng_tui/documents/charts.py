"""Charts for printed reports: a bar chart and a month-by-month line, drawn with fpdf2's own primitives
(rectangles, lines, text) beside the blocks of layout.Document; as plain text they become block bars.

``render_pdf(doc)`` and ``render_text(doc)`` take a Document whose blocks may include ``BarChart`` and
``LineChart``: the renderers of layout.py know the other blocks, these two are added by subclassing them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .layout import BODY_PT, SMALL_PT, Document, _lh, _PdfRenderer, _TextRenderer, clean, text_width

__all__ = ["BarChart", "LineChart", "render_pdf", "render_text"]

BLOCKS = "▏▎▍▌▋▊▉█"
SERIES_FILL = ((70, 110, 170), (200, 120, 50))  # first and second series: blue, orange (legible in grey too)


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars: one row per label, one bar per series (e.g. received and completed)."""

    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (name, one value per label)


@dataclass(frozen=True)
class LineChart:
    """One point per period (month) per series, joined by lines."""

    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]


def text_bar(value: int, top: int, width: int) -> str:
    """`value` of `top` as a bar of `width` cells, in eighths of a cell (unicode blocks)."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8 - 1] if eighths % 8 else "")


class _Text(_TextRenderer):
    def block_barchart(self, block: BarChart) -> None:
        self.emit()
        self.emit(f"【{clean(block.title, multiline=False)}】")
        top = max((v for _, values in block.series for v in values), default=0)
        label_w = max((text_width(clean(x)) for x in block.labels), default=0)
        name_w = max((text_width(clean(n)) for n, _ in block.series), default=0)
        bar_w = max(10, self.width - label_w - name_w - 12)
        for i, label in enumerate(block.labels):
            for k, (name, values) in enumerate(block.series):
                head = clean(label) if k == 0 else ""
                self.emit(head + " " * (label_w - text_width(head) + 1) + clean(name)
                          + " " * (name_w - text_width(clean(name)) + 1)
                          + text_bar(values[i], top, bar_w) + f" {values[i]}")

    def block_linechart(self, block: LineChart) -> None:
        self.emit()
        self.emit(f"【{clean(block.title, multiline=False)}】")
        names = [clean(n) for n, _ in block.series]
        self.emit("  ".join(["月份", *names]))
        for i, label in enumerate(block.labels):
            self.emit("  ".join([clean(label), *(str(values[i]) for _, values in block.series)]))


class _Pdf(_PdfRenderer):
    def _title(self, text: str) -> None:
        lh = self.size(BODY_PT)
        self.put(self.x, self.y, self.width, lh, self.glyphs(clean(text, multiline=False)), "C")
        self.y += lh + 1.0

    def _legend(self, series) -> None:
        lh = self.size(SMALL_PT)
        x = self.x
        for k, (name, _) in enumerate(series):
            self.pdf.set_fill_color(*SERIES_FILL[k % len(SERIES_FILL)])
            self.pdf.rect(x, self.y + lh * 0.3, 4.0, lh * 0.45, style="F")
            label = self.glyphs(clean(name, multiline=False))
            self.put(x + 5.0, self.y, self.measure(label) + 2, lh, label)
            x += 5.0 + self.measure(label) + 6.0
        self.y += lh + 0.5

    def block_barchart(self, block: BarChart) -> None:
        n_series = max(1, len(block.series))
        bar_h = 3.2
        row_h = bar_h * n_series + 2.0
        lh = _lh(SMALL_PT)
        self.ensure(_lh(BODY_PT) + 2 * lh + row_h * min(len(block.labels), 4))
        self.y += 2.0
        self._title(block.title)
        self._legend(block.series)
        self.size(SMALL_PT)
        labels = [self.glyphs(clean(x, multiline=False)) for x in block.labels]
        label_w = max((self.measure(x) for x in labels), default=10.0) + 3.0
        plot_w = self.width - label_w - 14.0
        top = max((v for _, values in block.series for v in values), default=0) or 1
        self.pdf.set_line_width(0.2)
        for i, label in enumerate(labels):
            self.ensure(row_h)
            self.put(self.x, self.y + (row_h - lh) / 2, label_w - 2.0, lh, label, "R")
            for k, (_, values) in enumerate(block.series):
                y = self.y + 1.0 + k * bar_h
                w = plot_w * values[i] / top
                self.pdf.set_fill_color(*SERIES_FILL[k % len(SERIES_FILL)])
                if w > 0:
                    self.pdf.rect(self.x + label_w, y, w, bar_h - 0.6, style="F")
                self.put(self.x + label_w + w + 1.0, y - 0.6, 12.0, bar_h, str(values[i]))
            self.y += row_h
        self.pdf.line(self.x + label_w, self.y - row_h * len(labels), self.x + label_w, self.y)
        self.y += 2.0

    def block_linechart(self, block: LineChart) -> None:
        plot_h = 45.0
        lh = _lh(SMALL_PT)
        self.ensure(_lh(BODY_PT) + 2 * lh + plot_h + lh + 4.0)
        self.y += 2.0
        self._title(block.title)
        self._legend(block.series)
        self.size(SMALL_PT)
        top = max((v for _, values in block.series for v in values), default=0) or 1
        left, right = self.x + 12.0, self.x + self.width - 4.0
        y0, y1 = self.y + plot_h, self.y + 2.0
        self.pdf.set_line_width(0.2)
        self.pdf.set_draw_color(0, 0, 0)
        self.pdf.line(left, y1, left, y0)
        self.pdf.line(left, y0, right, y0)
        self.put(self.x, y1 - lh / 2, 10.0, lh, str(top), "R")
        self.put(self.x, y0 - lh / 2, 10.0, lh, "0", "R")
        n = len(block.labels)
        step = (right - left) / max(1, n)

        def x_of(i: int) -> float:
            return left + step * (i + 0.5)

        for i, label in enumerate(block.labels):
            self.put(x_of(i) - step / 2, y0 + 0.5, step, lh, self.glyphs(clean(label, multiline=False)), "C")
        for k, (_, values) in enumerate(block.series):
            r, g, b = SERIES_FILL[k % len(SERIES_FILL)]
            self.pdf.set_draw_color(r, g, b)
            self.pdf.set_fill_color(r, g, b)
            self.pdf.set_line_width(0.6)
            points = [(x_of(i), y0 - (y0 - y1) * v / top) for i, v in enumerate(values)]
            for (xa, ya), (xb, yb) in itertools.pairwise(points):
                self.pdf.line(xa, ya, xb, yb)
            for (x, y), v in zip(points, values):
                self.pdf.circle(x=x, y=y, radius=0.9, style="F")
                self.put(x + 1.0, y - lh, 12.0, lh, str(v))
        self.pdf.set_draw_color(0, 0, 0)
        self.pdf.set_line_width(0.2)
        self.y = y0 + lh + 3.0


def render_text(doc: Document, width: int | None = None) -> str:
    from .layout import TEXT_WIDTH, WIDE_TEXT_WIDTH

    return _Text(width or (WIDE_TEXT_WIDTH if doc.landscape else TEXT_WIDTH)).render(doc)


def render_pdf(doc: Document) -> bytes:
    """As layout's own PDF renderer (a font cut to the characters printed), with the chart blocks."""
    return _Pdf.make(doc, set(render_text(doc)) | set("0123456789"))
