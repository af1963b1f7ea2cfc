"""The matter catalog (办事指南): import, export, list, show, search.

Import rule (upsert by code, case ignored): a matter in the file is added, or
updated in place when its code exists (its id, and so every case pointing at
it, stays); a matter absent from the file is KEPT as it is, unless
`deactivate_missing` is asked for, which sets it inactive (never deletes:
cases refer to it). A matter is retired on purpose with `active = false` in
the file. A matter's materials are upserted by their code within the matter
(ids kept), reordered as in the file, and those the file no longer lists are
deleted: cases must keep their own copy (code, name) of what was demanded.
The whole file is checked before the database is touched, and written in one
transaction with one audit entry: all of it or nothing.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect
from sqlmodel import Session, col, select

from ..domain import catalog as cat
from ..domain import pinyin
from ..domain.catalog import MaterialSpec, MatterSpec
from ..domain.roles import ADMINS
from ..errors import N_, InputError, NotFound
from ..store.database import Database
from ..store.keys import key as row_key
from ..store.tables import Material, Matter
from . import audit
from .catalog_views import ImportResult, MaterialView, MatterSummary, MatterView
from .context import Actor, Clock

SAMPLE_CATALOG = Path(__file__).resolve().parent.parent / "data" / "catalog.sample.toml"

__all__ = [
    "SAMPLE_CATALOG",
    "ImportResult",
    "MaterialView",
    "MatterSummary",
    "MatterView",
    "apply_catalog",
    "export_catalog",
    "get_matter",
    "import_catalog",
    "import_specs",
    "list_matters",
    "read_file",
    "search",
]


# --- import -------------------------------------------------------------------------


def read_file(path: Path) -> list[MatterSpec]:
    """Parse a catalog file (.toml, .csv, .xlsx) completely; nothing is stored."""
    try:
        from ..files import read_input

        raw = read_input(Path(path))  # a regular file of bounded size: never /dev/zero
    except OSError as exc:
        raise InputError(N_("无法读取文件 {path}：{reason}"), path=str(path), reason=exc.strerror or str(exc)) from None
    return cat.parse(raw, Path(path).name)


def import_catalog(db: Database, actor: Actor, clock: Clock, path: Path,
                   deactivate_missing: bool = False) -> ImportResult:
    """Admin only; the whole file or nothing (see the module docstring for the rule)."""
    actor.require(ADMINS, N_("导入事项目录"))
    specs = read_file(path)
    prepared = new_rows(specs, db.engine.dialect, clock.now())  # before the write lock: clerks keep registering
    with db.write() as session:
        return apply_catalog(session, actor, clock, specs, Path(path).name, deactivate_missing, prepared=prepared)


def import_specs(db: Database, actor: Actor, clock: Clock, specs: Sequence[MatterSpec], source: str = "",
                 deactivate_missing: bool = False) -> ImportResult:
    """The same as import_catalog for specs built in code (checked by the same rules)."""
    actor.require(ADMINS, N_("导入事项目录"))
    clean = cat.validate(specs, source)
    prepared = new_rows(clean, db.engine.dialect, clock.now())
    with db.write() as session:
        return apply_catalog(session, actor, clock, clean, source, deactivate_missing, prepared=prepared)


def _keys(spec: MatterSpec) -> dict:
    initials, full = pinyin.keys(spec.name)
    return {"code_key": pinyin.search_key(spec.code)[:32], "pinyin": initials, "pinyin_full": full}


_MATTER_FIELDS = ("code", "name", "department", "category", "kind", "statutory_days", "promised_days",
                  "statutory_extension_days", "day_kind", "village", "window", "phone", "fees", "basis", "conditions",
                  "procedure", "unit_address", "unit_phone", "active")
_MATERIAL_FIELDS = ("position", "code", "name", "form", "copies", "required", "note", "sample")


@dataclass(frozen=True)
class NewRows:
    """Each matter's row and its materials' rows, ready to insert should the matter be new (see `new_rows`)."""

    matter_columns: tuple[str, ...]
    matters: dict[str, tuple]  # code.casefold() -> the values of matter_columns
    materials: dict[str, list[tuple]]  # code.casefold() -> the values of _MATERIAL_FIELDS, one tuple a material


def new_rows(specs: Sequence[MatterSpec], dialect, now) -> NewRows:
    """Pure: the rows an import may insert, built before its write transaction (the pinyin keys alone take
    a minute for 100,000 matters, and a clerk's registration waits for the write lock, not for this)."""
    columns = (*_MATTER_FIELDS, "code_key", "pinyin", "pinyin_full", "units", "updated_at")

    def bound(table, cols):
        procs = [table.c[c].type._cached_bind_processor(dialect) for c in cols]
        return lambda values: tuple(p(v) if p else v for v, p in zip(values, procs))

    matter_row = bound(inspect(Matter).local_table, columns)
    material_row = bound(inspect(Material).local_table, _MATERIAL_FIELDS)
    matters: dict[str, tuple] = {}
    materials: dict[str, list[tuple]] = {}
    for spec in specs:
        key = spec.code.casefold()
        k = _keys(spec)
        matters[key] = matter_row((*(getattr(spec, f) for f in _MATTER_FIELDS), k["code_key"], k["pinyin"],
                                   k["pinyin_full"], json.dumps(list(spec.units), ensure_ascii=False), now))
        materials[key] = [material_row((pos, m.code, m.name, m.form, m.copies, m.required, m.note, m.sample))
                          for pos, m in enumerate(spec.materials, 1)]
    return NewRows(columns, matters, materials)


def _set_fields(row: Matter, spec: MatterSpec) -> None:
    for key in ("code", "name", "department", "category", "kind", "statutory_days", "promised_days",
                "statutory_extension_days", "day_kind", "village", "window", "phone", "fees", "basis", "conditions", "procedure", "unit_address",
                "unit_phone", "active"):
        setattr(row, key, getattr(spec, key))
    row.units = json.dumps(list(spec.units), ensure_ascii=False)


def _material_spec(m: Material) -> MaterialSpec:
    return MaterialSpec(m.code, m.name, m.form, m.copies, m.required, m.note, m.sample)


def _spec(row: Matter, materials: Sequence[Material]) -> MatterSpec:
    return MatterSpec(
        code=row.code, name=row.name, category=row.category, kind=row.kind, department=row.department,
        statutory_days=row.statutory_days, promised_days=row.promised_days, day_kind=row.day_kind,
        village=row.village, window=row.window, phone=row.phone, fees=row.fees, basis=row.basis,
        conditions=row.conditions, procedure=row.procedure, units=tuple(json.loads(row.units or "[]")),
        unit_address=row.unit_address, unit_phone=row.unit_phone, active=row.active,
        materials=tuple(_material_spec(m) for m in materials),
        statutory_extension_days=row.statutory_extension_days or 0,
    )


def _materials_by_matter(session: Session, matter_ids: Sequence[int] | None = None) -> dict[int, list[Material]]:
    stmt = select(Material).order_by(col(Material.matter_id), col(Material.position))
    if matter_ids is not None:
        stmt = stmt.where(col(Material.matter_id).in_(list(matter_ids)))
    out: dict[int, list[Material]] = {}
    for m in session.exec(stmt):
        out.setdefault(m.matter_id, []).append(m)
    return out


def _sync_materials(session: Session, row: Matter, old: list[Material], specs: Sequence[MaterialSpec]) -> None:
    by_code = {m.code.casefold(): m for m in old}
    wanted = {s.code.casefold() for s in specs}
    for key, m in by_code.items():
        if key not in wanted:
            session.delete(m)
    session.flush()
    for pos, s in enumerate(specs, 1):
        m = by_code.get(s.code.casefold()) or Material(matter_id=row_key(row), position=pos, code=s.code, name=s.name,
                                                       form=s.form)
        m.position, m.code, m.name, m.form, m.copies = pos, s.code, s.name, s.form, s.copies
        m.required, m.note, m.sample = s.required, s.note, s.sample
        session.add(m)


def _insert_new(session: Session, specs: Sequence[MatterSpec], rows: NewRows) -> None:
    """New matters and their materials as two executemany calls of rows built before the transaction: one ORM
    object and flush per matter held the write lock for minutes on a 100,000-matter file."""
    if not specs:
        return
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"

    def insert_many(table: str, columns: Sequence[str], values: list[tuple]) -> None:
        if values:
            quoted = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in columns)  # "window" is reserved
            conn.exec_driver_sql(f"INSERT INTO {table} ({quoted}) "
                                 f"VALUES ({', '.join(mark for _ in columns)})", values)

    keys = [spec.code.casefold() for spec in specs]
    insert_many("matter", rows.matter_columns, [rows.matters[k] for k in keys])
    wanted = {spec.code for spec in specs}
    ids = {code.casefold(): id_ for code, id_ in session.execute(select(Matter.code, Matter.id)) if code in wanted}
    insert_many("material", ("matter_id", *_MATERIAL_FIELDS),
                [(ids[k], *m) for k in keys for m in rows.materials[k]])


