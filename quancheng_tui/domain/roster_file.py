"""Roster files: TOML, or CSV / XLSX tables; pure, like the catalog's parsers (whose helpers it uses).

TOML
----
```toml
[[duty]]                         # one period of the month's duty (000 二)
from = 2026-03-01                # a TOML date or "YYYY-MM-DD"; a period stays within one month
to = 2026-03-31
clerks = ["zhangwei", "liuna"]   # 协办员: 1–2 logins (clerk or handler)
leader = "lixiang"               # 值班领导: a leader's login

[[post]]                         # an A/B post (004 AB岗工作制度)
code = "CK1"                     # unique (letters, digits, _ and -)
name = "综合受理窗口（一）"
a = "zhangwei"
b = ["liuna", "wangfang"]        # the B's in the order they step in
```

CSV and XLSX
------------
A table of periods (columns `from, to, clerks, leader`) or of posts (`code, name, a, b`), told
apart by the header; Chinese headers (开始日期, 结束日期, 协办员, 值班领导; 岗位编码, 岗位名称,
A岗, B岗) work too. Several logins in one cell are separated by 、 ； ; , or spaces. The name
columns an export adds (`clerk_names`, `leader_name`; `a_name`, `b_names`) are read and ignored.
An XLSX file may hold one table a sheet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ..errors import N_, InputError
from . import roster as rules
from . import text as textmod
from .catalog import _At, _cell_text, _clean, _code, csv_rows, decode_text, load_toml
from .roster import DutyPeriod, Post

DUTY_COLUMNS = ("from", "to", "clerks", "leader")
DUTY_NAME_COLUMNS = ("clerk_names", "leader_name")
POST_COLUMNS = ("code", "name", "a", "b")
POST_NAME_COLUMNS = ("a_name", "b_names")
HEADER_ALIASES = {
    "开始日期": "from", "结束日期": "to", "协办员": "clerks", "值班领导": "leader",
    "协办员姓名": "clerk_names", "值班领导姓名": "leader_name",
    "岗位编码": "code", "岗位名称": "name", "a岗": "a", "b岗": "b", "a岗姓名": "a_name", "b岗姓名": "b_names",
}
_DUTY_KEYS = frozenset(DUTY_COLUMNS)
_POST_KEYS = frozenset(POST_COLUMNS)
_SEPARATORS = re.compile(r"[、；;,，\s]+")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?$")
_DUTY_HEADER = re.compile(r"^\s*\[\[\s*duty\s*\]\]")
_POST_HEADER = re.compile(r"^\s*\[\[\s*post\s*\]\]")


@dataclass(frozen=True)
class RosterFile:
    source: str
    duties: tuple[DutyPeriod, ...]
    posts: tuple[Post, ...] | None  # None: the file says nothing about posts, which then stay as they are

    @property
    def months(self) -> tuple[str, ...]:
        return tuple(sorted({p.month for p in self.duties}))


# --- cells ----------------------------------------------------------------------------------------


def _text(value: object, fld: str, at: _At) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    raise at.err(N_("{file} 第 {line} 行：字段“{field}”应为文本"), field=fld)


def _login(value: str, fld: str, at: _At) -> str:
    if not textmod.LOGIN_RE.match(value):
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”中的登录名“{value}”无效"), field=fld, value=value)
    return value


def _required_login(value: object, fld: str, at: _At) -> str:
    raw = _text(value, fld, at)
    if not raw:
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”不能为空"), field=fld)
    return _login(raw, fld, at)


def _logins(value: object, fld: str, at: _At) -> tuple[str, ...]:
    if isinstance(value, list):
        parts = [_text(v, fld, at) for v in value]
    else:
        parts = _SEPARATORS.split(_text(value, fld, at))
    out = tuple(_login(p, fld, at) for p in parts if p)
    if not out:
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”不能为空"), field=fld)
    return out


def _date(value: object, fld: str, at: _At) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = _text(value, fld, at)
    if not raw:
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”不能为空"), field=fld)
    m = _ISO_DATE.match(raw)
    try:
        if m is None:
            raise ValueError(raw)
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise at.err(N_("{file} 第 {line} 行：字段“{field}”应为日期 YYYY-MM-DD，实为“{value}”"), field=fld,
                     value=raw) from None


def _duty(values: dict, at: _At) -> DutyPeriod:
    period = DutyPeriod(start=_date(values.get("from"), "from", at), end=_date(values.get("to"), "to", at),
                        clerks=_logins(values.get("clerks"), "clerks", at),
                        leader=_required_login(values.get("leader"), "leader", at), line=at.line)
    rules.check_period(period, at.file)
    return period


def _post(values: dict, at: _At) -> Post:
    return Post(code=_code(_text(values.get("code"), "code", at), "code", at),
                name=_clean(_text(values.get("name"), "name", at), "name", at, required=True, max_len=100),
                a=_required_login(values.get("a"), "a", at), bs=_logins(values.get("b"), "b", at), line=at.line)


def _finish(name: str, duties: Sequence[DutyPeriod], posts: Sequence[Post] | None) -> RosterFile:
    if not duties and not posts:
        raise InputError(N_("{file}：没有任何值班时段或岗位"), file=name)
    rules.check_no_overlap(duties, name)
    if posts is not None:
        rules.check_posts(posts, name)
    return RosterFile(name, tuple(duties), None if posts is None else tuple(posts))


# --- files ----------------------------------------------------------------------------------------


def parse(raw: bytes, name: str) -> RosterFile:
    """A roster file's bytes, by the suffix of `name`: .toml, .csv or .xlsx."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "xlsx":
        return parse_xlsx(raw, name)
    if suffix == "toml":
        return parse_toml(decode_text(raw, name), name)
    if suffix == "csv":
        return parse_csv(decode_text(raw, name), name)
    raise InputError(N_("{file}：只支持 .toml、.csv 或 .xlsx 文件"), file=name)


