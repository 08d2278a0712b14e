"""The command line: a thin layer over the Python API (analyzer.pipeline, analyzer.evaluate).

Exit codes: 0 all documents done; 3 some documents failed (each named on stderr);
2 nothing usable (every document failed); 1 usage error; 130 interrupted (cli_base).

Each command imports the API it calls inside its body (lazy: `policy-analyzer --help`
must not load jieba, pandas or DuckDB); errors reach the user through
`cli_base.reports_errors`, one line and an exit code, the same for every command.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from .cli_base import _Group, format_option, reports_errors
from .errors import EXIT_USAGE, AnalyzerError
from .rules.kinds import KINDS


def _check_date(ctx, param, value):
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(None, "-V", "--version", package_name="policy-analyzer", message="policy-analyzer %(version)s")
def main() -> None:
    """Extract task records (what, who, targets, deadlines) from Chinese policy documents."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Store documents, task records and errors in this DuckDB file (re-runs skip unchanged documents).")
@click.option("--force", is_flag=True, help="With --db: extract documents again even when unchanged.")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=None,
              help="Parallel worker processes (default: the number of CPUs).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for a LocalCluster.")
@click.option("--doc-id", help="Document id (one document only); default: the file name without extension.")
@click.option("--date", callback=_check_date, metavar="YYYY-MM-DD",
              help="Document date that deadlines are read against; overrides the date found in the text.")
@format_option(("jsonl", "csv", "table"), default="jsonl")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Write records to FILE ('-' standard output). Default: standard output, or nothing with --db.")
@click.option("--text-field", help="JSONL corpora: the field holding the text (default: content, else text).")
@click.option("--id-field", help="JSONL corpora: the field naming the document (default: id, doc_id, title, line number).")
@click.option("--date-field", help="JSONL corpora: the field holding the document date.")
@click.option("--max-chars", type=click.IntRange(min=1), default=None, metavar="N",
              help="Refuse a document of more characters than this (default 5,000,000; no policy document comes near).")
@click.option("--max-sentences", type=click.IntRange(min=1), default=None, metavar="N",
              help="Refuse a document of more sentences than this (default 200,000).")
@click.option("--ocr", "ocr", type=click.Choice(("auto", "always", "never")), default="auto", show_default=True,
              help="Scans and images (the ocr extra): auto OCRs PDFs without a text layer, always every PDF page, "
                   "never none (a scan stays an error).")
@click.option("--follow-links", is_flag=True,
              help="Folders: read symbolic links that lead out of the folder (they are named and skipped otherwise).")
@click.option("--jsonl", "stdin_jsonl", is_flag=True, default=None,
              help="Read standard input ('-') as a JSON Lines corpus, one document per line "
                   "(default: when every line is a JSON object).")
@click.option("--user-dict", "user_dicts", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="A jieba dictionary of your own words (word [freq] [tag]; tag nt = a unit). Repeatable.")
@click.option("--rules-only", is_flag=True,
              help="Decide task sentences by the rules alone, without the shipped sentence model "
                   "(with --db, add --force to redo documents stored the other way).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, notes or summary on standard error.")
@reports_errors
def extract(inputs, db_path, force, workers, dask_address, doc_id, date, fmt, output, text_field, id_field,
            date_field, max_chars, max_sentences, ocr, follow_links, stdin_jsonl, user_dicts, rules_only,
            quiet) -> None:
    """Extract task records from files, directories, globs and JSONL corpora ('-' reads standard input).

    Records are JSON Lines by default (docs/output-contract.md). A document that
    fails gets one line on standard error and the rest go on. Exit codes: 0 all
    done, 3 some documents failed, 2 none usable, 1 usage error.
    """
    from .batch import BatchOptions, CorpusOptions, Sink, run_batch
    from .export import RecordWriter

    options = BatchOptions(
        workers=workers or os.cpu_count() or 1, dask=dask_address, force=force, date=date, doc_id=doc_id,
        user_dicts=tuple(user_dicts), rules_only=rules_only, corpus=CorpusOptions(text_field, id_field, date_field),
        progress=not quiet, stdin_jsonl=stdin_jsonl or None, follow_links=follow_links,
        limits=_limits(max_chars, max_sentences), ocr=ocr)
    if output is None:
        output = None if db_path else "-"
    with contextlib.ExitStack() as stack:
        store = None
        if db_path:
            from .store import Store

            store = stack.enter_context(Store(db_path))
        out = None
        if output == "-":
            out = _stdout()
            stack.callback(out.flush)
        elif output:
            from .export.files import atomic_open

            out = stack.enter_context(atomic_open(output))  # in place only when the run completes
        sink = Sink(store, RecordWriter(out, fmt) if out else None)
        summary = run_batch(inputs, options, sink, echo=lambda s: click.echo(s, err=True))
    if not quiet:
        click.echo(summary.line(), err=True)
        if summary.undated:
            click.echo(f"note: {summary.undated} document(s) had no date in the text and no --date: "
                       "relative deadlines (今年, 年底前) were left without dates", err=True)
    sys.exit(summary.exit_code)


