#!/usr/bin/env python3
"""OCR throughput and memory on this machine, measured in one run: pages per second and peak memory while a
scanned PDF of N pages (rendered here from the bundled implementation plan, 200 dpi) is read through
`read_document`, and the same for half as many pages — memory must not grow with the page count (pages are
rendered and recognised one at a time). Needs the `ocr` extra and a CJK font (fonts-wqy-microhei).

    python benchmarks/bench_ocr.py [--pages 20]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CHILD = """
import sys, time, resource, json
from analyzer.ingest import read_document
started = time.perf_counter()
raw = read_document(sys.argv[1])
seconds = time.perf_counter() - started
print(json.dumps({"pages": raw.metadata["ocr"]["pages"], "seconds": seconds,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def scanned_pdf(path: Path, pages: int) -> None:
    from PIL import Image
    from test_ocr import _page_text, render

    first = path.with_suffix(".png")
    render([_page_text()], first)
    image = Image.open(first).convert("RGB")
    image.save(path, "PDF", resolution=200, save_all=True, append_images=[image] * (pages - 1))


def main() -> None:
    import json

    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=20)
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (max(1, args.pages // 2), args.pages):
            pdf = Path(tmp) / f"scan-{n}.pdf"
            scanned_pdf(pdf, n)
            out = subprocess.run([sys.executable, "-c", CHILD, str(pdf)], capture_output=True, text=True,
                                 check=True, cwd=ROOT)
            r = json.loads(out.stdout)
            results[n] = r
            print(f"{n:4d} pages: {r['seconds']:.1f} s, {r['pages'] / r['seconds']:.2f} pages/s, "
                  f"peak {r['peak_mb']:.0f} MB")
    small, big = results[min(results)], results[max(results)]
    print(f"peak memory, {max(results)} pages over {min(results)}: {big['peak_mb'] / small['peak_mb']:.2f} "
          "(1.0 = bounded by a page)")
    print(json.dumps({"pages_per_second": round(big["pages"] / big["seconds"], 3),
                      "peak_mb": round(big["peak_mb"]), "memory_ratio": round(big["peak_mb"] / small["peak_mb"], 3)}))


if __name__ == "__main__":
    main()
