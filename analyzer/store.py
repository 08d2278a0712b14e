"""The task store (DuckDB): the only module that speaks SQL.

Schema (version 4; `meta.schema_version`), documented in docs/store-schema.md:

    documents  one row per document: doc_id (key), source, content_hash, title,
               doc_date, date_source, encoding, metadata (JSON), n_tasks,
               analyzer_version, extracted_at
    texts      the normalised text of each document, in chunks (doc_id, chunk, start, text)
    tasks      one row per task record (task_id key, doc_id, seq, text, offsets, …)
    units      units of each task (task_id, seq, name, role, inherited, source, offsets)
    targets    targets of each task (text, value, upper, measure, comparator, indicator, offsets,
               canonical, period, period_end: version 4)
    deadlines  deadlines of each task (text, start_date, end_date, basis, offsets)
    errors     documents that failed (and files skipped: kind 'skipped'): source, doc_id, kind, message, failed_at
    reviews    reviewers' decisions (version 2): a layer over the tasks, decided by
               analyzer/review/ledger.py; a re-extraction moves them onto the new tasks
               (analyzer/anchors.py says where) in the same transaction

Every document is written in one transaction (its old rows replaced), so a run
killed halfway loses at most the documents in flight. Documents are keyed by id
and carry the hash of their content: `is_unchanged()` lets a re-run skip them.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._version import __version__
from .anchors import match_anchors
from .errors import AnalyzerError
from .records import DeadlineMention, TargetMention, TaskRecord, UnitMention

SCHEMA_VERSION = 5  # 2: the `reviews` ledger (analyzer/review/ledger.py); 3: documents.kind;
# 4: targets.canonical / period / period_end (the indicator catalogue and goal periods);
# 5: tasks.ocr_confidence / ocr_page (tasks read by OCR)
TEXT_CHUNK = 1 << 20  # characters of normalised text per row of `texts`

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    source VARCHAR,
    content_hash VARCHAR NOT NULL,
    title VARCHAR,
    doc_date DATE,
    date_source VARCHAR,
    encoding VARCHAR,
    metadata JSON,
    n_tasks INTEGER,
    analyzer_version VARCHAR,
    extracted_at TIMESTAMP,
    kind VARCHAR
);
CREATE TABLE IF NOT EXISTS texts (doc_id VARCHAR, chunk INTEGER, start_offset INTEGER, text VARCHAR);
CREATE TABLE IF NOT EXISTS tasks (
    task_id VARCHAR NOT NULL,  -- unique by construction; no index: DuckDB keeps indexes in memory
    doc_id VARCHAR NOT NULL,
    seq INTEGER,
    text VARCHAR,
    start_offset INTEGER,
    end_offset INTEGER,
    obligation VARCHAR,
    section VARCHAR[],
    point VARCHAR,
    source VARCHAR,
    ocr_confidence DOUBLE,       -- read by OCR: the lowest recognition confidence of its lines (else NULL)
    ocr_page INTEGER             -- and the page it starts on
);
CREATE TABLE IF NOT EXISTS units (
    task_id VARCHAR, doc_id VARCHAR, seq INTEGER, name VARCHAR, role VARCHAR,
    inherited BOOLEAN, source VARCHAR, start_offset INTEGER, end_offset INTEGER
);
CREATE TABLE IF NOT EXISTS targets (
    task_id VARCHAR, doc_id VARCHAR, seq INTEGER, text VARCHAR, value DOUBLE, upper DOUBLE,
    measure VARCHAR, comparator VARCHAR, indicator VARCHAR, start_offset INTEGER, end_offset INTEGER,
    canonical VARCHAR, period VARCHAR, period_end DATE
);
CREATE TABLE IF NOT EXISTS deadlines (
    task_id VARCHAR, doc_id VARCHAR, seq INTEGER, text VARCHAR, start_date DATE, end_date DATE,
    basis VARCHAR, start_offset INTEGER, end_offset INTEGER
);
CREATE TABLE IF NOT EXISTS errors (
    source VARCHAR, doc_id VARCHAR, kind VARCHAR, message VARCHAR, failed_at TIMESTAMP
);
"""

