#!/usr/bin/env python3
"""What writing the 任务分解表 workbook costs as the store grows, measured in one run: is it linear?

The national reports (or a JSONL corpus given as argument) are extracted into a temporary store once, and again
under other ids until the store holds about 10,000 and then about 100,000 tasks; `policy-analyzer export -o
tasks.xlsx` (and `-o tasks.csv` beside it) is timed at each size. Prints seconds per 10,000 tasks at both sizes and
their ratio (1.0 = linear; the old writer, which asked openpyxl for `max_row` per row, was quadratic: 62 s for
14,553 tasks). The machines are noisy: read the ratio, not the seconds.

    python benchmarks/bench_export.py [CORPUS.jsonl] [--big N]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpora-src" / "government_work_reports.jsonl"
CLI = [sys.executable, str(ROOT / "cli.py")]


def tasks_in(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM tasks").fetchone()[0]


def grow(corpus: Path, db: Path, tmp: Path, target: int, copy: int) -> int:
    """Extract copies of the corpus under new ids until the store holds `target` tasks."""
    lines = corpus.read_text(encoding="utf-8").splitlines()
    while tasks_in(db) < target if db.exists() else True:
        copy += 1
        part = tmp / f"copy{copy}.jsonl"
        part.write_text("\n".join(json.dumps({**json.loads(x), "id": f"c{copy}-{k}"}, ensure_ascii=False)
                                  for k, x in enumerate(lines)) + "\n", encoding="utf-8")
        subprocess.run(CLI + ["extract", str(part), "--db", str(db), "--id-field", "id", "-q"], check=True)
    return copy


def timed_export(db: Path, out: Path) -> float:
    t = time.perf_counter()
    subprocess.run(CLI + ["export", "--db", str(db), "-o", str(out), "-q"], check=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--small", type=int, default=10_000)
    ap.add_argument("--big", type=int, default=100_000)
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path, db, copy = Path(tmp), Path(tmp) / "s.duckdb", 0
        for size in (args.small, args.big):
            copy = grow(Path(args.corpus), db, tmp_path, size, copy)
            n = tasks_in(db)
            xlsx, csv = timed_export(db, tmp_path / "t.xlsx"), timed_export(db, tmp_path / "t.csv")
            results[size] = {"tasks": n, "xlsx_s": round(xlsx, 2), "csv_s": round(csv, 2),
                             "xlsx_s_per_10k": round(xlsx / n * 10_000, 2)}
            print(f"{n:,} tasks: xlsx {xlsx:.1f} s ({results[size]['xlsx_s_per_10k']} s per 10k), csv {csv:.1f} s")
    small, big = results[args.small], results[args.big]
    ratio = big["xlsx_s_per_10k"] / small["xlsx_s_per_10k"]
    print(f"seconds per 10k tasks, big over small: {ratio:.2f} (1.0 = linear)")
    print(json.dumps({"sizes": results, "per_task_ratio": round(ratio, 2)}))


if __name__ == "__main__":
    main()
