#!/usr/bin/env python3
"""What comparing costs, measured in one run: the aligner against its budget and against the old one.

Over the national government work reports (or a JSONL corpus given as argument), extracted once into a
temporary store:

  (a) compare of two consecutive national reports (2024 → 2025, the longest pair): CPU seconds of the
      learned aligner, beside the CPU of the plain lexical score it grew from (TF-IDF cosine over
      characters, one fit) — the ratio says what the features and the model add;
  (b) where the time goes inside (a): features, model, groups;
  (c) series over every national report (52, one kind): wall and CPU seconds, per step;
  (d) `policy-analyzer compare` end to end (start-up included) on the same pair.

The budgets of issue 14 are in the last lines: compare under 2 s of CPU, the series under 30 s. The
machines are noisy: read the ratios from one run, not the seconds from two.

    python benchmarks/bench_compare.py [CORPUS.jsonl]
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "corpora-src" / "government_work_reports.jsonl"
CLI = [sys.executable, str(ROOT / "cli.py")]


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    from analyzer.align_features import Sides, feature_matrices
    from analyzer.aligner import decide_groups
    from analyzer.compare import AlignResources, compare, series
    from analyzer.select import group_by, series_documents
    from analyzer.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "gwr.duckdb"
        subprocess.run(CLI + ["extract", str(corpus), "--db", str(db), "--id-field", "year", "--date-field", "year",
                              "-q"], check=True)
        with Store(db, read_only=True) as store:
            chosen = series_documents(store)
            groups = group_by(store, chosen.doc_ids, "document")
        (la, left), (lb, right) = groups[-2], groups[-1]
        res = AlignResources.load()
        compare(left[:3], right[:3], resources=res)  # warm: jieba, the vectors, the model
        res.word_cache.clear()
        _, cmp_wall, cmp_cpu = timed(lambda: compare(left, right, resources=res))

        def lexical():
            from sklearn.feature_extraction.text import TfidfVectorizer

            texts = [r.text for r in left] + [r.text for r in right]
            m = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True).fit_transform(texts)
            return (m[:len(left)] @ m[len(left):].T).toarray()

        _, _, lex_cpu = timed(lexical)
        res.word_cache.clear()
        sides = Sides([r.text for r in left], [r.text for r in right], word_cache=res.word_cache)
        _, _, feat_cpu = timed(lambda: feature_matrices(sides, res.segmenter, res.vectors))
        cold = Sides(sides.left, sides.right)  # a fresh jieba cache, as the features had
        (prob, _), _, scored_cpu = timed(lambda: res.model.pair_matrix(cold, res.segmenter, res.vectors))
        model_cpu = max(scored_cpu - feat_cpu, 0.0)  # the weighted sum over the feature matrices
        _, _, group_cpu = timed(lambda: decide_groups(prob, res.model.pair_level, res.model.part_level))
        fresh = AlignResources.load()
        _, series_wall, series_cpu = timed(lambda: series(groups, resources=fresh))
        _, cli_wall, _ = timed(lambda: subprocess.run(CLI + ["compare", la, lb, "--db", str(db), "-o",
                                                             str(Path(tmp) / "c.jsonl")], check=True,
                                                      capture_output=True))
    out = {
        "pair": f"{la} → {lb}", "tasks": [len(left), len(right)], "notes": chosen.notes,
        "compare_cpu_s": round(cmp_cpu, 3), "compare_wall_s": round(cmp_wall, 3),
        "lexical_only_cpu_s": round(lex_cpu, 3), "compare_over_lexical": round(cmp_cpu / max(lex_cpu, 1e-9), 1),
        "share_features": round(feat_cpu / cmp_cpu, 2), "share_model": round(model_cpu / cmp_cpu, 2),
        "share_groups": round(group_cpu / cmp_cpu, 2),
        "series_documents": len(groups), "series_wall_s": round(series_wall, 1), "series_cpu_s": round(series_cpu, 1),
        "series_wall_per_step_s": round(series_wall / (len(groups) - 1), 3),
        "cli_compare_wall_s": round(cli_wall, 2),
    }
    print(f"compare {out['pair']} ({len(left)} × {len(right)} tasks): {cmp_cpu:.2f} s CPU "
          f"({out['compare_over_lexical']}× the lexical score alone; features {out['share_features']:.0%}, "
          f"model {out['share_model']:.0%}, groups {out['share_groups']:.0%})")
    print(f"series over {len(groups)} documents: {series_wall:.1f} s wall, {series_cpu:.1f} s CPU "
          f"({out['series_wall_per_step_s']} s a step); CLI compare end to end {cli_wall:.2f} s")
    print(f"budgets: compare < 2 s CPU: {'yes' if cmp_cpu < 2 else 'NO'}; series < 30 s: "
          f"{'yes' if series_wall < 30 else 'NO'}")
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
