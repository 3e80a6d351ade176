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

#: True when running as the ``kg`` console script (``kg.cli.main``): a command may then end the process
#: at once (``os._exit``) rather than wait for work it cannot cancel; False under a test runner.
EXIT_AT_ONCE = False


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


def _print_version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Build a knowledge graph of who backs and who fights whom from news articles."""


STORE_HELP = (
    "Store: a directory (embedded Oxigraph), 'memory', or a SPARQL endpoint URL "
    "such as http://127.0.0.1:7878 (env KG_STORE)."
)


#: Same value as ``kg.store.DEFAULT_LOCATION`` (a test checks), written out so that
#: ``kg --help`` does not import the store and pyoxigraph.
DEFAULT_STORE = "kg-store"


def store_option(help: str = STORE_HELP):
    """The ``--store`` option every command takes (default ``kg-store``, env ``KG_STORE``)."""
    return typer.Option(DEFAULT_STORE, "--store", envvar="KG_STORE", help=help)
