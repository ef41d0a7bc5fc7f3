"""Query-room commands: ``query`` (named Cypher), ``analyze`` (networkx) and ``view`` (the page).

Each is a thin skin over ``geokg.queries``: parse options, call one library
function, print. Extra words after the query name fill its parameters:
``geokg query path-between USA UKR``, ``geokg query ego-network IRN --depth 2``.
"""

from __future__ import annotations

import json
import sys
import webbrowser
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from geokg.cli.app import StoreOption, app, console, open_existing
from geokg.cli.output import OUTPUT_FORMATS, parse_params, print_result
from geokg.errors import QueryError
from geokg.graph.stores.base import GraphStore, QueryResult
from geokg.queries.actors import resolve_actor, resolve_actor_params
from geokg.queries.analytics import analyze as analyze_graph
from geokg.queries.annotations import annotate_actors
from geokg.queries.library import NamedQuery, get_query, list_queries, parse_query, run_named
from geokg.queries.network import attach_evidence, graph_from_result
from geokg.queries.view import MAX_EVIDENCE, render_view

EXTRA_ARGS = {"allow_extra_args": True, "ignore_unknown_options": True}

ParamOption = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="A query parameter, name=value (repeatable)."),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="Only what holds on or after this date (YYYY[-MM[-DD]])."),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", help="Only what holds on or before this date (YYYY[-MM[-DD]])."),
]
ConfidenceOption = Annotated[
    float | None,
    typer.Option("--min-confidence", help="Only claims/relations at least this sure (0-1)."),
]
ModalityOption = Annotated[
    str | None,
    typer.Option(
        "--modality", help="Only claims/relations with this modality (asserted, denied, …)."
    ),
]


@app.command(context_settings=EXTRA_ARGS)
def query(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(help="A named query; then its parameters, e.g. partners-of IRN.")
    ] = None,
    list_: Annotated[bool, typer.Option("--list", "-l", help="List the named queries.")] = False,
    show: Annotated[
        bool, typer.Option("--show", help="Print the query's Cypher, do not run it.")
    ] = False,
    param: ParamOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_confidence: ConfidenceOption = None,
    modality: ModalityOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Output: {', '.join(OUTPUT_FORMATS)}.")
    ] = "table",
    store: StoreOption = None,
) -> None:
    """Run a named, parameterised Cypher query (geokg query --list shows them)."""
    if list_ or name is None:
        print_query_list(fmt)
        return
    named = get_query(name)
    params = collect_params(named, ctx.args, param, since, until, min_confidence, modality)
    with open_existing(store) as graph:
        if show:
            sys.stdout.write(named.text_for(graph.kind) + "\n")
            return
        params = resolve_actor_params(graph, params, actor_params(named))
        result = run_named(graph, name, params)
    if fmt == "table" and named.table:
        result = project(result, named.table)
    print_result(result, fmt, title=name)


def project(result: QueryResult, columns: tuple[str, ...]) -> QueryResult:
    """Only ``columns`` (those the result has), for a table that fits a terminal."""
    keep = [result.columns.index(c) for c in columns if c in result.columns]
    return QueryResult(
        [result.columns[i] for i in keep], [[r[i] for i in keep] for r in result.rows]
    )


@app.command(context_settings=EXTRA_ARGS)
def analyze(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="A named query (or a .cypher file) whose result to analyse.")
    ] = "network",
    param: ParamOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_confidence: ConfidenceOption = None,
    modality: ModalityOption = None,
    path: Annotated[
        list[str] | None,
        typer.Option("--path", help="Shortest paths between two actors, A:B (repeatable)."),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", help="Show the N most central actors (0: all).")
    ] = 25,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the community detection.")] = 7,
    write_back: Annotated[
        bool, typer.Option("--write-back", help="Store the metrics as Actor properties.")
    ] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Output: table, json (the whole report), jsonl or csv (one row per actor).",
        ),
    ] = "table",
    store: StoreOption = None,
) -> None:
    """Centrality, blocs, structural balance and shortest paths of a query's network."""
    pairs = [parse_pair(p) for p in path or []]
    with open_existing(store, read_only=not write_back) as graph_store:
        result = run_query_or_file(
            graph_store, name, ctx.args, param, since, until, min_confidence, modality
        )
        pairs = [(resolve_actor(graph_store, a), resolve_actor(graph_store, b)) for a, b in pairs]
        report = analyze_graph(graph_from_result(result), seed=seed, paths=pairs)
        written = annotate_actors(graph_store, report["centrality"]) if write_back else None
    if top:
        report["centrality"] = report["centrality"][:top]
    if fmt == "json":
        if written is not None:
            report["written_back"] = written
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt in ("csv", "jsonl"):
        # One row per actor: its centrality and bloc (json has the whole report).
        print_result(centrality_table(report), fmt)
        return
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r} for analyze (known: table, json, jsonl, csv)")
    print_report(report, name)
    if written is not None:
        console.print(f"wrote degree, centrality and bloc on {written} actor(s)")


