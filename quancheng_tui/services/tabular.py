"""Writing rows out as CSV, XLSX, JSON or NDJSON, and putting the file in place only when complete.

Rows arrive as an iterator and leave one at a time, so an export of any size
runs in constant memory (XLSX through openpyxl's write-only mode).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import N_, InputError

FORMATS = ("csv", "xlsx", "json", "ndjson")
STREAMABLE = ("csv", "json", "ndjson")



@dataclass(frozen=True)
class Column:
    key: str
    width: int = 14
    number: bool = False  # an XLSX number cell; every other value is a text cell


def write(fmt: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], stream: IO[bytes], *,
          sheet: str = "data") -> int:
    """Write `rows` (values in `columns` order: str, int or None) to `stream`; returns how many."""
    if fmt == "xlsx":
        return _xlsx(columns, rows, stream, sheet)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="",
                            write_through=True)
    try:
        return {"csv": _csv, "json": _json, "ndjson": _ndjson}[fmt](columns, rows, text)
    finally:
        text.flush()
        text.detach()  # the caller owns the stream


def _csv(columns: Sequence[Column], rows: Iterable[Sequence[Any]], out: IO[str]) -> int:
    writer = csv.writer(out)  # CRLF line ends, as Excel writes them
    writer.writerow([c.key for c in columns])
    n = 0
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        n += 1
    return n


def csv_cell(value: Any) -> str:
    """A CSV cell that Excel or WPS shows as text, never runs as a formula (every CSV we write passes here)."""
    from ..domain.text import formula_safe

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
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet[:31])
    for i, col in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)

    def text_cell(value: str, font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        # Text, never a number or a formula: ID and phone numbers keep every digit and leading zero,
        # and a value starting with "=" stays what was typed.
        cell.data_type = "s"
        cell.number_format = "@"
        if font is not None:
            cell.font = font
        return cell

    ws.append([text_cell(c.key, bold) for c in columns])
    n = 0
    for row in rows:
        ws.append([None if v is None else v if c.number and isinstance(v, int) else text_cell(str(v))
                   for c, v in zip(columns, row)])
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
