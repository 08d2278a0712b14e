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
            if interrupted and stop.code:
                _interrupted(interrupted)  # whatever error the unwinding met, the signal is the news
            raise
        except click.exceptions.Abort:
            if interrupted:
                _interrupted(interrupted)
            click.echo("aborted", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as err:
            err.show()
            sys.exit(EXIT_USAGE)
        except Exception:
            # After Ctrl-C DuckDB raises its own errors ("Query interrupted", then "cannot rollback - no
            # transaction is active" from the cleanup): the interrupt is the news, not their traceback
            if interrupted:
                _interrupted(interrupted)
            raise
        sys.exit(code if isinstance(code, int) else EXIT_OK)



def _reader_went_away() -> bool:
    """click answers a broken pipe (the reader of standard output closed it: | head) by wrapping the streams so
    that nothing more is written, then exit 1; that is no failure of ours."""
    return type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper"  # by name: click renamed and deprecates it


def _watch_interrupts() -> list[int]:
    """Note a Ctrl-C or a SIGTERM (what a scheduler or systemd sends), then raise KeyboardInterrupt as Python
    does for Ctrl-C, so that every command unwinds the same way: workers stopped, transactions rolled back,
    output files left as they were. The returned list holds the signal once one came."""
    import signal

    seen: list[int] = []

    def on_signal(signum, frame):
        seen.append(signum)
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread (an embedding application): leave its handlers
        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
    return seen


def _interrupted(seen: list[int]) -> None:
    import signal

    name = "terminated" if seen and seen[0] == signal.SIGTERM else "interrupted"
    click.echo(f"{name}: nothing half-done was kept — the store holds whole documents and whole review imports, "
               "and an output file is put in place only when complete; run the same command again to finish "
               "(documents already stored are skipped)", err=True)
    sys.exit(128 + (seen[0] if seen else signal.SIGINT))  # as shells report it: 130 for Ctrl-C, 143 for SIGTERM


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
            if type(err).__module__.split(".")[0] not in ("duckdb", "_duckdb") or _after_interrupt(err):
                raise  # (DuckDB's errors after Ctrl-C are the interrupt's: the group reports that)
            click.echo(f"error: the store could not be read or written: {type(err).__name__}: "
                       f"{str(err).splitlines()[0] if str(err) else ''} (restore the store from a copy, "
                       "or extract again into a new --db file)", err=True)
            sys.exit(EXIT_NOTHING)
    return wrapper


def _after_interrupt(err: BaseException) -> bool:
    """Whether `err` was raised while a Ctrl-C or SIGTERM unwound the command (DuckDB's "Query interrupted",
    then "cannot rollback - no transaction is active" from the cleanup)."""
    seen: set[int] = set()
    while err is not None and id(err) not in seen:
        if isinstance(err, KeyboardInterrupt) or "interrupted" in str(err).lower():
            return True
        seen.add(id(err))
        err = err.__context__ or err.__cause__
    return False


def format_option(formats: tuple[str, ...], default: str | None = None, when_none: str = ""):
    """The `--format` option of a command that writes `formats`; without it the -o extension decides."""
    hint = f" Default: {default}." if default else (f" Default: {when_none}." if when_none else "")
    return click.option("--format", "fmt", type=click.Choice(formats), default=default,
                        help=f"Output format ({', '.join(formats)}).{hint}")
