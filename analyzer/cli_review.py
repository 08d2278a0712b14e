"""`policy-analyzer review …`: the review workflow's commands (a thin layer over analyzer.review)."""
from __future__ import annotations

import sys

import click

from .cli_base import _Group, reports_errors
from .errors import EXIT_NOTHING


@click.group(cls=_Group)
def review() -> None:
    """Check and correct task records: an Excel/WPS round trip, a local web page, gold files."""


def _open_store(db_path: str, read_only: bool = False):
    from .store import Store  # lazy: `review --help` loads nothing

    return Store(db_path, read_only=read_only)


_DB = click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, exists=True),
                   help="The DuckDB store written by `extract --db`.")


@review.command("export")
@_DB
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The workbook to write (.xlsx).")
@click.option("--doc", "docs", multiple=True, metavar="ID", help="Only these documents (ids or glob patterns). Repeatable.")
@click.option("--pending", is_flag=True, help="Only tasks nobody has reviewed yet.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")
@reports_errors
def export_workbook(db_path, output, docs, pending, quiet) -> None:
    """Write a review workbook (审核表) for Excel/WPS: context, editable fields, 审核结果."""
    from .review.workbook import export_review

    with _open_store(db_path, read_only=True) as store:
        n = export_review(store, output, docs, pending_only=pending)
    if not quiet:
        click.echo(f"{n} task(s) written to {output}; fill 审核结果 (通过/修改/删除/新增) and run "
                   f"`policy-analyzer review import {output} --db {db_path} --reviewer NAME`", err=True)


@review.command("import")
@click.argument("workbook", type=click.Path(dir_okay=False, exists=True))
@_DB
@click.option("--reviewer", required=True, help="Who reviewed (kept with every decision).")
@click.option("--dry-run", is_flag=True, help="Check the workbook and count its decisions; change nothing.")
@reports_errors
def import_workbook(workbook, db_path, reviewer, dry_run) -> None:
    """Apply a filled-in review workbook: all rows, or none when any row is invalid."""
    from .review.workbook import import_review

    with _open_store(db_path) as store:
        result = import_review(store, workbook, reviewer, dry_run=dry_run)
    click.echo(("would apply: " if dry_run else "applied: ") + result.line(), err=True)


@review.command("export-gold")
@_DB
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder to write <id>.txt and <id>.json into.")
@click.option("--doc", "docs", multiple=True, metavar="ID", help="Only these documents (ids or glob patterns). Repeatable.")
@click.option("--partial", is_flag=True,
              help="Also documents only partly reviewed (their unreviewed tasks count as extracted).")
@reports_errors
def export_gold(db_path, out_dir, docs, partial) -> None:
    """Write reviewed documents as gold files, for `evaluate --gold DIR`."""
    from .review.gold import export_gold as write_gold

    with _open_store(db_path, read_only=True) as store:
        result = write_gold(store, out_dir, docs, partial=partial)
    for doc_id, why in result.skipped.items():
        click.echo(f"skipped {doc_id}: {why}", err=True)
    click.echo(f"{len(result.written)} reviewed document(s) written to {out_dir}", err=True)
    if not result.written:
        sys.exit(EXIT_NOTHING)


@review.command()
@_DB
@click.option("--doc", "docs", multiple=True, metavar="ID", help="Only these documents (ids or glob patterns). Repeatable.")
@reports_errors
def status(db_path, docs) -> None:
    """Review progress per document, and the reviews a re-extraction could not place."""
    from .review.ledger import Ledger
    from .review.model import STATUS_LABELS

    with _open_store(db_path, read_only=True) as store:
        ledger = Ledger(store)
        wanted = set(store.doc_ids(tuple(docs)))
        progress = {d: c for d, c in ledger.progress().items() if d in wanted}
        unplaced = [r for r in ledger.unplaced() if r.doc_id in wanted]
    order = ("unreviewed", "accepted", "edited", "added", "deleted")
    click.echo("\t".join(["document"] + [STATUS_LABELS[s] for s in order] + ["未对应"]))
    lost: dict[str, int] = {}
    for r in unplaced:
        lost[r.doc_id] = lost.get(r.doc_id, 0) + 1
    for doc_id, counts in progress.items():
        click.echo("\t".join([doc_id] + [str(counts.get(s, 0)) for s in order] + [str(lost.get(doc_id, 0))]))
    if unplaced:
        click.echo(f"\n{len(unplaced)} review(s) whose task a re-extraction no longer finds "
                   "(kept; placed again if the task comes back):")
        for r in unplaced:
            what = f"{r.field}: {r.old_value!r} → {r.new_value!r}" if r.action == "edit" else r.action
            click.echo(f"  {r.doc_id}  {r.anchor_text[:40]}…  {what}  ({r.reviewer}, "
                       f"{r.reviewed_at:%Y-%m-%d %H:%M})")


@review.command()
@_DB
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but 127.0.0.1/localhost exposes the page (and the "
                   "store) to the network.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="A host name (or address) others use to reach the page, besides loopback's and --host. "
                   "Repeatable. Requests naming any other Host are refused (DNS rebinding).")
@reports_errors
def serve(db_path, host, port, allow_hosts) -> None:
    """Start the local review page (a web app on this machine; Ctrl+C stops it)."""
    from .review.web import WILDCARD_HOSTS, session_token

    token = session_token(host)
    if token:
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can read the store; changes "
                   "need the session token in the address below (there is no login)", err=True)
        if host in WILDCARD_HOSTS and not allow_hosts:
            click.echo("note: on all addresses only loopback names are answered; add the name or address others "
                       "type with --allow-host", err=True)
    with _open_store(db_path):
        pass  # fail here, with one line, if the store cannot be opened
    from .review.web import serve as run_server

    shown = allow_hosts[0] if allow_hosts and host in WILDCARD_HOSTS else host
    where = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"review page: {where}  (Ctrl+C to stop)", err=True)
    run_server(db_path, host=host, port=port, allow_hosts=allow_hosts, token=token)
