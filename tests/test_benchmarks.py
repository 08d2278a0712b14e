"""The benchmark script runs end to end (on a tiny corpus) and keeps its output contract.

No timing is asserted: these machines are noisy; the figures are read by people."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_extract_runs_every_part_and_ends_with_a_json_line(tmp_path):
    corpus = tmp_path / "tiny.jsonl"
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("corpora/*.txt"))[:3]]
    corpus.write_text("".join(json.dumps({"id": f"d{k}", "content": t}, ensure_ascii=False) + "\n"
                              for k, t in enumerate(texts)), encoding="utf-8")
    out = subprocess.run([sys.executable, "benchmarks/bench_extract.py", str(corpus), "--repeat", "1", "--short", "40"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert [line[:3] for line in lines if line.startswith("(")] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    result = json.loads(lines[-1])
    for key in ("ratio_full_over_seg", "speedup_2_workers", "machine_ceiling_2_processes", "peak_mb_x1", "peak_mb_x10", "help_s", "small_doc_s"):
        assert result[key] > 0, key
    assert result["documents"] == 3 and result["chars"] == sum(len(t) for t in texts)

    only_c = subprocess.run([sys.executable, "benchmarks/bench_extract.py", str(corpus), "--repeat", "1",
                             "--only", "c"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert only_c.returncode == 0, only_c.stderr
    assert "speedup_2_workers" in json.loads(only_c.stdout.strip().splitlines()[-1])
    assert "(a)" not in only_c.stdout and "(d)" not in only_c.stdout


def test_bench_ocr_reports_pages_per_second_and_bounded_memory():
    import importlib.util

    import pytest

    if importlib.util.find_spec("rapidocr_onnxruntime") is None:
        pytest.skip("the ocr extra is not installed")
    import test_ocr

    if test_ocr.FONT is None:
        pytest.skip("no CJK font to render pages with")
    out = subprocess.run([sys.executable, "benchmarks/bench_ocr.py", "--pages", "2"], capture_output=True, text=True,
                         cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["pages_per_second"] > 0 and result["peak_mb"] > 0 and result["memory_ratio"] > 0
