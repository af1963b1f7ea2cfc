"""The matter catalog (事项目录 / 办事指南) as files: specs, rules, parsers, writers.

Pure: no database, no file system. The canonical file is TOML; CSV and XLSX
carry the same fields flat, one row a matter (cli-contract.md "Reference data").

TOML
----
```toml
[[matter]]
code = "MZ-001"                 # unique in the file (letters, digits, _ and -; case ignored)
name = "城乡最低生活保障申请"
department = "民政办"           # required for own and joint
category = "own"                # own | joint | transfer   (受理件 | 联办件 | 移办件)
kind = "promised"               # instant | promised | report_up; required for own, optional
                                # for joint (this office's part), absent for transfer
statutory_days = 30             # 0 = none set by law; required for own and joint
promised_days = 15              # < statutory_days when that is > 0; 0 for instant,
                                # >= 1 for promised and report_up
statutory_extension_days = 15   # optional (default 0): how far extensions may pass the
                                # statutory limit (行政许可法 第四十二条: 20 + 10)
day_kind = "working"            # working | natural (default working)
village = true                  # village agents may take it (default false)
units = ["县民政局"]            # joint: the other units, in order; transfer: the competent unit
window = "2 号窗口"             # optional texts: window, phone, basis, conditions,
                                # procedure, fees, unit_address, unit_phone
active = true                   # default true; false retires the matter
  [[matter.materials]]
  code = "SFZ"                  # unique within the matter
  name = "申请人居民身份证"
  form = "original"             # original | copy | either (原件 | 复印件 | 原件或复印件)
  copies = 1                    # >= 0 (0: shown, not kept); default 1
  required = true               # default true
  note = ""                     # optional
  sample = ""                   # optional: where a filled-in sample (样表) is found
```

CSV and XLSX
------------
The first row names the columns, in any order: `COLUMNS` (or the Chinese
headers of `HEADER_ALIASES`). `REQUIRED_COLUMNS` must be present; the others
may be left out. One row a matter; blank rows are skipped. Empty cells take
the defaults above (days 0, day_kind working, village false, active true).
Enumerations accept the codes or their Chinese names, booleans true/false,
是/否, 1/0, yes/no.

- `units`: unit names separated by `；` (or `;`, or a line break).
- `materials`: items separated by `；` (or `;`, or a line break), each
  `CODE:NAME:FORM:COPIES[:REQUIRED[:NOTE[:SAMPLE]]]` where REQUIRED is
  `required` (the default) or `optional` (必交/选交). Inside any part a
  backslash escapes the next character, so `\\:` `\\；` `\\;` `\\\\` stand for
  themselves; the writers escape exactly these. A full-width `：` separates the
  parts of an item that contains no ASCII `:`.

CSV is read as UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030 (the
superset of GBK that Excel and WPS use on Chinese Windows), and written as
UTF-8 with a BOM. XLSX: the first worksheet is read; numbers Excel stored are
turned back to text, a whole float losing its ".0". The writer stores every
text cell as text (number format "@"), so codes and phone numbers keep their
leading zeros.

Every refusal is one `InputError` naming the file, the line (TOML: the line
of the `[[matter]]` / `[[matter.materials]]` header; CSV: the line the row
starts on; XLSX: the row number) and the field.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import N_, InputError
from . import text as textmod
from .deadlines import check_promised_limit
from .text import formula_safe, formula_unguarded

__all__ = [
    "CATEGORIES",
    "COLUMNS",
    "DAY_KINDS",
    "FORMS",
    "HEADER_ALIASES",
    "KINDS",
    "REQUIRED_COLUMNS",
    "MaterialSpec",
    "MatterSpec",
    "decode_text",
    "format_materials",
    "is_licensing",
    "parse",
    "parse_csv",
    "parse_toml",
    "parse_xlsx",
    "to_csv",
    "to_json",
    "to_toml",
    "to_xlsx",
    "validate",
]

CATEGORIES = ("own", "joint", "transfer")
KINDS = ("instant", "promised", "report_up")
DAY_KINDS = ("working", "natural")
FORMS = ("original", "copy", "either")

_CATEGORY = {"own": "own", "joint": "joint", "transfer": "transfer",
             "受理件": "own", "受理": "own", "联办件": "joint", "联办": "joint", "移办件": "transfer", "移办": "transfer"}
_KIND = {"instant": "instant", "promised": "promised", "report_up": "report_up",
         "即办件": "instant", "即办": "instant", "承诺件": "promised", "承诺": "promised",
         "上报件": "report_up", "上报": "report_up"}
_DAY_KIND = {"working": "working", "natural": "natural", "工作日": "working", "自然日": "natural"}
_FORM = {"original": "original", "copy": "copy", "either": "either", "原件": "original",
         "复印件": "copy", "复印": "copy", "原件或复印件": "either", "原件或复印": "either", "任一": "either"}
_BOOL = {"true": True, "false": False, "是": True, "否": False, "1": True, "0": False, "yes": True,
         "no": False, "y": True, "n": False, "t": True, "f": False}
_REQUIRED = {"required": True, "optional": False, "必交": True, "选交": False, "必需": True, "可选": False,
             "true": True, "false": False, "是": True, "否": False}

# Parameters that are msgids are translated when the error is shown.
_ALLOWED = {
    "category": N_("own（受理件）、joint（联办件）、transfer（移办件）"),
    "kind": N_("instant（即办件）、promised（承诺件）、report_up（上报件）"),
    "day_kind": N_("working（工作日）、natural（自然日）"),
    "form": N_("original（原件）、copy（复印件）、either（原件或复印件）"),
}

# The flat layout (CSV, XLSX), in the order the writers use.
COLUMNS = (
    "code", "name", "department", "category", "kind", "statutory_days", "promised_days", "day_kind",
    "village", "window", "phone", "fees", "basis", "conditions", "procedure", "units", "unit_address",
    "unit_phone", "materials", "active", "statutory_extension_days",
)
REQUIRED_COLUMNS = ("code", "name", "department", "category", "kind", "statutory_days", "promised_days", "materials")
HEADER_ALIASES = {
    "事项编码": "code", "编码": "code", "事项代码": "code",
    "事项名称": "name", "名称": "name",
    "承办部门": "department", "部门": "department",
    "办件分类": "category", "分类": "category",
    "办理方式": "kind", "办件类型": "kind",
    "法定时限": "statutory_days", "法定期限": "statutory_days",
    "承诺时限": "promised_days", "承诺期限": "promised_days",
    "法定延长期限": "statutory_extension_days", "法定延长时限": "statutory_extension_days",
    "时限类型": "day_kind", "计时方式": "day_kind",
    "村级代办": "village", "可村代办": "village",
    "窗口": "window", "受理窗口": "window",
    "电话": "phone", "咨询电话": "phone",
    "收费": "fees", "收费标准": "fees",
    "依据": "basis", "办理依据": "basis", "设定依据": "basis",
    "条件": "conditions", "受理条件": "conditions", "申请条件": "conditions",
    "流程": "procedure", "办理流程": "procedure",
    "相关单位": "units", "协办单位": "units",
    "单位地址": "unit_address", "单位电话": "unit_phone",
    "材料": "materials", "申请材料": "materials", "所需材料": "materials",
    "启用": "active", "在用": "active",
}

_MATTER_KEYS = frozenset(COLUMNS)
_MATERIAL_KEYS = frozenset({"code", "name", "form", "copies", "required", "note", "sample"})

# (max length, multi-line) of every text field.
_TEXT = {
    "name": (200, False), "department": (100, False), "window": (50, False), "phone": (50, False),
    "fees": (500, True), "basis": (2000, True), "conditions": (4000, True), "procedure": (4000, True),
    "unit_address": (300, False), "unit_phone": (50, False),
}
_UNIT_MAX = 200


@dataclass(frozen=True)
class MaterialSpec:
    code: str
    name: str
    form: str = "original"
    copies: int = 1
    required: bool = True
    note: str = ""
    sample: str = ""


@dataclass(frozen=True)
class MatterSpec:
    code: str
    name: str
    category: str = "own"
    kind: str | None = None
    department: str = ""
    statutory_days: int = 0
    promised_days: int = 0
    day_kind: str = "working"
    village: bool = False
    window: str = ""
    phone: str = ""
    fees: str = ""
    basis: str = ""
    conditions: str = ""
    procedure: str = ""
    units: tuple[str, ...] = ()
    unit_address: str = ""
    unit_phone: str = ""
    active: bool = True
    materials: tuple[MaterialSpec, ...] = field(default=())
    statutory_extension_days: int = 0

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["units"] = list(self.units)
        d["materials"] = [asdict(m) for m in self.materials]
        return d


# --- locations and errors ----------------------------------------------------------


@dataclass(frozen=True)
class _At:
    file: str
    line: int

    def err(self, msgid: str, **params: object) -> InputError:
        return InputError(msgid, file=self.file, line=self.line, **params)


def _clean(value: str, fld: str, at: _At, *, required: bool = False, max_len: int = 200,
           multiline: bool = False) -> str:
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    try:
        out = textmod.clean(value, fld, required=False, max_len=max_len, multiline=multiline)
    except InputError as exc:
        if "max" in exc.params:
            raise at.err(N_("{file} 第 {line} 行：字段“{field}”过长（最多 {max} 个字符）"), field=fld, max=max_len) from None
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”含有控制字符或换行"), field=fld) from None
    if required and not out:
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”不能为空"), field=fld)
    return out


def _code(value: str, fld: str, at: _At) -> str:
    out = _clean(value, fld, at, required=True, max_len=32)
    if not textmod.CODE_RE.match(out):
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”只能由字母、数字、下划线和连字符组成（1–32 位），实为“{value}”"),
                     field=fld, value=out)
    return out


def _str_of(value: object, fld: str, at: _At) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raise at.err(N_("{file} 第 {line} 行：字段“{field}”应为文本"), field=fld)


def _enum(value: object, fld: str, table: Mapping[str, str], at: _At, *, required: bool = True) -> str | None:
    raw = _str_of(value, fld, at).strip()
    if not raw:
        if required:
            raise at.err(N_("{file} 第 {line} 行：字段“{field}”不能为空"), field=fld)
        return None
    out = table.get(raw.lower()) or table.get(raw)
    if out is None:
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”的值“{value}”无效，应为 {allowed}"),
                     field=fld, value=raw, allowed=_ALLOWED[fld.rsplit(".", 1)[-1]])
    return out


def _int(value: object, fld: str, at: _At, default: int = 0) -> int:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, str))):
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”应为不小于 0 的整数，实为“{value}”"), field=fld, value=value)
    if isinstance(value, int):
        out = value
    else:
        raw = _str_of(value, fld, at).strip()
        if not raw:
            return default
        if not re.fullmatch(r"[+-]?\d{1,6}", raw):
            raise at.err(N_("{file} 第 {line} 行：字段“{field}”应为不小于 0 的整数，实为“{value}”"), field=fld, value=raw)
        out = int(raw)
    if out < 0 or out > 99999:
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”应为不小于 0 的整数，实为“{value}”"), field=fld, value=out)
    return out


def _bool(value: object, fld: str, at: _At, default: bool, table: Mapping[str, bool] = _BOOL) -> bool:
    if isinstance(value, bool):
        return value
    raw = _str_of(value, fld, at).strip()
    if not raw:
        return default
    out = table.get(raw.lower())
    if out is None:
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”应为 true 或 false，实为“{value}”"), field=fld, value=raw)
    return out


# --- building and checking one matter -----------------------------------------------


def _material(values: Mapping[str, object], fld: str, at: _At) -> MaterialSpec:
    return MaterialSpec(
        code=_code(_str_of(values.get("code"), f"{fld}.code", at), f"{fld}.code", at),
        name=_clean(_str_of(values.get("name"), f"{fld}.name", at), f"{fld}.name", at, required=True),
        form=_enum(values.get("form") or "original", f"{fld}.form", _FORM, at) or "original",
        copies=_int(values.get("copies"), f"{fld}.copies", at, default=1),
        required=_bool(values.get("required"), f"{fld}.required", at, True, _REQUIRED),
        note=_clean(_str_of(values.get("note"), f"{fld}.note", at), f"{fld}.note", at, max_len=500),
        sample=_clean(_str_of(values.get("sample"), f"{fld}.sample", at), f"{fld}.sample", at, max_len=300),
    )


def _units(value: object, at: _At) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items = [_unescape(p) for p in _split(value, "；;\n")]
    elif isinstance(value, list):
        items = [_str_of(v, f"units[{i}]", at) for i, v in enumerate(value, 1)]
    else:
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”应为文本列表"), field="units")
    out = []
    for i, item in enumerate(items, 1):
        cleaned = _clean(item, f"units[{i}]", at, max_len=_UNIT_MAX)
        if cleaned:
            out.append(cleaned)
    return tuple(out)


def _build(values: Mapping[str, object], materials: Sequence[MaterialSpec], at: _At) -> MatterSpec:
    texts = {}
    for key, (max_len, multiline) in _TEXT.items():
        texts[key] = _clean(_str_of(values.get(key), key, at), key, at, required=(key == "name"),
                            max_len=max_len, multiline=multiline)
    spec = MatterSpec(
        code=_code(_str_of(values.get("code"), "code", at), "code", at),
        category=_enum(values.get("category"), "category", _CATEGORY, at) or "own",
        kind=_enum(values.get("kind"), "kind", _KIND, at, required=False),
        statutory_days=_int(values.get("statutory_days"), "statutory_days", at),
        promised_days=_int(values.get("promised_days"), "promised_days", at),
        statutory_extension_days=_int(values.get("statutory_extension_days"), "statutory_extension_days", at),
        day_kind=_enum(values.get("day_kind") or "working", "day_kind", _DAY_KIND, at) or "working",
        village=_bool(values.get("village"), "village", at, False),
        units=_units(values.get("units"), at),
        active=_bool(values.get("active"), "active", at, True),
        materials=tuple(materials),
        **texts,
    )
    _check(spec, at)
    return spec


def _check(spec: MatterSpec, at: _At) -> None:
    """The rules between fields (the fields themselves are already clean)."""
    if spec.category in ("own", "joint") and not spec.department:
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”不能为空"), field="department")
    if spec.category == "own" and spec.kind is None:
        raise at.err(N_("{file} 第 {line} 行：受理件必须填写办理方式（kind：instant、promised 或 report_up）"))
    if spec.category == "transfer" and spec.kind is not None:
        raise at.err(N_("{file} 第 {line} 行：移办件不设办理方式（kind 应为空）"))
    if spec.kind == "instant" and spec.promised_days != 0:
        raise at.err(N_("{file} 第 {line} 行：即办件当场办结，承诺时限应为 0 天，实为 {days} 天"), days=spec.promised_days)
    if spec.kind in ("promised", "report_up") and spec.promised_days < 1:
        raise at.err(N_("{file} 第 {line} 行：承诺件和上报件的承诺时限至少 1 天"))
    try:
        check_promised_limit(spec.promised_days, spec.statutory_days)
    except InputError:
        raise at.err(N_("{file} 第 {line} 行：承诺时限 {promised} 天必须少于法定时限 {statutory} 天"),
                     promised=spec.promised_days, statutory=spec.statutory_days) from None
    if spec.statutory_extension_days and not spec.statutory_days:
        raise at.err(N_("{file} 第 {line} 行：没有法定时限的事项不能设法定延长期限"))
    if spec.category == "joint" and not spec.units:
        raise at.err(N_("{file} 第 {line} 行：联办件须在 units 中列出其他协办单位"))
    if spec.category == "transfer" and len(spec.units) != 1:
        raise at.err(N_("{file} 第 {line} 行：移办件须在 units 中写明有权办理的单位（一个）"))
    seen: set[str] = set()
    for m in spec.materials:
        key = m.code.casefold()
        if key in seen:
            raise at.err(N_("{file} 第 {line} 行：事项 {code} 的材料编码“{material}”重复"), code=spec.code, material=m.code)
        seen.add(key)


def validate(matters: Sequence[MatterSpec], file: str = "") -> list[MatterSpec]:
    """Check specs built in code by the rules the parsers apply; return them in clean form
    (text stripped, Chinese enumeration names resolved to codes).

    The "line" of an error is the matter's position in the sequence, from 1.
    """
    if not matters:
        raise InputError(N_("{file}：没有任何事项"), file=file)
    seen: dict[str, int] = {}
    out = []
    for i, spec in enumerate(matters, 1):
        at = _At(file, i)
        values: dict[str, object] = {k: getattr(spec, k) for k in _MATTER_KEYS if k != "materials"}
        values["units"] = list(spec.units)
        mats = [_material(asdict(m), f"materials[{j}]", at) for j, m in enumerate(spec.materials, 1)]
        built = _build(values, mats, at)
        _dup(seen, built.code, at)
        out.append(built)
    return out


def _dup(seen: dict[str, int], code: str, at: _At) -> None:
    key = code.casefold()
    if key in seen:
        raise at.err(N_("{file} 第 {line} 行：事项编码“{code}”重复（第 {first} 行已有）"), code=code, first=seen[key])
    seen[key] = at.line


# --- bytes to text ------------------------------------------------------------------

_BINARY = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode_text(raw: bytes, name: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030/GBK; binary content is refused."""
    if raw.startswith(b"PK\x03\x04"):
        raise InputError(N_("{file}：这是 Excel（XLSX）文件，请把扩展名改为 .xlsx"), file=name)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(N_("{file}：文件不是 UTF-8 或 GB18030（GBK）编码的文本"), file=name) from None
    elif b"\x00" in raw:
        raise InputError(N_("{file}：不是文本文件（含有二进制内容）"), file=name)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise InputError(N_("{file}：文件不是 UTF-8 或 GB18030（GBK）编码的文本"), file=name) from None
    text = text.lstrip("\ufeff")
    if _BINARY.search(text):
        raise InputError(N_("{file}：不是文本文件（含有二进制内容）"), file=name)
    return text


