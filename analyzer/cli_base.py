"""What every command group shares: exit codes and a group whose usage errors exit 1."""
from __future__ import annotations

import sys

import click

EXIT_OK, EXIT_USAGE, EXIT_NOTHING, EXIT_PARTIAL = 0, 1, 2, 3


class _Group(click.Group):
    """A click group whose usage errors exit with 1, as documented (click uses 2)."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Abort:
            click.echo("aborted", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as err:
            err.show()
            sys.exit(EXIT_USAGE)
        sys.exit(code if isinstance(code, int) else EXIT_OK)