def apply_catalog(session: Session, actor: Actor, clock: Clock, specs: Sequence[MatterSpec], source: str,
                  deactivate_missing: bool = False, prepared: NewRows | None = None) -> ImportResult:
    """Upsert checked specs inside an open write transaction (set-up and demo call this directly).

    The caller has checked the actor's permission and the specs (a parser or `catalog.validate`).
    """
    now = clock.now()
    rows = {r.code.casefold(): r for r in session.exec(select(Matter))}
    materials = _materials_by_matter(session)
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    in_file: set[str] = set()
    added_specs: list[MatterSpec] = []
    if prepared is None:
        prepared = new_rows(specs, session.get_bind().dialect, now)
    for spec in specs:
        key = spec.code.casefold()
        in_file.add(key)
        row = rows.get(key)
        if row is None:
            added_specs.append(spec)
            added.append(spec.code)
            continue
        old = materials.get(row_key(row), [])
        if _spec(row, old) == spec:
            unchanged.append(spec.code)
            continue
        if row.name != spec.name or row.code != spec.code:
            for k, v in _keys(spec).items():
                setattr(row, k, v)
        _set_fields(row, spec)
        row.updated_at = now
        session.add(row)
        _sync_materials(session, row, old, spec.materials)
        updated.append(spec.code)
    session.flush()
    _insert_new(session, added_specs, prepared)
    deactivated: list[str] = []
    if deactivate_missing:
        for key, row in sorted(rows.items()):
            if key not in in_file and row.active:
                row.active = False
                row.updated_at = now
                session.add(row)
                deactivated.append(row.code)
    session.flush()
    result = ImportResult(source, tuple(added), tuple(updated), tuple(unchanged), tuple(deactivated))
    audit.append(session, actor, now, "catalog.import", "catalog", source[:64],
                 after={"file": source, "added": list(added), "updated": list(updated),
                        "unchanged": len(unchanged), "deactivated": list(deactivated)})
    return result


