"""What every command shares: the exit codes, the usage-error group, the error mapping, the `--format` option.

One mapping from library errors to what the user sees: a `UsageError` is a usage error (exit 1, with click's
usage line); any other `AnalyzerError` is one line `error: …` on standard error — its problems listed under it,
when it has some — and its `exit_code` (2: nothing usable).
"""
from __future__ import annotations

import contextlib
import functools
import sys

import click

from .errors import EXIT_NOTHING, EXIT_OK, EXIT_USAGE, AnalyzerError, UsageError


class _Group(click.Group):
    """A click group whose usage errors exit with 1, as documented (click uses 2)."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        interrupted = _watch_interrupts()
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except SystemExit as stop:
            if stop.code == 1 and _reader_went_away():
                sys.exit(EXIT_OK)  # | head took what it wanted: the command closed what it opened and stopped
            raise
        except click.exceptions.Abort:
            if interrupted:
                _interrupted()
            click.echo("aborted", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as err:
            err.show()
            sys.exit(EXIT_USAGE)
        except Exception:
            # After Ctrl-C DuckDB raises its own errors ("Query interrupted", then "cannot rollback - no
            # transaction is active" from the cleanup): the interrupt is the news, not their traceback
            if interrupted:
                _interrupted()
            raise
        sys.exit(code if isinstance(code, int) else EXIT_OK)


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _reader_went_away() -> bool:
    """click answers a broken pipe (the reader of standard output closed it: | head) by wrapping the streams so
    that nothing more is written, then exit 1; that is no failure of ours."""
    return type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper"  # by name: click renamed and deprecates it


def _watch_interrupts() -> list[bool]:
    """Note a Ctrl-C (then raise KeyboardInterrupt as Python does); the returned list is true once one came."""
    import signal

    seen: list[bool] = []

    def on_interrupt(signum, frame):
        seen.append(True)
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread (an embedding application): leave its handler
        signal.signal(signal.SIGINT, on_interrupt)
    return seen


def _interrupted() -> None:
    click.echo("interrupted: what was stored is whole (each document is stored in one transaction); "
               "run the same command again to finish — documents already stored are skipped", err=True)
    sys.exit(EXIT_INTERRUPTED)


def reports_errors(command):
    """Turn the library's errors into one clear line and the error's exit code."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except UsageError as err:
            raise click.UsageError(err.line()) from None
        except AnalyzerError as err:
            click.echo(f"error: {err.line()}", err=True)
            for problem in getattr(err, "problems", None) or ():
                click.echo(f"  {problem}", err=True)
            sys.exit(err.exit_code)
        except Exception as err:
            # a store damaged where opening it does not look (a garbled block read later): one line, not a
            # traceback (duckdb is not imported here: the CLI starts without it)
            if type(err).__module__.split(".")[0] not in ("duckdb", "_duckdb"):
                raise
            click.echo(f"error: the store could not be read or written: {type(err).__name__}: "
                       f"{str(err).splitlines()[0] if str(err) else ''} (restore the store from a copy, "
                       "or extract again into a new --db file)", err=True)
            sys.exit(EXIT_NOTHING)
    return wrapper


def format_option(formats: tuple[str, ...], default: str | None = None, when_none: str = ""):
    """The `--format` option of a command that writes `formats`; without it the -o extension decides."""
    hint = f" Default: {default}." if default else (f" Default: {when_none}." if when_none else "")
    return click.option("--format", "fmt", type=click.Choice(formats), default=default,
                        help=f"Output format ({', '.join(formats)}).{hint}")
