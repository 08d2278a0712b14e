"""Many documents: inputs, workers, progress, per-document errors, store, resume.

`run_batch(inputs, options, sink)` expands files, directories (recursively),
globs and JSON Lines corpora into jobs; skips documents the store already holds
with the same content; extracts the rest in worker processes (each loads the
dictionaries once), a long document alone and short ones in batches; and hands
every result to the sink (the store, an output file, or both) in the main process,
which stores each batch of whole documents in one transaction. A document that
fails gives one line naming it and the problem, is recorded in the store's
`errors` table, and the batch goes on.

Memory stays bounded by the largest document, not by the corpus: inputs are
streamed, at most a few batches per worker are in flight, and a text file larger
than `LARGE_TEXT` bytes is read and extracted in paragraph-aligned chunks.
"""
from __future__ import annotations

import functools
import glob
import hashlib
import io
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .context import Context
from .errors import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL, AnalyzerError, UsageError, one_line
from .ingest import READERS, read_document, read_stdin
from .ingest.corpus import CorpusLineError, is_json_lines, iter_corpus, iter_corpus_lines
from .ingest.limits import Limits, sentence_ends
from .ingest.txt import iter_text_chunks
from .ingest.walk import Skipped, not_regular, walk_folder
from .pipeline import analyze_raw, analyze_text
from .store import DocumentRow, Store

DEFAULT_LIMITS = Limits()
LARGE_TEXT = 8 << 20  # bytes: text files above this are extracted in chunks
CHUNK_CHARS = 1 << 20  # characters per chunk of a large text file
# Small documents travel to a worker, and into the store, together: up to this size
# (characters of corpus lines, bytes of files) or this many documents. A worker call
# and a store transaction each cost about as much as extracting a short notice.
BATCH_SIZE = 16_000
BATCH_DOCS = 64
CORPUS_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class CorpusOptions:
    text_field: str | None = None
    id_field: str | None = None
    date_field: str | None = None


@dataclass(frozen=True)
class BatchOptions:
    workers: int = 1
    dask: str | None = None  # a scheduler address (tcp://host:8786), or "local" for a LocalCluster
    force: bool = False
    date: str | None = None  # --date for every document
    doc_id: str | None = None  # --doc-id (one document only)
    user_dicts: tuple[str, ...] = ()
    rules_only: bool = False  # --rules-only: the rules alone, without the shipped sentence model
    corpus: CorpusOptions = field(default_factory=CorpusOptions)
    progress: bool = True
    limits: Limits = field(default_factory=Limits)  # --max-chars, --max-sentences (ingest/limits.py)
    ocr: str = "auto"  # --ocr: auto | always | never (ingest/ocr.py)
    # standard input as a JSON Lines corpus: True (--jsonl), or None: when every line is a JSON object
    stdin_jsonl: bool | None = None
    follow_links: bool = False  # --follow-links: read links that lead out of a folder argument


@dataclass
class Job:
    """One document to extract: a file to read in the worker, or a corpus line's text."""

    source: str  # what the user would recognise: a path, or path#L<line>
    doc_id: str
    content_hash: str
    path: str | None = None
    raw: Any = None  # RawDocument for corpus lines
    size: int = 0  # characters of a corpus line, bytes of a file: the longest go to the workers first


@dataclass
class Failure:
    source: str
    doc_id: str | None
    kind: str
    message: str

    def line(self) -> str:
        return f"error: {self.message}"


@dataclass
class Outcome:
    """A document extracted: what the store keeps and the records."""

    job: Job
    document: Any  # records.Document without its big fields
    records: list
    warnings: list[str] = field(default_factory=list)
    text: str | None = None