# --- reading ------------------------------------------------------------------------


def export_catalog(db: Database, actor: Actor | None = None) -> list[MatterSpec]:
    """Every matter, inactive ones included (with active = false), by code: a file that imports back equal.

    The catalog is the public 办事指南, so any staff member may export it.
    """
    with db.read() as session:
        rows = session.exec(select(Matter).order_by(col(Matter.code))).all()
        materials = _materials_by_matter(session)
        return [_spec(r, materials.get(row_key(r), [])) for r in rows]


_SUMMARY_COLS = (Matter.id, Matter.code, Matter.name, Matter.pinyin, Matter.department, Matter.category,
                 Matter.kind, Matter.statutory_days, Matter.promised_days, Matter.day_kind, Matter.village,
                 Matter.active)


def _summary(r) -> MatterSummary:
    return MatterSummary(r.code, r.name, r.pinyin, r.department, r.category, r.kind, r.statutory_days,
                         r.promised_days, r.day_kind, bool(r.village), bool(r.active))


def list_matters(db: Database, *, include_inactive: bool = False, village_only: bool = False,
                 category: str | None = None, department: str | None = None) -> list[MatterSummary]:
    # sqlmodel types select() for at most 4 columns (fastapi/sqlmodel#271)
    stmt = select(*_SUMMARY_COLS).order_by(col(Matter.code))  # type: ignore[call-overload]
    if not include_inactive:
        stmt = stmt.where(Matter.active == True)  # noqa: E712
    if village_only:
        stmt = stmt.where(Matter.village == True)  # noqa: E712
    if category:
        stmt = stmt.where(Matter.category == category)
    if department:
        stmt = stmt.where(Matter.department == department)
    with db.read() as session:
        return [_summary(r) for r in session.exec(stmt)]


def _view(row: Matter, materials: Sequence[Material]) -> MatterView:
    return MatterView(
        code=row.code, name=row.name, pinyin=row.pinyin, department=row.department, category=row.category,
        kind=row.kind, statutory_days=row.statutory_days, promised_days=row.promised_days,
        day_kind=row.day_kind, village=row.village, window=row.window, phone=row.phone, fees=row.fees,
        basis=row.basis, conditions=row.conditions, procedure=row.procedure,
        units=tuple(json.loads(row.units or "[]")), unit_address=row.unit_address, unit_phone=row.unit_phone,
        active=row.active,
        materials=tuple(MaterialView(m.code, m.name, m.form, m.copies, m.required, m.note, m.sample)
                        for m in materials),
        statutory_extension_days=row.statutory_extension_days or 0,
    )


