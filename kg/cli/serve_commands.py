"""kg commands: serve."""

from __future__ import annotations

import typer

from kg.cli._app import app, store_option


@app.command("serve")
def serve_command(
    store: str = store_option("Store directory to serve (an embedded store built by `kg build`)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(7878, "--port", help="Port to listen on (0 picks a free one)."),
    allow_update: bool = typer.Option(
        False, "--allow-update", help="Accept SPARQL Update / Graph Store writes (read-only otherwise)."
    ),
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint (/query) with the graph page at /.

    The endpoint holds the store's lock while it runs: other processes reach
    the graph over HTTP (with --allow-update, `kg build --store
    http://127.0.0.1:7878` builds through it).

    Example:

        kg serve --store out/store --port 7878

        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/query
    """
    from kg.render.serve import serve

    def ready(endpoint) -> None:
        mode = "read-write" if allow_update else "read-only"
        typer.echo(f"kg: serving {store} ({mode})", err=True)
        typer.echo(f"  graph page:      {endpoint.url}/", err=True)
        typer.echo(f"  SPARQL query:    {endpoint.query_url}", err=True)
        if allow_update:
            typer.echo(f"  SPARQL update:   {endpoint.update_url}", err=True)
        typer.echo("  Ctrl-C to stop.", err=True)

    serve(store, host=host, port=port, allow_update=allow_update, on_ready=ready)