def parse(raw: bytes, name: str) -> list[MatterSpec]:
    """A catalog file's bytes, by the suffix of `name`: .toml, .csv or .xlsx."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "xlsx":
        return parse_xlsx(raw, name)
    if suffix == "toml":
        return parse_toml(decode_text(raw, name), name)
    if suffix == "csv":
        return parse_csv(decode_text(raw, name), name)
    raise InputError(N_("{file}：只支持 .toml、.csv 或 .xlsx 文件"), file=name)


# --- TOML ---------------------------------------------------------------------------

_MATTER_HEADER = re.compile(r"^\s*\[\[\s*matter\s*\]\]")
_MATERIAL_HEADER = re.compile(r"^\s*\[\[\s*matter\s*\.\s*materials\s*\]\]")


def _toml_lines(text: str) -> list[tuple[int, list[int]]]:
    """For each `[[matter]]` header: its line and the lines of its `[[matter.materials]]` headers."""
    out: list[tuple[int, list[int]]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if _MATTER_HEADER.match(line):
            out.append((n, []))
        elif _MATERIAL_HEADER.match(line) and out:
            out[-1][1].append(n)
    return out


def load_toml(text: str, name: str, tables: Sequence[str]) -> dict[str, Any]:
    """A TOML file with only the given top-level keys; a syntax error names its line, not tomllib's wording."""
    if not text.strip():
        raise InputError(N_("{where}：文件为空"), where=name)
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        doc = tomllib.loads(text)
    except RecursionError:  # brackets nested thousands deep
        raise InputError(N_("{file}：嵌套层数过多，不是有效的 TOML 文件"), file=name) from None
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        m = re.search(r"line (\d+)", detail)
        detail = re.sub(r"\s*\(at (end of document|line \d+, column \d+)\)", "", detail)
        raise InputError(N_("{file} 第 {line} 行：TOML 格式错误：{detail}"), file=name,
                         line=int(m.group(1)) if m else 1, detail=detail) from None
    for key in doc:
        if key not in tables:
            raise InputError(N_("{where}：未知字段“{field}”"), where=name, field=key)
    return doc


