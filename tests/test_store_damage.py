"""A damaged or foreign store: every command says so in one line and exits 2; nothing is recreated or lost,
and nothing is downloaded (DuckDB's extension auto-install is off)."""
from __future__ import annotations

import shutil
import sqlite3

import duckdb
import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.store import CONNECTION_CONFIG, Store, StoreError

TEXT = "市财政局要在6月底前拨付资金3000万元。\n市教育局要在年底前建成学校10所。\n"


@pytest.fixture
def store(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--db", str(db), "-q"]).exit_code == 0
    return db


def _tamper(db, sql: str) -> None:
    con = duckdb.connect(str(db))
    con.execute(sql)
    con.close()


COMMANDS = [
    lambda db, tmp: ["export", "--db", str(db), "-o", str(tmp / "o.xlsx")],
    lambda db, tmp: ["extract", str(tmp / "a.txt"), "--db", str(db)],
    lambda db, tmp: ["review", "status", "--db", str(db)],
    lambda db, tmp: ["series", "--db", str(db)],
    lambda db, tmp: ["targets", "--db", str(db)],
]

DAMAGE = {
    "version not a number": ("UPDATE meta SET value = 'abc' WHERE key = 'schema_version'", "is not a number"),
    "meta row deleted": ("DELETE FROM meta WHERE key = 'schema_version'", "schema version is missing"),
    "table dropped": ("DROP TABLE tasks", "table tasks is missing"),
    "column dropped": ("ALTER TABLE targets DROP COLUMN value", "table targets lacks column(s) value"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("command", range(len(COMMANDS)))
def test_a_tampered_store_gives_one_line_and_exit_2(store, tmp_path, damage, command):
    sql, message = DAMAGE[damage]
    _tamper(store, sql)
    before = store.read_bytes()
    res = CliRunner().invoke(main, COMMANDS[command](store, tmp_path))
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and res.exception is None or isinstance(res.exception, SystemExit)
    lines = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and message in lines[0] and "restore the store" in lines[0]
    if damage == "table dropped":  # not recreated empty, and nothing skipped as "unchanged"
        con = duckdb.connect(str(store), read_only=True)
        assert "tasks" not in {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        con.close()
    assert store.read_bytes() == before or command == 1  # (extract may only have opened and closed it)


@pytest.mark.parametrize("how", ["truncated", "garbled"])
def test_a_broken_file_gives_one_line(store, tmp_path, how):
    data = bytearray(store.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    else:  # the start of every 256 KiB block after the file's headers: each fails its checksum when read
        for block in range(3 * 4096, len(data), 262144):
            for k in range(block, min(len(data), block + 64)):
                data[k] ^= 0x5A
    store.write_bytes(bytes(data))
    for make in COMMANDS:
        res = CliRunner().invoke(main, make(store, tmp_path))
        assert "Traceback" not in res.output and not isinstance(res.exception, Exception) or \
            isinstance(res.exception, SystemExit), res.output
        errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
        # a command that reads only blocks left whole may still work; one that meets the damage says so
        assert (res.exit_code == 0 and not errors) or (res.exit_code == 2 and len(errors) == 1), res.output


def test_deleted_task_rows_are_extracted_again_not_skipped(store, tmp_path):
    """A document whose task rows are gone (deleted by hand) is not 'unchanged': extract stores it again."""
    _tamper(store, "DELETE FROM tasks")
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--db", str(store)])
    assert res.exit_code == 0 and "1 document(s) extracted" in res.stderr, res.output
    with Store(store, read_only=True) as s:
        assert len(s.records("a")) == 2


def test_a_sqlite_file_is_refused_without_downloading_anything(tmp_path, monkeypatch):
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (x INTEGER)")
    con.commit()
    con.close()
    before = db.read_bytes()
    assert CONNECTION_CONFIG == {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    with pytest.raises(StoreError) as info:
        Store(db)
    assert "cannot open the store" in str(info.value) or "not a policy-analyzer store" in str(info.value)
    res = CliRunner().invoke(main, ["export", "--db", str(db), "-o", str(tmp_path / "o.csv")])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "install" not in res.stderr.lower() or "extension" in res.stderr.lower()
    assert db.read_bytes() == before  # nothing written into someone else's database


def test_a_duckdb_file_of_someone_else_is_not_written_into(tmp_path):
    db = tmp_path / "theirs.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a policy-analyzer store"):
        Store(db)
    con = duckdb.connect(str(db), read_only=True)
    assert [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()] == ["sales"]
    con.close()


def test_an_old_store_still_opens(store, tmp_path):
    """A version-3 store (no targets.canonical/period…) is no damage: it is migrated, or read as it is."""
    old = tmp_path / "v3.duckdb"
    shutil.copy(store, old)
    _tamper(old, "ALTER TABLE targets DROP COLUMN canonical; ALTER TABLE targets DROP COLUMN period; "
                 "ALTER TABLE targets DROP COLUMN period_end; UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    Store(old, read_only=True).close()  # opens: an older version is no damage
    with Store(old) as s:  # and a writer migrates it
        assert s.records("a")


def test_a_writer_waits_for_a_short_reader_to_let_go(store):
    """The review page opens the store for each request: an `extract --force` beside a polling page was refused
    at start (3 of 6 runs). A writer now waits a little for the lock."""
    import subprocess
    import sys
    import time

    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"c = duckdb.connect({str(store)!r}, read_only=True)\n"
                               "print('held', flush=True)\ntime.sleep(1.5)\n"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    with Store(store) as s:  # waits for the reader, then opens for writing
        assert s.records("a")
    assert time.monotonic() - started >= 0.5
    holder.wait(timeout=10)
    # held for longer than the wait: refused with one line naming the lock
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, time\n"
                               f"c = duckdb.connect({str(store)!r}, read_only=True)\n"
                               "print('held', flush=True)\ntime.sleep(5)\n"], stdout=subprocess.PIPE, text=True)
    holder.stdout.readline()
    with pytest.raises(StoreError, match="lock"):
        Store(store, lock_wait=0.5)
    holder.kill()