@dataclass
class BatchSummary:
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    tasks: int = 0
    undated: int = 0  # documents with no date found and none given
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)  # files a folder walk did not read

    def line(self) -> str:
        parts = [f"{self.done} document(s) extracted", f"{self.tasks} task(s)"]
        if self.skipped:
            parts.append(f"{self.skipped} unchanged (skipped)")
        if self.failed:
            parts.append(f"{self.failed} failed")
        out = ", ".join(parts) + f" in {self.seconds:.1f}s"
        if self.unsupported:
            names = ", ".join(Path(u).name for u in self.unsupported[:5]) + (", …" if len(self.unsupported) > 5 else "")
            out += f"; skipped {len(self.unsupported)} file(s) of unsupported types: {names}"
        return out

    @property
    def exit_code(self) -> int:
        """All done (or unchanged), some failed, or nothing usable."""
        if not self.failed:
            return EXIT_OK
        return EXIT_NOTHING if self.done + self.skipped == 0 else EXIT_PARTIAL


# --- inputs ---------------------------------------------------------------------

# Markdown and extension-less files are read when named, but not picked up from a
# folder (READMEs and notes are not policy documents); nor are JSONL corpora (a
# folder may hold data files that are no corpus): name a corpus to read it.
NOT_FROM_FOLDERS = {"", ".md"} | set(CORPUS_SUFFIXES)


def supported_suffixes() -> set[str]:
    """Extensions picked up when walking a folder."""

    return set(READERS) - NOT_FROM_FOLDERS


