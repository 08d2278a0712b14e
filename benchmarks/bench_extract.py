#!/usr/bin/env python3
"""What extraction costs beside segmentation, measured in one run (ratios, not seconds).

Over the national government work reports (or a JSONL corpus given as argument),
interleaved and repeated:

  (a) bare segmentation: our jieba.Tokenizer with the same dictionaries, `lcut`
      over every text;
  (b) full extraction of the same texts in one process;
  (c) `policy-analyzer extract CORPUS --workers 1` against `--workers 2` (CLI, a store),
      beside this machine's own ceiling for two processes (a pure-Python loop);
  (d) peak memory (max RSS of the CLI process) over the corpus once and ten times
      (ten copies under other ids), to show it does not grow with the corpus;
  (e) cold start: `policy-analyzer --help`, and one small document end to end;
  (f) many short documents (three sentences each): documents/s into a store with one
      and two workers, and without a store.

Prints characters/second for (a) and (b), the ratio b/a, the parallel speed-up, the
memory and the start-up times; the last line is JSON. The machines are noisy: read
the ratios (each from runs interleaved in one go), not the seconds.

    python benchmarks/bench_extract.py [CORPUS.jsonl] [--repeat N] [--since YEAR] [--only PARTS]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "corpora-src" / "government_work_reports.jsonl"
CLI = [sys.executable, str(ROOT / "cli.py")]


def peak_rss(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of a CLI run, isolated in its own helper process."""
    code = ("import resource, subprocess, sys, time, json\n"
            "t = time.perf_counter()\n"
            "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
            "print(json.dumps([time.perf_counter() - t, p.returncode,"
            " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))\n")
    out = subprocess.run([sys.executable, "-c", code] + CLI + args, capture_output=True, text=True, check=True)
    seconds, rc, kb = json.loads(out.stdout)
    if rc not in (0, 3):
        raise SystemExit(f"policy-analyzer {' '.join(args)} exited {rc}")
    return seconds, kb // 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--since", type=int, default=0, help="in (a)/(b), only reports from this year on")
    ap.add_argument("--only", default="abcdef", metavar="PARTS",
                    help="which measures to take, e.g. c (default abcdef; a and b go together)")
    ap.add_argument("--short", type=int, default=3000, metavar="N", help="in (f), this many short documents")
    ap.add_argument("--skip-cli", action="store_true", help="only (a) and (b) (same as --only ab)")
    args = ap.parse_args()
    parts = set("ab" if args.skip_cli else args.only)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    lines = [ln for ln in args.corpus.read_text(encoding="utf-8").splitlines() if ln.strip()]
    result = {"machine": f"{platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}",
              "documents": len(lines)}
    print(f"{result['machine']}; {len(lines)} documents")
    if parts & set("ab"):
        result.update(segmentation_against_extraction(lines, args.repeat, args.since))
    with tempfile.TemporaryDirectory() as tmp:
        if "c" in parts:
            result.update(parallel_speedup(args.corpus, args.repeat, Path(tmp)))
        if "d" in parts:
            result.update(peak_memory(args.corpus, lines, Path(tmp)))
        if "e" in parts:
            result.update(cold_start(args.repeat, Path(tmp)))
        if "f" in parts:
            result.update(short_documents(lines, Path(tmp), args.short))
    print(json.dumps(result, ensure_ascii=False))
    return 0