@app.command(context_settings=EXTRA_ARGS)
def view(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="A named query (or a .cypher file) whose result to draw.")
    ] = "network",
    param: ParamOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_confidence: ConfidenceOption = None,
    modality: ModalityOption = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path(
        "alliance.html"
    ),
    color_by: Annotated[
        str, typer.Option("--color-by", help="Node colour: bloc or type.")
    ] = "bloc",
    max_nodes: Annotated[int, typer.Option("--max-nodes", help="Draw at most N actors.")] = 500,
    max_edges: Annotated[int, typer.Option("--max-edges", help="Draw at most N relations.")] = 5000,
    title: Annotated[str | None, typer.Option("--title", help="The page's title.")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Open the page in a browser.")] = False,
    store: StoreOption = None,
) -> None:
    """Draw a query's network as an interactive, offline HTML page (pyvis / vis-network)."""
    if color_by not in ("bloc", "type"):
        raise QueryError(f"--color-by wants bloc or type, not {color_by!r}")
    with open_existing(store) as graph_store:
        result = run_query_or_file(
            graph_store, name, ctx.args, param, since, until, min_confidence, modality
        )
        graph = graph_from_result(result)
        if graph.number_of_nodes():
            filters = {"since": since, "until": until, "min_confidence": min_confidence,
                       "modality": modality}  # fmt: skip
            claims = run_named(graph_store, "evidence", {**filters, "actors": sorted(graph.nodes)})
            attach_evidence(graph, claims.records(), per_edge=MAX_EVIDENCE)
    written = render_view(
        graph,
        out,
        title=title or f"geokg: {Path(name).stem if name.endswith('.cypher') else name}",
        color_by=color_by,
        max_nodes=max_nodes,
        max_edges=max_edges,
    )
    where = written.resolve()
    console.print(
        f"wrote {escape(str(where))} ({graph.number_of_nodes()} actors, "
        f"{graph.number_of_edges()} relations)",
        highlight=False,
    )
    if open_:
        webbrowser.open(where.as_uri())


def collect_params(
    named: NamedQuery,
    extra: list[str],
    param: list[str] | None,
    since: str | None,
    until: str | None,
    min_confidence: float | None,
    modality: str | None,
) -> dict[str, Any]:
    """--param pairs, filters and extra words (positionals fill the required params in order)."""
    params = parse_params(param)
    positional: list[str] = []
    index = 0
    while index < len(extra):
        word = extra[index]
        index += 1
        if word.startswith("--"):
            key, sep, value = word[2:].partition("=")
            if not sep:
                if index >= len(extra) or extra[index].startswith("--"):
                    raise QueryError(f"option --{key} needs a value")
                value = extra[index]
                index += 1
            params[key.replace("-", "_")] = value
        else:
            positional.append(word)
    open_slots = [p for p in named.required if p not in params]
    if len(positional) > len(open_slots):
        raise QueryError(
            f"{named.name}: too many values {positional!r} "
            f"(it takes {', '.join(named.required) or 'no positional parameters'})"
        )
    params.update(zip(open_slots, positional, strict=False))
    filters: dict[str, Any] = {
        "since": since, "until": until, "min_confidence": min_confidence, "modality": modality,
    }  # fmt: skip
    for key, value in filters.items():
        if value is not None:
            if key not in named.filters:
                raise QueryError(f"{named.name} has no --{key.replace('_', '-')} filter")
            params[key] = value
    return params