def expand_inputs(inputs: Sequence[str], follow_links: bool = False) -> Iterator[tuple[str, Path | None, str | None]]:
    """(argument, path, id prefix root) for every file the arguments name.

    Directories are walked recursively (regular files of known types only, in sorted
    order: ingest/walk.py; what they hold besides is `skipped_in_folders`); globs are
    expanded here too, for shells that did not. A file named explicitly is always
    yielded, so that an unsupported type gets its clear error.
    """
    known = supported_suffixes()
    for arg in inputs:
        if arg == "-":
            yield arg, None, None
            continue
        p = Path(arg)
        if p.is_dir():
            for f in walk_folder(p, known, NOT_FROM_FOLDERS, follow_links):
                if not isinstance(f, Skipped):
                    yield arg, f, str(p)
        elif not p.exists() and any(ch in arg for ch in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield arg, p, None  # reported as missing
            for m in matches:
                if Path(m).is_file():
                    yield arg, Path(m), None
        else:
            yield arg, p, None


def skipped_in_folders(inputs: Sequence[str], follow_links: bool = False) -> list[Skipped]:
    """What the folder arguments hold that is not read, each with its reason (see ingest/walk.py), so that the
    run names them (one line each, or the summary for unsupported types) and the store's errors keep them."""
    known = supported_suffixes()
    return [f for arg in inputs if arg != "-" and Path(arg).is_dir()
            for f in walk_folder(arg, known, NOT_FROM_FOLDERS, follow_links) if isinstance(f, Skipped)]


def _doc_id_for(path: Path, root: str | None) -> str:
    """The file name without extension; under a directory argument, the path below it."""
    if root:
        rel = path.relative_to(root).with_suffix("")
        return rel.as_posix()
    return path.stem


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iter_jobs(inputs: Sequence[str], options: BatchOptions, stdin=None) -> Iterator[Job | Failure]:
    """Jobs for every document the inputs name, in order; failures for bad inputs."""

    seen: dict[str, int] = {}

    def unique(doc_id: str) -> str:
        n = seen.get(doc_id, 0) + 1
        seen[doc_id] = n
        return doc_id if n == 1 else f"{doc_id}#{n}"

    for _arg, path, root in expand_inputs(inputs, options.follow_links):
        if path is None:  # standard input
            data = (stdin if stdin is not None else sys.stdin.buffer).read()
            if stdin_is_corpus(data, options):
                yield from _corpus_jobs(iter_corpus_lines(io.BytesIO(data), "-", *_corpus_fields(options)),
                                        "-", unique)
                continue
            if options.corpus != CorpusOptions():
                raise UsageError(f"{_corpus_flags(options)}: standard input is not JSON Lines",
                                 hint="pipe one JSON object per line, or leave the corpus options out")
            try:
                raw = read_stdin(io.BytesIO(data))
            except AnalyzerError as err:
                yield Failure("-", options.doc_id or "stdin", type(err).__name__, err.line())
                continue
            raw.path = "-"
            yield Job("-", unique(options.doc_id or "stdin"), text_hash(raw.text), raw=raw, size=len(raw.text))
            continue
        if path.suffix.lower() in CORPUS_SUFFIXES:

            if not path.is_file():
                yield Failure(str(path), None, "InputError", f"{path}: no such file")
                continue
            yield from _corpus_jobs(iter_corpus(path, *_corpus_fields(options)), str(path), unique)
            continue
        doc_id = unique(options.doc_id or _doc_id_for(path, root))
        try:
            kind = not_regular(path.stat().st_mode)  # (a FIFO named x.txt: reading it would wait forever)
            if kind:
                yield Failure(str(path), doc_id, "InputError", f"{path}: not a regular file ({kind}): only regular "
                              "files are read")
                continue
            digest, size = file_hash(path), path.stat().st_size
        except FileNotFoundError:
            yield Failure(str(path), doc_id, "InputError", f"{path}: no such file")
            continue
        except IsADirectoryError:
            yield Failure(str(path), doc_id, "InputError", f"{path}: is a directory")
            continue
        except OSError as err:
            yield Failure(str(path), doc_id, "InputError", f"{path}: cannot read: {err.strerror}")
            continue
        yield Job(str(path), doc_id, digest, path=str(path), size=size)


def _corpus_jobs(items, name: str, unique: Callable[[str], str]) -> Iterator[Job | Failure]:
    for item in items:
        if isinstance(item, CorpusLineError):
            yield Failure(f"{item.path}#L{item.line}", None, "CorpusLineError", str(item))
            continue
        yield Job(item.path or name, unique(item.doc_id), text_hash(item.text), raw=item, size=len(item.text))


def _corpus_fields(options: BatchOptions) -> tuple[str | None, str | None, str | None]:
    c = options.corpus
    return c.text_field, c.id_field, c.date_field


def _corpus_flags(options: BatchOptions) -> str:
    """The corpus options given, as the user typed them (--id-field, --date-field)."""
    c = options.corpus
    given = [flag for flag, value in (("--text-field", c.text_field), ("--id-field", c.id_field),
                                      ("--date-field", c.date_field)) if value]
    return " and ".join(given) + (" applies" if len(given) == 1 else " apply") + " to JSON Lines corpora only"


def check_corpus_options(inputs: Sequence[str], options: BatchOptions) -> None:
    """Refuse corpus options (--id-field …) when no input can be a corpus: they would be ignored silently."""
    if options.corpus == CorpusOptions():
        return
    if any(a == "-" or Path(a).suffix.lower() in CORPUS_SUFFIXES for a in inputs):
        return  # (standard input is checked when it is read)
    raise UsageError(_corpus_flags(options),
                     hint="give a .jsonl file, or pipe JSON Lines to '-': one object per line, or --jsonl")


def _holds_many(arg: str) -> bool:
    """A folder or a JSON Lines corpus: more than one document behind one argument."""
    path = Path(arg)
    return path.is_dir() or path.suffix.lower() in CORPUS_SUFFIXES


def stdin_is_corpus(data: bytes, options: BatchOptions) -> bool:
    """Standard input is a JSON Lines corpus when --jsonl says so, or when every line is a JSON object."""
    return bool(options.stdin_jsonl) or (options.stdin_jsonl is None and is_json_lines(data))


def count_jobs(inputs: Sequence[str], options: BatchOptions | None = None, stdin: bytes | None = None) -> int:
    """How many documents the inputs hold (corpus lines counted), for the progress bar; standard
    input (`stdin`: its bytes, read once) counts its lines when it is a corpus."""
    n = 0
    for _arg, path, _ in expand_inputs(inputs, (options or BatchOptions()).follow_links):
        if path is None:
            corpus = stdin and stdin_is_corpus(stdin, options or BatchOptions())
            n += sum(1 for line in stdin.splitlines() if line.strip()) if corpus else 1
        elif path.suffix.lower() in CORPUS_SUFFIXES and path.is_file():
            with path.open("rb") as fh:
                n += sum(1 for line in fh if line.strip())
        else:
            n += 1
    return n


# --- extraction (in the worker) ---------------------------------------------------

@functools.lru_cache(maxsize=4)
def worker_context(user_dicts: tuple[str, ...], rules_only: bool = False) -> Context:
    """This process's context for these user dictionaries, made once (a worker keeps it
    for every batch it is sent; forked workers inherit the parent's)."""
    ctx = Context.create(user_dicts, rules_only)
    ctx.segmenter.tokenizer  # noqa: B018 - load the dictionaries now, not on the first document
    return ctx


def extract_job(job: Job, date: str | None, context: Context, limits: Limits = DEFAULT_LIMITS,
                ocr: str = "auto") -> Outcome | Failure:
    """Read and extract one job; never raises for a bad document (one beyond `limits` is a Failure)."""

    try:
        if job.path is not None:
            limits.check_package(Path(job.path))  # before a parser unpacks a bomb
        if job.path is not None and _is_large_text(job.path):
            return _extract_large_text(job, date, context, limits)
        raw = job.raw if job.raw is not None else read_document(job.path, ocr=ocr)
        limits.check_text(raw.text, job.source)
        analysis = analyze_raw(raw, job.doc_id, date=date, context=context)
    except AnalyzerError as err:
        line = err.line() if err.path else f"{job.source}: {err.line()}"
        return Failure(job.source, job.doc_id, type(err).__name__, line)
    except MemoryError:
        return Failure(job.source, job.doc_id, "MemoryError", f"{job.source}: too large to extract")
    except Exception as err:  # a bug must not stop the batch: name it and go on
        return Failure(job.source, job.doc_id, type(err).__name__,
                       f"{job.source}: unexpected error: {type(err).__name__}: {err}")
    doc = analysis.document
    return Outcome(job, _doc_summary(doc), analysis.records,
                   list(doc.metadata.get("warnings", [])), doc.text)


def extract_jobs(jobs: Sequence[Job], date: str | None, user_dicts: tuple[str, ...] = (),
                 rules_only: bool = False, limits: Limits = DEFAULT_LIMITS, ocr: str = "auto") -> list[Outcome | Failure]:
    """`extract_job` for each of a batch of jobs, in order (one call to a worker, which
    makes its context on its first batch: a process pool's or a Dask cluster's alike)."""
    context = worker_context(user_dicts, rules_only)
    return [extract_job(job, date, context, limits, ocr) for job in jobs]


def batches(jobs: Iterator[Job], size: int | None = None, docs: int | None = None) -> Iterator[list[Job]]:
    """Consecutive jobs grouped until they reach `size` together or number `docs`
    (default `BATCH_SIZE`, `BATCH_DOCS`): a long document goes alone, short ones go a
    few dozen at a time."""
    size = BATCH_SIZE if size is None else size
    docs = BATCH_DOCS if docs is None else docs
    batch: list[Job] = []
    total = 0
    for job in jobs:
        batch.append(job)
        total += job.size
        if total >= size or len(batch) >= docs:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def _doc_summary(doc) -> dict[str, Any]:
    meta = {k: v for k, v in doc.metadata.items() if k != "warnings"}
    return {"doc_id": doc.doc_id, "title": meta.get("title"), "date": doc.date,
            "date_source": doc.date_source, "encoding": doc.encoding, "metadata": meta, "kind": doc.kind}


def _is_large_text(path: str) -> bool:
    p = Path(path)
    try:
        return p.suffix.lower() in (".txt", ".text", "") and p.stat().st_size > LARGE_TEXT
    except OSError:
        return False


def _extract_large_text(job: Job, date: str | None, context: Context, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """A huge text file, read and extracted in paragraph-aligned chunks (memory bounded).

    Sections and points do not carry over from one chunk to the next; offsets are
    of the whole normalised text. The text itself is not kept in the store.
    """
    from dataclasses import replace


    records: list = []
    base = 0
    doc_date, date_source, encoding = date, "given" if date else "none", None
    chars = sentences = 0
    for chunk, encoding in iter_text_chunks(Path(job.path), CHUNK_CHARS):
        chars, sentences = chars + len(chunk), sentences + sentence_ends(chunk)
        limits.check_counts(chars, sentences, job.source)  # counted as read, before the chunk is extracted
        analysis = analyze_text(chunk, job.doc_id, date=doc_date, path=job.path, encoding=encoding,
                                context=context)
        if doc_date is None and analysis.document.date:  # the date found in the opening chunk
            doc_date, date_source = analysis.document.date, "text"
            analysis = analyze_text(chunk, job.doc_id, date=doc_date, path=job.path, encoding=encoding,
                                    context=context)
        for r in analysis.records:
            records.append(replace(
                r, task_id=f"{job.doc_id}#{len(records) + 1}", start=r.start + base, end=r.end + base,
                units=tuple(replace(u, start=u.start + base, end=u.end + base) for u in r.units),
                targets=tuple(replace(t, start=t.start + base, end=t.end + base) for t in r.targets),
                deadlines=tuple(replace(d, start=d.start + base, end=d.end + base)
                                for d in r.deadlines),
                doc_date_source=date_source))
        base += len(analysis.document.text)
    summary = {"doc_id": job.doc_id, "title": None, "date": doc_date, "date_source": date_source,
               "encoding": encoding, "metadata": {"chunked": True}}
    return Outcome(job, summary, records, ["large file: extracted in chunks; its text is not stored"])


# --- the run ----------------------------------------------------------------------

def _row_of(o: Outcome) -> tuple[DocumentRow, list, str | None]:
    d = o.document
    return (DocumentRow(d["doc_id"], o.job.source, o.job.content_hash, d["title"], d["date"], d["date_source"],
                        d["encoding"], d["metadata"], d.get("kind")), o.records, o.text)


class Sink:
    """Where results go: the store and/or a record writer. Runs in the main process."""

    def __init__(self, store=None, writer=None):
        self.store, self.writer = store, writer
        self._pending: list[Outcome] = []
        self.unstored: list[tuple[Outcome, Exception]] = []

    @property
    def ordered(self) -> bool:
        """Whether results must come in input order: for an output file, yes (the same
        file for any number of workers); a store alone takes them as they come."""
        return self.writer is not None

    def known(self) -> dict[str, str]:
        return self.store.hashes() if self.store is not None else {}

    def done(self, outcome: Outcome) -> None:
        """A document extracted: its records go to the writer now, and to the store with
        the rest of its batch (`flush`)."""
        if self.store is not None:
            self._pending.append(outcome)
        if self.writer is not None:
            self.writer.write(outcome.records)

    def flush(self) -> list[str]:
        """Store the documents handed on since the last flush, in one transaction (whole
        documents: all or none); warnings for documents whose reviewed tasks were not
        found again."""

        pending, self._pending = self._pending, []
        if self.store is None or not pending:
            return []
        try:
            lost = self.store.put_many([_row_of(o) for o in pending])
        except Exception as err:
            if len(pending) == 1:
                self.unstored.append((pending[0], err))
                return []
            # one member beyond what a transaction holds (DuckDB's memory limit) must not take the rest of its
            # batch down: each alone, and the one that still fails is that document's error
            lines: list[str] = []
            for o in pending:
                self._pending = [o]
                lines += self.flush()
            return lines
        return [f"warning: {o.job.source}: {n} reviewed task(s) not found again in the new extraction; "
                "their reviews are kept (see `policy-analyzer review status`)" for o, n in zip(pending, lost, strict=False) if n]

    def take_unstored(self) -> list[tuple[Outcome, Exception]]:
        """Documents extracted but not stored (each with its error), since the last call."""
        out, self.unstored = self.unstored, []
        return out

    def stored(self, doc_id: str) -> None:
        """A document skipped as unchanged: the writer gets its stored records, so that a re-run's output
        file holds every document it names (not only the ones that changed)."""
        if self.writer is not None and self.store is not None:
            self.writer.write(self.store.records(doc_id))

    def failed(self, failure: Failure) -> None:
        if self.store is not None:
            self.store.record_error(failure.source, failure.doc_id, failure.kind, failure.message)

    def skipped(self, skipped: Skipped) -> None:
        if self.store is not None:
            self.store.record_skipped(str(skipped.path), f"skipped: {skipped.reason}")


def run_batch(inputs: Sequence[str], options: BatchOptions, sink: Sink,
              echo: Callable[[str], None] = lambda s: print(s, file=sys.stderr),
              stdin=None) -> BatchSummary:
    """Extract every document the inputs name; see the module docstring."""
    if options.doc_id and (len(inputs) > 1 or _holds_many(inputs[0])):
        raise UsageError("--doc-id names one document; give one file",
                         hint="a folder or a JSON Lines corpus names its documents itself (--id-field for a corpus)")
    check_corpus_options(inputs, options)
    summary = BatchSummary()
    started = time.perf_counter()
    for skipped in skipped_in_folders(inputs, options.follow_links):
        sink.skipped(skipped)
        if skipped.unsupported:
            summary.unsupported.append(str(skipped.path))
        else:
            echo(one_line(f"skipped: {skipped.path}: {skipped.reason}"))
    known = {} if options.force else sink.known()
    if "-" in inputs:  # read once: whether it is one document or a corpus decides the count
        stdin = io.BytesIO((stdin if stdin is not None else sys.stdin.buffer).read())
    total = count_jobs(inputs, options, stdin.getvalue() if isinstance(stdin, io.BytesIO) else None)
    bar = _progress(total, options.progress)
    workers = min(options.workers, total or 1)

    # Unchanged documents (skipped) still reach an output file, in input order: each waits for the
    # document before it (results come in input order when there is a writer, Sink.ordered).
    stored_after: dict[str | None, list[str]] = {}
    last_job: list[str | None] = [None]

    def write_stored(after: str | None) -> None:
        for doc_id in stored_after.pop(after, ()):
            sink.stored(doc_id)

    def finish(result: Outcome | Failure) -> None:
        finish_one(result)
        write_stored(result.job.doc_id if isinstance(result, Outcome) else result.doc_id)

    def finish_one(result: Outcome | Failure) -> None:
        if isinstance(result, Failure):
            summary.failed += 1
            summary.failures.append(result)
            sink.failed(result)
            _write_line(bar, echo, result.line())
        else:
            sink.done(result)
            for w in result.warnings:
                _write_line(bar, echo, f"warning: {result.job.source}: {w}")
            summary.done += 1
            summary.tasks += len(result.records)
            summary.undated += result.document["date"] is None
        _advance(bar, summary)

    def finish_batch(results: Sequence[Outcome | Failure]) -> None:
        for result in results:
            finish(result)
        for line in sink.flush():
            _write_line(bar, echo, line)
        for outcome, err in sink.take_unstored():  # extracted, but the store could not take it: its error
            summary.done -= 1
            summary.tasks -= len(outcome.records)
            finish_one(Failure(outcome.job.source, outcome.job.doc_id, "StoreError",
                               f"{outcome.job.source}: could not be stored ({type(err).__name__}: "
                               f"{str(err).splitlines()[0] if str(err) else ''}); the other documents are stored"))

    def jobs() -> Iterator[Job]:
        for item in iter_jobs(inputs, options, stdin):
            summary.total += 1
            if isinstance(item, Failure):
                finish(item)
            elif known.get(item.doc_id) == item.content_hash:
                summary.skipped += 1
                if last_job[0] is None:
                    sink.stored(item.doc_id)  # nothing before it is still being extracted
                else:
                    stored_after.setdefault(last_job[0], []).append(item.doc_id)
                _advance(bar, summary)
            else:
                last_job[0] = item.doc_id
                yield item

    try:
        if options.dask:
            _run_dask(batches(jobs()), options, finish_batch, sink.ordered)
        elif workers <= 1:
            for batch in batches(jobs()):
                finish_batch(extract_jobs(batch, options.date, options.user_dicts, options.rules_only, options.limits,
                                          options.ocr))
        else:
            _run_parallel(batches(jobs()), workers, options, finish_batch, sink.ordered)
        for after in list(stored_after):  # any left (a document whose result never came): in order
            write_stored(after)
    finally:
        if bar is not None:
            bar.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _run_parallel(jobs: Iterator[list[Job]], workers: int, options: BatchOptions, finish,
                  ordered: bool) -> None:
    """Workers load dictionaries once; results are handed on as `_schedule` says.

    Forked workers inherit the dictionaries this process loads before the first
    document goes out (once, instead of once per worker while the others wait).
    (Letting this process extract too, with one worker fewer, was slower: 3.3 s
    against 3.0 s over the national reports with 2 workers.)"""
    import itertools
    import multiprocessing as mp

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
    jobs = iter(jobs)
    first = next(jobs, None)
    if first is None:
        return  # nothing to extract (all unchanged): no workers, no dictionaries
    jobs = itertools.chain([first], jobs)
    if ctx.get_start_method() == "fork":
        worker_context(options.user_dicts, options.rules_only)
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_start,
                               initargs=(options.user_dicts, options.rules_only))
    try:
        _schedule(jobs, lambda batch: pool.submit(extract_jobs, batch, options.date, options.user_dicts,
                                                  options.rules_only, options.limits, options.ocr),
                  2 * workers, finish, ordered=ordered)
    except BaseException:
        # interrupted (Ctrl-C, SIGTERM) or failed: the workers stop now, not after their batches; what the
        # store holds is whole (nothing of an unfinished batch was written)
        processes = list((getattr(pool, "_processes", None) or {}).values())  # (shutdown forgets them)
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        raise
    pool.shutdown(wait=True)


def _worker_start(user_dicts: tuple[str, ...], rules_only: bool) -> None:
    """A worker's start: it dies with the batch's process, whatever ends that (a kill -9 included), then
    loads its dictionaries."""
    import signal

    # a forked worker inherits the CLI's handlers, which raise KeyboardInterrupt: the batch's process decides
    # what an interrupt means and ends the workers itself (SIGTERM, at its default, ends one quietly)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()
    worker_context(user_dicts, rules_only)


def die_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when its parent ends (prctl PR_SET_PDEATHSIG); elsewhere the pool's
    own shutdown ends the workers."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):  # no glibc (musl, a sandbox): the pool's shutdown still ends them
        return
    if os.getppid() == 1:  # the parent was gone before the call took effect
        os._exit(1)


def _schedule(jobs: Iterator[list[Job]], submit, window: int, finish, *, ordered: bool = True,
              release=lambda fut: None) -> None:
    """Keep `window` batches of jobs running on the workers (process pool or Dask) and
    hand each batch's results to `finish`: in input order when `ordered` (output files are then the same
    for any number of workers), else as soon as it is ready (a store does not care,
    and the writer keeps pace instead of catching up at the end).

    Up to 2 × `window` batches wait to be sent. A free worker gets the oldest batch when
    it has not been sent yet, otherwise the largest one waiting: long documents start
    early, and the batch does not end with one worker on a long document while the
    others idle (the national reports end with their two longest, 1955 and 1954). In
    input order, up to 8 × `window` results that finish before the oldest wait while
    the workers go on, so a long document does not leave the others idle either.
    """
    queue = _Queue(iter(jobs), submit, window)
    while queue.top_up():
        entry = queue.ready(ordered)
        if entry is None:
            queue.wait()
            continue
        result = _outcome(entry)
        release(entry[1])
        finish(result)


class _Queue:
    """Batches read and not yet handed on: sent (with their future), done, or waiting to be sent."""

    def __init__(self, jobs: Iterator[list[Job]], submit, window: int):
        self.jobs, self.submit, self.window = jobs, submit, window
        self.buffer = 8 * window  # batches read and not yet handed on
        self.read_ahead = 2 * window  # batches waiting to be sent (a corpus line holds its text in memory)
        self.entries: list[list] = []  # [batch, future or None until sent], in input order
        self.exhausted = False

    def top_up(self) -> bool:
        """Read batches and send them to free workers; False when everything is handed on."""
        waiting = [entry for entry in self.entries if entry[1] is None]
        while not self.exhausted and len(self.entries) < self.buffer and len(waiting) < self.read_ahead:
            batch = next(self.jobs, None)
            self.exhausted = batch is None
            if batch is not None:
                self.entries.append([batch, None])
                waiting.append(self.entries[-1])
        running = sum(fut is not None and not fut.done() for _, fut in self.entries)
        while waiting and running < self.window:
            oldest = waiting[0] is self.entries[0]
            entry = waiting[0] if oldest else max(waiting, key=lambda e: sum(j.size for j in e[0]))
            waiting = [e for e in waiting if e is not entry]
            entry[1] = self.submit(entry[0])
            running += 1
        return bool(self.entries)

    def ready(self, ordered: bool) -> list | None:
        """The next entry to hand on (the oldest, when `ordered`), if its batch is done."""
        candidates = self.entries[:1] if ordered else self.entries
        k = next((k for k, (_, fut) in enumerate(candidates) if fut is not None and fut.done()), None)
        return None if k is None else self.entries.pop(k)

    def wait(self) -> None:
        """Wait a little for a batch still running (not merely sent: in input order, later
        results may be done while the oldest waits for a free worker, and waiting on a done
        one would spin)."""
        busy = next((fut for _, fut in self.entries if fut is not None and not fut.done()), None)
        try:
            if busy is not None:
                busy.result(timeout=0.05)
        except Exception:  # noqa: BLE001 - a timeout; or its failure, reported in its turn
            pass


def _outcome(entry: list) -> list[Outcome | Failure]:
    batch, fut = entry
    try:
        return fut.result()
    except Exception as err:  # a worker died (killed, out of memory) or the task could not run
        return [Failure(job.source, job.doc_id, type(err).__name__,
                        f"{job.source}: worker failed: {type(err).__name__}: {err}") for job in batch]


def _run_dask(jobs: Iterator[list[Job]], options: BatchOptions, finish, ordered: bool) -> None:
    """The batch on a Dask distributed cluster: workers read the files (their paths must
    resolve there: shared storage) and extract, a batch of documents per task; this
    process writes the results (in input order for an output file), whole documents
    per transaction — progress, errors and resume as locally."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--dask needs Dask", hint="pip install 'policy-analyzer[dask]'") from None
    cluster = None
    if options.dask == "local":
        cluster = LocalCluster(n_workers=max(1, options.workers), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(options.dask, timeout="20s")
        except OSError as err:
            raise UsageError(f"cannot reach the Dask scheduler {options.dask}: {err}") from None
    try:
        # pure=False: the same document submitted twice is extracted twice
        _schedule(jobs, lambda batch: client.submit(extract_jobs, batch, options.date,
                                                    options.user_dicts, options.rules_only, options.limits,
                                                    options.ocr, pure=False),
                  2 * max(1, sum(client.nthreads().values())), finish, ordered=ordered,
                  release=lambda fut: fut.release())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _progress(total: int | None, enabled: bool):
    """A progress bar on standard error, only when it is a terminal."""
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def _advance(bar, summary: BatchSummary) -> None:
    if bar is not None:
        bar.set_postfix(tasks=summary.tasks, errors=summary.failed, skipped=summary.skipped, refresh=False)
        bar.update(1)


def _write_line(bar, echo, line: str) -> None:
    line = one_line(line)
    if bar is not None:
        bar.write(line, file=sys.stderr)
    else:
        echo(line)


def extract_files(inputs: Sequence[str], db: str | None = None, *, workers: int = 1, force: bool = False,
            date: str | None = None, text_field: str | None = None, id_field: str | None = None,
            date_field: str | None = None, user_dicts: Sequence[str] = (), rules_only: bool = False,
            echo: Callable[[str], None] = lambda s: None) -> BatchSummary:
    """The `extract` command as a function: inputs (files, folders, globs, corpora) into a store."""

    options = BatchOptions(workers=workers, force=force, date=date, user_dicts=tuple(user_dicts),
                           rules_only=rules_only, corpus=CorpusOptions(text_field, id_field, date_field), progress=False)
    if db is None:
        return run_batch(inputs, options, Sink(), echo=echo)
    with Store(db) as store:
        return run_batch(inputs, options, Sink(store), echo=echo)