def _limits(max_chars: int | None, max_sentences: int | None):
    from dataclasses import replace

    from .ingest.limits import Limits

    given = {k: v for k, v in (("max_chars", max_chars), ("max_sentences", max_sentences)) if v}
    return replace(Limits(), **given)


def _stdout():
    """Standard output as UTF-8 whatever the locale: Chinese must come out as characters."""
    out = sys.stdout
    if (getattr(out, "encoding", "") or "").lower().replace("-", "") != "utf8":
        with contextlib.suppress(AttributeError, ValueError):  # not a reconfigurable stream
            out.reconfigure(encoding="utf-8")
    return out


@main.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, exists=True),
              help="The DuckDB store written by `extract --db`.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write: .xlsx, .csv, .jsonl or .parquet.")
@format_option(("xlsx", "csv", "jsonl", "parquet"), when_none="the extension of -o")
@click.option("--doc", "docs", multiple=True, metavar="ID", help="Only these documents (ids or glob patterns). Repeatable.")
@click.option("--unit", help="Only tasks that name this unit (or a name containing it).")
@click.option("--since", callback=_check_date, metavar="YYYY-MM-DD", help="Only documents dated on or after this day.")
@click.option("--until", callback=_check_date, metavar="YYYY-MM-DD", help="Only documents dated on or before this day.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Only documents of this kind (report, plan, measures, notice …). Repeatable.")
@click.option("--sheet-per-document", is_flag=True,
              help="xlsx: one sheet per document instead of one sheet with a 文件 column.")
@click.option("--extracted", is_flag=True,
              help="What the extractor produced, without reviewers' decisions (default: as reviewed, "
                   "saying which values were reviewed).")
@click.option("--columns", default="备注", show_default=True, metavar="NAMES",
              help="xlsx: blank columns for the clerk, comma-separated: 备注, 进展情况, 完成情况 "
                   "(empty for none).")
@click.option("--prepared-by", metavar="UNIT", help="xlsx: the 制表单位 named in the title block.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")
@reports_errors
def export(db_path, output, fmt, docs, unit, since, until, kinds, sheet_per_document, extracted, columns,
           prepared_by, quiet) -> None:
    """Export task records from a store: the 任务分解表 workbook, CSV, JSON Lines or Parquet."""
    from .export.store_export import ExportFilter, export_store
    from .store import Store

    with Store(db_path, read_only=True) as store:
        n = export_store(store, output, fmt, ExportFilter(tuple(docs), unit, since, until, tuple(kinds)),
                         sheet_per_document, reviewed=not extracted,
                         columns=[c.strip() for c in re.split(r"[,，、]", columns) if c.strip()],
                         prepared_by=prepared_by)
    if not quiet:
        click.echo(f"{n} task(s) written to {output}", err=True)


def _align_options(pair_level, part_level, review_level=None, model_path=None):
    from .compare import AlignOptions

    return AlignOptions(pair_level, part_level, review_level, model_path)


_level = click.FloatRange(0, 1)
_align_flags = [
    click.option("--pair-level", "--threshold", "pair_level", type=_level, default=None,
                 help="Least pair probability for two tasks to be the same task (default: the model's calibrated level)."),
    click.option("--part-level", "--split-threshold", "part_level", type=_level, default=None,
                 help="Least pair probability for a task to join a split or merge (default: the model's)."),
    click.option("--review-level", type=_level, default=None,
                 help="Rows less sure than this are marked 待核, to check (default: the model's calibrated level)."),
    click.option("--model", "model_path", type=click.Path(dir_okay=False, exists=True),
                 help="An aligner trained with train-aligner -o FILE (default: the shipped one)."),
    click.option("--aliases", "alias_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Your own unit aliases ('canonical: alias, alias' per line). Repeatable."),
    format_option(("table", "jsonl", "csv", "xlsx"), when_none="the extension of -o, else table"),
    click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
                 help="Write the tables to FILE."),
    click.option("--report", "report_path", type=click.Path(dir_okay=False),
                 help="Also write a self-contained HTML page with charts."),
]


