"""Batch runs: folders, globs, corpora, workers, resume, and bad input that never stops a batch."""
from __future__ import annotations

import json
import tracemalloc

import pytest
from click.testing import CliRunner

import analyzer.batch as batch
from analyzer.batch import BatchOptions, Sink, run_batch
from analyzer.cli import main
from analyzer.store import Store

GOOD = "（2024年2月23日）\n市发展改革委要在年内完成重大项目库的全面更新。\n市财政局要在6月底前拨付首批产业引导资金。\n"
OTHER = "（2025年3月1日）\n各县（市）区要在年底前全部完成闲置土地清理处置。\n"


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    (d / "sub" / "b.txt").write_bytes(OTHER.encode("gbk"))  # GBK without BOM: simply works
    (d / "README.md").write_text("# not a policy document\n", encoding="utf-8")
    return d


def _run(args, **kw):
    return CliRunner().invoke(main, ["extract", *args], **kw)


def test_batch_folder_into_store_then_resume(folder, tmp_path):
    db = tmp_path / "t.duckdb"
    res = _run([str(folder), "--db", str(db), "-w", "1"])
    assert res.exit_code == 0, res.output
    assert "2 document(s) extracted, 3 task(s)" in res.stderr
    with Store(db, read_only=True) as s:
        assert sorted(s.hashes()) == ["a", "sub/b"]  # ids: paths below the folder; README left out
        first = s.records()
    res = _run([str(folder), "--db", str(db)])
    assert res.exit_code == 0 and "0 document(s) extracted" in res.stderr and "2 unchanged (skipped)" in res.stderr
    (folder / "a.txt").write_text(GOOD + "市教育局要加快建设学校。\n", encoding="utf-8")
    res = _run([str(folder), "--db", str(db)])
    assert "1 document(s) extracted" in res.stderr and "1 unchanged" in res.stderr
    res = _run([str(folder), "--db", str(db), "--force"])
    assert "2 document(s) extracted" in res.stderr
    with Store(db, read_only=True) as s:
        assert len(s.records()) == len(first) + 1


def test_batch_globs_and_several_inputs(folder):
    res = _run([str(folder / "**" / "*.txt"), "-q"])
    assert res.exit_code == 0
    assert {json.loads(x)["doc_id"] for x in res.stdout.splitlines()} == {"a", "b"}


