"""The batch on a Dask cluster stores exactly what a local run stores."""
from __future__ import annotations

import json

import pytest

from analyzer.batch import BatchOptions, Sink, run_batch
from analyzer.store import Store

pytest.importorskip("dask.distributed")

DOCS = {
    "a.txt": "（2024年2月23日）\n一要明确各县（市）区的主体责任。要在年底前建成保障性租赁住房3000套。\n",
    "b.txt": "（2025年3月1日）\n市财政局要在6月底前拨付首批产业引导资金。\n市教育局要加快建设学校。\n",
    "c.txt": "",  # fails: empty — recorded, the rest goes on
}


def _store(tmp_path, name, options):
    db = tmp_path / f"{name}.duckdb"
    with Store(db) as store:
        summary = run_batch([str(tmp_path / "docs"), str(tmp_path / "corpus.jsonl")], options, Sink(store),
                            echo=lambda s: None)
        return summary, store.records(), store.counts()


def test_dask_local_cluster_equals_local_run(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "corpus.jsonl").write_text(
        json.dumps({"id": "r1", "content": "（2024年3月5日）\n国内生产总值增长5%左右。\n"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    local = _store(tmp_path, "local", BatchOptions(workers=1, progress=False))
    dask = _store(tmp_path, "dask", BatchOptions(workers=2, dask="local", progress=False))
    assert dask[1] == local[1] and len(local[1]) == 5
    assert dask[2] == local[2] and local[2]["errors"] == 1
    assert (dask[0].done, dask[0].failed) == (local[0].done, local[0].failed) == (3, 1)
