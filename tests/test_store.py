"""The DuckDB store: schema, one transaction per document, round trips, skips, errors."""
from __future__ import annotations

import duckdb
import pytest

from analyzer.pipeline import analyze_text
from analyzer.store import SCHEMA_VERSION, DocumentRow, Store, StoreError

SPEECH = ("（2024年2月23日）\n一要明确各县（市）区的主体责任。要在年底前建成保障性租赁住房3000套。\n"
          "市财政局要在6月底前拨付首批产业引导资金。\n")


def _put(store, doc_id="d1", text=SPEECH, digest="h1"):
    a = analyze_text(text, doc_id)
    store.put(DocumentRow(doc_id, f"{doc_id}.txt", digest, None, a.document.date, a.document.date_source,
                          kind=a.document.kind), a.records, a.document.text)
    return a


def test_store_round_trip(tmp_path):
    db = tmp_path / "t.duckdb"
    with Store(db) as store:
        a = _put(store)
        assert store.records() == a.records
        assert store.text("d1") == a.document.text
        assert store.counts()["tasks"] == len(a.records) == 3
        assert store.is_unchanged("d1", "h1") and not store.is_unchanged("d1", "h2")
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert con.execute("SELECT name, role, inherited FROM units ORDER BY task_id, seq").fetchall()[:2] == [
        ("各县（市）区", "responsible", False), ("各县（市）区", "responsible", True)]
    con.close()


def test_store_rewrites_a_document_whole(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        _put(store)
        _put(store, text="市财政局要在6月底前拨付首批产业引导资金。\n", digest="h2")
        assert store.counts()["tasks"] == 1
        assert store.content_hash("d1") == "h2"


def test_store_a_failed_write_leaves_the_document_as_it_was(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        before = _put(store).records

        class Broken:
            def __iter__(self):
                raise RuntimeError("disk full")

        with pytest.raises(RuntimeError):
            store.put(DocumentRow("d1", "d1.txt", "h9"), Broken())
        assert store.records() == before and store.content_hash("d1") == "h1"


def test_store_errors_and_read_only(tmp_path):
    db = tmp_path / "t.duckdb"
    with Store(db) as store:
        store.record_error("bad.txt", "bad", "EmptyDocumentError", "bad.txt: empty file")
        assert store.counts()["errors"] == 1
    with Store(db, read_only=True) as store:
        assert store.counts()["errors"] == 1
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_store_refuses_a_newer_schema(tmp_path):
    db = tmp_path / "t.duckdb"
    Store(db).close()
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db)


def test_store_filters(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        _put(store, "a")
        _put(store, "b", text="（2025年3月1日）\n市教育局要加快建设学校。\n")
        assert store.doc_ids() == ["a", "b"]
        assert store.doc_ids(since="2025-01-01") == ["b"]
        assert store.doc_ids(until="2024-12-31") == ["a"]
        assert store.doc_ids(unit="财政局") == ["a"]
        assert store.doc_ids(docs=("b*",)) == ["b"]
        assert [r.text for r in store.records("a", unit="财政局")] == ["市财政局要在6月底前拨付首批产业引导资金"]