def get_matter(db: Database, code: str) -> MatterView:
    """A matter by its code (case ignored), inactive ones too; NotFound otherwise."""
    wanted = (code or "").strip()
    with db.read() as session:
        row = session.exec(select(Matter).where(Matter.code == wanted)).first()
        if row is None and wanted:
            row = session.exec(select(Matter).where(func.lower(Matter.code) == wanted.lower())).first()
        if row is None:
            raise NotFound(N_("事项“{code}”不存在"), code=wanted)
        mats = session.exec(select(Material).where(Material.matter_id == row.id).order_by(col(Material.position))).all()
        return _view(row, mats)


# --- search -------------------------------------------------------------------------


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _prefix(col, key: str):
    """`col` starts with `key` ([a-z0-9] only) as an index range, valid in any collation."""
    upper = pinyin.next_prefix(key)
    return col >= key if upper is None else (col >= key) & (col < upper)


def search(db: Database, query: str, limit: int = 20, village_only: bool = False,
           include_inactive: bool = False) -> list[MatterSummary]:
    """Matters for what a clerk types: a code, part of the name, or pinyin initials.

    Order: exact code; pinyin initials prefix ("dbsq"); code prefix ("MZ-0"),
    which goes before the initials when the query looks like a code (it has
    a digit, a hyphen or a capital); name prefix; name substring; full pinyin
    prefix ("dibao"); initials substring; full pinyin substring. Each tier is
    one query over an index returning ids only (an index range for the
    prefixes, a covering-index scan for the substrings), run in order until
    `limit` distinct ids are found; only the hits' summaries are read. An empty query
    lists matters by code.
    """
    if limit <= 0:
        return []
    q = unicodedata.normalize("NFKC", query or "").strip()
    key = pinyin.search_key(q)
    base = []
    if not include_inactive:
        base.append(Matter.active == True)  # noqa: E712
    if village_only:
        base.append(Matter.village == True)  # noqa: E712
    tiers: list[tuple] = []
    if not q:
        tiers.append((None, Matter.code))
    if key:
        initials = (_prefix(Matter.pinyin, key), Matter.pinyin)
        code_prefix = (_prefix(Matter.code_key, key), Matter.code_key)
        codeish = any(c.isdigit() or c in "-_" or c.isupper() for c in q)
        tiers.append((Matter.code_key == key, Matter.code_key))
        tiers += [code_prefix, initials] if codeish else [initials, code_prefix]
    if q:
        like = _like_escape(q)
        # SQLite's LIKE already ignores ASCII case (and lower() would cost a call a row);
        # PostgreSQL's does not: ILIKE there.
        match = col(Matter.name).like if db.dialect == "sqlite" else col(Matter.name).ilike
        tiers += [
            (match(like + "%", escape="\\"), Matter.name),
            (match("%" + like + "%", escape="\\"), Matter.name),
        ]
    if key:
        tiers += [
            (_prefix(Matter.pinyin_full, key), Matter.pinyin_full),
            (col(Matter.pinyin).like(f"%{key}%"), Matter.pinyin),
            (col(Matter.pinyin_full).like(f"%{key}%"), Matter.pinyin_full),
        ]
    with db.read() as session:
        conn = session.connection()  # Core: a keystroke needs no ORM identity map
        found: dict[int, None] = {}  # insertion-ordered set
        for cond, order in tiers:
            stmt = select(Matter.id).where(*base)
            if cond is not None:
                stmt = stmt.where(cond)
            # `limit` rows, not `limit - len(found)` minus the found ids: the statement
            # keeps one shape (cached compilation) and the first new ids are the same.
            for mid in conn.execute(stmt.order_by(order, col(Matter.id)).limit(limit)).scalars():
                found.setdefault(mid)
            if len(found) >= limit:
                break
        ids = list(found)[:limit]
        if not ids:
            return []
        # sqlmodel types select() for at most 4 columns (fastapi/sqlmodel#271)
        summaries = select(*_SUMMARY_COLS).where(col(Matter.id).in_(ids))  # type: ignore[call-overload]
        rows = {r.id: r for r in conn.execute(summaries)}
    return [_summary(rows[i]) for i in ids]
