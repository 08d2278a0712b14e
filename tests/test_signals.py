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


def _children(pid: int) -> list[int]:
    """The live child processes of `pid` (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = [p for p in pids if Path(f"/proc/{p}").exists() and
                 Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
        if not alive:
            return []
        time.sleep(0.1)
    return alive


def test_sigterm_to_the_batch_ends_its_workers_and_the_run(tmp_path):
    """`kill PID` (what a scheduler or systemd sends) to the main process only: the workers end with it (they ran
    on for 100 s and more), one line, exit 143, the store whole."""
    folder, db = _folder(tmp_path), tmp_path / "s.duckdb"
    proc = subprocess.Popen(CLI + ["extract", str(folder), "--db", str(db), "-q", "-w", "2"], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 30
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    workers = _children(proc.pid)
    if proc.poll() is not None or not workers:
        return  # finished before the workers could be seen: nothing to check here
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    err = proc.communicate(timeout=60)[1]
    if proc.returncode == 0:
        return
    assert proc.returncode == 143, err
    assert "Traceback" not in err and err.strip().startswith("terminated:")
    assert _wait_gone(workers, 10) == []
    _count(db)  # opens: the store is whole


def test_workers_die_with_a_killed_parent(tmp_path):
    """Even kill -9 of the main process (no handler runs) ends its workers: they are asked to die with it."""
    folder, db = _folder(tmp_path), tmp_path / "s.duckdb"
    proc = subprocess.Popen(CLI + ["extract", str(folder), "--db", str(db), "-q", "-w", "2"],
                            stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    workers = _children(proc.pid)
    if proc.poll() is not None or not workers:
        return
    proc.kill()
    proc.wait(timeout=30)
    assert _wait_gone(workers, 10) == []


def test_an_interrupted_export_leaves_the_earlier_file_whole(tmp_path):
    """`kill` during `export -o tasks.xlsx` left a 2 KB non-zip file under the final name, over a good earlier
    export: now the file is written beside it and renamed only when complete."""
    import zipfile

    folder, db = _folder(tmp_path, copies=6), tmp_path / "s.duckdb"
    subprocess.run(CLI + ["extract", str(folder), "--db", str(db), "-q"], check=True, capture_output=True)
    for name in ("tasks.xlsx", "tasks.csv"):
        out = tmp_path / name
        subprocess.run(CLI + ["export", "--db", str(db), "-o", str(out), "-q"], check=True, capture_output=True)
        good = out.read_bytes()
        for sig, delay in ((signal.SIGTERM, 1.2), (signal.SIGINT, 1.5), (signal.SIGKILL, 1.3)):
            proc = subprocess.Popen(CLI + ["export", "--db", str(db), "-o", str(out), "-q"],
                                    stderr=subprocess.PIPE, text=True)
            time.sleep(delay)
            proc.send_signal(sig)
            err = proc.communicate(timeout=60)[1]
            if proc.returncode == 0:
                continue  # it finished first: the new file is complete (checked below)
            assert "Traceback" not in err
            assert out.read_bytes() == good  # the earlier export, untouched
            if sig != signal.SIGKILL:  # (kill -9 runs no cleanup: its hidden .part file may stay)
                assert proc.returncode == 128 + sig and not list(tmp_path.glob(f".{name}.*.part"))
        if name.endswith(".xlsx"):
            assert zipfile.is_zipfile(out)


def test_ctrl_c_during_review_import_is_one_line_and_applies_nothing(tmp_path):
    """SIGINT during `review import` printed a traceback in 2 of 3 trials: now one line, exit 130, and the import
    is all or nothing (no review row, or all of them)."""
    from openpyxl import load_workbook

    folder, db = _folder(tmp_path, copies=4), tmp_path / "s.duckdb"
    subprocess.run(CLI + ["extract", str(folder), "--db", str(db), "-q"], check=True, capture_output=True)
    book = tmp_path / "review.xlsx"
    subprocess.run(CLI + ["review", "export", "--db", str(db), "-o", str(book), "-q"], check=True, capture_output=True)
    wb = load_workbook(book)
    ws = wb["审核表"]
    head = next(r for r in range(1, 6) if any(c.value == "审核结果" for c in ws[r]))
    result = [c.value for c in ws[head]].index("审核结果") + 1
    rows = 0
    for r in range(head + 1, ws.max_row + 1):
        if ws.cell(r, 2).value:
            ws.cell(r, result).value = "通过"
            rows += 1
    wb.save(book)
    for delay in (0.8, 1.6, 2.4):
        proc = subprocess.Popen(CLI + ["review", "import", str(book), "--db", str(db), "--reviewer", "王科长"],
                                stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        err = proc.communicate(timeout=120)[1]
        with duckdb.connect(str(db), read_only=True) as con:
            stored = con.execute("SELECT count(*) FROM reviews").fetchone()[0]
        if proc.returncode == 0:
            assert stored == rows  # it finished first: all of them
            return
        assert proc.returncode == 130 and "Traceback" not in err and err.strip().startswith("interrupted:"), err
        assert stored == 0  # all or nothing