def segmentation_against_extraction(lines: list[str], repeat: int, since: int) -> dict:
    """(a) and (b), interleaved in this process."""
    texts = []
    for line in lines:
        d = json.loads(line)
        year = d.get("year")
        if d.get("content") and (year is None or int(year) >= since):
            texts.append(d["content"])
    chars = sum(len(t) for t in texts)

    from analyzer.context import shared_context
    from analyzer.pipeline import analyze_text

    seg = shared_context().segmenter
    analyze_text(texts[0][:2000], "warm-up")  # load dictionaries, cn2an once

    seg_times, full_times, seg_cpu, full_cpu = [], [], [], []
    for _ in range(repeat):  # interleaved, so drift in machine load hits both alike
        t, c = time.perf_counter(), time.process_time()
        for text in texts:
            seg.tokenizer.lcut(text)
        seg_times.append(time.perf_counter() - t)
        seg_cpu.append(time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        for k, text in enumerate(texts):
            analyze_text(text, f"d{k}")
        full_times.append(time.perf_counter() - t)
        full_cpu.append(time.process_time() - c)
    ratios = [f / s for f, s in zip(full_times, seg_times, strict=False)]
    # CPU seconds of this process: less disturbed when others share the machine
    cpu_ratios = [f / s for f, s in zip(full_cpu, seg_cpu, strict=False)]
    a, b = statistics.median(seg_times), statistics.median(full_times)
    result = {"chars": chars, "seg_chars_per_s": round(chars / a),
              "full_chars_per_s": round(chars / b), "ratio_full_over_seg": round(statistics.median(ratios), 3),
              "ratios": [round(r, 3) for r in ratios],
              "ratio_full_over_seg_cpu": round(statistics.median(cpu_ratios), 3)}
    print(f"(a) segmentation:      {chars / a:>10,.0f} chars/s  ({len(texts)} texts, {chars:,} characters)")
    print(f"(b) full extraction:   {chars / b:>10,.0f} chars/s")
    print(f"    ratio b/a (median of {repeat} interleaved runs): {result['ratio_full_over_seg']:.2f} "
          f"({', '.join(f'{r:.2f}' for r in ratios)}); in CPU time {result['ratio_full_over_seg_cpu']:.2f}")
    return result


def _spin(n: int) -> int:
    x = 0
    for i in range(n):
        x += i * i % 7
    return x


def machine_ceiling(n: int = 15_000_000) -> float:
    """What two processes give on this machine at best: a pure-Python loop (no memory
    traffic, no I/O, nothing shared) twice in one process against once in each of two.
    Virtual CPUs that share a physical core, or a busy host, show up here."""
    import multiprocessing as mp

    t = time.perf_counter()
    _spin(n)
    _spin(n)
    serial = time.perf_counter() - t
    with mp.get_context("fork" if sys.platform.startswith("linux") else "spawn").Pool(2) as pool:
        pool.map(_spin, [1, 1])  # started before the clock
        t = time.perf_counter()
        pool.map(_spin, [n, n], chunksize=1)
        parallel = time.perf_counter() - t
    return serial / parallel


def parallel_speedup(corpus: Path, repeat: int, tmp: Path) -> dict:
    """(c) the CLI into a store with one and two workers, interleaved; beside each pair,
    the machine's own ceiling for two processes."""
    w1, w2, ceilings = [], [], []
    for r in range(repeat):
        for workers, into in (("1", w1), ("2", w2)):
            db = tmp / f"w{workers}-{r}.duckdb"
            into.append(peak_rss(["extract", str(corpus), "--db", str(db), "-q", "-w", workers])[0])
        ceilings.append(machine_ceiling())
    speedups = [x / y for x, y in zip(w1, w2, strict=False)]
    speedup = statistics.median(speedups)
    # best of each: what timeit reports, since slower runs are other processes interfering
    best = min(w1) / min(w2)
    print(f"(c) --workers 1: {statistics.median(w1):.1f}s, --workers 2: {statistics.median(w2):.1f}s, "
          f"speed-up {speedup:.2f}x median of pairs ({', '.join(f'{x:.2f}' for x in speedups)}); "
          f"best of each {best:.2f}x ({min(w1):.1f}s / {min(w2):.1f}s)")
    ceiling = statistics.median(ceilings)
    print(f"    this machine's ceiling for two processes (a pure-Python loop): {ceiling:.2f}x "
          f"({', '.join(f'{x:.2f}' for x in ceilings)}); extraction reaches {speedup / ceiling:.0%} of it")
    return {"workers1_s": round(statistics.median(w1), 2), "workers2_s": round(statistics.median(w2), 2),
            "speedup_2_workers": round(speedup, 3), "speedups": [round(x, 3) for x in speedups],
            "speedup_best_of_each": round(best, 3), "machine_ceiling_2_processes": round(ceiling, 3)}


def peak_memory(corpus: Path, lines: list[str], tmp: Path) -> dict:
    """(d) peak RSS of one process over the corpus and over ten copies of it (other ids)."""
    corpus10 = tmp / "corpus10.jsonl"
    with corpus10.open("w", encoding="utf-8") as fh:
        for k in range(10):
            for n, line in enumerate(lines):
                d = json.loads(line)
                d["id"] = f"copy{k}-{n}"
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    _, mem1 = peak_rss(["extract", str(corpus), "--db", str(tmp / "m1.duckdb"), "-q", "-w", "1"])
    _, mem10 = peak_rss(["extract", str(corpus10), "--db", str(tmp / "m10.duckdb"), "-q", "-w", "1"])
    print(f"(d) peak memory, one process: corpus ×1 {mem1} MB, corpus ×10 {mem10} MB "
          f"(×{len(lines)} and ×{10 * len(lines)} documents)")
    return {"peak_mb_x1": mem1, "peak_mb_x10": mem10}


def cold_start(repeat: int, tmp: Path) -> dict:
    """(e) `--help`, and one small document end to end, each in a new process."""
    helps = [peak_rss(["--help"])[0] for _ in range(repeat)]
    small = tmp / "small.txt"
    small.write_text("（2024年2月23日）\n市发展改革委要在年内完成重大项目库的全面更新。\n", encoding="utf-8")
    ones = [peak_rss(["extract", str(small), "-q", "-w", "1"])[0] for _ in range(repeat)]
    print(f"(e) cold start: --help {statistics.median(helps):.2f}s, one small document "
          f"{statistics.median(ones):.2f}s")
    return {"help_s": round(statistics.median(helps), 3), "small_doc_s": round(statistics.median(ones), 3)}


def short_documents(lines: list[str], tmp: Path, n: int = 3000) -> dict:
    """(f) many short documents (three sentences of the corpus each, drawn with a fixed
    seed): documents per second into a store with one and two workers, and with one
    worker and no store — what per-document costs (worker calls, transactions) add."""
    import random

    rng = random.Random(20241127)
    sentences = [s for line in lines for s in json.loads(line).get("content", "").split("。") if 10 < len(s) < 120]
    if not sentences:
        return {}
    short = tmp / "short.jsonl"
    with short.open("w", encoding="utf-8") as fh:
        for k in range(n):
            text = "。".join(rng.choice(sentences) for _ in range(3)) + "。"
            fh.write(json.dumps({"id": f"s{k}", "content": text}, ensure_ascii=False) + "\n")
    w1 = peak_rss(["extract", str(short), "--db", str(tmp / "s1.duckdb"), "-q", "-w", "1"])[0]
    w2 = peak_rss(["extract", str(short), "--db", str(tmp / "s2.duckdb"), "-q", "-w", "2"])[0]
    bare = peak_rss(["extract", str(short), "-o", os.devnull, "-q", "-w", "1"])[0]
    print(f"(f) {n:,} short documents: {n / w1:,.0f} docs/s into a store with one worker, {n / w2:,.0f} with two "
          f"({w1 / w2:.2f}x); {n / bare:,.0f} docs/s with one worker and no store")
    return {"short_docs": n, "short_docs_per_s_w1": round(n / w1), "short_docs_per_s_w2": round(n / w2),
            "short_docs_per_s_no_store": round(n / bare)}


if __name__ == "__main__":
    sys.exit(main())