def parse_toml(text: str, name: str) -> RosterFile:
    text = text.lstrip("\ufeff")
    doc = load_toml(text, name, ("duty", "post"))
    lines = text.splitlines()
    duty_lines = [n for n, line in enumerate(lines, 1) if _DUTY_HEADER.match(line)]
    post_lines = [n for n, line in enumerate(lines, 1) if _POST_HEADER.match(line)]
    duties = [_duty(tbl, at) for tbl, at in _tables(doc, "duty", duty_lines, _DUTY_KEYS, name)]
    posts = [_post(tbl, at) for tbl, at in _tables(doc, "post", post_lines, _POST_KEYS, name)]
    return _finish(name, duties, posts if "post" in doc else None)


def _tables(doc: dict, key: str, lines: Sequence[int], allowed: frozenset[str], name: str) -> list[tuple[dict, _At]]:
    tables = doc.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise InputError(N_("{where}：字段“{field}”应为 [[{field}]] 表数组"), where=name, field=key)
    out = []
    for i, tbl in enumerate(tables):
        at = _At(name, lines[i] if i < len(lines) else 1)
        for k in tbl:
            if k not in allowed:
                raise at.err(N_("{file} 第 {line} 行：未知字段“{field}”"), field=k)
        out.append((tbl, at))
    return out


def _header(cells: Sequence[str], name: str, line: int) -> list[str | None]:
    at = _At(name, line)
    known = _DUTY_KEYS | _POST_KEYS | frozenset(DUTY_NAME_COLUMNS) | frozenset(POST_NAME_COLUMNS)
    out: list[str | None] = []
    for cell in cells:
        raw = unicodedata.normalize("NFKC", cell or "").strip().lstrip("\ufeff")
        if not raw:
            out.append(None)
            continue
        key = raw.lower() if raw.lower() in known else HEADER_ALIASES.get(raw.lower())
        if key is None:
            raise at.err(N_("{file} 第 {line} 行：未知列“{column}”"), column=raw)
        if key in out:
            raise at.err(N_("{file} 第 {line} 行：列“{column}”重复"), column=raw)
        out.append(key)
    duty = "from" in out or "code" not in out
    required = DUTY_COLUMNS if duty else POST_COLUMNS
    own = _DUTY_KEYS | frozenset(DUTY_NAME_COLUMNS) if duty else _POST_KEYS | frozenset(POST_NAME_COLUMNS)
    for key, cell in zip(out, cells):
        if key is not None and key not in own:  # one table a sheet: periods or posts, not both
            raise at.err(N_("{file} 第 {line} 行：未知列“{column}”"), column=cell.strip())
    for key in required:
        if key not in out:
            raise InputError(N_("{file}：缺少列“{column}”"), file=name, column=key)
    return out


def _rows(rows: Iterable[tuple[int, Sequence[str]]], name: str) -> tuple[list[DutyPeriod], list[Post] | None]:
    """One table: (periods, None) or ([], posts); ([], None) when it has no header at all."""
    header: list[str | None] | None = None
    duties: list[DutyPeriod] = []
    posts: list[Post] = []
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
        if "from" in header:
            duties.append(_duty(values, at))
        else:
            posts.append(_post(values, at))
    if header is None:
        return [], None
    return duties, (None if "from" in header else posts)


def parse_csv(text: str, name: str) -> RosterFile:
    duties, posts = _rows(csv_rows(text, name), name)
    return _finish(name, duties, posts)


def parse_xlsx(raw: bytes, name: str) -> RosterFile:
    from .sheets import open_xlsx

    with open_xlsx(raw, name) as sheets:
        duties: list[DutyPeriod] = []
        posts: list[Post] | None = None
        many = len(sheets) > 1
        for ws in sheets:
            where = f"{name}[{ws.title}]" if many else name
            cells = ((n, [_cell_text(v.date() if isinstance(v, datetime) else v) for v in row])
                     for n, row in ws.rows())
            sheet_duties, sheet_posts = _rows(cells, where)
            duties += sheet_duties
            if sheet_posts is not None:
                posts = (posts or []) + sheet_posts
        return _finish(name, duties, posts)