def parse_toml(text: str, name: str) -> list[MatterSpec]:
    text = text.lstrip("\ufeff")
    doc = load_toml(text, name, ("matter",))
    tables = doc.get("matter")
    if tables is None or tables == []:
        raise InputError(N_("{file}：没有任何事项"), file=name)
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise InputError(N_("{where}：字段“{field}”应为 [[matter]] 表数组"), where=name, field="matter")
    lines = _toml_lines(text)
    out: list[MatterSpec] = []
    seen: dict[str, int] = {}
    for i, tbl in enumerate(tables):
        line, mat_lines = lines[i] if i < len(lines) else (1, [])
        at = _At(name, line)
        for key in tbl:
            if key not in _MATTER_KEYS:
                raise at.err(N_("{file} 第 {line} 行：未知字段“{field}”"), field=key)
        for key in ("code", "name", "category"):
            if key not in tbl:
                raise at.err(N_("{file} 第 {line} 行：缺少字段“{field}”"), field=key)
        if _enum(tbl.get("category"), "category", _CATEGORY, at) in ("own", "joint"):
            for key in ("department", "statutory_days", "promised_days"):
                if key not in tbl:
                    raise at.err(N_("{file} 第 {line} 行：缺少字段“{field}”"), field=key)
        mats_raw = tbl.get("materials", [])
        if not isinstance(mats_raw, list) or not all(isinstance(m, dict) for m in mats_raw):
            raise at.err(N_("{file} 第 {line} 行：字段“{field}”应为 [[matter.materials]] 表数组"), field="materials")
        mats = []
        for j, m in enumerate(mats_raw, 1):
            m_at = _At(name, mat_lines[j - 1]) if j - 1 < len(mat_lines) else at
            for key in m:
                if key not in _MATERIAL_KEYS:
                    raise m_at.err(N_("{file} 第 {line} 行：未知字段“{field}”"), field=f"materials[{j}].{key}")
            for key in ("code", "name"):
                if key not in m:
                    raise m_at.err(N_("{file} 第 {line} 行：缺少字段“{field}”"), field=f"materials[{j}].{key}")
            mats.append(_material(m, f"materials[{j}]", m_at))
        spec = _build(tbl, mats, at)
        _dup(seen, spec.code, at)
        out.append(spec)
    return out


