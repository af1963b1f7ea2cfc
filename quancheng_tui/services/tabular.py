"""Writing rows out as CSV, XLSX, JSON or NDJSON, and putting the file in place only when complete.

Rows arrive as an iterator and leave one at a time, so an export of any size
runs in constant memory (XLSX through openpyxl's write-only mode).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from ..domain.text import FORMULA_START, formula_safe, formula_safe_row
from ..errors import N_, InputError

FORMATS = ("csv", "xlsx", "json", "ndjson")
STREAMABLE = ("csv", "json", "ndjson")



@dataclass(frozen=True)
class Column:
    key: str  # the JSON key, and the header of a file for scripts
    width: int = 14
    number: bool = False  # an XLSX number cell; every other value is a text cell
    label: str = ""  # the header people read (a msgid); "" for files that import back (keys only)
    values: Mapping[Any, str] | None = None  # code -> its label (msgid): what people read instead of the code
    code: bool = False  # with `values`: the code itself kept in a column of its own, headed by `key`


def _layout(columns: Sequence[Column], t: Callable[[str], str]) -> tuple[list[Column], list[tuple[int, dict | None]]]:
    """The columns of a file for people, and for each the source column it shows and the labels it shows
    instead of codes (None: the value itself). See `people`."""
    out: list[Column] = []
    picks: list[tuple[int, dict[str, str] | None]] = []
    for i, c in enumerate(columns):
        out.append(Column(t(c.label) if c.label else c.key, c.width, c.number))
        shown = None if c.values is None else {k: t(v) for k, v in c.values.items()}
        picks.append((i, shown))
        if shown is not None and c.code:
            out.append(Column(c.key, max(10, len(c.key) + 2)))
            picks.append((i, None))
    return out, picks


def people(columns: Sequence[Column], t: Callable[[str], str]) -> tuple[list[Column], Callable]:
    """The columns of a file for people (CSV and XLSX exports), and a function turning a row into theirs.

    The one rule of every export: headers in the chosen language; a value that is a code is shown as its
    label in that language, and when the code is not itself the Chinese word (`code`), the code follows in
    the next column headed by its JSON key (状态 办理中 | status in_progress), so a script can still read it.
    JSON and NDJSON keep the keys and codes of the contract."""
    out, picks = _layout(columns, t)
    if all(shown is None for _, shown in picks) and len(picks) == len(columns):
        return out, lambda row: row
    index = [i for i, _ in picks]
    pick = itemgetter(*index) if len(index) > 1 else (lambda row: (row[index[0]],))
    labelled = [(j, shown) for j, (_, shown) in enumerate(picks) if shown is not None]

    def convert(row: Sequence[Any]) -> list[Any]:
        values = list(pick(row))
        for j, shown in labelled:
            value = values[j]
            values[j] = shown.get(value, value)
        return values

    return out, convert


def _people_columns(picks: list[tuple[int, dict | None]]) -> Callable[[Sequence[Sequence[Any]]], list]:
    """`people`'s conversion for a batch already turned into columns: each column of the file is a source
    column as it is, or mapped through its labels in one call (the same `shown.get(value, value)`)."""

    def convert(cols: Sequence[Sequence[Any]]) -> list:
        return [cols[i] if shown is None else list(map(shown.get, cols[i], cols[i])) for i, shown in picks]

    return convert


class Batches:
    """Rows handed over a batch at a time as columns: each batch a list of equal-length sequences, one per
    column. The CSV writer works on the columns as they are (an export of cases is built that way); any
    other format takes the rows. Iterating gives the rows."""

    def __init__(self, batches: Iterable[Sequence[Sequence[Any]]]) -> None:
        self.batches = batches

    def __iter__(self) -> Iterator[tuple]:
        for cols in self.batches:
            yield from zip(*cols)


def write(fmt: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], stream: IO[bytes], *,
          sheet: str = "data", t: Callable[[str], str] | None = None,
          progress: Callable[[int], None] | None = None) -> int:
    """Write `rows` (values in `columns` order: str, int or None; or `Batches`) to `stream`; returns how many.

    With `t` (a translator) a CSV or XLSX file is laid out for people (`people`); `progress` is told the
    count of rows written now and then."""
    if fmt == "csv":
        return _csv(columns, rows, stream, t, progress)
    if progress is not None:
        rows = _counted(rows, progress)
    if t is not None and fmt == "xlsx":
        columns, convert = people(columns, t)
        rows = map(convert, rows)
    if fmt == "xlsx":
        return _xlsx(columns, rows, stream, sheet)
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
    try:
        return {"json": _json, "ndjson": _ndjson}[fmt](columns, rows, text)
    finally:
        text.flush()
        text.detach()  # the caller owns the stream


PROGRESS_EVERY = 5000
CSV_BATCH = 250  # rows turned into columns at a time: a column is converted and guarded in one call


def _counted(rows: Iterable[Sequence[Any]], progress: Callable[[int], None]) -> Iterator[Sequence[Any]]:
    n = 0
    for n, row in enumerate(rows, 1):
        if n % PROGRESS_EVERY == 0:
            progress(n)
        yield row
    progress(n)


# A text cell the guard changes, in a column's text cells joined by newlines: the first character, or one
# after a newline (a search that skips from newline to newline, much faster than one for line starts).
_FORMULA_FIRST = frozenset(FORMULA_START)
_FORMULA_AFTER_NEWLINE = re.compile("\n[" + re.escape("".join(FORMULA_START)) + "]")


def _guarded(column: Sequence[Any]) -> Sequence[Any]:
    """A column of cells through the one formula guard (domain/text.formula_safe_row). The guard changes
    only text that starts with one of FORMULA_START; a column with no such text (one search of its text
    cells joined, one a line) is the guard's output already. A newline inside a cell can only make the
    search find more, never less: the whole column then goes through the guard."""
    try:
        joined = "\n".join(column)
    except TypeError:  # numbers and None beside the text: the guard leaves them as they are
        joined = "\n".join(filter(str.__instancecheck__, column))  # isinstance(v, str), one C call a cell
    if joined[:1] in _FORMULA_FIRST or _FORMULA_AFTER_NEWLINE.search(joined):
        return formula_safe_row(column)
    return column


def _column_batches(rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Sequence[Any]] | list[Sequence[Any]]]:
    """Rows CSV_BATCH at a time as columns; a batch whose rows differ in length (or have none) stays a
    list of rows, written one at a time as they are."""
    if isinstance(rows, Batches):
        yield from rows.batches
        return
    rows = iter(rows)
    while batch := list(islice(rows, CSV_BATCH)):
        width = len(batch[0])
        yield list(zip(*batch)) if width and all(len(row) == width for row in batch) else _Ragged(batch)


class _Ragged(list):
    """A batch of rows that cannot be turned into columns."""


def _csv(columns: Sequence[Column], rows: Iterable[Sequence[Any]], stream: IO[bytes],
         t: Callable[[str], str] | None = None, progress: Callable[[int], None] | None = None) -> int:
    """CSV with a BOM (Excel and WPS read it as UTF-8) and CRLF line ends, as Excel writes them; with `t`
    laid out for people. Rows are worked on a batch at a time, column by column (labels, the formula
    guard): a batch costs a few calls per column instead of a Python step per cell."""
    if t is not None:
        header, picks = _layout(columns, t)
        convert = _people_columns(picks)
        one = people(columns, t)[1]  # for a ragged batch, row by row
    else:
        header, convert, one = list(columns), None, None
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=False)
    try:
        writer = csv.writer(text)
        writer.writerow(formula_safe_row(c.key for c in header))
        # The BOM is out (or rightly left out: a stream already written to); the rest is plain UTF-8, which
        # the wrapper encodes without a Python call per write.
        text.reconfigure(encoding="utf-8")
        n = 0
        for cols in _column_batches(rows):
            if isinstance(cols, _Ragged):
                writer.writerows([formula_safe_row(row if one is None else one(row)) for row in cols])
                count = len(cols)
            else:
                writer.writerows(zip(*map(_guarded, cols if convert is None else convert(cols))))
                count = len(cols[0]) if cols else 0
            if progress is not None:
                for k in range(n // PROGRESS_EVERY + 1, (n + count) // PROGRESS_EVERY + 1):
                    progress(k * PROGRESS_EVERY)
            n += count
        if progress is not None:
            progress(n)
        return n
    finally:
        text.flush()
        text.detach()  # the caller owns the stream


def csv_cell(value: Any) -> str:
    """A CSV cell that Excel or WPS shows as text, never runs as a formula (every CSV we write passes here)."""
    return formula_safe(value)


def _json(columns: Sequence[Column], rows: Iterable[Sequence[Any]], out: IO[str]) -> int:
    keys = [c.key for c in columns]
    n = 0
    out.write("[")
    for row in rows:
        out.write(("," if n else "") + "\n" + json.dumps(dict(zip(keys, row)), ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def _ndjson(columns: Sequence[Column], rows: Iterable[Sequence[Any]], out: IO[str]) -> int:
    keys = [c.key for c in columns]
    n = 0
    for row in rows:
        out.write(json.dumps(dict(zip(keys, row)), ensure_ascii=False) + "\n")
        n += 1
    return n


def _xlsx(columns: Sequence[Column], rows: Iterable[Sequence[Any]], stream: IO[bytes], sheet: str) -> int:
    """Openpyxl's write-only workbook with plain values: no style object per cell (a styled cell costs
    twice a plain one). Text stays text without one: a Python str is written as a string cell, so ID and
    phone numbers keep every digit and leading zero; the text columns carry the text format "@" so a value
    typed in later stays text too. The one value openpyxl would not take as text, a str starting with "=",
    becomes a string cell of its own: it is shown as typed, never run."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet[:31])
    for i, col in enumerate(columns, 1):
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = col.width
        if not col.number:
            dim.number_format = "@"
    ws.freeze_panes = "A2"

    def text_cell(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell

    bold = Font(bold=True)
    header = []
    for c in columns:
        head = text_cell(ILLEGAL_CHARACTERS_RE.sub("", c.key))
        head.font = bold
        header.append(head)
    ws.append(header)
    numbers = [c.number for c in columns]
    illegal = ILLEGAL_CHARACTERS_RE.search

    def to_cell(value: Any, number: bool) -> Any:
        if value is None or (number and type(value) is int):
            return value
        text = value if type(value) is str else str(value)
        return text_cell(ILLEGAL_CHARACTERS_RE.sub("", text)) if text[:1] == "=" else text

    n = 0
    append = ws.append
    for row in rows:
        # the common cells (None, plain text, a number in a number column) pass as they are, without a call
        values = [v if v is None or (type(v) is str and v[:1] != "=") or (k and type(v) is int) else to_cell(v, k)
                  for v, k in zip(row, numbers)]
        # One search a row (the separator is itself allowed): a control character in any cell is rare.
        if illegal("\n".join(v for v in values if type(v) is str)):
            values = [ILLEGAL_CHARACTERS_RE.sub("", v) if type(v) is str else v for v in values]
        append(values)
        n += 1
    wb.save(stream)
    return n


class Output:
    """Where an export goes: a file, replaced only once the new one is complete, or a stream (stdout)."""

    def __init__(self, path: Path | None = None, stream: IO[bytes] | None = None) -> None:
        self.path = path
        self.stream = stream

    @classmethod
    def option(cls, value: str, stdout: IO[bytes]) -> Output:
        """`--out VALUE`: "-" is `stdout`, anything else a file path."""
        return cls(stream=stdout) if value == "-" else cls(path=Path(value).expanduser())

    @property
    def name(self) -> str:
        return "-" if self.path is None else str(self.path)

    @contextmanager
    def pending(self, *, sensitive: bool = False) -> Iterator[Pending]:
        """A place to write to; nothing reaches the target until `Pending.publish()`.

        A file is written beside the target and renamed over it, so a failure leaves the old file
        (or none) and never half a file. `sensitive` output is readable by its owner only, and on a
        stream it is held back in a temporary file until published.
        """
        if self.path is None:
            assert self.stream is not None
            if not sensitive:
                pending = Pending(self.stream, lambda: None)
                yield pending
                self.stream.flush()
                return
            with tempfile.TemporaryFile() as spool:
                yield Pending(spool, lambda: _copy(spool, self.stream))
            return
        from ..files import NewFile

        try:
            new = NewFile(self.path)  # 0600 and unnamed until published: a kill leaves no .part behind
        except OSError as exc:
            raise _write_error(self.path, exc) from None
        pending = Pending(new.stream, lambda: _replace(new))
        try:
            yield pending
        except OSError as exc:  # a full disk or a lost mount while writing
            raise _write_error(self.path, exc) from None
        finally:
            new.discard()


class Pending:
    def __init__(self, stream: IO[bytes], publish) -> None:
        self.stream = stream
        self.published = False
        self._publish = publish

    def publish(self) -> None:
        self._publish()
        self.published = True


def _replace(new) -> None:
    try:
        new.commit()
    except OSError as exc:
        raise _write_error(new.dest, exc) from None


def _copy(spool: IO[bytes], stream: IO[bytes] | None) -> None:
    assert stream is not None
    spool.seek(0)
    shutil.copyfileobj(spool, stream)
    stream.flush()


def _write_error(path: Path, exc: OSError) -> InputError:
    return InputError(N_("无法写入文件 {path}：{reason}"), path=str(path), reason=exc.strerror or str(exc))