def _with(flags):
    def deco(f):
        for flag in reversed(flags):
            f = flag(f)
        return f
    return deco


@main.command()
@click.argument("left", required=False)
@click.argument("right", required=False)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, exists=True), help="The store holding the documents.")
@click.option("--left-where", multiple=True, metavar="FIELD=VALUE",
              help="Select the left documents in the store (year=2019, title~=决议). Repeatable: all must hold.")
@click.option("--right-where", multiple=True, metavar="FIELD=VALUE", help="Select the right documents in the store.")
@click.option("--date", callback=_check_date, metavar="YYYY-MM-DD", help="Document date for files extracted on the fly.")
@_with(_align_flags)
@reports_errors
def compare(left, right, db_path, left_where, right_where, date, pair_level, part_level, review_level, model_path,
            alias_files, fmt, output, report_path) -> None:
    """Compare tasks of two documents (or groups): continued, new, dropped, split, merged, and what changed.

    LEFT and RIGHT are files, or document ids / glob patterns in the store (--db),
    several joined by commas; or use --left-where/--right-where selectors.
    """
    from .compare import compare as run_compare
    from .export.comparison import write_comparison
    from .select import resolve_side
    from .units_canonical import UnitNames

    store = None
    try:
        if db_path:
            from .store import Store

            store = Store(db_path, read_only=True)
        names = UnitNames(alias_files)
        (llabel, lrecs), (rlabel, rrecs) = (resolve_side(left, left_where, store, date),
                                            resolve_side(right, right_where, store, date))
        result = run_compare(lrecs, rrecs, _align_options(pair_level, part_level, review_level, model_path), names)
        write_comparison(result, output, fmt, llabel, rlabel)
        if report_path:
            from .export.files import write_text_atomic
            from .report import comparison_page

            write_text_atomic(report_path, comparison_page(result, lrecs, rrecs, llabel, rlabel, names))
    finally:
        if store is not None:
            store.close()
    from .export.comparison import STATUS_ZH

    counts = result.counts()
    to_check = sum(r.to_check for r in result.rows)
    click.echo(f"{llabel} → {rlabel}: " + "，".join(f"{STATUS_ZH[k]} {counts[k]}" for k in counts)
               + f"；待核 {to_check} 行", err=True)


@main.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, exists=True), help="The store.")
@click.option("--where", multiple=True, metavar="FIELD=VALUE",
              help="Only documents passing these selectors (year>=2013, title~=决议). Repeatable: all must hold.")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="Only documents of this kind (report, resolution, speech, plan, …; 'all' for every kind). "
                   "Default: the most common kind among the selected documents.")
@click.option("--by", type=click.Choice(["document", "year"]), default="document", show_default=True,
              help="A step per document, or per year (documents of a year together).")
@click.option("--indicator", "indicators", multiple=True, help="Indicators whose targets to chart (default: the most frequent).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or notes on standard error.")
@_with(_align_flags)
@reports_errors
def series(db_path, where, kinds, by, indicators, quiet, pair_level, part_level, review_level, model_path,
           alias_files, fmt, output, report_path) -> None:
    """Follow documents in date order: new/continued/dropped per step, target trajectories, task lineages."""
    from .compare import series as run_series
    from .errors import UsageError
    from .export.comparison import write_series
    from .select import group_by, series_documents
    from .store import Store
    from .units_canonical import UnitNames

    with Store(db_path, read_only=True) as store:
        chosen = series_documents(store, where, kinds)
        groups = group_by(store, chosen.doc_ids, by)
    if not quiet:
        for note in chosen.notes:
            click.echo(note, err=True)
    if len(groups) < 2:
        raise UsageError("a series needs at least two documents with a date",
                         hint="check --where/--kind, or give the documents dates (extract … --date-field FIELD)")
    names = UnitNames(alias_files)
    with _progress_bar(len(groups) - 1, quiet, "step") as bar:
        result = run_series(groups, _align_options(pair_level, part_level, review_level, model_path), names,
                            progress=bar)
    write_series(result, output, fmt, indicators)
    if report_path:
        from .export.files import write_text_atomic
        from .report import series_page

        write_text_atomic(report_path, series_page(result, groups, names, indicators))