def run_query_or_file(
    store: GraphStore,
    name: str,
    extra: list[str],
    param: list[str] | None,
    since: str | None,
    until: str | None,
    min_confidence: float | None,
    modality: str | None,
) -> QueryResult:
    """A named query, or the Cypher in a ``.cypher`` file (its header, if any, declares params)."""
    if name.endswith(".cypher") and Path(name).is_file():
        text = Path(name).read_text("utf-8")
        if text.lstrip().startswith("//") and "// name:" in text:
            header, body = parse_query(text, origin=name)
            named = NamedQuery(texts={"neo4j": body, "embedded": body}, **header)
            params = collect_params(named, extra, param, since, until, min_confidence, modality)
            params = resolve_actor_params(store, params, actor_params(named))
            return store.query(body, named.bind(params), write=False)
        if extra or any(v is not None for v in (since, until, min_confidence, modality)):
            raise QueryError(f"{name}: give plain Cypher files their values with --param")
        return store.query(text, parse_params(param), write=False)
    named = get_query(name)
    params = collect_params(named, extra, param, since, until, min_confidence, modality)
    return run_named(store, name, resolve_actor_params(store, params, actor_params(named)))


def actor_params(named: NamedQuery) -> list[str]:
    return [p.name for p in named.params if p.names_actors]


def parse_pair(text: str) -> tuple[str, str]:
    a, sep, b = text.partition(":")
    if not sep or not a or not b:
        raise QueryError(f"--path wants A:B (two actor ids), not {text!r}")
    return a, b


def print_query_list(fmt: str) -> None:
    rows = []
    for q in list_queries():
        params = [p.name if p.required else f"[{p.name}={p.default!r}]" for p in q.params]
        rows.append([q.name, " ".join(params), " ".join(q.filters), q.answers, q.example])
    result = QueryResult(["name", "parameters", "filters", "answers", "example"], rows)
    if fmt == "table":
        table = Table(title="named queries", header_style="bold", show_lines=True)
        for column in ("name", "parameters", "answers"):
            table.add_column(column, overflow="fold")
        for name, params, _, answers, example in rows:
            table.add_row(
                escape(name), escape(params), escape(answers) + f"\n[dim]{escape(example)}[/]"
            )
        console.print(table)
        console.print("[dim]filters on every query: --since --until --min-confidence --modality[/]")
    else:
        print_result(result, fmt)


CENTRALITY_COLUMNS = [
    "id", "name", "degree", "degree_centrality", "betweenness", "eigenvector", "bloc",
]  # fmt: skip


def centrality_table(report: dict[str, Any]) -> QueryResult:
    return QueryResult(
        CENTRALITY_COLUMNS, [[r[c] for c in CENTRALITY_COLUMNS] for r in report["centrality"]]
    )


def print_report(report: dict[str, Any], name: str) -> None:
    console.print(
        f"[bold]{escape(name)}[/]: {report['nodes']} actors, {report['edges']} linked pairs, "
        f"{report['relations']} relations",
        highlight=False,
    )
    print_result(centrality_table(report), "table", title="centrality")
    print_result(
        QueryResult(
            ["bloc", "size", "members"],
            [[b["bloc"], b["size"], b["members"]] for b in report["blocs"]],
        ),  # fmt: skip
        "table",
        title="blocs (Louvain on cooperation and material support)",
    )
    balance = report["balance"]
    share = balance["balanced_share"]
    console.print(
        f"structural balance: {balance['balanced']} of {balance['triads']} signed triads balanced"
        + (f" ({share:.0%})" if share is not None else ""),
        highlight=False,
    )
    if balance["unbalanced_triads"]:
        print_result(
            QueryResult(
                ["actors", "signs", "pattern", "explanation"],
                [
                    [
                        t["actors"],
                        " ".join(f"{k}{v}" for k, v in t["signs"].items()),
                        t["pattern"],
                        t["explanation"],
                    ]
                    for t in balance["unbalanced_triads"]
                ],
            ),  # fmt: skip
            "table",
            title="unbalanced triads",
        )
    for entry in report["paths"]:
        found = entry["paths"]
        text = "; ".join(" → ".join(p) for p in found) if found else "no path"
        console.print(f"shortest paths {entry['source']} → {entry['target']}: {escape(text)}")
