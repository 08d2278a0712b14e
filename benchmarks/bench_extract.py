#!/usr/bin/env python3
"""How much extraction costs beside segmentation, measured in one run.

Over the national government work reports (or a JSONL corpus given as argument),
interleaving and repeating: (a) bare segmentation — our jieba.Tokenizer with the
same dictionaries, `lcut` over every text; (b) full extraction of the same texts in
one process. Prints characters/second for both and the ratio b/a (time of full
extraction over time of segmentation); ratios, not seconds, because these machines
are noisy. The last line is machine-readable JSON.

    python benchmarks/bench_extract.py [CORPUS.jsonl] [--repeat N] [--since YEAR]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "corpora-src" / "government_work_reports.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--since", type=int, default=2000, help="only reports from this year on")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    texts = []
    for line in args.corpus.open(encoding="utf-8"):
        d = json.loads(line)
        year = d.get("year")
        if d.get("content") and (year is None or int(year) >= args.since):
            texts.append(d["content"])
    chars = sum(len(t) for t in texts)

    from analyzer.pipeline import analyze_text
    from analyzer.segment import current

    seg = current()
    analyze_text(texts[0][:2000], "warm-up")  # load dictionaries, spaCy, cn2an once

    seg_times, full_times = [], []
    for _ in range(args.repeat):  # interleaved, so drift in machine load hits both alike
        t = time.perf_counter()
        for text in texts:
            seg.tokenizer.lcut(text)
        seg_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        for k, text in enumerate(texts):
            analyze_text(text, f"d{k}")
        full_times.append(time.perf_counter() - t)
    ratios = [f / s for f, s in zip(full_times, seg_times)]
    a, b = statistics.median(seg_times), statistics.median(full_times)
    print(f"documents: {len(texts)}, characters: {chars}")
    print(f"(a) segmentation:      {chars / a:>10,.0f} chars/s")
    print(f"(b) full extraction:   {chars / b:>10,.0f} chars/s")
    print(f"ratio b/a (median of {args.repeat} interleaved runs): {statistics.median(ratios):.2f}")
    print(json.dumps({"documents": len(texts), "chars": chars, "seg_chars_per_s": round(chars / a),
                      "full_chars_per_s": round(chars / b), "ratio_full_over_seg": round(statistics.median(ratios), 3),
                      "ratios": [round(r, 3) for r in ratios]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