def _toml_chars(value: str, multiline: bool) -> str:
    out = []
    for c in value:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\n" if multiline else "\\n")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return "".join(out)


def _toml_str(value: str) -> str:
    return '"' + _toml_chars(value, False) + '"'


def _toml_text(value: str) -> str:
    """Multi-line text as a readable multi-line basic string (the newline after the opening quotes is dropped)."""
    if "\n" not in value:
        return _toml_str(value)
    return '"""\n' + _toml_chars(value, True) + '"""'


def to_toml(matters: Iterable[MatterSpec]) -> str:
    lines = ["# 事项目录（办事指南）：quancheng catalog import 可导入本文件", ""]
    for m in matters:
        lines.append("[[matter]]")
        lines.append(f"code = {_toml_str(m.code)}")
        lines.append(f"name = {_toml_str(m.name)}")
        lines.append(f"department = {_toml_str(m.department)}")
        lines.append(f"category = {_toml_str(m.category)}")
        if m.kind is not None:
            lines.append(f"kind = {_toml_str(m.kind)}")
        lines.append(f"statutory_days = {m.statutory_days}")
        lines.append(f"promised_days = {m.promised_days}")
        if m.statutory_extension_days:
            lines.append(f"statutory_extension_days = {m.statutory_extension_days}")
        lines.append(f"day_kind = {_toml_str(m.day_kind)}")
        lines.append(f"village = {'true' if m.village else 'false'}")
        if m.units:
            lines.append("units = [" + ", ".join(_toml_str(u) for u in m.units) + "]")
        for key in ("window", "phone", "unit_address", "unit_phone", "fees", "basis", "conditions", "procedure"):
            value = getattr(m, key)
            if value:
                lines.append(f"{key} = {_toml_text(value)}")
        lines.append(f"active = {'true' if m.active else 'false'}")
        for mat in m.materials:
            lines.append("")
            lines.append("  [[matter.materials]]")
            lines.append(f"  code = {_toml_str(mat.code)}")
            lines.append(f"  name = {_toml_str(mat.name)}")
            lines.append(f"  form = {_toml_str(mat.form)}")
            lines.append(f"  copies = {mat.copies}")
            lines.append(f"  required = {'true' if mat.required else 'false'}")
            if mat.note:
                lines.append(f"  note = {_toml_str(mat.note)}")
            if mat.sample:
                lines.append(f"  sample = {_toml_str(mat.sample)}")
        lines.append("")
    return "\n".join(lines)


