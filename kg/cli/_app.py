"""The typer application every command module registers on.

Errors: a ``KgError`` raised by any command becomes one line on stderr
(``kg: error: …``) and its exit code, for the console script and for
``typer.testing.CliRunner`` alike, because it is handled in the click group.
"""

from __future__ import annotations

import click
import typer
from typer.core import TyperGroup

from kg.errors import KgError


class _KgGroup(TyperGroup):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as err:
            click.echo(f"kg: error: {err}", err=True)
            raise typer.Exit(err.exit_code) from None


app = typer.Typer(
    cls=_KgGroup,
    name="kg",
    help="Build a knowledge graph of who backs and who fights whom from news articles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
