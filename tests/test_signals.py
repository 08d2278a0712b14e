"""Ctrl-C ends a run cleanly: one line on standard error, exit 130, the store whole, and a re-run finishes the job."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, str(ROOT / "cli.py")]


def _folder(tmp_path: Path, copies: int = 12) -> Path:
    """The bundled policy documents, several times over under other names (enough work to interrupt)."""
    out = tmp_path / "docs"
    out.mkdir()
    for k in range(copies):
        for f in sorted((ROOT / "corpora" / "policy").glob("*.txt")):
            shutil.copy(f, out / f"{k}-{f.name}")
    return out


def _count(db: Path) -> tuple[int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0], \
            con.execute("SELECT count(*) FROM tasks").fetchone()[0]


def test_ctrl_c_during_extract_is_one_line_and_exit_130(tmp_path):
    folder, db = _folder(tmp_path), tmp_path / "s.duckdb"
    proc = subprocess.Popen(CLI + ["extract", str(folder), "--db", str(db), "-q"], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=120)[1]
    if proc.returncode == 0:  # the machine finished before the signal: nothing to check about interrupts
        return
    assert proc.returncode == 130, err
    assert "Traceback" not in err and [ln for ln in err.splitlines() if ln.strip()] == [
        ln for ln in err.splitlines() if ln.startswith("interrupted:")]
    # the store opens, and the same command again finishes the job with what a clean run stores
    partial = _count(db)
    again = subprocess.run(CLI + ["extract", str(folder), "--db", str(db), "-q"], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    clean_db = tmp_path / "clean.duckdb"
    subprocess.run(CLI + ["extract", str(folder), "--db", str(clean_db), "-q"], check=True, capture_output=True)
    assert _count(db) == _count(clean_db) and partial[0] <= _count(db)[0]


def test_a_reader_that_stops_reading_ends_the_run_quietly(tmp_path):
    """`policy-analyzer extract … | head`: no broken-pipe error, exit 0, no worker left behind."""
    proc = subprocess.Popen(CLI + ["extract", str(_folder(tmp_path, copies=2))], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.read(200)
    proc.stdout.close()
    err = proc.stderr.read().decode()  # returns only once every process holding stderr has ended
    assert proc.wait(timeout=120) == 0 and "Error" not in err and "Traceback" not in err


def test_version_short_flag():
    out = subprocess.run(CLI + ["-V"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("policy-analyzer ")


def test_doc_id_refused_for_a_folder_or_a_corpus(tmp_path):
    for arg in (str(ROOT / "corpora" / "policy"), str(tmp_path / "c.jsonl")):
        (tmp_path / "c.jsonl").write_text('{"id": "a", "content": "市财政局要在年底前拨付资金。"}\n', encoding="utf-8")
        out = subprocess.run(CLI + ["extract", arg, "--doc-id", "x"], capture_output=True, text=True)
        assert out.returncode == 1 and "--doc-id names one document" in out.stderr


def test_a_folder_walk_names_the_files_it_did_not_read(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(ROOT / "corpora" / "policy" / "cangzhou-2014-education-report.txt", folder / "方案.txt")
    shutil.copy(ROOT / "corpora" / "policy" / "cangzhou-2014-education-report.json", folder / "方案.json")  # a sidecar
    (folder / "notes.xyz").write_text("x", encoding="utf-8")
    (folder / "a.zip").write_bytes(b"PK")
    (folder / "README.md").write_text("# notes", encoding="utf-8")  # skipped by design, not reported
    db = tmp_path / "s.duckdb"
    for _ in range(2):  # a second run reports them again, and the store keeps one row each
        out = subprocess.run(CLI + ["extract", str(folder), "--db", str(db)], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert "skipped 2 file(s) of unsupported types: a.zip, notes.xyz" in out.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT source, kind FROM errors ORDER BY source").fetchall()
    assert [(Path(s).name, k) for s, k in rows] == [("a.zip", "skipped"), ("notes.xyz", "skipped")]