# --- the flat layout (CSV, XLSX) ----------------------------------------------------

_ESCAPABLE = frozenset("\\:；;")  # not "：": the writer always separates with ":"


def _split(value: str, seps: str) -> list[str]:
    """Split at unescaped separators; the parts keep their escapes."""
    parts, cur, i = [], [], 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            cur.append(value[i:i + 2])
            i += 2
            continue
        if c in seps:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return [p for p in (p.strip() for p in parts)]


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value, flags=re.S)


def _escape(value: str) -> str:
    return "".join("\\" + c if c in _ESCAPABLE else c for c in value)


def _parse_materials(cell: str, at: _At, fld: str = "materials") -> list[MaterialSpec]:
    items = [p for p in _split(cell.replace("\r\n", "\n"), "；;\n") if p]
    out = []
    for i, item in enumerate(items, 1):
        parts = _split(item, ":")
        if len(parts) == 1:  # typed with a Chinese input method
            parts = _split(item, "：")
        parts = [_unescape(p) for p in parts]
        if not 4 <= len(parts) <= 7 or not parts[0] or not parts[1]:
            raise at.err(N_("{file} 第 {line} 行：字段“{field}”第 {item} 项“{value}”格式不对，"
                            "应为 编码:名称:形式:份数[:required|optional[:备注[:样表]]]"),
                         field=fld, item=i, value=_unescape(item))
        keys = ("code", "name", "form", "copies", "required", "note", "sample")
        out.append(_material(dict(zip(keys, parts)), f"{fld}[{i}]", at))
    return out


