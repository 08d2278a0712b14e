"""Folder walks: only regular files are read; what is skipped is named with its reason, once, on one line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.ingest.walk import Skipped, walk_folder

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, str(ROOT / "cli.py")]
TEXT = "市财政局要在6月底前拨付资金3000万元。\n"


def _folder(tmp_path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(TEXT, encoding="utf-8")
    return docs


def test_a_fifo_in_a_folder_is_named_and_skipped_not_waited_on(tmp_path):
    docs = _folder(tmp_path)
    os.mkfifo(docs / "x.txt")
    db = tmp_path / "s.duckdb"
    out = subprocess.run(CLI + ["extract", str(docs), "--db", str(db), "-q"], capture_output=True, text=True,
                         timeout=60)  # it hung forever
    assert out.returncode == 0, out.stderr
    assert f"skipped: {docs / 'x.txt'}: not a regular file (a FIFO)" in out.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        assert con.execute("SELECT kind FROM errors WHERE source LIKE '%x.txt'").fetchall() == [("skipped",)]


def test_a_fifo_named_on_the_command_line_is_an_error_line(tmp_path):
    docs = _folder(tmp_path)
    os.mkfifo(tmp_path / "p.txt")
    out = subprocess.run(CLI + ["extract", str(docs / "a.txt"), str(tmp_path / "p.txt"), "-q"], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 3
    assert "p.txt: not a regular file (a FIFO)" in out.stderr and len(out.stdout.splitlines()) == 1


def test_a_link_out_of_the_folder_is_followed_only_when_asked(tmp_path):
    docs = _folder(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_text("市教育局要在年底前建成学校10所。\n", encoding="utf-8")
    (docs / "link.txt").symlink_to(outside)
    (docs / "inside.txt").symlink_to(docs / "a.txt")  # a link within the folder is read as any file
    res = CliRunner().invoke(main, ["extract", str(docs), "-q"])
    assert res.exit_code == 0
    ids = {json.loads(x)["doc_id"] for x in res.stdout.splitlines()}
    assert ids == {"a", "inside"}
    assert f"skipped: {docs / 'link.txt'}: a link out of the folder (to {outside})" in res.stderr
    res = CliRunner().invoke(main, ["extract", str(docs), "-q", "--follow-links"])
    assert {json.loads(x)["doc_id"] for x in res.stdout.splitlines()} == {"a", "inside", "link"}


def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch):
    """(Run as root, chmod 000 does not stop a listing: the refusal is made by hand.)"""
    docs = _folder(tmp_path)
    locked = docs / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(TEXT, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(walk_folder(docs, {".txt"}, set()))
    assert docs / "a.txt" in found
    assert Skipped(locked, "cannot list this folder: Permission denied") in found


def test_a_newline_in_a_file_name_keeps_its_problem_on_one_line(tmp_path):
    docs = _folder(tmp_path)
    (docs / "方案\n二.txt").write_bytes(b"")  # empty: an error that names the file
    res = CliRunner().invoke(main, ["extract", str(docs), "-q"])
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "方案\\n二.txt" in errors[0]
    assert all(line.startswith(("error:", "warning:", "skipped:")) for line in res.stderr.splitlines())


@pytest.mark.parametrize("name", ["notes.xyz", "a.zip"])
def test_unsupported_types_are_still_summed_up(tmp_path, name):
    docs = _folder(tmp_path)
    (docs / name).write_bytes(b"x")
    res = CliRunner().invoke(main, ["extract", str(docs)])
    assert f"skipped 1 file(s) of unsupported types: {name}" in res.stderr
    assert "skipped: " not in res.stderr  # one summary, not a line each


def test_the_review_page_serves_a_document_whose_name_holds_a_newline(tmp_path):
    from starlette.testclient import TestClient

    from analyzer.review.web import create_app, doc_url

    docs = _folder(tmp_path)
    (docs / "方案\n二.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert CliRunner().invoke(main, ["extract", str(docs), "--db", str(db), "-q"]).exit_code == 0
    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    page = client.get(doc_url("方案\n二"))
    assert page.status_code == 200 and "市财政局" in page.text