REVIEWS_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    review_id BIGINT NOT NULL,   -- increasing: later rows win
    doc_id VARCHAR NOT NULL,
    task_id VARCHAR NOT NULL,    -- an extracted task, or <doc_id>#r<n> for an added one
    action VARCHAR NOT NULL,     -- accept | edit | delete | add | undo (withdraws the ids in new_value)
    field VARCHAR,               -- for edit: text | lead | responsible | cooperate | targets | deadlines
    old_value VARCHAR,           -- the value the reviewer saw
    new_value VARCHAR,           -- the value they set (for add: the task as JSON)
    reviewer VARCHAR NOT NULL,
    reviewed_at TIMESTAMP NOT NULL,
    via VARCHAR,                 -- excel | web | api
    anchor_text VARCHAR,         -- the task's text when reviewed (found again after re-extraction)
    anchor_start INTEGER,
    anchor_end INTEGER,
    placed BOOLEAN NOT NULL      -- false: a re-extraction could not find the task
);
"""
REVIEW_COLUMNS = ("review_id", "doc_id", "task_id", "action", "field", "old_value", "new_value", "reviewer",
                  "reviewed_at", "via", "anchor_text", "anchor_start", "anchor_end", "placed")
_PARKED = "parked\t"  # prefix of ids while a re-extraction moves reviews (no id holds a tab)

# The task frame of the notebook API: one row per task, units by role and mentions as lists
_TASK_FRAME = """
WITH u AS (SELECT task_id,
             list(name ORDER BY seq) FILTER (WHERE role = 'lead') AS lead,
             list(name ORDER BY seq) FILTER (WHERE role = 'responsible') AS responsible,
             list(name ORDER BY seq) FILTER (WHERE role = 'cooperate') AS cooperate
           FROM units GROUP BY task_id),
     g AS (SELECT task_id, list(text ORDER BY seq) AS targets FROM targets GROUP BY task_id),
     x AS (SELECT task_id, list(text ORDER BY seq) AS deadlines, min(end_date) AS first_deadline
           FROM deadlines GROUP BY task_id)
SELECT t.task_id, t.doc_id, t.seq, t.text, t.obligation, t.section, t.point, t.source,
       t.start_offset, t.end_offset, d.title AS doc_title, d.doc_date, d.kind AS doc_kind,
       u.lead, u.responsible, u.cooperate, g.targets, x.deadlines, x.first_deadline