def format_materials(materials: Iterable[MaterialSpec]) -> str:
    items = []
    for m in materials:
        parts = [m.code, m.name, m.form, str(m.copies)]
        tail = ["required" if m.required else "optional", m.note, m.sample]
        while tail and tail[-1] == "":
            tail.pop()
        if tail == ["required"]:
            tail = []
        items.append(":".join(_escape(p) for p in parts + tail))
    return "；".join(items)


def _row_values(m: MatterSpec) -> list[str]:
    cells = {
        "code": m.code, "name": m.name, "department": m.department, "category": m.category,
        "kind": m.kind or "", "statutory_days": str(m.statutory_days), "promised_days": str(m.promised_days),
        "day_kind": m.day_kind, "village": "true" if m.village else "false", "window": m.window,
        "phone": m.phone, "fees": m.fees, "basis": m.basis, "conditions": m.conditions,
        "procedure": m.procedure, "units": "；".join(_escape(u) for u in m.units),
        "unit_address": m.unit_address, "unit_phone": m.unit_phone,
        "materials": format_materials(m.materials), "active": "true" if m.active else "false",
        "statutory_extension_days": str(m.statutory_extension_days),
    }
    return [cells[c] for c in COLUMNS]


def _header(cells: Sequence[str], name: str, line: int) -> list[str | None]:
    at = _At(name, line)
    out: list[str | None] = []
    for cell in cells:
        raw = unicodedata.normalize("NFKC", cell or "").strip().lstrip("\ufeff")
        if not raw:
            out.append(None)
            continue
        key = raw.lower() if raw.lower() in _MATTER_KEYS else HEADER_ALIASES.get(raw)
        if key is None:
            raise at.err(N_("{file} 第 {line} 行：未知列“{column}”"), column=raw)
        if key in out:
            raise at.err(N_("{file} 第 {line} 行：列“{column}”重复"), column=raw)
        out.append(key)
    for key in REQUIRED_COLUMNS:
        if key not in out:
            raise InputError(N_("{file}：缺少列“{column}”"), file=name, column=key)
    return out


