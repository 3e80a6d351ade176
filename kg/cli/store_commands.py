"""kg commands: store (build, remove, export, query, queries, validate, stats).

Each command parses its options, calls one library function and prints.
``--store`` takes a directory (default ``kg-store``, env ``KG_STORE``),
``memory``, or a SPARQL endpoint URL (see ``kg.store``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kg.cli._app import (
    actors_option,
    command,
    format_option,
    lexicon_option,
    model_option,
    output_option,
    progress_option,
    show_progress,
    store_option,
)
from kg.cli._io import emit, missing_inputs
from kg.wording import counted


def _open(location: str, *, create: bool = True):
    from kg.store import open_store

    return open_store(location, create=create)


def _read(location: str):
    """Open for reading: an embedded store read-only (no lock, nothing written), so a command runs beside a
    build or ``kg serve`` and on a read-only filesystem."""
    from kg.store import open_store

    return open_store(location, read_only=True, create=False)


def _print_stats(store) -> None:
    s = store.stats()
    typer.echo(
        f"store {store.location}: {counted(s.documents, 'document')}, {counted(s.actors, 'actor')}, "
        f"{s.assertions} assertions ({s.cooperation} cooperation, {s.conflict} conflict; "
        f"{s.negated} negated, {s.hedged} hedged), {s.direct_triples} direct relations, "
        f"{s.triples} triples"
    )


def _print_built_with(store) -> None:
    from kg.store.build_info import built_with

    info = built_with(store)
    if info:
        typer.echo(
            f"built with: model {info.get('model', '?')}; actors file: {info.get('actors', 'none (the gazetteer)')}; "
            f"lexicon file: {info.get('lexicon', 'none (the shipped lexicon)')}"
        )


@command("build")
def build_command(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH", help="Files or folders of documents (txt, md, html, jsonl)."
    ),
    store: str = store_option(),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        metavar="N",
        help="Local processes for the spaCy parser (--engine dask without "
        "--scheduler: workers of the LocalCluster it starts).",
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        metavar="[local|dask]",
        help="Where the parser runs: local (processes here) or dask (a Dask cluster).",
    ),
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address tcp://HOST:PORT for --engine dask (default: start a LocalCluster).",
    ),
    force: bool = typer.Option(False, "--force", help="Re-extract and rewrite documents even if unchanged."),
    progress: bool | None = progress_option(),
    model: str | None = model_option(),
    actors: str | None = actors_option(),
    lexicon: str | None = lexicon_option(),
) -> None:
    """Extract relations from documents and add them to the store (unchanged documents are skipped).

    The store remembers the spaCy pipeline and the actors / lexicon files it was
    built with (kg stats shows them).

    Examples:

        kg build seeds --store out/store --workers 2

        kg build my-corpus --actors my-actors.csv --store my-store

        kg build docs/ --store http://127.0.0.1:7878 --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from kg.cli._nlp import resolve
    from kg.errors import InputError

    missing_inputs(paths)
    settings = resolve(model, actors, lexicon)  # a bad kg.toml or actors row: one line, no store created
    from kg.ingest.run import build, default_extractor
    from kg.nlp.pipeline import DEFAULT_MODEL

    if engine == "local" and scheduler is None:
        extractor = default_extractor(workers, **settings.as_kwargs())
    else:
        if settings != type(settings)():
            raise InputError(
                "--model, --actors and --lexicon (or kg.toml) are not sent to a Dask cluster yet: "
                "build with --engine local"
            )
        from kg.ingest.cluster import make_extractor

        extractor = make_extractor(engine, workers=workers, scheduler=scheduler)
    with _open(store) as st:
        report = build(paths, st, progress=show_progress(progress), extractor=extractor, force=force)
        for message in report.failed:
            typer.echo(f"kg: warning: {message}", err=True)
        typer.echo(report.summary())
        if report.stopped:  # a store error that would repeat for every document: one line, then stop
            typer.echo(f"kg: error: {report.stopped}", err=True)
            raise typer.Exit(1)
        if report.added or report.updated:  # what built it, for kg stats (after the report: it may fail alone)
            from kg.store.build_info import record_build

            record_build(st, model=settings.model or DEFAULT_MODEL, actors=settings.actors, lexicon=settings.lexicon)
        _print_stats(st)
    if report.failed:  # the readable documents are stored; the exit code still says some were not
        raise typer.Exit(1)


