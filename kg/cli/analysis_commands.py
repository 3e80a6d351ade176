"""kg commands: analysis (``kg analyze``) and drawing (``kg draw``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from kg.cli._app import choice_option, command, format_option, output_option, since_option, store_option, until_option

_STORE_HELP = "Store to read: a directory, `memory` or a SPARQL endpoint URL (env KG_STORE)."


@contextmanager
def _reading(location: str) -> Iterator[object]:
    """Open the store for reading (embedded stores without their write lock) and close it after."""
    from kg.store import open_store

    read_only = not (location == "memory" or location.startswith(("http://", "https://")))
    store = open_store(location, read_only=read_only)
    try:
        yield store
    finally:
        close = getattr(store, "close", None)
        if close:
            close()


@command("analyze")
def analyze_command(
    store: str = store_option(_STORE_HELP),
    fmt: str = format_option(("text", "markdown", "json"), "text", "Report format: text, markdown or json."),
    output: Path | None = output_option("Write the report to this file instead of stdout (whole or not at all)."),
    since: str | None = since_option(),
    until: str | None = until_option(),
    min_evidence: int = typer.Option(
        1, "--min-evidence", min=1, metavar="K", help="Only pairs backed by at least K assertions."
    ),
    penalty: float = typer.Option(
        0.25,
        "--camp-penalty",
        min=0.0,
        metavar="WEIGHT",
        help="Cost of each camp, in evidence weight: a camp is opened only when it "
        "takes more than this out of the relations against the split.",
    ),
    freq: str = choice_option(
        "--freq", ("year", "quarter", "month", "day"), "year", "Time window of the timeline.", "window"
    ),
    keep_parts: bool = typer.Option(
        False, "--keep-parts", help="Keep governments, militaries and officials apart from their state."
    ),
) -> None:
    """Report who is with whom: camps, contested and changing relations, enemy of my enemy, balance, brokers.

    Examples:

        kg analyze --store out/store --format markdown -o out/report.md

        kg analyze --store out/store --since 2014 --until 2016-06 --min-evidence 2
    """
    from kg.analysis import report

    with _reading(store) as source:
        text = report(
            source,
            fmt,
            since=since,
            until=until,
            min_evidence=min_evidence,
            penalty=penalty,
            freq=freq,
            merge_parts=not keep_parts,
        )
    if output is None:
        typer.echo(text, nl=False)
        return
    from kg.files import write_file

    write_file(output, text, what="the report")  # whole or not at all
    typer.echo(f"kg: wrote {output}", err=True)


@command("draw")
def draw_command(
    output: Path = output_option("The HTML file to write (one self-contained page).", required=True),
    store: str = store_option(_STORE_HELP),
    focus: str | None = typer.Option(
        None, "--focus", metavar="ACTOR", help="Only this actor (id or name) and its neighbours."
    ),
    hops: int = typer.Option(1, "--hops", min=0, metavar="N", help="With --focus: how many steps out from the actor."),
    min_evidence: int = typer.Option(
        1, "--min-evidence", min=1, metavar="K", help="Only pairs backed by at least K assertions."
    ),
    since: str | None = since_option(),
    until: str | None = until_option(),
    penalty: float = typer.Option(
        0.25,
        "--camp-penalty",
        min=0.0,
        metavar="WEIGHT",
        help="Cost of each camp (as in kg analyze): the camps colour the actors.",
    ),
    keep_parts: bool = typer.Option(
        False, "--keep-parts", help="Keep governments, militaries and officials apart from their state."
    ),
) -> None:
    """Draw the alliance / rivalry graph as one offline HTML page (open it in any browser).

    Green edges: cooperation; red: conflict; orange dashed: both. Nodes take
    the colour of their camp in the whole graph (as kg analyze reports it;
    --focus only chooses what is shown). Hover an edge to read its evidence;
    the side panel (its button at the top right hides it) lists contested and
    changing relations with theirs.

    Examples:

        kg draw --store out/store -o out/graph.html --focus Iran --hops 2 --since 2014-01-01

        kg draw --store out/store -o out/2015.html --since 2015 --until 2015
    """
    from kg.render.draw import draw

    with _reading(store) as source:
        path = draw(
            source,
            output,
            focus=focus,
            hops=hops,
            min_evidence=min_evidence,
            since=since,
            until=until,
            penalty=penalty,
            merge_parts=not keep_parts,
        )
    typer.echo(f"kg: wrote {path}", err=True)