FROM tasks t JOIN documents d USING (doc_id)
LEFT JOIN u USING (task_id) LEFT JOIN g USING (task_id) LEFT JOIN x USING (task_id)
ORDER BY d.doc_date NULLS LAST, t.doc_id, t.seq
"""
# Each table as a tidy frame, in a stable order
_TABLE_FRAMES = {
    "units": "SELECT * FROM units ORDER BY task_id, seq",
    "targets": "SELECT * FROM targets ORDER BY task_id, seq",
    "deadlines": "SELECT * FROM deadlines ORDER BY task_id, seq",
    "documents": "SELECT * EXCLUDE (metadata), CAST(metadata AS VARCHAR) AS metadata FROM documents "
                 "ORDER BY doc_date NULLS LAST, doc_id",
    "errors": "SELECT * FROM errors ORDER BY failed_at",
    "reviews": "SELECT * FROM reviews ORDER BY review_id",
}

# documents written between checkpoints (a checkpoint costs ~20 ms, as much as a batch
# of short documents; DuckDB also checkpoints by itself once its log reaches 16 MB)
CHECKPOINT_EVERY = 500

# tables that hold rows of a document, cleared before it is written again
_DOC_TABLES = ("texts", "tasks", "units", "targets", "deadlines")


class StoreError(AnalyzerError):
    """The store cannot be opened or written."""


# Every connection: no extension is installed or loaded behind the user's back (DuckDB would fetch one from
# the internet to read a SQLite file given as --db).
CONNECTION_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# how long opening a store waits for another program to let it go (the review page holds it for a request)
LOCK_WAIT_SECONDS = 10.0
DAMAGED_HINT = "restore the store from a copy, or extract again into a new --db file"
# Columns and tables later schema versions added (table, column or None for the table) → the version; a store
# of an older version lacks them until its migration, which is no damage.
_ADDED_IN = {("reviews", None): 2, ("documents", "kind"): 3, ("targets", "canonical"): 4,
             ("targets", "period"): 4, ("targets", "period_end"): 4, ("tasks", "ocr_confidence"): 5,
             ("tasks", "ocr_page"): 5}


@functools.lru_cache(maxsize=1)
def expected_columns() -> dict[str, tuple[str, ...]]:
    """table → columns of the current schema, read off the schema itself in an in-memory database."""
    import duckdb

    con = duckdb.connect(":memory:", config=CONNECTION_CONFIG)
    try:
        con.execute(_SCHEMA)
        con.execute(REVIEWS_SCHEMA)
        out: dict[str, list[str]] = {}
        for table, column in con.execute("SELECT table_name, column_name FROM information_schema.columns "
                                         "ORDER BY table_name, ordinal_position").fetchall():
            out.setdefault(table, []).append(column)
        return {t: tuple(c) for t, c in out.items()}
    finally:
        con.close()


@dataclass(frozen=True)
class DocumentRow:
    """What the store keeps about a document besides its tasks."""

    doc_id: str
    source: str | None
    content_hash: str
    title: str | None = None
    doc_date: str | None = None
    date_source: str = "none"
    encoding: str | None = None
    metadata: dict[str, Any] | None = None
    kind: str | None = None


class Store:
    """A DuckDB file of documents and their task records.

    Use as a context manager; `put()` writes one document in one transaction.
    """

    def __init__(self, path: str | Path, read_only: bool = False, lock_wait: float = LOCK_WAIT_SECONDS):
        """Open the store at `path`. Another program holding it (the review page's short reads, a running
        extract) is waited for up to `lock_wait` seconds, then refused with a line saying so."""
        import duckdb

        self.path = str(path)
        self._column_cache: dict[str, list[tuple[str, str]]] = {}
        self._puts = 0
        self._has_reviews_table: bool | None = None
        self._present: dict[tuple[str, str], bool] = {}  # (table, column) → present (_has_column)
        self._reviewed_docs: set[str] | None = None  # documents with review rows (asked once)
        self.last_unplaced = 0  # reviewed tasks the last put() could not find again
        if read_only and not Path(self.path).exists():
            raise StoreError("no such store", path=self.path, hint="run `policy-analyzer extract … --db FILE` first")
        deadline = time.monotonic() + lock_wait
        while True:
            try:
                # never fetch or load DuckDB extensions: a SQLite or other file given as --db made DuckDB
                # download its scanner from the internet; nothing is downloaded at run time
                self.con = duckdb.connect(self.path, read_only=read_only, config=CONNECTION_CONFIG)
                break
            except duckdb.IOException as err:
                if "lock" in str(err).lower() and time.monotonic() < deadline:
                    time.sleep(0.2)  # (3 of 6 `extract --force` beside a polling review page were refused)
                    continue
                raise StoreError(f"cannot open the store: {err}", path=self.path) from None
            except duckdb.Error as err:
                raise StoreError(f"cannot open the store: {err}", path=self.path) from None
        # A bounded block cache: DuckDB keeps the blocks it wrote or scanned (every
        # put scans doc_id columns) up to this limit, so a long batch's memory grows
        # by up to this much and then stays flat; queries beyond it spill to disk.
        self.con.execute("SET memory_limit = '64MB'")
        # No merging of row groups at checkpoints: DuckDB merges small row groups up to
        # 122,880 rows, and for `texts` (a few rows per document, each a whole text)
        # that reads back every text stored so far, so each checkpoint needed more
        # memory than the last (4,320 reports: 434 MB and rising; a checkpoint that
        # cannot pin that memory fails for good). Row groups whose rows are all
        # deleted are still dropped.
        self.con.execute("SET max_vacuum_tasks = 0")
        if not read_only:
            # a writer runs many tiny transactions beside the extraction workers: DuckDB's
            # extra threads only burn CPU they need (two workers: 5 of 5 paired runs faster)
            self.con.execute("SET threads = 1")
        try:
            if not read_only:
                self._migrate()
            else:
                self._check_version()
            self._check_schema()
        except duckdb.Error as err:  # a block that fails its checksum, a truncated file
            self.con.close()
            raise StoreError(f"the store is damaged: {type(err).__name__}: {err}", path=self.path,
                             hint=DAMAGED_HINT) from None
        except StoreError:
            self.con.close()
            raise
        # whether `errors` may hold rows a put() must clear (one query per batch, not per document)
        self._errors_possible = bool(self.con.execute("SELECT count(*) FROM errors").fetchone()[0])

    # --- schema -------------------------------------------------------------
    def _migrate(self) -> None:
        tables = self._tables()
        if tables and "meta" not in tables:
            raise StoreError("not a policy-analyzer store (it holds other tables and no meta table)", path=self.path,
                             hint="give a new file name to --db")
        if "meta" in tables:
            self._check_version()  # before anything is created: a dropped table must not come back empty
            self._check_schema()
        self.con.execute(_SCHEMA)
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self.con.execute(REVIEWS_SCHEMA)
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?), ('created_by', ?)",
                             [str(SCHEMA_VERSION), f"policy-analyzer {__version__}"])
            return
        self._check_version()
        if int(row[0]) < 2:  # version 1 → 2: add the review ledger; nothing else changes
            self.con.execute(REVIEWS_SCHEMA)
            self.con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        if int(row[0]) < 3:  # version 2 → 3: the document's kind (null for documents stored before)
            self.con.execute("ALTER TABLE documents ADD COLUMN IF NOT EXISTS kind VARCHAR")
            self.con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        if int(row[0]) < 4:  # version 3 → 4: catalogue names and periods (null until a document is extracted again)
            for column, kind in (("canonical", "VARCHAR"), ("period", "VARCHAR"), ("period_end", "DATE")):
                self.con.execute(f"ALTER TABLE targets ADD COLUMN IF NOT EXISTS {column} {kind}")
            self.con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
        if int(row[0]) < 5:  # version 4 → 5: OCR readings of tasks (null for tasks stored before)
            self.con.execute("ALTER TABLE tasks ADD COLUMN IF NOT EXISTS ocr_confidence DOUBLE")
            self.con.execute("ALTER TABLE tasks ADD COLUMN IF NOT EXISTS ocr_page INTEGER")
            self.con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")

    def _tables(self) -> set[str]:
        return {r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}

    def _check_version(self) -> None:
        import duckdb

        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:
            raise StoreError("not a policy-analyzer store (no meta table)", path=self.path) from None
        if row is None:
            raise StoreError("the store is damaged: its schema version is missing (the meta table has no "
                             "schema_version row)", path=self.path, hint=DAMAGED_HINT)
        if not str(row[0]).isdigit():
            raise StoreError(f"the store is damaged: its schema version {row[0]!r} is not a number", path=self.path,
                             hint=DAMAGED_HINT)
        if int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"store schema version {row[0]} is newer than this analyzer's ({SCHEMA_VERSION})",
                             path=self.path, hint="upgrade policy-analyzer")
        self._version = int(row[0])

    def _check_schema(self) -> None:
        """Every table and column of the schema is there (a table or column dropped by hand made commands
        fail later with tracebacks, and `extract` recreated `tasks` empty and skipped every document as
        unchanged). A store of an older version may lack what later versions added (_ADDED_IN)."""
        have: dict[str, set[str]] = {}
        for table, column in self.con.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'").fetchall():
            have.setdefault(table, set()).add(column)
        version = getattr(self, "_version", SCHEMA_VERSION)

        def added_later(table: str, column: str | None) -> bool:
            return _ADDED_IN.get((table, column), 0) > version

        for table, columns in expected_columns().items():
            if table not in have:
                if added_later(table, None):
                    continue
                raise StoreError(f"the store is damaged: table {table} is missing", path=self.path, hint=DAMAGED_HINT)
            missing = [c for c in columns if c not in have[table] and not added_later(table, c)]
            if missing:
                raise StoreError(f"the store is damaged: table {table} lacks column(s) {', '.join(missing)}",
                                 path=self.path, hint=DAMAGED_HINT)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- reading ------------------------------------------------------------
    def content_hash(self, doc_id: str) -> str | None:
        row = self.con.execute("SELECT content_hash FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def is_unchanged(self, doc_id: str, content_hash: str) -> bool:
        """Whether `doc_id` is stored with this very content (a re-run may skip it)."""
        return self.content_hash(doc_id) == content_hash

    def hashes(self) -> dict[str, str]:
        """doc_id → content hash of every stored document whose task rows are all there (one query for a
        whole run): a document whose tasks were lost (rows deleted by hand) is not skipped as unchanged."""
        return dict(self.con.execute(
            """SELECT d.doc_id, d.content_hash FROM documents d
               LEFT JOIN (SELECT doc_id, count(*) AS n FROM tasks GROUP BY doc_id) t USING (doc_id)
               WHERE coalesce(t.n, 0) = coalesce(d.n_tasks, 0)""").fetchall())

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "tasks", "units", "targets", "deadlines", "errors")}

    def text(self, doc_id: str) -> str | None:
        rows = self.con.execute("SELECT text FROM texts WHERE doc_id = ? ORDER BY chunk", [doc_id]).fetchall()
        return "".join(r[0] for r in rows) if rows else None

    def doc_ids(self, docs: Sequence[str] = (), unit: str | None = None,
                since: str | None = None, until: str | None = None, kinds: Sequence[str] = ()) -> list[str]:
        """Ids of the documents that pass the filters: ids (or glob patterns), a unit name
        (substring) on any of their tasks, a document-date range (inclusive), document kinds."""
        where, args = [], []
        if kinds:
            where.append(f"{self._kind_column.split()[0]} IN (SELECT unnest(?::VARCHAR[]))")
            args.append(list(kinds))
        if docs:
            where.append("(" + " OR ".join("doc_id GLOB ?" for _ in docs) + ")")
            args += list(docs)
        if since:
            where.append("doc_date >= CAST(? AS DATE)")
            args.append(since)
        if until:
            where.append("doc_date <= CAST(? AS DATE)")
            args.append(until)
        if unit:
            where.append("doc_id IN (SELECT doc_id FROM units WHERE name LIKE ?)")
            args.append(f"%{unit}%")
        sql = "SELECT doc_id FROM documents" + (" WHERE " + " AND ".join(where) if where else "")
        return [r[0] for r in self.con.execute(sql + " ORDER BY doc_date NULLS LAST, doc_id", args).fetchall()]

    def documents(self, doc_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Stored documents (id, source, title, date …) in the order of `doc_ids`."""
        rows = self.con.execute(
            f"SELECT doc_id, source, content_hash, title, doc_date, date_source, encoding, metadata, n_tasks, "
            f"analyzer_version, extracted_at, {self._kind_column} FROM documents").fetchall()
        keys = ("doc_id", "source", "content_hash", "title", "doc_date", "date_source", "encoding",
                "metadata", "n_tasks", "analyzer_version", "extracted_at", "kind")
        by_id = {r[0]: dict(zip(keys, r, strict=False)) for r in rows}
        for d in by_id.values():
            d["doc_date"] = _iso(d["doc_date"])
            d["metadata"] = json.loads(d["metadata"]) if isinstance(d["metadata"], str) else (d["metadata"] or {})
        order = doc_ids if doc_ids is not None else sorted(by_id)
        return [by_id[i] for i in order if i in by_id]

    def records(self, doc_id: str | None = None, unit: str | None = None) -> list[TaskRecord]:
        """Task records as they were extracted (optionally of one document, or naming a unit)."""
        where, args = ("WHERE t.doc_id = ?", [doc_id]) if doc_id else ("", [])
        if unit:
            where += (" AND " if where else "WHERE ") + \
                "t.task_id IN (SELECT task_id FROM units WHERE name LIKE ?)"
            args.append(f"%{unit}%")
        tasks = self.con.execute(
            f"""SELECT t.task_id, t.doc_id, t.text, t.start_offset, t.end_offset, t.obligation,
                       t.section, t.point, t.source, d.doc_date, d.date_source, {self._kind_column},
                       {self._ocr_columns}
                FROM tasks t JOIN documents d USING (doc_id) {where}
                ORDER BY t.doc_id, t.seq""", args).fetchall()
        units = self._by_task("SELECT task_id, name, role, inherited, start_offset, end_offset, source "
                              "FROM units ORDER BY task_id, seq", doc_id)
        targets = self._by_task("SELECT task_id, text, start_offset, end_offset, value, measure, comparator, "
                                "indicator, upper, canonical, period, CAST(period_end AS VARCHAR) "
                                "FROM targets ORDER BY task_id, seq", doc_id)
        deadlines = self._by_task("SELECT task_id, text, start_offset, end_offset, end_date, start_date, basis "
                                  "FROM deadlines ORDER BY task_id, seq", doc_id)
        out = []
        for (task_id, did, text, s, e, obligation, section, point, source, ddate, dsource, kind, ocr_conf,
             ocr_page) in tasks:
            out.append(TaskRecord(
                doc_id=did, task_id=task_id, text=text, start=s, end=e, obligation=obligation,
                section=tuple(section or ()), point=point,
                units=tuple(UnitMention(*r) for r in units.get(task_id, [])),
                targets=tuple(TargetMention(*r) for r in targets.get(task_id, [])),
                deadlines=tuple(DeadlineMention(r[0], r[1], r[2], _iso(r[3]), _iso(r[4]), r[5])
                                for r in deadlines.get(task_id, [])),
                source=source, doc_date=_iso(ddate), doc_date_source=dsource, doc_kind=kind,
                ocr_confidence=ocr_conf, ocr_page=ocr_page))
        return out

    def _has_column(self, table: str, column: str) -> bool:
        """Whether `table` has `column` (an older store opened read-only is not migrated); asked once each."""
        key = (table, column)
        if key not in self._present:
            self._present[key] = bool(self.con.execute(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                [table, column]).fetchone()[0])
        return self._present[key]

    @property
    def _ocr_columns(self) -> str:
        """The tasks' OCR readings, or NULLs in a version-4 store opened read-only."""
        return "t.ocr_confidence, t.ocr_page" if self._has_column("tasks", "ocr_confidence") else "NULL, NULL"

    @property
    def _kind_column(self) -> str:
        """`kind`, or NULL in a version-2 store opened read-only."""
        return "kind" if self._has_column("documents", "kind") else "NULL AS kind"

    def _by_task(self, sql: str, doc_id: str | None) -> dict[str, list[tuple]]:
        if doc_id:
            sql = sql.replace(" ORDER BY", " WHERE doc_id = ? ORDER BY")
        out: dict[str, list[tuple]] = {}
        for row in self.con.execute(sql, [doc_id] if doc_id else []).fetchall():
            out.setdefault(row[0], []).append(row[1:])
        return out

    # --- writing ------------------------------------------------------------
    def put(self, doc: DocumentRow, records: Iterable[TaskRecord], text: str | None = None) -> int:
        """Write one document and its records in one transaction, replacing what was there."""
        records = list(records)
        self.last_unplaced = self.put_many([(doc, records, text)])[0]
        return len(records)

    def _rollback(self) -> None:
        """Roll back the open transaction, if DuckDB has not done so itself (a COMMIT that failed, e.g. beyond
        the memory limit, ends the transaction: a second ROLLBACK would only hide the first error)."""
        import duckdb

        with contextlib.suppress(duckdb.Error):
            self.con.execute("ROLLBACK")

    def put_many(self, items: Sequence[tuple[DocumentRow, Sequence[TaskRecord], str | None]]) -> list[int]:
        """Write whole documents (document row, records, text) in one transaction: all of
        them or, on an error, none. Returns, per document, how many reviewed tasks were
        not found again among its new records (their reviews are kept, flagged).

        Small documents are written several at a time because a transaction costs a
        dozen statements whatever its size (about 5 ms: for 5,000 one-paragraph notices
        the writer took eight times as long as their extraction)."""
        if not items:
            return []
        con = self.con
        ids = [doc.doc_id for doc, _, _ in items]
        now = dt.datetime.now()
        con.execute("BEGIN TRANSACTION")
        try:
            # new documents have no rows to replace: one primary-key lookup instead of table scans
            stored = [r[0] for r in con.execute("SELECT doc_id FROM documents WHERE doc_id IN "
                                                "(SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()]
            if stored:
                self._delete(stored)
            self._bulk_insert("documents", [
                [doc.doc_id, doc.source, doc.content_hash, doc.title, doc.doc_date, doc.date_source,
                 doc.encoding, json.dumps(doc.metadata or {}, ensure_ascii=False, default=str),
                 len(records), __version__, now, doc.kind] for doc, records, _ in items])
            texts = [[doc.doc_id, k, at, text[at:at + TEXT_CHUNK]] for doc, _, text in items if text
                     for k, at in enumerate(range(0, len(text), TEXT_CHUNK))]
            if texts:
                self._bulk_insert("texts", texts)
            self._insert_records([(doc.doc_id, records) for doc, records, _ in items])
            # reviews stay: they move onto the new records (or are flagged unplaced)
            unplaced = [self._place_reviews(doc.doc_id, list(records))[1] for doc, records, _ in items]
            if self._errors_possible:
                sources = [doc.source for doc, _, _ in items]
                con.execute("DELETE FROM errors WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) "
                            "OR source IN (SELECT unnest(?::VARCHAR[]))", [ids, sources])
            con.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        before, self._puts = self._puts, self._puts + len(items)
        if self._puts // CHECKPOINT_EVERY > before // CHECKPOINT_EVERY:
            con.execute("CHECKPOINT")  # keep the write-ahead log short: quick recovery after a kill
        return unplaced

    def _delete(self, doc_ids: Sequence[str]) -> None:
        for table in _DOC_TABLES + ("documents",):
            self.con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [list(doc_ids)])

    def _insert_records(self, docs: Sequence[tuple[str, Sequence[TaskRecord]]]) -> None:
        tasks, units, targets, deadlines = [], [], [], []
        for doc_id, records in docs:
            for seq, r in enumerate(records, 1):
                tasks.append([r.task_id, doc_id, seq, r.text, r.start, r.end, r.obligation,
                              list(r.section), r.point, r.source, r.ocr_confidence, r.ocr_page])
                units += [[r.task_id, doc_id, k, u.name, u.role, u.inherited, u.source, u.start, u.end]
                          for k, u in enumerate(r.units)]
                targets += [[r.task_id, doc_id, k, t.text, t.value, t.upper, t.measure, t.comparator,
                             t.indicator, t.start, t.end, t.canonical, t.period, t.period_end]
                            for k, t in enumerate(r.targets)]
                deadlines += [[r.task_id, doc_id, k, d.text, d.start_date, d.end_date, d.basis, d.start, d.end]
                              for k, d in enumerate(r.deadlines)]
        for table, rows in (("tasks", tasks), ("units", units), ("targets", targets),
                            ("deadlines", deadlines)):
            if rows:
                self._bulk_insert(table, rows)

    def _bulk_insert(self, table: str, rows: list[list]) -> None:
        """Insert many rows in one statement: each column goes in as one list parameter
        and is unnested (far faster than executemany, and no DataFrame to build)."""
        columns = self._columns(table)
        select = ", ".join(f"unnest(?::{kind}[])" for _, kind in columns)
        self.con.execute(f"INSERT INTO {table} ({', '.join(name for name, _ in columns)}) SELECT {select}",
                         [list(values) for values in zip(*rows, strict=False)])

    def _columns(self, table: str) -> list[tuple[str, str]]:
        """(name, type) of the columns of `table`, in order."""
        if table not in self._column_cache:
            rows = self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [table]).fetchall()
            self._column_cache[table] = [(name, kind) for name, kind in rows]
        return self._column_cache[table]

    def record_error(self, source: str, doc_id: str | None, kind: str, message: str) -> None:
        """Note a document that failed; what is stored for it is left as it was."""
        self._errors_possible = True
        self.con.execute("INSERT INTO errors VALUES (?, ?, ?, ?, ?)",
                         [source, doc_id, kind, message, dt.datetime.now()])

    def record_skipped(self, source: str, message: str) -> None:
        """Note a file a folder walk did not read (kind `skipped`), once per file however often it is seen."""
        self._errors_possible = True
        self.con.execute("DELETE FROM errors WHERE source = ? AND kind = 'skipped'", [source])
        self.con.execute("INSERT INTO errors VALUES (?, NULL, 'skipped', ?, ?)", [source, message, dt.datetime.now()])

    # --- reviews ------------------------------------------------------------
    def has_reviews_table(self) -> bool:
        """False only for a version-1 store opened read-only (asked once)."""
        if self._has_reviews_table is None:
            self._has_reviews_table = bool(self.con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'reviews'").fetchone()[0])
        return self._has_reviews_table

    def review_rows(self, doc_id: str | None = None) -> list[tuple]:
        """Rows of `reviews` (of one document) in REVIEW_COLUMNS order, oldest first."""
        if not self.has_reviews_table():
            return []
        where, args = ("WHERE doc_id = ?", [doc_id]) if doc_id else ("", [])
        return self.con.execute(f"SELECT {', '.join(REVIEW_COLUMNS)} FROM reviews {where} ORDER BY review_id",
                                args).fetchall()

    def reviewed_doc_ids(self) -> set[str]:
        """Documents with any review row (one query for a whole batch)."""
        if self._reviewed_docs is None:
            self._reviewed_docs = ({r[0] for r in self.con.execute("SELECT DISTINCT doc_id FROM reviews").fetchall()}
                                   if self.has_reviews_table() else set())
        return self._reviewed_docs

    def next_review_id(self) -> int:
        return (self.con.execute("SELECT max(review_id) FROM reviews").fetchone()[0] or 0) + 1

    def added_task_ids(self, doc_id: str) -> list[str]:
        """Ids of the tasks reviewers added to a document."""
        return [r[0] for r in self.con.execute(
            "SELECT DISTINCT task_id FROM reviews WHERE doc_id = ? AND action = 'add'", [doc_id]).fetchall()]

    def task_anchors(self, doc_id: str) -> dict[str, tuple[str, int, int]]:
        """task id → its text and offsets as extracted."""
        return {t: (text, s, e) for t, text, s, e in self.con.execute(
            "SELECT task_id, text, start_offset, end_offset FROM tasks WHERE doc_id = ?", [doc_id]).fetchall()}

    def task_counts(self) -> list[tuple[str, int]]:
        """(doc_id, number of extracted tasks) of every document, by id."""
        return self.con.execute("SELECT doc_id, n_tasks FROM documents ORDER BY doc_id").fetchall()

    def insert_reviews(self, rows: Sequence[tuple]) -> None:
        """Append review rows (REVIEW_COLUMNS order) in one transaction: all or none."""
        if not rows:
            return
        if self._reviewed_docs is not None:
            self._reviewed_docs.update(r[1] for r in rows)
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.executemany(f"INSERT INTO reviews ({', '.join(REVIEW_COLUMNS)}) "
                            f"VALUES ({', '.join('?' * len(REVIEW_COLUMNS))})", rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _place_reviews(self, doc_id: str, records: Sequence[TaskRecord]) -> tuple[int, int]:
        """Move a document's reviews onto its newly extracted `records` (inside `put_many`'s
        transaction). Returns (placed, unplaced) counts of reviewed tasks."""
        if doc_id not in self.reviewed_doc_ids():
            return 0, 0
        groups: dict[str, list[tuple]] = {}
        for r in self.review_rows(doc_id):
            groups.setdefault(r[2], []).append(r)
        anchors = {}
        for task_id, group in groups.items():
            first = next((r for r in group if r[10]), None)  # anchor_text
            if first is not None:
                anchors[task_id] = (first[10], first[11], first[12])
        added = {t for t, g in groups.items() if any(r[3] == "add" for r in g)}
        moves = match_anchors(anchors, records)
        by_id = {r.task_id: r for r in records}
        # old and new ids overlap (doc#5 may become doc#6 while doc#r1 becomes doc#5):
        # park every row under a temporary id first
        self.con.execute("UPDATE reviews SET task_id = ? || task_id WHERE doc_id = ?", [_PARKED, doc_id])
        placed = unplaced = 0
        for task_id in groups:
            parked = _PARKED + task_id
            target = moves.get(task_id)
            if target is not None:
                new = by_id[target]
                self.con.execute(
                    "UPDATE reviews SET task_id = ?, anchor_text = ?, anchor_start = ?, anchor_end = ?, "
                    "placed = true WHERE doc_id = ? AND task_id = ?",
                    [target, new.text, new.start, new.end, doc_id, parked])
                placed += 1
            else:
                # an added task the extractor still does not find stays an added task;
                # a reviewed extracted task that is gone is flagged for a person
                self.con.execute("UPDATE reviews SET task_id = ?, placed = ? WHERE doc_id = ? AND task_id = ?",
                                 [task_id, task_id in added, doc_id, parked])
                placed += task_id in added
                unplaced += task_id not in added
        return placed, unplaced

    # --- frames -------------------------------------------------------------
    def task_frame(self):
        """One row per task (units by role, targets and deadlines as lists), as a pandas DataFrame."""
        return self.con.execute(_TASK_FRAME).df()

    def table_frame(self, table: str):
        """A whole table (units, targets, deadlines, documents, errors, reviews) as a DataFrame."""
        if table == "reviews" and not self.has_reviews_table():
            return None
        return self.con.execute(_TABLE_FRAMES[table]).df()

    def write_parquet(self, frame, path: str | Path) -> None:
        """Write a DataFrame as Parquet with DuckDB (no pyarrow needed)."""
        self.con.register("export_rows", frame)
        try:
            target = str(path).replace("'", "''")
            self.con.execute(f"COPY export_rows TO '{target}' (FORMAT PARQUET)")
        finally:
            self.con.unregister("export_rows")


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
