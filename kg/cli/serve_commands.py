"""kg commands: serve."""

from __future__ import annotations

import typer

from kg.cli._app import command, store_option


@command("serve")
def serve_command(
    store: str = store_option("Store directory to serve (an embedded store built by `kg build`)."),
    host: str = typer.Option(
        "127.0.0.1", "--host", metavar="ADDRESS", help="Address to listen on (loopback by default)."
    ),
    port: int = typer.Option(
        7878, "--port", min=0, max=65535, metavar="PORT", help="Port to listen on (0 picks a free one)."
    ),
    allow_update: bool = typer.Option(
        False,
        "--allow-update",
        help="Accept SPARQL Update / Graph Store writes: with the token printed at start, from this "
        "endpoint's own pages, or from a client that sends no Origin (curl, kg build --store http://...) "
        "with a SPARQL or RDF content type; never a cross-site form. Read-only otherwise.",
    ),
    allow_service: bool = typer.Option(
        False, "--allow-service", help="Let SERVICE (and LOAD) make the server fetch other URLs (refused otherwise)."
    ),
    timeout: float = typer.Option(
        30.0, "--timeout", min=0, metavar="SECONDS", help="Seconds after which a query is stopped (0: none)."
    ),
    cors: list[str] = typer.Option(
        ["localhost"],
        "--cors",
        metavar="ORIGIN",
        help="Origins whose pages may read the endpoint (repeatable): 'localhost' (any loopback origin, the "
        "default), an origin such as https://yasgui.example.org, '*' for any, 'none'.",
    ),
    allow_host: list[str] = typer.Option(
        [], "--allow-host", metavar="HOST", help="Extra host names to answer to (behind a reverse proxy; repeatable)."
    ),
    max_body: int = typer.Option(16, "--max-body", min=1, metavar="MIB", help="Largest request body accepted, in MiB."),
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint (/query, /sparql) with the graph page at / and an editor at /sparql.

    Read-only unless --allow-update: the engine behind it cannot write, and
    the endpoint holds the store's lock (a build into the folder is refused
    until it stops; kg query / stats / export still run beside it). SERVICE is refused unless --allow-service;
    a query is stopped after --timeout seconds.

    Examples:

        kg serve --store out/store --port 7878

        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?a kg:supports ?b } LIMIT 5' http://127.0.0.1:7878/query
    """
    from kg.render.serve import serve

    origins = () if [c.lower() for c in cors] == ["none"] else tuple(cors)

    def ready(endpoint) -> None:
        mode = "read-write" if allow_update else "read-only"
        typer.echo(f"kg: serving {store} ({mode})", err=True)
        typer.echo(f"  graph page:      {endpoint.url}/", err=True)
        typer.echo(f"  SPARQL editor:   {endpoint.editor_url}", err=True)
        typer.echo(f"  SPARQL query:    {endpoint.query_url}  (also /sparql)", err=True)
        if allow_update:
            typer.echo(f"  SPARQL update:   {endpoint.update_url}", err=True)
            typer.echo(
                f"  update token:    {endpoint.token}  (Authorization: Bearer …; cross-site writes "
                "are refused without it)",
                err=True,
            )
        typer.echo("  Ctrl-C to stop.", err=True)

    serve(
        store,
        host=host,
        port=port,
        allow_update=allow_update,
        allow_service=allow_service,
        timeout=timeout,
        cors=origins,
        allow_hosts=tuple(allow_host),
        max_body=max_body * 1024 * 1024,
        on_ready=ready,
    )