@contextlib.contextmanager
def _progress_bar(total: int, quiet: bool, unit: str):
    """A tqdm bar on standard error when it is a terminal, else nothing (None)."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit=unit, file=sys.stderr, dynamic_ncols=True) as bar:
        yield bar


@main.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, exists=True), help="The store.")
@click.option("--indicator", "--canonical", "indicators", multiple=True, metavar="NAME",
              help="Only this catalogue name (地区生产总值增长), or an indicator as written. Repeatable.")
@click.option("--family", "families", multiple=True, metavar="NAME",
              help="Only this quantity at every level: 国内生产总值增长 with every region's 地区生产总值增长. Repeatable.")
@click.option("--where", multiple=True, metavar="FIELD=VALUE", help="Only documents passing these selectors.")
@click.option("--period", type=click.Choice(["year", "plan", "all"]), default="all", show_default=True,
              help="year: the coming year's goals; plan: multi-year goals (年均, 到2030年, “十五五”).")
@click.option("--wide", is_flag=True, help="One row per document, a column per catalogue indicator.")
@click.option("--all-indicators", is_flag=True, help="Also targets of quantities not in the catalogue.")
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write the table to FILE (.xlsx .csv .jsonl .parquet); default: a table on standard output.")
@format_option(("table", "jsonl", "csv", "xlsx", "parquet"), when_none="the extension of -o, else table")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), help="Also write an HTML page of charts.")
@reports_errors
def targets(db_path, indicators, families, where, period, wide, all_indicators, output, fmt, report_path) -> None:
    """The target table: one row per goal (canonical indicator, value, range, comparator, period) across
    documents — the 31 provinces' growth targets side by side, or the nation's since 1954."""
    from .export.targets_export import write_targets
    from .select import select_documents
    from .store import Store
    from .target_table import select_rows, store_rows

    with Store(db_path, read_only=True) as store:
        ids = select_documents(store, where) if where else None
        rows = select_rows(store_rows(store, ids), indicators, families, period)
    if not (all_indicators or indicators):
        rows = [r for r in rows if r.canonical]
    n = write_targets(rows, output, fmt, wide)
    if report_path:
        from .export.files import write_text_atomic
        from .export.targets_page import targets_page

        write_text_atomic(report_path, targets_page(rows))
    click.echo(f"{n} row(s), {len(rows)} target(s) of {len({r.doc_id for r in rows})} document(s)", err=True)


@main.command("evaluate-targets")
@click.option("--gold", "gold_dir", required=True, type=click.Path(file_okay=False, exists=True),
              help="A target gold folder (corpora/targets/dev): documents.json, targets.jsonl, the texts.")
@click.option("--rules-only", is_flag=True, help="Decide task sentences by the rules alone.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (with the missed and spurious rows).")
@reports_errors
def evaluate_targets(gold_dir, rules_only, as_json) -> None:
    """Score the target table against annotated targets: precision and recall of (document, canonical
    indicator, value, comparator), for the coming year's goals, the plans' and all."""
    from .context import shared_context
    from .target_eval import evaluate_targets as run
    from .target_eval import format_score

    score = run(gold_dir, shared_context(rules_only=rules_only))
    out = _stdout()
    out.write((json.dumps(score.as_dict(), ensure_ascii=False, indent=2) if as_json else format_score(score)) + "\n")
    out.flush()


@main.command("evaluate-alignment")
@click.option("--gold", "gold_paths", multiple=True, type=click.Path(exists=True),
              help="A hand alignment (corpora/alignment/*.json) or a folder of them. Repeatable. "
                   "Default: every gold in corpora/alignment.")
@click.option("--no-leave-out", is_flag=True, help="Only the shipped model's figures (no retraining).")
@click.option("--model", "model_path", type=click.Path(dir_okay=False, exists=True), help="Another trained aligner.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@reports_errors
def evaluate_alignment(gold_paths, no_leave_out, model_path, as_json) -> None:
    """Score the aligner against hand alignments: precision and recall of task pairs, per gold, for the
    shipped model and leave-one-gold-out (trained on the other golds: the figure for unseen documents)."""
    from .aligner import PairModel
    from .alignment_eval import evaluate, format_result
    from .context import shared_context
    from .vectors import WordVectors

    paths = _gold_paths(gold_paths)
    model = PairModel.load(model_path) if model_path else None
    result = evaluate(paths, shared_context().segmenter, WordVectors.load(), model, leave_one_out=not no_leave_out)
    out = _stdout()
    out.write((json.dumps(result, ensure_ascii=False, indent=2) if as_json else format_result(result)) + "\n")
    out.flush()


def _gold_paths(given) -> list[Path]:
    """The hand alignments --gold names (files, or folders of them); none given: every gold in corpora/alignment."""
    from .alignment_eval import gold_files

    out: list[Path] = []
    for p in map(Path, given):
        out.extend(gold_files(p) if p.is_dir() else [p])
    if not given:
        out = gold_files()
    if not out:
        raise AnalyzerError("no hand alignment found", hint="give --gold FILE or a folder of corpora/alignment/*.json")
    return out


@main.command("train-aligner")
@click.option("--gold", "gold_paths", multiple=True, type=click.Path(exists=True),
              help="Hand alignments to learn from (files or folders). Default: every gold in corpora/alignment.")
@click.option("--corpora", "corpora_dir", type=click.Path(file_okay=False, exists=True),
              help="Also rebuild the policy word vectors from the JSON Lines corpora in this folder "
                   "(the shared corpora-src: every line's 'content').")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Where to write the model (default: the shipped analyzer/resources/aligner.json).")
@click.option("--vectors-output", type=click.Path(dir_okay=False), default=None,
              help="Where to write rebuilt vectors (default: the shipped analyzer/resources/policy_vectors.npz).")
@reports_errors
def train_aligner(gold_paths, corpora_dir, output, vectors_output) -> None:
    """Fit the aligner's pair model on hand alignments (levels calibrated leave-one-gold-out inside them);
    with --corpora, first retrain the word vectors it reads."""
    from .aligner import RESOURCE, fit
    from .alignment_eval import load_example
    from .context import shared_context
    from .vectors import RESOURCE as VECTORS
    from .vectors import WordVectors, train_from_corpora

    segmenter = shared_context().segmenter
    if corpora_dir:
        trained = train_from_corpora(corpora_dir, segmenter)
        trained.save(vectors_output or VECTORS)
        WordVectors.load.cache_clear()
        click.echo(f"{len(trained.words)} word vectors → {vectors_output or VECTORS}", err=True)
    # the model learns from the vectors as stored (int8), which is what compare will read
    vectors = WordVectors.load(vectors_output) if vectors_output else WordVectors.load()
    paths = _gold_paths(gold_paths)
    model = fit([load_example(p) for p in paths], segmenter, vectors)
    model.save(output or RESOURCE)
    click.echo(f"aligner trained on {len(paths)} gold(s): pair level {model.pair_level}, part level "
               f"{model.part_level}, 待核 below {model.review_level} → {output or RESOURCE}", err=True)


@main.command("evaluate-domains")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Cross-validation folds.")
@reports_errors
def evaluate_domains(folds) -> None:
    """Cross-validated accuracy of the policy-domain classifier on its labelled sample."""
    from .domains import cross_validate

    r = cross_validate(folds)
    click.echo(f"{r['samples']} labelled tasks, {r['folds']}-fold CV: accuracy {r['accuracy']:.3f} "
               f"(± {r['accuracy_std']:.3f}), macro-F1 {r['f1_macro']:.3f}")


_CORPORA_OPTION = click.option(
    "--corpora", "corpora_dir", type=click.Path(file_okay=False, exists=True), default=None,
    help="The checkout's corpora/ folder holding the development gold (default: the one beside the package).")


@main.command("evaluate-task-model")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@_CORPORA_OPTION
@reports_errors
def evaluate_task_model(as_json, corpora_dir) -> None:
    """Leave-one-kind-out: task-sentence F1 of the rules, a text-only model and the combined model, per kind."""
    from .learn import examples, format_comparison, leave_one_kind_out, training_folders

    result = leave_one_kind_out(examples(training_folders(corpora_dir)))
    out = _stdout()
    out.write((json.dumps(result, ensure_ascii=False, indent=2) if as_json else format_comparison(result)) + "\n")
    out.flush()


@main.command("train-task-model")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Where to write the model (default: the shipped analyzer/resources/task_model.json).")
@_CORPORA_OPTION
@reports_errors
def train_task_model(output, corpora_dir) -> None:
    """Fit the sentence model on the development gold (corpora/, written, policy — never a held-out set)."""
    from .learn import MODEL_FILE, examples, train, training_folders

    r = train(output or MODEL_FILE, examples(training_folders(corpora_dir)))
    click.echo(f"{r['sentences']} sentences ({r['tasks']} tasks), {r['features']} n-grams → {r['path']}", err=True)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--offsets", is_flag=True, help="Also print, per line, its offset in the normalised and in the original text.")
@reports_errors
def text(file, offsets) -> None:
    """Print the normalised text of FILE, that record offsets point into."""
    from .ingest import read_document, read_stdin
    from .pipeline import build_document

    try:
        raw = read_stdin(sys.stdin.buffer) if file == "-" else read_document(file)
    except AnalyzerError as err:
        err.path = err.path or file  # the line names the file
        raise
    doc = build_document(raw.text, Path(file).stem)
    out = _stdout()
    if not offsets:
        out.write(doc.text if doc.text.endswith("\n") else doc.text + "\n")
    else:
        pos = 0
        for line in doc.text.split("\n"):
            out.write(f"{pos:>7} {doc.source_offset(pos):>7}  {line}\n")
            pos += len(line) + 1
    out.flush()


@main.command()
@click.option("--gold", "gold_dir", required=True, type=click.Path(file_okay=False),
              help="Folder of <id>.txt documents with <id>.json gold annotations.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--pred", "pred_out", type=click.Path(dir_okay=False), help="Also save the predictions (JSON Lines).")
@click.option("--predictions", "pred_in", type=click.Path(dir_okay=False, exists=True),
              help="Score these task records (JSON Lines, e.g. from `export`) instead of extracting.")
@click.option("--min", "floors", multiple=True, metavar="FIELD=VALUE",
              help="Exit 1 when a figure falls below a floor, e.g. --min tasks=0.9 (repeatable).")
@click.option("--errors", "show_errors", is_flag=True,
              help="Also list every miss and false alarm (tab-separated; with --json, an `errors` list).")
@click.option("--rules-only", is_flag=True, help="Extract by the rules alone, without the shipped sentence model.")
@reports_errors
def evaluate(gold_dir, as_json, pred_out, pred_in, floors, show_errors, rules_only) -> None:
    """Extract every document of a gold folder and score it (precision, recall, F1)."""
    from .evaluate import evaluate_folder, format_errors, format_report, load_gold, read_predictions, score

    if pred_in:
        predictions = read_predictions(pred_in)
        result = score(load_gold(gold_dir), predictions, errors=show_errors)
    else:
        from .context import shared_context

        result, predictions = evaluate_folder(gold_dir, errors=show_errors,
                                              context=shared_context(rules_only=rules_only))
    if pred_out:
        from .export.files import atomic_open

        with atomic_open(pred_out) as fh:
            for rec in predictions:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out = _stdout()
    out.write((json.dumps(result, ensure_ascii=False, indent=2) if as_json else format_report(result)) + "\n")
    if show_errors and not as_json and result["errors"]:
        out.write("\ndocument\tfield\tkind\tvalue  in  task\n" + format_errors(result) + "\n")
    out.flush()
    below = []
    for floor in floors:
        name, _, value = floor.partition("=")
        if name != "deadline_end" and name not in result:
            raise click.BadParameter(f"unknown field {name!r}", param_hint="--min")
        got = result["deadline_end"]["accuracy"] if name == "deadline_end" else result[name]["f1"]
        if got < float(value):
            below.append(f"{name} {got:.3f} < {value}")
    if below:
        click.echo("below floor: " + "; ".join(below), err=True)
        sys.exit(EXIT_USAGE)


def _register_review() -> None:
    from .cli_review import review

    main.add_command(review)


_register_review()


def run() -> None:
    """Console entry point: the commands, then an exit without interpreter teardown.

    Tearing down the interpreter after a batch frees every object one by one (the
    dictionaries, caches, modules) only for the operating system to drop the whole
    process a moment later: 0.2 s on every run, serial, as long as a whole document's
    extraction. Each command closes what it opened (store, output files, workers,
    servers) before it returns, so only the standard streams and logging are left to
    flush here. An exception other than an exit takes the normal path (traceback)."""
    try:
        main()
        code: Any = 0
    except SystemExit as stop:
        code = stop.code
    _exit_now(code)


def _exit_now(code: Any) -> None:
    import logging

    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): print it, as Python would
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader that went away (| head), a closed stream
            pass
        except OSError:
            code = code or 1
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