@command("remove")
def remove_command(
    doc_id: str = typer.Argument(
        ..., metavar="DOC_ID", help="The document id (its path relative to the build root, or its JSONL id)."
    ),
    store: str = store_option(),
) -> None:
    """Remove one document: its assertions and the direct relations only it supported.

    Example:

        kg remove vox-us-iran-tacit-cooperation.txt --store out/store
    """
    from kg.ingest.run import remove

    with _open(store, create=False) as st:
        remove(doc_id, st)
        typer.echo(f"removed {doc_id}")
        _print_stats(st)


@command("export")
def export_command(
    format: str = typer.Option(
        None,
        "--format",
        "-f",
        metavar="FORMAT",
        help="turtle (ttl), nt, json-ld (jsonld), xml (rdf): the data as one graph; trig, nquads (nq): one "
        "graph per document; graphml, gexf: the actor network. Default: from -o's extension, else turtle.",
    ),
    output: str = output_option("Output file (default: stdout; the format from its extension)."),
    with_ontology: bool = typer.Option(
        False, "--with-ontology", help="RDF formats: add the kg vocabulary (kg.ttl) to the data."
    ),
    keep_parts: bool = typer.Option(
        False, "--keep-parts", help="graphml, gexf: keep governments, militaries and officials apart from their state."
    ),
    store: str = store_option(),
) -> None:
    """Export the data (actors, documents, assertions, relations) as RDF, or the actor network for Gephi.

    Examples:

        kg export --store out/store -o out/graph.ttl

        kg export --store out/store -o out/graph.jsonld --with-ontology

        kg export --store out/store -o out/actors.gexf
    """
    from kg.errors import QueryError
    from kg.files import write_file
    from kg.rdf.export import GRAPH_FORMATS, export, resolve_format

    fmt = resolve_format(format, output)  # before the store is opened: a bad name costs nothing
    if with_ontology and fmt in GRAPH_FORMATS:
        raise QueryError(f"--with-ontology adds the vocabulary to an RDF export; {fmt} holds the actor network")
    if keep_parts and fmt not in GRAPH_FORMATS:
        raise QueryError(f"--keep-parts shapes the actor network (graphml, gexf); {fmt} holds the data as written")
    with _read(store) as st:
        if fmt in GRAPH_FORMATS:
            from kg.render.network import export_network

            data = export_network(st, fmt, keep_parts=keep_parts)
        else:
            data = export(st, fmt, with_ontology=with_ontology)
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_file(output, data)
        typer.echo(f"kg: wrote {output} ({fmt})", err=True)


@command("query")
def query_command(
    query: str = typer.Argument(
        ..., metavar="QUERY", help="A named query (see `kg queries`), a .rq file, or SPARQL text."
    ),
    param: list[str] = typer.Option(
        [], "--param", "-p", metavar="NAME=VALUE", help="A parameter, bound as a value (repeatable)."
    ),
    format: str = format_option(
        ("table", "csv", "json"),
        "table",
        "table (fits the terminal; a block of lines per row when the columns do not), csv or json.",
    ),
    output: str | None = output_option(),
    keep_parts: bool = typer.Option(
        False, "--keep-parts", help="Keep governments, militaries and officials apart from their state."
    ),
    timeout: float = typer.Option(
        30.0, "--timeout", min=0, metavar="SECONDS", help="Seconds after which the query is stopped (0: none)."
    ),
    store: str = store_option(),
) -> None:
    """Run a SPARQL query over the whole graph. Parameters are bound as values, never pasted into the query.

    Named queries count a government, military or official as its state, as
    `kg analyze` does; --keep-parts keeps them apart.
    The prefixes kg:, actor:, doc:, assertion:, rdf:, rdfs:, xsd:, skos:, owl:,
    prov:, schema:, dcterms: and wd: are predeclared (as at kg serve's endpoint).
    Ctrl-C stops a query at once; --timeout stops it after that many seconds.

    Examples:

        kg query allies-of --param actor=Iran --store out/store

        kg query 'SELECT ?a ?b WHERE { ?a kg:fights ?b }' --format csv
    """
    from kg.queries import parse_params
    from kg.queries.run import TimeLimitExceeded, within_time_limit

    with _read(store) as st:
        try:
            text, notes = within_time_limit(
                lambda: _run_and_format(st, query, parse_params(param), format, keep_parts), timeout
            )
        except (TimeLimitExceeded, KeyboardInterrupt) as err:
            _abandon(err)
        for note in notes:
            typer.echo(f"kg: note: {note}", err=True)
        emit(text, output)


