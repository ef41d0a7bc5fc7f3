"""Actors by what people call them: resolving a name to a stored id, listing and searching.

The gazetteer extraction uses (names, aliases, ISO codes, any case) answers
first; the store's own actors (ids, names, aliases) answer for actors only
claim files know. An actor neither knows is an error with a 'did you mean'.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from geokg.errors import QueryError
from geokg.graph.stores.base import GraphStore, QueryResult

ACTORS = """
MATCH (a:Actor)
OPTIONAL MATCH (s:Claim)-[:SUBJECT]->(a)
WITH a, count(s) AS as_subject
OPTIONAL MATCH (o:Claim)-[:OBJECT]->(a)
WITH a, as_subject, count(o) AS as_object
RETURN a.id AS id, a.name AS name, a.type AS type, a.aliases AS aliases,
       as_subject + as_object AS claims
ORDER BY claims DESC, id
"""


def list_actors(store: GraphStore, search: str | None = None) -> QueryResult:
    """Stored actors with their claim counts, most claims first; ``search`` narrows them.

    A search matches a part of the id, name or an alias (any case), or any
    form of the actor the gazetteer resolves it to ('Iran', 'irn', 'IR').
    """
    result = store.query(ACTORS)
    if not search:
        return result
    from geokg.ingest.extraction.gazetteer import actor_id_for

    needle = search.strip().lower()
    resolved = actor_id_for(search)
    rows = [
        row
        for row in result.rows
        if row[0] == resolved
        or any(needle in str(text).lower() for text in [row[0], row[1], *(row[3] or [])])
    ]
    return QueryResult(result.columns, rows)


def resolve_actor(store: GraphStore, text: str) -> str:
    """The stored id ``text`` names, or QueryError with the closest actors."""
    from geokg.ingest.extraction.gazetteer import actor_id_for, similar_actor_forms

    stored = store.query("MATCH (a:Actor) RETURN a.id AS id, a.name AS name, a.aliases AS aliases")
    ids = {row[0] for row in stored.rows}
    if text in ids:
        return text
    lowered: dict[str, str] = {}
    for actor_id, name, aliases in stored.rows:
        for form in [actor_id, name, *(aliases or [])]:
            if form:
                lowered.setdefault(str(form).lower(), actor_id)
    key = text.strip().lower()
    if key in lowered:
        return lowered[key]
    known = actor_id_for(text)
    if known is not None:
        return known
    names = {row[0]: row[1] for row in stored.rows}
    close = [lowered[f] for f in difflib.get_close_matches(key, list(lowered), n=3, cutoff=0.7)]
    close += [actor_id for _, actor_id in similar_actor_forms(text)]
    unique = list(dict.fromkeys(close))[:3]
    hint = ", ".join(f"{a} ({names[a]})" if names.get(a) else a for a in unique)
    raise QueryError(
        f"unknown actor {text!r}"
        + (f": did you mean {hint}?" if hint else "")
        + " (geokg actors lists them)"
    )


def resolve_actor_params(
    store: GraphStore, params: Mapping[str, Any], actor_params: list[str]
) -> dict[str, Any]:
    """``params`` with the values of ``actor_params`` (ids, or comma-separated ids) resolved."""
    out = dict(params)
    for name in actor_params:
        value = out.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, list):
            out[name] = [resolve_actor(store, str(v)) for v in value]
        elif "," in str(value):
            out[name] = ",".join(resolve_actor(store, v.strip()) for v in str(value).split(","))
        else:
            out[name] = resolve_actor(store, str(value))
    return out
