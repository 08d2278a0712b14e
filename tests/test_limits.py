"""Hostile and oversized inputs fail alone: each gives its own error line, the batch goes on, nothing else is lost."""
from __future__ import annotations

import json
import zipfile

import duckdb
import pytest
from click.testing import CliRunner

from analyzer.batch import BatchOptions, Sink, run_batch
from analyzer.cli import main
from analyzer.ingest.limits import LimitError, Limits
from analyzer.store import Store

GOOD = "市财政局要在6月底前拨付资金3000万元。\n"


def _bomb(path, unpacked_mb: int = 24) -> None:
    """A .docx whose document part unpacks to `unpacked_mb` MB of one repeated paragraph (packs ~1000×)."""
    paragraph = "<w:p><w:r><w:t>各部门要抓好落实。</w:t></w:r></w:p>"
    body = paragraph * (unpacked_mb * (1 << 20) // len(paragraph.encode()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                   f'2006/main"><w:body>{body}</w:body></w:document>')


def _store_counts(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]


def test_a_zip_bomb_docx_is_refused_and_its_batch_mates_are_stored(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    _bomb(docs / "bomb.docx")
    (docs / "good.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    res = CliRunner().invoke(main, ["extract", str(docs), "--db", str(db), "-q", "-w", "1"])
    assert res.exit_code == 3
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bomb.docx" in errors[0] and "zip bomb" in errors[0]
    assert _store_counts(db) == ["good"]


def test_package_limits_spare_ordinary_office_files(tmp_path):
    path = tmp_path / "small.docx"
    _bomb(path, unpacked_mb=2)  # a high ratio, but small: harmless
    Limits().check_package(path)
    with pytest.raises(LimitError, match="over the limit of 1 MB"):
        Limits(max_package_bytes=1 << 20).check_package(path)


@pytest.mark.parametrize("option, text, message", [
    ("--max-chars", "各部门要抓好落实，" * 200 + "\n", "characters, over the limit of 1,000"),
    ("--max-sentences", "各部门要抓好落实。" * 1200 + "\n", "sentences, over the limit of 1,000"),
])
def test_text_limits_give_the_file_its_error_line(tmp_path, option, text, message):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "big.txt").write_text(text, encoding="utf-8")
    (docs / "good.txt").write_text(GOOD, encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(docs), "-q", option, "1000"])
    assert res.exit_code == 3
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "big.txt" in errors[0] and message in errors[0] and "--max-chars" in errors[0]
    assert [json.loads(x)["doc_id"] for x in res.stdout.splitlines()] == ["good"]


def test_a_huge_one_line_text_is_refused_as_it_is_read(tmp_path):
    """A 9 MB one-line .txt (the chunked path for large files): counted as read, refused before extraction."""
    big = tmp_path / "big.txt"
    big.write_text("各部门要抓好落实，" * 350_000, encoding="utf-8")  # ~9.4 MB, 3.15 M characters
    res = CliRunner().invoke(main, ["extract", str(big), "-q", "--max-chars", "1000000"])
    assert res.exit_code == 2 and "over the limit of 1,000,000 characters" in res.stderr
    assert res.stdout == ""


def test_a_document_the_store_cannot_take_does_not_lose_its_batch(tmp_path, monkeypatch):
    """One member beyond what a transaction holds (DuckDB's 64 MB cap) aborted the run and lost the good documents
    batched with it; now the batch is stored one by one, and only that document fails, with its line."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "bad", "c"):
        (docs / f"{name}.txt").write_text(GOOD.replace("市财政局", f"市{name}局"), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    real = Store.put_many

    def put_many(self, items):
        if any(doc.doc_id == "bad" for doc, _, _ in items):
            raise duckdb.OutOfMemoryException("failed to pin block of size 256.0 KiB (64.0 MiB/64.0 MiB used)")
        return real(self, items)

    monkeypatch.setattr(Store, "put_many", put_many)
    lines: list[str] = []
    with Store(db) as store:
        summary = run_batch([str(docs)], BatchOptions(workers=1, progress=False), Sink(store), echo=lines.append)
    assert summary.done == 2 and summary.failed == 1 and summary.exit_code == 3
    assert [line for line in lines if line.startswith("error:")] == [
        f"error: {docs / 'bad.txt'}: could not be stored (OutOfMemoryException: failed to pin block of size "
        "256.0 KiB (64.0 MiB/64.0 MiB used)); the other documents are stored"]
    assert _store_counts(db) == ["a", "c"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM errors WHERE doc_id = 'bad'").fetchone()[0] == 1