def _run_and_format(store, query: str, params: dict[str, str], fmt: str, keep_parts: bool) -> tuple[str, list[str]]:
    import shutil

    from kg.queries import format_result, run_query

    # an unknown actor: "closest: …", exit 2
    result, notes = run_query(store, query, params, keep_parts=keep_parts, strict=True)
    return format_result(result, fmt, width=shutil.get_terminal_size().columns), notes


def _abandon(err: BaseException):
    """Give up on a query still running inside the engine: one line, then exit without waiting for it.

    pyoxigraph cannot cancel a query, and a normal exit would wait on (or tear
    the store down under) the thread running it; ``os._exit`` ends the
    process, and the work with it, at once. Under a test runner (not the
    ``kg`` console script) the error is raised instead.
    """
    import os

    from kg.cli import _app

    interrupted = isinstance(err, KeyboardInterrupt)
    message = "kg: interrupted" if interrupted else f"kg: error: {err}"
    code = 130 if interrupted else 2
    if not _app.EXIT_AT_ONCE:
        raise err  # a KgError is printed by the group as one line, with its exit code
    typer.echo(message, err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@command("queries")
def queries_command() -> None:
    """List the named queries with their descriptions and parameters.

    Example:

        kg queries
    """
    from kg.queries import named_queries

    for nq in named_queries().values():
        typer.echo(f"{nq.name}\n    {nq.description}")
        for p in nq.params:
            flag = f" (default {p.default})" if p.default else " (optional)" if p.optional else ""
            typer.echo(f"    --param {p.name}=<{p.type}>{flag}  {p.help}")


@command("validate")
def validate_command(
    file: Path = typer.Argument(None, metavar="FILE", help="Validate this RDF file instead of the store."),
    store: str = store_option(),
    shapes: Path = typer.Option(
        None, "--shapes", metavar="FILE", help="SHACL shapes file (default: the shipped kg/data/shapes.ttl)."
    ),
) -> None:
    """Check the graph against the SHACL shapes; exit 1 if it does not conform.

    Examples:

        kg validate --store out/store

        kg validate out/graph.ttl
    """
    from kg.rdf.validate import validate, validate_file

    if file is not None:
        report = validate_file(file, shapes)
    else:
        with _read(store) as st:
            report = validate(st, shapes)
    typer.echo(report.summary())
    if not report.conforms:
        raise typer.Exit(1)


@command("stats")
def stats_command(
    store: str = store_option(),
    format: str = format_option(("text", "json"), "text", "text, or json (the counts, and what built the store)."),
    json_: bool = typer.Option(False, "--json", hidden=True, help="Same as --format json."),
) -> None:
    """Count documents, actors, assertions by polarity, and triples; say what built the store.

    Examples:

        kg stats --store out/store

        kg stats --store out/store --format json
    """
    import json

    from kg.store.build_info import built_with

    with _read(store) as st:
        if json_ or format == "json":
            typer.echo(json.dumps({**st.stats().as_dict(), "built_with": built_with(st)}))
        else:
            _print_stats(st)
            _print_built_with(st)
