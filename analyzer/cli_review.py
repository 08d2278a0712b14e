"""`policy-analyzer review …`: the review workflow's commands (a thin layer over analyzer.review)."""
from __future__ import annotations

import sys

import click

from .cli import EXIT_NOTHING, EXIT_USAGE, _Group


@click.group(cls=_Group)
def review() -> None:
    """Check and correct task records: an Excel/WPS round trip, a local web page, gold files."""


def _open_store(db_path: str, read_only: bool = False):
    from .errors import AnalyzerError
    from .store import Store

    try:
        return Store(db_path, read_only=read_only)
    except AnalyzerError as err:
        click.echo(f"error: {err.line()}", err=True)
        sys.exit(EXIT_NOTHING)


@review.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, exists=True),
              help="The DuckDB store written by `extract --db`.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but 127.0.0.1/localhost exposes the page (and the "
                   "store) to the network.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
def serve(db_path, host, port) -> None:
    """Start the local review page (a web app on this machine; Ctrl+C stops it)."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can read and change "
                   "the store; there is no login", err=True)
    with _open_store(db_path):
        pass  # fail here, with one line, if the store cannot be opened
    from .review.web import serve as run_server

    click.echo(f"review page: http://{'[' + host + ']' if ':' in host else host}:{port}/  (Ctrl+C to stop)",
               err=True)
    run_server(db_path, host=host, port=port)
