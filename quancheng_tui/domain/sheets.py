"""Reading the rows of an XLSX file as they are, not as the file says they are.

A sheet's declared size (its <dimension>) is written by whatever program saved it and may be
smaller than the rows it holds, so every row present is read. A formula is taken by its cached
value; a formula without one (a file written by a script, never opened in Excel or WPS) is
refused naming its cell, rather than read as an empty cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from ..errors import N_, InputError


@dataclass
class Sheet:
    title: str
    _values: Any  # the sheet of cached values
    _formulas: Any  # the same sheet as written, formulas as text
    _where: str

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number, cell values) of every row, empty rows included."""
        for n, (values, cells) in enumerate(zip_longest(self._values.iter_rows(values_only=True),
                                                        self._formulas.iter_rows(), fillvalue=()), 1):
            values = list(values)
            for i, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f" and (i >= len(values) or values[i] is None):
                    raise InputError(N_("{where}：单元格 {cell} 是没有计算结果的公式；请在 Excel 或 WPS 中打开并保存后再导入"),
                                     where=self._where, cell=cell.coordinate)
            yield n, values


@contextmanager
def open_xlsx(raw: bytes, name: str) -> Iterator[list[Sheet]]:
    if not raw:
        raise InputError(N_("{where}：文件为空"), where=name)
    from openpyxl import load_workbook

    try:
        values = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception:
        raise InputError(N_("{file}：不是有效的 XLSX 文件"), file=name) from None
    try:
        sheets = []
        many = len(values.worksheets) > 1
        for v, f in zip(values.worksheets, formulas.worksheets):
            v.reset_dimensions()  # the rows present, not the declared size
            f.reset_dimensions()
            sheets.append(Sheet(v.title, v, f, f"{name}[{v.title}]" if many else name))
        yield sheets
    finally:
        values.close()
        formulas.close()
