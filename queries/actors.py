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


def merge_actors(store: GraphStore, source: str, into: str) -> dict[str, Any]:
    """Move every claim of actor ``source`` to actor ``into``; ``source`` becomes an alias.

    Both ids must be stored; merging again is a no-op (``source`` is already an
    alias of ``into``). The moved claims are rewritten under ``into`` (new
    content ids, so a claim both actors held is kept once) and the ``RELATES``
    edges they counted towards are rebuilt from the claims. Works on both stores.
    Returns what was done: ``claims`` moved, ``merged`` (False if already done).
    """
    from dataclasses import replace

    from geokg.graph.claims import Actor
    from geokg.graph.stores.base import pair_key
    from geokg.graph.stores.projection import pair_increments

    actors = {
        row[0]: row
        for row in store.query(
            "MATCH (a:Actor) WHERE a.id IN $ids "
            "RETURN a.id, a.name, a.type, a.aliases, a.wikidata, a.country, a.role",
            {"ids": [source, into]},
        ).rows
    }
    if into not in actors:
        raise QueryError(f"actors merge: no actor {into!r} in the store (geokg actors lists them)")
    if source == into:
        raise QueryError("actors merge: FROM and INTO are the same actor")
    if source not in actors:
        if source in (actors[into][3] or []):
            return {"claims": 0, "merged": False}
        raise QueryError(f"actors merge: no actor {source!r} in the store")
    row = actors[into]
    target = Actor(id=row[0], name=row[1] or row[0], type=row[2] or "State",
                   aliases=tuple(row[3] or ()), wikidata=row[4], country=row[5],
                   role=row[6])  # fmt: skip

    def moved(actor: Actor) -> Actor:
        if actor.id == source:
            return target
        if actor.country == source:
            return replace(actor, country=into)
        return actor

    claims = list(store.iter_claims())
    touched = [
        c for c in claims if source in (c.subject.id, c.object.id, c.subject.country,
                                        c.object.country)
    ]  # fmt: skip
    old_pairs = {pair_key(c) for c in touched}
    touched_ids = {c.id for c in touched}
    store.query(
        "UNWIND $ids AS id MATCH (c:Claim {id: id}) DETACH DELETE c",
        {"ids": sorted(touched_ids)},
        write=True,
    )
    store.query(
        "UNWIND $pairs AS p MATCH (a:Actor {id: p.a})-[r:RELATES]->(b:Actor {id: p.b}) "
        "WHERE r.predicate = p.predicate DELETE r",
        {"pairs": [{"a": a, "predicate": p, "b": b} for a, p, b in sorted(old_pairs)]},
        write=True,
    )
    rest = [c for c in claims if c.id not in touched_ids and pair_key(c) in old_pairs]
    if rest:
        store.query(_merge_relates(store), {"rows": pair_increments(rest)}, write=True)
    rewritten = [
        replace(c, subject=moved(c.subject), object=moved(c.object), id="") for c in touched
    ]
    store.write_claims(rewritten)
    aliases = list(dict.fromkeys([*target.aliases, source, actors[source][1] or source]))
    store.query(
        "MATCH (a:Actor {id: $into}) SET a.aliases = $aliases",
        {"into": into, "aliases": [a for a in aliases if a != target.name]},
        write=True,
    )
    store.query(
        "MATCH (p:Actor) WHERE p.country = $source SET p.country = $into",
        {"source": source, "into": into},
        write=True,
    )
    store.query("MATCH (a:Actor {id: $source}) DETACH DELETE a", {"source": source}, write=True)
    return {"claims": len(touched), "merged": True}


def _merge_relates(store: GraphStore) -> str:
    if store.kind == "neo4j":
        from geokg.graph.stores.neo4j import MERGE_RELATES
    else:
        from geokg.graph.stores.embedded import MERGE_RELATES
    return MERGE_RELATES