def _parse_rows(rows: Iterable[tuple[int, Sequence[str]]], name: str) -> list[MatterSpec]:
    header: list[str | None] | None = None
    out: list[MatterSpec] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        if not any((c or "").strip() for c in cells):
            continue
        if header is None:
            header = _header(cells, name, line)
            continue
        at = _At(name, line)
        extra = [c for i, c in enumerate(cells) if (i >= len(header) or header[i] is None) and (c or "").strip()]
        if extra:
            raise at.err(N_("{file} 第 {line} 行：有 {count} 个单元格不在任何列名之下"), count=len(extra))
        values = {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(header) if key}
        mats = _parse_materials(values.get("materials") or "", at)
        spec = _build(values, mats, at)
        _dup(seen, spec.code, at)
        out.append(spec)
    if header is None:
        raise InputError(N_("{where}：文件为空"), where=name)
    if not out:
        raise InputError(N_("{file}：没有任何事项"), file=name)
    return out


def csv_rows(text: str, name: str) -> Iterable[tuple[int, list[str]]]:
    """(first line number, cells) of each CSV record: a quoted cell may span lines, errors name the line."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(N_("{where}：文件为空"), where=name)
    reader = csv.reader(io.StringIO(text, newline=""))

    def rows() -> Iterable[tuple[int, list[str]]]:
        start = 1
        try:
            for cells in reader:
                yield start, [formula_unguarded(c) for c in cells]
                start = reader.line_num + 1
        except csv.Error as exc:
            raise InputError(N_("{file} 第 {line} 行：CSV 格式错误：{detail}"), file=name, line=start,
                             detail=str(exc)) from None

    return rows()


def parse_csv(text: str, name: str) -> list[MatterSpec]:
    return _parse_rows(csv_rows(text, name), name)


def to_csv(matters: Iterable[MatterSpec]) -> bytes:
    """UTF-8 with a BOM and CRLF line ends: what Excel and WPS open without asking."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for m in matters:
        writer.writerow([formula_safe(v) for v in _row_values(m)])
    return buf.getvalue().encode("utf-8-sig")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def parse_xlsx(raw: bytes, name: str) -> list[MatterSpec]:
    from .sheets import open_xlsx

    with open_xlsx(raw, name) as sheets:
        if not sheets:
            raise InputError(N_("{where}：文件为空"), where=name)
        rows = ((n, [_cell_text(v) for v in row]) for n, row in sheets[0].rows())
        return _parse_rows(rows, name)