def test_batch_jsonl_corpus(tmp_path):
    corpus = tmp_path / "c.jsonl"
    lines = [json.dumps({"year": "2024", "title": "报告", "content": GOOD}, ensure_ascii=False),
             "{not json",
             json.dumps({"title": "决议", "content": OTHER}, ensure_ascii=False),
             json.dumps({"year": "2023", "title": "空"}, ensure_ascii=False)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    res = _run([str(corpus), "--id-field", "year", "--db", str(db)])
    assert res.exit_code == 3  # some lines failed, the rest were stored
    errors = [x for x in res.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == 2 and all("c.jsonl" in e for e in errors)
    with Store(db, read_only=True) as s:
        assert sorted(s.hashes()) == ["2024", "决议"]  # no year: the title names it
        assert s.counts()["errors"] == 2


def test_batch_workers_give_the_same_store(folder, tmp_path):
    for w in ("1", "2"):
        assert _run([str(folder), "--db", str(tmp_path / f"w{w}.duckdb"), "-w", w, "-q"]).exit_code == 0
    with Store(tmp_path / "w1.duckdb", read_only=True) as s1, Store(tmp_path / "w2.duckdb", read_only=True) as s2:
        assert s1.records() == s2.records()


def test_batch_output_order_does_not_depend_on_workers(folder):
    out1 = _run([str(folder), "-w", "1", "-q"]).stdout
    out2 = _run([str(folder), "-w", "2", "-q"]).stdout
    assert out1 == out2 and out1


def test_batch_bad_inputs_each_one_line_and_the_store_intact(folder, tmp_path):
    db = tmp_path / "t.duckdb"
    assert _run([str(folder), "--db", str(db), "-q"]).exit_code == 0
    with Store(db, read_only=True) as s:
        before = (s.hashes(), s.records())
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.txt").write_bytes(bytes(range(256)) * 64)
    (bad / "table.xyz").write_text("x", encoding="utf-8")
    (bad / "lines.jsonl").write_text("{oops\n", encoding="utf-8")
    res = _run([str(bad / "empty.txt"), str(bad / "junk.txt"), str(bad / "table.xyz"),
                str(bad / "lines.jsonl"), str(bad / "missing.txt"), str(folder / "a.txt"), "--db", str(db)])
    assert res.exit_code == 3
    errors = [x for x in res.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == 5
    for name, words in (("empty.txt", "empty file"), ("junk.txt", "binary"), ("table.xyz", "unsupported"),
                        ("lines.jsonl", "JSON"), ("missing.txt", "no such file")):
        assert any(name in e and words in e for e in errors), (name, errors)
    with Store(db, read_only=True) as s:
        assert (s.hashes(), s.records()) == before  # what was stored is intact
        assert s.counts()["errors"] == 5


def test_batch_nothing_usable_exits_2(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert _run([str(tmp_path / "empty.txt")]).exit_code == 2


def test_batch_a_file_that_vanishes_mid_run(folder, tmp_path, monkeypatch):
    real_hash = batch.file_hash

    def hash_then_vanish(path):
        digest = real_hash(path)
        if path.name == "a.txt":
            path.unlink()  # gone between listing and reading
        return digest

    monkeypatch.setattr(batch, "file_hash", hash_then_vanish)
    lines: list[str] = []
    summary = run_batch([str(folder)], BatchOptions(workers=1, progress=False), Sink(), echo=lines.append)
    assert summary.failed == 1 and summary.done == 1
    assert any("a.txt" in x and "no such file" in x for x in lines)


def test_batch_large_text_is_read_in_chunks(tmp_path, monkeypatch):
    """A text above the size limit is extracted chunk by chunk, offsets of the whole text."""
    monkeypatch.setattr(batch, "LARGE_TEXT", 1000)
    monkeypatch.setattr(batch, "CHUNK_CHARS", 300)
    text = "（2024年2月23日）\n" + "".join(f"第{k}项：市财政局要在6月底前拨付资金{k}万元。\n" for k in range(200))
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    out: list = []

    class Collect(Sink):
        def done(self, outcome):
            out.append(outcome)

    summary = run_batch([str(p)], BatchOptions(workers=1, progress=False), Collect(), echo=lambda s: None)
    assert summary.done == 1
    (outcome,) = out
    recs = outcome.records
    assert len(recs) == 200 and len({r.task_id for r in recs}) == 200
    assert all(r.deadlines[0].end_date == "2024-06-30" for r in recs)  # the date found in the first chunk
    from analyzer.normalize import normalize

    whole = normalize(text).text
    assert all(whole[r.start:r.end] == r.text for r in recs[:5] + recs[-5:])


def test_batch_text_reader_memory_stays_bounded(tmp_path):
    """Reading a 50 MB text file holds about one chunk in memory, not the file."""
    from analyzer.ingest.txt import iter_text_chunks

    p = tmp_path / "huge.txt"
    para = ("市财政局要在6月底前拨付首批产业引导资金，确保项目建设顺利推进。" * 8 + "\n").encode("utf-8")
    with p.open("wb") as fh:
        for _ in range((50 << 20) // len(para) + 1):
            fh.write(para)
    assert p.stat().st_size >= 50 << 20
    tracemalloc.start()
    chars = 0
    for chunk, encoding in iter_text_chunks(p, 1 << 20):  # noqa: B007 - the last one is checked
        chars += len(chunk)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert encoding == "utf-8" and chars > 17_000_000
    assert peak < 40 << 20  # a few chunks' worth, far below the file


def test_batch_in_order_keeps_workers_busy_behind_a_slow_head():
    """Results come out in input order; later jobs are submitted while the head is slow,
    up to the buffer, and a job that raises becomes a Failure in its place."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from analyzer.batch import Failure, Job, _schedule

    release_head = threading.Event()
    started: list[int] = []
    head_released_by_progress: list[bool] = []

    def work(k: int):
        started.append(k)
        if k == 0:
            head_released_by_progress.append(release_head.wait(5))
        if k == 3:
            raise RuntimeError("boom")
        return k

    jobs = [Job(f"s{k}", f"d{k}", "h", raw=k) for k in range(12)]
    out = []
    with ThreadPoolExecutor(2) as pool:
        def submit(batch):
            fut = pool.submit(lambda k: [work(k)], batch[0].raw)
            if len(started) >= 8:
                release_head.set()  # the head finishes only once later jobs ran past it
            return fut

        _schedule(iter([job] for job in jobs), submit, window=2, finish=lambda results: out.extend(results))
    assert [r if isinstance(r, int) else r.doc_id for r in out] == [0, 1, 2, "d3"] + list(range(4, 12))
    assert isinstance(out[3], Failure) and "boom" in out[3].message
    assert head_released_by_progress == [True]  # eight jobs started while the head was still running


def test_batch_in_order_sends_the_largest_job_read_ahead_first():
    """A free worker takes the head if it has not been sent, else the largest job read
    ahead (long documents start early, the batch does not end on one); results still
    come out in input order."""
    from concurrent.futures import Future

    from analyzer.batch import Job, _schedule

    sizes = [1, 5, 2, 9, 3]
    jobs = [Job(f"s{k}", f"d{k}", "h", raw=k, size=n) for k, n in enumerate(sizes)]
    sent, out = [], []

    def submit(batch):
        sent.append(batch[0].raw)
        fut = Future()
        fut.set_result([batch[0].raw])
        return fut

    _schedule(iter([job] for job in jobs), submit, window=2, finish=out.extend)
    assert sent == [0, 3, 1, 4, 2]
    assert out == [0, 1, 2, 3, 4]


def test_batch_unordered_hands_on_results_as_they_finish():
    """For a store alone (no output file) order does not matter: a slow first document
    does not hold back the results behind it, and nothing is lost or doubled."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from analyzer.batch import Job, Sink, _schedule

    assert Sink(store=object()).ordered is False and Sink(writer=object()).ordered is True

    def work(k: int) -> int:
        time.sleep(0.3 if k == 0 else 0.001)
        return k

    jobs = [Job(f"s{k}", f"d{k}", "h", raw=k) for k in range(6)]
    out: list[int] = []
    with ThreadPoolExecutor(2) as pool:
        _schedule(iter([job] for job in jobs), lambda batch: pool.submit(lambda k: [work(k)], batch[0].raw),
                  window=2, finish=out.extend, ordered=False)
    assert sorted(out) == list(range(6)) and out[0] != 0 and out[-1] == 0


def test_batch_in_order_waits_instead_of_spinning_while_the_oldest_job_waits_for_a_worker():
    """In input order, the oldest job may still wait for a worker (larger ones went first)
    while later results are done: the scheduler must then wait on a running job, not
    poll the finished ones in a loop (that made 1,000 tiny documents 5× slower)."""
    import time
    from concurrent.futures import Future, ThreadPoolExecutor

    from analyzer.batch import Job, _schedule

    polls = []

    class Counting(Future):
        def result(self, timeout=None):
            if timeout is not None and self.done():
                polls.append(1)  # a wait on a finished future returns at once: a spin
            return super().result(timeout)

    def work(k: int) -> int:
        time.sleep(0.02)
        return k

    sizes = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 9, 8, 7, 6, 5, 4, 3, 2]
    jobs = [Job(f"s{k}", f"d{k}", "h", raw=k, size=n) for k, n in enumerate(sizes)]
    out: list[int] = []
    with ThreadPoolExecutor(2) as pool:
        def submit(batch):
            fut = Counting()
            pool.submit(work, batch[0].raw).add_done_callback(lambda f: fut.set_result([f.result()]))
            return fut

        _schedule(iter([job] for job in jobs), submit, window=2, finish=out.extend)
    assert out == list(range(len(sizes)))
    assert len(polls) == 0


def test_batches_group_short_documents_and_send_long_ones_alone():
    from analyzer.batch import Job, batches

    jobs = [Job(f"s{k}", f"d{k}", "h", size=n) for k, n in enumerate([300, 400, 20_000, 100, 100, 100, 15_900])]
    assert [[j.doc_id for j in b] for b in batches(iter(jobs), size=16_000, docs=64)] == [
        ["d0", "d1", "d2"], ["d3", "d4", "d5", "d6"]]
    many = [Job(f"s{k}", f"d{k}", "h", size=10) for k in range(130)]
    assert [len(b) for b in batches(iter(many), size=16_000, docs=64)] == [64, 64, 2]
    assert list(batches(iter([]))) == []


def test_a_batch_of_small_documents_is_stored_in_one_transaction(tmp_path):
    """Short documents are extracted and written together (one store transaction per
    batch); every document, record and text arrives, the same as one at a time."""
    from analyzer.store import Store

    docs = tmp_path / "docs"
    docs.mkdir()
    for k in range(5):
        (docs / f"n{k}.txt").write_text(f"（2024年3月{k + 1}日）\n市财政局要在年底前完成第{k}批资金拨付。\n", encoding="utf-8")
    one_by_one, together = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    commits = []
    with Store(together) as store:
        real = store.put_many
        store.put_many = lambda items: commits.append(len(items)) or real(items)
        summary = run_batch([str(docs)], BatchOptions(workers=1, progress=False), Sink(store))
        assert summary.done == 5 and commits == [5]
    import analyzer.batch

    with Store(one_by_one) as store:
        for path in sorted(docs.iterdir()):
            run_batch([str(path)], BatchOptions(workers=1, progress=False), Sink(store))
    with Store(one_by_one, read_only=True) as a, Store(together, read_only=True) as b:
        assert a.counts() == b.counts() and a.counts()["tasks"] == 5
        assert [r.to_dict() for r in a.records()] == [r.to_dict() for r in b.records()]
        assert all(a.text(f"n{k}") == b.text(f"n{k}") for k in range(5))
    assert analyzer.batch.BATCH_DOCS >= 5
