"""F5 → receipt: CPU time of rendering a 受理回执 PDF (issue 17: ≤ 150 ms after the first).

    python bench/bench_receipt.py [--runs 15]

Figures (CPU time, time.process_time; the machine is shared, wall time is printed for reference):
- first receipt of a process, the prepared font on disk (a new process: includes importing fpdf2 and
  fontTools), beside a fresh process that only imports them and builds the Document (the floor);
- first receipt ever on the machine: an empty cache folder, so the prepared font is built (once);
- every later receipt (median of --runs), beside the floor: fpdf2 laying out the same Document with an
  already cut font, which any path must pay;
- the same receipt cut from the OTF each time (the path before the cache, and still the path of a
  document with a character outside the cache), beside the same floor.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _rows import emit, machine

GOAL = 0.150

# Run in a fresh process: prints {"first": cpu, "wall": wall} for the first receipt (or the floor).
CHILD = r"""
import json, sys, time
from datetime import date
c0, w0 = time.process_time(), time.perf_counter()
from quancheng_tui.documents import Material, ReceiptData, build, render_pdf
data = ReceiptData(
    office="青山镇便民服务中心", case_number="QS-20260316-0001", matter_name="农村宅基地和建房（规划许可）审批",
    matter_code="ZJ-014", applicant="李*华", materials=[Material("申请人居民身份证", "original", 1),
    Material("户口簿首页及本人页", "copy", 1)], received_on=date(2026, 3, 16), due_on=date(2026, 4, 3),
    owner="王芳", owner_phone="0571-88880002", complaint_phone="0571-12345", limit="13 个工作日", window="2 号窗口")
c1, w1 = time.process_time(), time.perf_counter()
if sys.argv[1] == "floor":
    import fpdf, fontTools.subset, fontTools.ttLib  # what the first receipt has to import anyway
    build(data)
else:
    render_pdf(data)
print(json.dumps({"cpu": time.process_time() - c1, "wall": time.perf_counter() - w1}))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    from quancheng_tui.documents import fonts

    # The first receipt of a process and the first ever, each in a new process.
    with tempfile.TemporaryDirectory() as empty:
        ever = _child("receipt", dict(os.environ, XDG_CACHE_HOME=empty))
    fonts.prepare_font_cache()  # the user's own cache folder, as the app uses it
    first = statistics.median(_child("receipt", dict(os.environ))["cpu"] for _ in range(3))
    floor_first = statistics.median(_child("floor", dict(os.environ))["cpu"] for _ in range(3))
    emit("receipt, first of a process (font prepared on disk)", first, "s", floor=floor_first,
         floor_what="import fpdf2+fontTools, build the Document")
    emit("receipt, first ever (prepares the font once)", ever["cpu"], "s", floor=floor_first,
         floor_what="import fpdf2+fontTools, build the Document")

    # Later receipts in this process.
    from quancheng_tui.documents.layout import _FURNITURE, _PdfRenderer

    data = _receipt()
    from quancheng_tui.documents import build, render_pdf

    render_pdf(data)
    doc = build(data)
    later = _cpu(lambda: render_pdf(data), args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        font = fonts.subset_font(set(doc.to_text()) | set(_FURNITURE), Path(tmp) / "cut.ttf")
        floor = _cpu(lambda: _PdfRenderer(doc, font).render(), args.runs)

        def before() -> None:
            cut = fonts.subset_font(set(doc.to_text()) | set(_FURNITURE), Path(tmp) / "otf.ttf", prepared=False)
            _PdfRenderer(doc, cut).render()

        otf = _cpu(before, max(5, args.runs // 2))
    what = "fpdf2 lays out the same Document with a cut font"
    emit("receipt, later (cut from the prepared font)", later, "s", floor=floor, floor_what=what, goal=GOAL)
    emit("receipt, later, cut from the OTF (before; rare characters)", otf, "s", floor=floor, floor_what=what)
    return 0


def _receipt():
    from datetime import date

    from quancheng_tui.documents import Material, ReceiptData

    return ReceiptData(
        office="青山镇便民服务中心", case_number="QS-20260316-0001", matter_name="农村宅基地和建房（规划许可）审批",
        matter_code="ZJ-014", applicant="李*华", materials=[Material("申请人居民身份证", "original", 1),
        Material("户口簿首页及本人页", "copy", 1)], received_on=date(2026, 3, 16), due_on=date(2026, 4, 3),
        owner="王芳", owner_phone="0571-88880002", complaint_phone="0571-12345", limit="13 个工作日", window="2 号窗口")


def _cpu(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        c0 = time.process_time()
        fn()
        times.append(time.process_time() - c0)
    return statistics.median(times)


def _child(what: str, env: dict) -> dict:
    root = str(Path(__file__).resolve().parents[1])
    env = dict(env, PYTHONPATH=root + os.pathsep + env.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", CHILD, what], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