def to_xlsx(matters: Iterable[MatterSpec]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    numbers = {"statutory_days", "promised_days", "statutory_extension_days"}
    wb = Workbook()
    ws = wb.active
    ws.title = "事项目录"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for m in matters:
        values = _row_values(m)
        row = []
        for key, value in zip(COLUMNS, values):
            row.append(int(value) if key in numbers else value)
        ws.append(row)
    widths = {"code": 12, "name": 30, "department": 14, "materials": 60, "basis": 40, "conditions": 40,
              "procedure": 40, "fees": 16, "units": 24, "unit_address": 24}
    for idx, key in enumerate(COLUMNS, 1):
        letter = get_column_letter(idx)
        ws.column_dimensions[letter].width = widths.get(key, 12)
        if key not in numbers:
            # Text, so that Excel keeps "001" and "0571-…" as typed, also in rows added later.
            ws.column_dimensions[letter].number_format = "@"
            for (cell,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):
                cell.number_format = "@"
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # the formula guard of XLSX: a text cell, never a formula
                if key in ("materials", "basis", "conditions", "procedure", "fees"):
                    cell.alignment = wrap
    ws.freeze_panes = "C2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_json(matters: Iterable[MatterSpec]) -> str:
    return json.dumps([m.as_dict() for m in matters], ensure_ascii=False, indent=2) + "\n"


def is_licensing(matter: object) -> bool:
    """Whether a matter (anything with ``name`` and ``basis``) is a 行政许可, so its one-time notice is
    always in writing and carries the 行政许可法 第三十二条 note (004 第五篇 第五条(三)(四)).

    The catalog has no matter type yet: the name or the basis saying 许可 decides.
    """
    name = str(getattr(matter, "name", "") or "")
    basis = str(getattr(matter, "basis", "") or "")
    return "许可" in name or "行政许可" in basis
