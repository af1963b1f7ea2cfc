"""The matter catalog against a real database: import, export, search, permissions, atomicity."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlmodel import func, select

from quancheng_tui.domain import catalog as cat
from quancheng_tui.domain.catalog import MaterialSpec, MatterSpec
from quancheng_tui.errors import InputError, NotFound, NotPermitted
from quancheng_tui.services import audit, staff
from quancheng_tui.services import catalog as svc
from quancheng_tui.store.tables import AuditEntry, Material, Matter

SMALL = '''
[[matter]]
code = "MZ-001"
name = "城乡低保申请"
department = "民政办"
category = "own"
kind = "report_up"
statutory_days = 30
promised_days = 20
village = true
basis = "《社会救助暂行办法》"

  [[matter.materials]]
  code = "SQS"
  name = "申请书"
  form = "original"
  copies = 1

  [[matter.materials]]
  code = "SFZ"
  name = "居民身份证"
  form = "copy"
  copies = 1
  note = "查验原件"

[[matter]]
code = "SB-001"
name = "城乡居民养老保险参保登记"
department = "社保所"
category = "own"
kind = "instant"
statutory_days = 0
promised_days = 0

  [[matter.materials]]
  code = "SFZ"
  name = "居民身份证"
  form = "original"
  copies = 0

[[matter]]
code = "HJ-001"
name = "户口迁移"
category = "transfer"
units = ["青山镇派出所"]
unit_phone = "0797-6281110"
'''


@pytest.fixture
def admin(office_db):
    return staff.actor_for(office_db, "admin")


def write(tmp_path, name: str, data: str | bytes):
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def snapshot(db) -> tuple:
    """Everything the catalog stores, to compare before and after a refused import."""
    with db.read() as s:
        matters = [tuple(r) for r in s.exec(select(Matter.code, Matter.name, Matter.active, Matter.promised_days,
                                                   Matter.pinyin).order_by(Matter.code))]
        materials = [tuple(r) for r in s.exec(select(Material.matter_id, Material.position, Material.code,
                                                     Material.name).order_by(Material.matter_id, Material.position))]
        audits = s.exec(select(func.count()).select_from(AuditEntry)).one()
    return matters, materials, audits


def test_import_stores_matters_materials_and_search_keys(office_db, admin, clock, tmp_path):
    result = svc.import_catalog(office_db, admin, clock, write(tmp_path, "c.toml", SMALL))
    assert result.added == ("MZ-001", "SB-001", "HJ-001") and result.total == 3
    m = svc.get_matter(office_db, "mz-001")  # code looked up without regard to case
    assert (m.code, m.kind, m.statutory_days, m.promised_days, m.village) == ("MZ-001", "report_up", 30, 20, True)
    assert m.pinyin == "cxdbsq"
    assert [(x.code, x.form, x.copies, x.note) for x in m.materials] == [
        ("SQS", "original", 1, ""), ("SFZ", "copy", 1, "查验原件")]
    hj = svc.get_matter(office_db, "HJ-001")
    assert hj.units == ("青山镇派出所",) and hj.kind is None and hj.materials == ()
    assert [s.code for s in svc.list_matters(office_db)] == ["HJ-001", "MZ-001", "SB-001"]
    assert [s.code for s in svc.list_matters(office_db, village_only=True)] == ["MZ-001"]
    with pytest.raises(NotFound):
        svc.get_matter(office_db, "NO-SUCH")


def test_import_is_audited_and_idempotent(office_db, admin, clock, tmp_path):
    path = write(tmp_path, "c.toml", SMALL)
    svc.import_catalog(office_db, admin, clock, path)
    again = svc.import_catalog(office_db, admin, clock, path)
    assert again.added == () and again.updated == () and again.unchanged == ("MZ-001", "SB-001", "HJ-001")
    with office_db.read() as s:
        entries = s.exec(select(AuditEntry).where(AuditEntry.action == "catalog.import")).all()
    assert len(entries) == 2 and entries[0].actor == "admin"
    assert json.loads(entries[0].after)["added"] == ["MZ-001", "SB-001", "HJ-001"]
    assert audit.verify(office_db).ok


def test_upsert_updates_in_place_keeps_missing_and_ids(office_db, admin, clock, tmp_path):
    svc.import_catalog(office_db, admin, clock, write(tmp_path, "c.toml", SMALL))
    with office_db.read() as s:
        mz_id = s.exec(select(Matter.id).where(Matter.code == "MZ-001")).one()
        sfz_id = s.exec(select(Material.id).where(Material.matter_id == mz_id, Material.code == "SFZ")).one()
    changed = cat.parse_toml(SMALL, "c.toml")[0]
    changed = replace(changed, name="最低生活保障申请", promised_days=15,
                      materials=(changed.materials[1], MaterialSpec("HKB", "户口簿", "copy", 1)))
    result = svc.import_specs(office_db, admin, clock, [changed], "edit")
    assert result.updated == ("MZ-001",) and result.added == ()
    m = svc.get_matter(office_db, "MZ-001")
    assert (m.name, m.promised_days, m.pinyin) == ("最低生活保障申请", 15, "zdshbzsq")
    assert [x.code for x in m.materials] == ["SFZ", "HKB"]  # SQS dropped, order as in the file
    with office_db.read() as s:
        assert s.exec(select(Matter.id).where(Matter.code == "MZ-001")).one() == mz_id
        assert s.exec(select(Material.id).where(Material.matter_id == mz_id, Material.code == "SFZ")).one() == sfz_id
    # Matters absent from the file are kept, active…
    assert {s.code for s in svc.list_matters(office_db)} == {"MZ-001", "SB-001", "HJ-001"}
    # …unless the import is told to deactivate them (never deleted).
    result = svc.import_specs(office_db, admin, clock, [changed], "only-mz", deactivate_missing=True)
    assert result.deactivated == ("HJ-001", "SB-001")
    assert [s.code for s in svc.list_matters(office_db)] == ["MZ-001"]
    assert len(svc.list_matters(office_db, include_inactive=True)) == 3
    assert svc.get_matter(office_db, "SB-001").active is False


def test_round_trip_toml_database_csv_xlsx(office_db, admin, clock, tmp_path):
    svc.import_catalog(office_db, admin, clock, svc.SAMPLE_CATALOG)
    exported = svc.export_catalog(office_db, admin)
    original = sorted(cat.parse(svc.SAMPLE_CATALOG.read_bytes(), "s.toml"), key=lambda m: m.code)
    assert exported == original

    for name, data in (("c.csv", cat.to_csv(exported)), ("c.xlsx", cat.to_xlsx(exported)),
                       ("c.toml", cat.to_toml(exported).encode())):
        result = svc.import_catalog(office_db, admin, clock, write(tmp_path, name, data))
        assert result.added == () and result.updated == () and len(result.unchanged) == len(exported), name
        assert svc.export_catalog(office_db, admin) == exported


def test_csv_and_xlsx_import_into_an_empty_catalog_equal_the_toml(office_db, admin, clock, tmp_path):
    svc.import_catalog(office_db, admin, clock, svc.SAMPLE_CATALOG)
    exported = svc.export_catalog(office_db, admin)
    for name, data in (("c.csv", cat.to_csv(exported)), ("c.xlsx", cat.to_xlsx(exported))):
        with office_db.write() as s:  # empty the catalog, keep the office
            for m in s.exec(select(Material)):
                s.delete(m)
            s.flush()
            for m in s.exec(select(Matter)):
                s.delete(m)
        assert svc.export_catalog(office_db, admin) == []
        result = svc.import_catalog(office_db, admin, clock, write(tmp_path, name, data))
        assert len(result.added) == len(exported), name
        assert svc.export_catalog(office_db, admin) == exported


def test_gbk_csv_from_excel_imports(office_db, admin, clock, tmp_path):
    data = cat.to_csv(cat.parse_toml(SMALL, "s.toml")).decode("utf-8-sig").encode("gbk")
    result = svc.import_catalog(office_db, admin, clock, write(tmp_path, "wps.csv", data))
    assert len(result.added) == 3
    assert svc.get_matter(office_db, "MZ-001").name == "城乡低保申请"


@pytest.mark.parametrize("name, data, expect", [
    ("dup.toml", SMALL.replace('code = "SB-001"', 'code = "MZ-001"'), "dup.toml 第 26 行：事项编码“MZ-001”重复"),
    ("limit.toml", SMALL.replace("promised_days = 20", "promised_days = 30"), "承诺时限 30 天必须少于法定时限 30 天"),
    ("cols.csv", "code,name,department,category,kind,statutory_days,materials\nA,n,d,own,instant,0,\n",
     "cols.csv：缺少列“promised_days”"),
    ("empty.csv", b"", "empty.csv：文件为空"),
    ("empty.toml", b"", "empty.toml：文件为空"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "photo.csv：不是文本文件"),
    ("junk.xlsx", b"PK\x03\x04 not really a zip", "junk.xlsx：不是有效的 XLSX 文件"),
    ("c.txt", "whatever", "c.txt：只支持 .toml、.csv 或 .xlsx 文件"),
])
def test_bad_files_refused_and_nothing_changes(office_db, admin, clock, tmp_path, name, data, expect):
    svc.import_catalog(office_db, admin, clock, write(tmp_path, "good.toml", SMALL))
    before = snapshot(office_db)
    with pytest.raises(InputError) as info:
        svc.import_catalog(office_db, admin, clock, write(tmp_path, name, data))
    assert expect in str(info.value)
    assert snapshot(office_db) == before


def test_one_bad_row_leaves_the_database_unchanged(office_db, admin, clock, tmp_path):
    svc.import_catalog(office_db, admin, clock, write(tmp_path, "good.toml", SMALL))
    before = snapshot(office_db)
    specs = cat.parse_toml(SMALL, "s.toml")
    rows = cat.to_csv([replace(specs[0], name="改过的名称")] + specs[1:]).decode("utf-8-sig")
    rows = rows.replace("SB-001,城乡居民养老保险参保登记,社保所,own,instant,0,0",
                        "SB-001,城乡居民养老保险参保登记,社保所,own,instant,0,3")
    with pytest.raises(InputError, match="mixed.csv 第 3 行：即办件"):
        svc.import_catalog(office_db, admin, clock, write(tmp_path, "mixed.csv", rows))
    assert snapshot(office_db) == before
    assert svc.get_matter(office_db, "MZ-001").name == "城乡低保申请"


def test_database_failure_mid_import_rolls_back(office_db, admin, clock, tmp_path, monkeypatch):
    svc.import_catalog(office_db, admin, clock, write(tmp_path, "good.toml", SMALL))
    before = snapshot(office_db)
    specs = [replace(m, name=m.name + "（新）") for m in cat.parse_toml(SMALL, "s.toml")]
    calls = {"n": 0}
    real = svc._sync_materials

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(svc, "_sync_materials", failing)
    with pytest.raises(RuntimeError):
        svc.import_specs(office_db, admin, clock, specs, "x")
    assert snapshot(office_db) == before


@pytest.mark.parametrize("login", ["zhangwei", "lixiang", "zhaomin", "sunli"])
def test_only_admin_imports(office_db, clock, tmp_path, login):
    before = snapshot(office_db)
    who = staff.actor_for(office_db, login)
    with pytest.raises(NotPermitted):
        svc.import_catalog(office_db, who, clock, write(tmp_path, "c.toml", SMALL))
    with pytest.raises(NotPermitted):
        svc.import_specs(office_db, who, clock, cat.parse_toml(SMALL, "c.toml"))
    assert snapshot(office_db) == before
    # Reading the catalog is open to everyone.
    assert svc.export_catalog(office_db, who) == []


def test_sample_catalog_imports(office_db, admin, clock):
    result = svc.import_catalog(office_db, admin, clock, svc.SAMPLE_CATALOG)
    assert len(result.added) >= 30
    assert len(svc.list_matters(office_db, category="transfer")) >= 4
    assert len(svc.list_matters(office_db, category="joint")) >= 3
    assert svc.get_matter(office_db, "YB-002").name == "异地就医备案"


# --- search -----------------------------------------------------------------------


@pytest.fixture
def sample_db(office_db, admin, clock):
    svc.import_catalog(office_db, admin, clock, svc.SAMPLE_CATALOG)
    return office_db


def codes(results) -> list[str]:
    return [r.code for r in results]


def test_pinyin_initials_find_dibao(sample_db):
    hits = svc.search(sample_db, "dbsq")
    assert hits and hits[0].code == "MZ-001" and "低保" in hits[0].name
    assert codes(svc.search(sample_db, "DBSQ")) == codes(hits)  # case does not matter


def test_search_orders_exact_code_then_initials_then_code_prefix_then_name(sample_db, admin, clock):
    # A matter whose initials are "yb": it must come before the codes that begin "YB-".
    svc.import_specs(sample_db, admin, clock, [MatterSpec(code="ZZ-9", name="医保政策咨询", kind="instant",
                                                         department="综合窗口")], "extra")
    hits = codes(svc.search(sample_db, "yb"))
    assert hits[0] == "ZZ-9"
    assert hits[1:6] == ["YB-001", "YB-002", "YB-003", "YB-004", "YB-005"]
    assert codes(svc.search(sample_db, "yb-002"))[0] == "YB-002"  # exact code first
    assert codes(svc.search(sample_db, "yb002"))[0] == "YB-002"
    # 门诊慢特病 has the initials "mz…": typed in lowercase, initials win; "MZ-" looks like a code.
    assert codes(svc.search(sample_db, "mz"))[0] == "YB-003"
    assert codes(svc.search(sample_db, "MZ-"))[:3] == ["MZ-001", "MZ-002", "MZ-003"]
    assert "YB-003" in codes(svc.search(sample_db, "MZ-"))


def test_search_by_name_and_full_pinyin(sample_db):
    assert codes(svc.search(sample_db, "异地就医"))[0] == "YB-002"
    assert "YB-002" in codes(svc.search(sample_db, "备案"))
    assert "MZ-004" in codes(svc.search(sample_db, "高龄"))
    assert codes(svc.search(sample_db, "yidijiuyi"))[0] == "YB-002"
    assert svc.search(sample_db, "不存在的事项xyz") == []
    assert svc.search(sample_db, "100%") == []  # LIKE wildcards are literal


def test_search_filters_and_limit(sample_db, admin, clock):
    hits = svc.search(sample_db, "", limit=5)
    assert len(hits) == 5 and codes(hits) == sorted(codes(hits))
    assert all(h.village for h in svc.search(sample_db, "h", limit=50, village_only=True))
    assert "HJ-001" not in codes(svc.search(sample_db, "hj", village_only=True))
    assert len(svc.search(sample_db, "s", limit=3)) == 3
    # Inactive matters are not offered.
    mz = svc.export_catalog(sample_db, admin)
    svc.import_specs(sample_db, admin, clock, [replace(m, active=False) for m in mz if m.code == "MZ-001"], "retire")
    assert "MZ-001" not in codes(svc.search(sample_db, "dbsq"))
