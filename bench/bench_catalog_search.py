"""Catalog search per keystroke on 2,000 matters (target: < 30 ms a keystroke).

    python bench/bench_catalog_search.py [--matters N] [--repeat R] [--seed S]

A throwaway SQLite file gets the shipped sample catalog plus N generated
matters (realistic names built from township words, 3–6 materials each), all
imported through the service as an admin would. Then, for the keystrokes of a
few queries as a clerk types them ("d", "db", "dbs", "dbsq"; "低", "低保"…),
`services.catalog.search` runs R times each on a fresh read unit, exactly as
the registration screen will call it; the median and the worst time of every
keystroke are printed. The import itself is timed too (pinyin of every name).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _rows import emit

from quancheng_tui.domain.catalog import MaterialSpec, MatterSpec
from quancheng_tui.services import catalog as svc
from quancheng_tui.services.context import SYSTEM, Clock
from quancheng_tui.store import migrate
from quancheng_tui.store.database import Database

TARGET_MS = 30.0
QUERIES = ["dbsq", "低保", "yidi", "MZ-00", "残疾人证", "gl"]

PEOPLE = ["城乡居民", "老年人", "残疾人", "低保对象", "特困人员", "退役军人", "农村居民", "新生儿", "独生子女家庭",
          "孤儿", "困境儿童", "失业人员", "灵活就业人员", "种粮农户", "个体工商户", "留守老人", "优抚对象", "临时困难家庭"]
THINGS = ["养老保险", "医疗保险", "最低生活保障", "高龄津贴", "护理补贴", "生活补贴", "临时救助", "医疗救助",
          "宅基地", "耕地地力补贴", "农机购置补贴", "就业创业证", "社会保障卡", "居住证明", "光荣牌", "优待金",
          "生育登记", "奖励扶助", "住房保障", "危房改造", "取暖补贴", "教育救助", "殡葬补助", "法律援助"]
ACTIONS = ["申请", "参保登记", "信息变更", "待遇领取", "资格认证", "补办", "注销", "备案", "审核", "转移接续",
           "停保", "复核", "年审", "证明开具", "咨询"]
DEPARTMENTS = ["民政办", "社保所", "医保站", "残联", "卫健办", "农业农村办", "退役军人服务站", "综合窗口"]
PREFIXES = ["MZ", "SB", "YB", "CL", "WJ", "NY", "TY", "ZH"]
MATERIALS = [("SFZ", "居民身份证"), ("HKB", "户口簿"), ("SQS", "申请书"), ("ZP", "一寸照片"), ("YHK", "银行卡或存折"),
             ("ZM", "村委会证明"), ("CJZ", "残疾人证"), ("JHZ", "结婚证"), ("BL", "病历"), ("HT", "合同")]


def generate(n: int, seed: int) -> list[MatterSpec]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        dept = rng.randrange(len(DEPARTMENTS))
        name = f"{rng.choice(PEOPLE)}{rng.choice(THINGS)}{rng.choice(ACTIONS)}"
        kind = rng.choice(["instant", "promised", "promised", "report_up"])
        statutory = rng.choice([0, 0, 10, 15, 20, 30, 60])
        promised = 0 if kind == "instant" else rng.randint(1, statutory - 1 if statutory > 1 else 20)
        mats = tuple(MaterialSpec(code, mname, rng.choice(["original", "copy", "either"]), rng.randint(0, 2),
                                  rng.random() < 0.8)
                     for code, mname in rng.sample(MATERIALS, rng.randint(3, 6)))
        out.append(MatterSpec(
            code=f"G{PREFIXES[dept]}-{i:04d}", name=name, category="own", kind=kind,
            department=DEPARTMENTS[dept], statutory_days=statutory, promised_days=promised,
            village=rng.random() < 0.6, basis="《社会救助暂行办法》" * rng.randint(1, 3),
            conditions="符合条件的申请人。" * rng.randint(5, 40), procedure="申请—受理—审核—办结。" * rng.randint(2, 10),
            fees="不收费", materials=mats,
        ))
    return out


def _raw_query(path: Path, repeat: int) -> float:
    """The worst time of a plain sqlite3 LIKE over the same table: the floor of any search."""
    import sqlite3

    con = sqlite3.connect(path)
    worst = 0.0
    for _ in range(repeat):
        t = time.perf_counter()
        con.execute("SELECT code, name FROM matter WHERE name LIKE '%低%' LIMIT 20").fetchall()
        worst = max(worst, time.perf_counter() - t)
    con.close()
    return worst


def keystrokes(query: str) -> list[str]:
    return [query[:i] for i in range(1, len(query) + 1)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--matters", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20261126)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(str(Path(tmp) / "bench.db"))
        migrate.upgrade(db)
        clock = Clock()
        sample = svc.read_file(svc.SAMPLE_CATALOG)
        generated = generate(args.matters, args.seed)
        t0 = time.perf_counter()
        svc.import_specs(db, SYSTEM, clock, sample + generated, "bench")
        import_s = time.perf_counter() - t0
        total = len(sample) + len(generated)

        svc.search(db, "warm up")
        floor = _raw_query(Path(tmp) / "bench.db", args.repeat)
        worst = 0.0
        print(f"matters:  {total:,} ({len(generated):,} generated + {len(sample)} sample); "
              f"import {import_s:.2f} s; {args.repeat} runs a keystroke")
        print(f"{'keystroke':<12} {'hits':>4} {'median ms':>10} {'max ms':>8}  first hit")
        for q in QUERIES:
            for k in keystrokes(q):
                times = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    hits = svc.search(db, k)
                    times.append((time.perf_counter() - t) * 1000)
                worst = max(worst, max(times))
                first = f"{hits[0].code} {hits[0].name}" if hits else "-"
                print(f"{k:<12} {len(hits):>4} {statistics.median(times):>10.2f} {max(times):>8.2f}  {first}")
        db.dispose()
    print(f"worst:    {worst:.2f} ms a keystroke (target < {TARGET_MS:.0f} ms)")
    emit(f"catalog search: worst keystroke over {total:,} matters (wall)", worst / 1000, "s", floor=floor,
         floor_what="sqlite3: SELECT code, name FROM matter WHERE name LIKE '%低%' LIMIT 20", goal=TARGET_MS / 1000)
    print(f"machine:  {platform.platform()}, {platform.machine()}, cpus={os.cpu_count()}, "
          f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}")
    print(f"date:     {datetime.now().astimezone().isoformat(timespec='seconds')}")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
